"""What every generic detector shares: its documentation fields, the phrase lexicons,
and the comparison of a line against a phrase list."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import ahocorasick

from ..document import Document, is_list_item, phrase_key

LEXICON_DIR = Path(__file__).parent / "lexicon"

def fold_phrase(phrase: str) -> str:
    """A term or prefix as ``Document.folded`` holds text."""
    return phrase.casefold().replace("’", "'")


@cache
def lexicon(name: str) -> frozenset[str]:
    """The phrases listed under ``name`` in every language file: phrase keys for whole-line
    lists, case-folded text for ``*_terms`` and ``*_prefixes`` lists."""
    normalise = fold_phrase if name.endswith(("_terms", "_prefixes")) else phrase_key
    phrases: set[str] = set()
    for path in sorted(LEXICON_DIR.glob("*.toml")):
        with path.open("rb") as handle:
            phrases.update(normalise(phrase) for phrase in tomllib.load(handle).get(name, []))
    return frozenset(phrases)


def looks_like_headline(line: str) -> bool:
    """Short, and not ending like a sentence of prose (a list item always counts)."""
    if is_list_item(line):
        return len(line) <= 200
    return len(line) <= 160 and len(line.split()) <= 25 and not line.endswith((".", ",", ";", ":"))


def starts_with_any(folded: str, name: str) -> bool:
    """Whether a folded line (``Document.folded``) starts with a phrase of the list ``name``."""
    return folded.startswith(prefixes(name))


@cache
def prefixes(name: str) -> tuple[str, ...]:
    return tuple(sorted(lexicon(name)))


@cache
def term_finder(name: str) -> ahocorasick.Automaton:
    """An Aho-Corasick automaton over the ``*_terms`` list ``name``, to find any term in one pass."""
    automaton = ahocorasick.Automaton()
    for term in lexicon(name):
        automaton.add_word(term, term)
    automaton.make_automaton()
    return automaton


def contains_any(folded: str, name: str) -> bool:
    """Whether a folded line (``Document.folded``) contains any term of the list ``name``."""
    return next(term_finder(name).iter(folded), None) is not None


class Detector:
    """A generic detector: a stable ``code``, a ``name`` saying what it flags, and a doc
    (``what`` it removes, ``why``, an ``example``). ``find`` returns line indices to drop."""

    code: str
    name: str
    what: str
    why: str
    example: str

    def find(self, doc: Document) -> list[int]:
        raise NotImplementedError


class StandaloneLabel(Detector):
    """Drops lines that consist of nothing but one of the phrases in a lexicon list."""

    lexicon_name: str

    def find(self, doc: Document) -> list[int]:
        labels = lexicon(self.lexicon_name)
        keys = doc.keys
        return [i for i in doc.live() if keys[i] in labels]
