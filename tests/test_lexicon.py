"""The phrase lexicons (cleaner/detectors/lexicon/*.toml) that contributors extend by hand."""

from cleaner.detectors.base import PART_LISTS, lexicon_files
from cleaner.document import KEY_MAX_CHARS, phrase_key

LANGUAGES = {"en", "de", "fr", "es", "pt", "it", "ru", "zh", "ja", "ko"}


def test_every_language_has_a_file():
    assert LANGUAGES <= set(lexicon_files())


def test_every_list_is_one_english_has():
    known = set(lexicon_files()["en"])
    for language, lists in lexicon_files().items():
        assert set(lists) <= known, f"{language}.toml: unknown lists {sorted(set(lists) - known)}"


def test_every_phrase_is_text_a_line_can_match():
    for language, lists in lexicon_files().items():
        for name, phrases in lists.items():
            assert isinstance(phrases, list), f"{language}.toml: {name} is not a list"
            for phrase in phrases:
                assert isinstance(phrase, str) and phrase.strip(), f"{language}.toml: {name} has {phrase!r}"
                if not name.endswith(PART_LISTS):
                    # a whole-line phrase is compared with a line's phrase key
                    assert len(phrase) <= KEY_MAX_CHARS and phrase_key(phrase), f"{language}.toml: {name} has {phrase!r}"
