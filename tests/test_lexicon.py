"""The phrase lexicons (cleaner/lexicon/*.toml) that contributors extend by hand."""

import pytest

import cleaner.detectors  # noqa: F401 - making the detectors asks for their lists
from cleaner.document import Document
from cleaner.lexicon import ASKED, PART_LISTS, LexiconError, lexicon, lexicon_files, list_names
from cleaner.text import KEY_MAX_CHARS, fold_case, phrase_key

LANGUAGES = {"en", "de", "fr", "es", "pt", "it", "ru", "zh", "ja", "ko"} | {
    "pl", "cs", "nb", "da", "sv", "fi", "tr", "nl", "id", "lt", "is", "hi", "he", "ar"
}  # fmt: skip


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


@pytest.mark.parametrize(
    ("variant", "plain"),
    [
        ("MORE :", "more"),  # a space before the colon
        ("Lire aussi : le budget", "lire aussi: le budget"),  # French spacing, also with a narrow no-break space
        ("Lire aussi\u202f: le budget", "lire aussi: le budget"),
        ("阅读更多：", "阅读更多"),  # a full-width colon
        ("«Weiterlesen»", "weiterlesen"),  # guillemets
        ("„Jetzt abonnieren“", "jetzt abonnieren"),  # German quotes
        ("Advertisement – Scroll to continue", "advertisement - scroll to continue"),  # an en dash
        ("Read\u00a0more", "read more"),  # a no-break space
        ("News\u00adletter", "newsletter"),  # a soft hyphen
    ],
)
def test_punctuation_variants_fold_to_one_key(variant, plain):
    assert phrase_key(variant) == plain


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("READ MORE : Council approves savings plan", "read_more_prefixes"),
        ("Read more： Council approves savings plan", "read_more_prefixes"),
        ("Lire aussi : Le conseil adopte le budget", "read_more_prefixes"),
        ("« Newsletter »", "newsletter_labels"),
        ("Advertisement — scroll to continue", "ad_labels"),
        ("Tags\u00a0: budget, council", "tag_line_prefixes"),
    ],
)
def test_a_marker_in_another_punctuation_still_matches_its_list(line, name):
    doc = Document.from_text(f"{line}\nA line of the story.")
    assert doc.table.lines_with(name) == [0]


def test_folding_keeps_the_words_of_a_line():
    line = "L’article « Le budget » – 3 : 2"
    assert fold_case(line) == 'l\'article "le budget" - 3: 2'


def test_a_document_searched_in_runs_of_lines_gives_the_same_table(monkeypatch):
    """A huge document is searched a run of lines at a time: no hit is lost or moved at the runs'
    edges (prefixes right after a break, suffixes right before one, terms at a line's ends)."""
    from pathlib import Path

    from cleaner import table

    seeds = [path.read_text(encoding="utf-8") for path in sorted(Path(__file__).parent.parent.glob("seeds/*/*.txt"))]
    ends = ["Get the Daily News app - download now", "Copyright (c) 2024 The Daily News", "Ad: the sponsor's line"]
    text = "\n".join(line for seed in seeds for line in [*seed.splitlines(), *ends])
    whole = Document.from_text(text).table
    assert {"app_promo_suffixes", "copyright_prefixes", "ad_prefixes"} <= set(whole._index)
    monkeypatch.setattr(table, "SEARCH_CHARS", 40)  # a run every line or two
    runs = Document.from_text(text).table
    assert len(list(table._chunks(runs.folded))) > len(runs.folded) / 3
    assert runs._parts == whole._parts and runs._index == whole._index


def test_a_lines_terms_are_its_hits_in_the_whole_document():
    """``LineTable.terms`` searches one line alone: the same terms, at the same places and in the
    same order, as one search over the whole document finds in that line."""
    from bisect import bisect_right
    from itertools import accumulate
    from pathlib import Path

    from cleaner import table

    seeds = [path.read_text(encoding="utf-8") for path in sorted(Path(__file__).parent.parent.glob("seeds/*/*.txt"))]
    found = Document.from_text("\n".join(seeds)).table
    starts = list(accumulate((len(line) + 1 for line in found.folded), initial=1))
    automaton, values = table.part_automaton()
    expected: dict[int, list[tuple[int, str]]] = {}
    for pattern, _, end in automaton.find_matches_as_indexes("\n" + "\n".join(found.folded) + "\n", overlapping=True):
        if (term := values[pattern][1]) is not None:
            at = bisect_right(starts, end - 1) - 1
            expected.setdefault(at, []).append((end - 1 - starts[at], term))
    assert len(expected) > 50
    assert {i: terms for i in range(len(found.folded)) if (terms := found.terms(i))} == expected
