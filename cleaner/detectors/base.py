"""What every generic detector shares: its documentation fields, the phrase lexicons,
the comparison of a line against a phrase list, and a few tests of a line's shape."""

from __future__ import annotations

import re
import tomllib
from functools import cache, lru_cache
from pathlib import Path

import ahocorasick
import regex

from ..document import Document, is_list_item, phrase_key

LEXICON_DIR = Path(__file__).parent / "lexicon"


def fold_phrase(phrase: str) -> str:
    """A term or prefix as ``Document.folded`` holds text."""
    return phrase.casefold().replace("’", "'")


#: List-name endings of phrases found inside a line; any other list holds whole lines.
PART_LISTS = ("_terms", "_prefixes", "_suffixes")


@cache
def lexicon_files() -> dict[str, dict[str, list[str]]]:
    """Every language file (``en``, ``de``, …) and its lists."""
    files = {}
    for path in sorted(LEXICON_DIR.glob("*.toml")):
        try:
            files[path.stem] = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"{path}: {exc}") from exc
    return files


@cache
def lexicon(name: str) -> frozenset[str]:
    """The phrases listed under ``name`` in every language file: phrase keys for whole-line
    lists, case-folded text for ``*_terms``, ``*_prefixes`` and ``*_suffixes`` lists."""
    normalise = fold_phrase if name.endswith(PART_LISTS) else phrase_key
    phrases: set[str] = set()
    for lists in lexicon_files().values():
        phrases.update(normalise(phrase) for phrase in lists.get(name, []))
    phrases.discard("")
    return frozenset(phrases)


def looks_like_headline(line: str) -> bool:
    """Short, and not ending like a sentence of prose (a list item always counts)."""
    if is_list_item(line):
        return len(line) <= 200
    return len(line) <= 160 and len(line.split()) <= 25 and not line.endswith((".", ",", ";", ":"))


def starts_with_any(folded: str, name: str) -> bool:
    """Whether a folded line (``Document.folded``) starts with a phrase of the list ``name``."""
    return folded.startswith(phrase_tuple(name))


@cache
def phrase_tuple(name: str) -> tuple[str, ...]:
    """The phrases of a list, as ``str.startswith`` and ``str.endswith`` take them."""
    return tuple(sorted(lexicon(name)))


@cache
def term_finder(name: str) -> ahocorasick.Automaton | None:
    """An Aho-Corasick automaton over the ``*_terms`` list ``name``, to find any term in one pass
    (None for a list no language has)."""
    if not lexicon(name):
        return None
    automaton = ahocorasick.Automaton()
    for term in lexicon(name):
        automaton.add_word(term, term)
    automaton.make_automaton()
    return automaton


@cache
def all_terms_finder() -> ahocorasick.Automaton:
    """One automaton over the terms of every ``*_terms`` list, each term mapped to the lists
    that hold it."""
    holders: dict[str, set[str]] = {}
    names = {name for lists in lexicon_files().values() for name in lists if name.endswith("_terms")}
    for name in names:
        for term in lexicon(name):
            holders.setdefault(term, set()).add(name)
    automaton = ahocorasick.Automaton()
    for term, lists in holders.items():
        automaton.add_word(term, frozenset(lists))
    automaton.make_automaton()
    return automaton


@lru_cache(maxsize=4096)
def term_lists(folded: str) -> frozenset[str]:
    """The ``*_terms`` lists that have a term in a folded line: one pass for all lists, and
    remembered, as every detector and every pass of the pipeline asks about the same lines."""
    found: frozenset[str] = frozenset()
    for _, lists in all_terms_finder().iter(folded):
        found |= lists
    return found


#: Remembers a verdict on a line (a function of the line's text alone): the pipeline asks every
#: detector about the same lines once per pass.
per_line = lru_cache(maxsize=8192)


def contains_any(folded: str, name: str) -> bool:
    """Whether a folded line (``Document.folded``) contains any term of the list ``name``."""
    return name in term_lists(folded)


_DIGIT = re.compile(r"\d")
_COUNTS = re.compile(r"[\d()（）]+")


def count_key(key: str) -> str:
    """A phrase key with its numbers left out ("34 comments" → "comments"), or "" if it has none."""
    if not _DIGIT.search(key):
        return ""
    return " ".join(_COUNTS.sub(" ", key).split())


#: Marks that open or close a quotation: a line holding one quotes someone, so it is prose.
_QUOTE = re.compile('["“”„«»「」『』]')
#: Marks that open a list item: those of ``is_list_item``, and the Japanese "・", which takes no space.
_BULLETS = ("- ", "• ", "* ", "– ", "· ", "▪ ", "► ", "・")
#: Characters that end a sentence, a closing bracket or quote after it included.
SENTENCE_ENDS = tuple(".!?…。！？")


def has_quote(line: str) -> bool:
    return _QUOTE.search(line) is not None


def is_bullet(line: str) -> bool:
    return line.startswith(_BULLETS)


def strip_bullet(line: str) -> str:
    """A list item's text without its mark."""
    for bullet in _BULLETS:
        if line.startswith(bullet):
            return line[len(bullet) :].lstrip()
    return line


def ends_sentence(line: str) -> bool:
    """Whether a line ends like a sentence (closing quotes and brackets looked through)."""
    return line.rstrip(")]）】」』\"'”’»").endswith(SENTENCE_ENDS)


_UNSPACED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}ー]+")


def has_unspaced_script(line: str) -> bool:
    """Whether a line holds Chinese or Japanese, which put no spaces between words."""
    return _UNSPACED.search(line) is not None


def word_count(line: str) -> int:
    """Words in a line; in Chinese and Japanese every two characters count as one word."""
    count = len(line.split())
    for run in _UNSPACED.findall(line):
        count += (len(run) - 1) // 2
    return count


class Detector:
    """A generic detector: ``find`` returns the indices of the lines to drop. Its code, name and
    state are its row in ``registry.CODES``; its docstring is its doc, in the sections that
    ``registry.DetectorDoc`` reads (what it removes, ``Why:``, ``Example:``, ``Leaves alone:``)."""

    def find(self, doc: Document) -> list[int]:
        raise NotImplementedError


class StandaloneLabel(Detector):
    """Drops lines that consist of nothing but one of the phrases in a lexicon list."""

    lexicon_name: str

    def find(self, doc: Document) -> list[int]:
        labels = lexicon(self.lexicon_name)
        keys = doc.keys
        return [i for i in doc.live() if keys[i] in labels]


class LabelOrPrompt(StandaloneLabel):
    """Drops lines that are one of the labels of a lexicon list (with ``with_counts``, also with a
    number: "4 min"), or short lines, quoting no one, that open with one of the prompts of a
    ``*_prefixes`` list ("Share on …", "Follow us on …")."""

    prefix_lexicon_name: str
    with_counts = False
    #: Longest line still taken for a prompt.
    max_prompt_chars = 80

    def find(self, doc: Document) -> list[int]:
        labels = lexicon(self.lexicon_name)
        prompts = phrase_tuple(self.prefix_lexicon_name)
        keys, folded = doc.keys, doc.folded
        return [
            i
            for i in doc.live()
            if keys[i] in labels
            or (self.with_counts and count_key(keys[i]) in labels)
            or (len(folded[i]) <= self.max_prompt_chars and folded[i].startswith(prompts) and not has_quote(folded[i]))
        ]
