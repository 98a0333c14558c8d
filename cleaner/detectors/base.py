"""What every generic detector shares: its documentation fields, the phrase lexicons,
and the comparison of a line against a phrase list."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import regex

from ..document import Document, is_list_item

LEXICON_DIR = Path(__file__).parent / "lexicon"

_EDGE = " \t.:;,!?…»«›‹>→←|/\\-–—•*·()[]{}\"'“”‘’"
_SPACES = regex.compile(r"\s+")


def phrase_key(line: str) -> str:
    """A line as the lexicons compare it: case-folded, outer punctuation and spaces gone."""
    folded = line.casefold().replace("’", "'").strip(_EDGE)
    if folded.isprintable() and "  " not in folded:  # no space but single ' ': nothing to collapse
        return folded
    return _SPACES.sub(" ", folded)


@cache
def lexicon(name: str) -> frozenset[str]:
    """The phrases listed under ``name`` in every language file: phrase keys for whole-line
    lists, case-folded text for ``*_terms`` and ``*_prefixes`` lists."""
    normalise = str.casefold if name.endswith(("_terms", "_prefixes")) else phrase_key
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


def starts_with_any(line: str, prefixes: frozenset[str]) -> bool:
    folded = line.casefold().replace("’", "'")
    return any(folded.startswith(prefix) for prefix in prefixes)


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
        return [i for i in doc.live() if phrase_key(doc.lines[i]) in labels]
