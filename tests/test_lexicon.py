"""The phrase lexicons (cleaner/lexicon/*.toml) that contributors extend by hand."""

import pytest

import cleaner.detectors  # noqa: F401 - making the detectors asks for their lists
from cleaner.document import Document
from cleaner.lexicon import ASKED, PART_LISTS, LexiconError, lexicon, lexicon_files, list_names
from cleaner.text import KEY_MAX_CHARS, phrase_key

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


def test_every_list_a_detector_asks_for_exists_or_is_declared_optional():
    assert ASKED, "the detectors ask for no list"
    for name, optional in ASKED.items():
        if optional:
            assert name not in list_names(), f"{name} is defined now: ask for it as a required list"
        else:
            assert name in list_names(), name


def test_an_unknown_list_name_is_an_error_with_a_suggestion():
    with pytest.raises(LexiconError, match="'skip_link'.*did you mean 'skip_links'"):
        lexicon("skip_link")
    assert lexicon("no_such_list_yet", optional=True) == frozenset()


def test_reading_an_undeclared_list_from_the_line_table_is_an_error():
    doc = Document.from_text("Skip to main content\nA line of the story.")
    assert doc.table.lines_with("skip_links") == [0]
    with pytest.raises(LexiconError):
        doc.table.lines_with("skip_linkz")
