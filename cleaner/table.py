"""Per document, what the detectors ask about its lines, computed once: which whole-line lists
each line's phrase key is in, and every hit of every term, prefix and suffix list, from one
Aho-Corasick pass over the whole document. Removing lines changes none of it: passes after
the first read the same table."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from functools import cache, cached_property
from itertools import accumulate

from ahocorasick_rs import AhoCorasick, Implementation

from .lexicon import ASKED, PART_LISTS, LexiconError, list_names, phrases
from .text import count_key, has_digit

_NONE: frozenset[str] = frozenset()


@cache
def whole_line_lists() -> dict[str, frozenset[str]]:
    """Each phrase key of a whole-line list, and the lists that hold it."""
    holders: dict[str, set[str]] = {}
    for name in list_names():
        if not name.endswith(PART_LISTS):
            for phrase in phrases(name):
                holders.setdefault(phrase, set()).add(name)
    return {phrase: frozenset(names) for phrase, names in holders.items()}


@cache
def part_automaton() -> tuple[AhoCorasick, list[tuple[frozenset[str], str | None]]]:
    """One automaton over the phrases of every part list, searched in the document's folded lines
    joined by line breaks: a term anywhere, a prefix right after a line break, a suffix right
    before one. With it, for each pattern: the lists holding it, and the term (None for a prefix
    or a suffix). A contiguous NFA, not a DFA: built in a fifth of the CPU time (17 ms, not 80),
    in 2 MB, not 48 MB, for a quarter more search time (6 µs a seed-sized document: a DFA pays
    back only after some 10,000 documents in a process)."""
    holders: dict[str, set[str]] = {}
    terms: set[str] = set()
    for name in list_names():
        for phrase in phrases(name) if name.endswith(PART_LISTS) else ():
            if name.endswith("_prefixes"):
                pattern = "\n" + phrase
            elif name.endswith("_suffixes"):
                pattern = phrase + "\n"
            else:
                pattern = phrase
                terms.add(phrase)
            holders.setdefault(pattern, set()).add(name)
    patterns = sorted(holders)
    values = [(frozenset(holders[pattern]), pattern if pattern in terms else None) for pattern in patterns]
    return AhoCorasick(patterns, implementation=Implementation.ContiguousNFA), values


def _asked(name: str) -> str:
    """A list name a detector declared (and so asked the lexicon for): a typo fails loudly."""
    if name not in ASKED:
        raise LexiconError(f"lexicon list {name!r} read but not declared by a detector")
    return name


#: Characters of folded lines searched at a time: a huge document is searched in runs of whole
#: lines (no phrase spans a line break), so that the joined text (and the UTF-8 copy the automaton
#: makes of it) stays small, not a few times the document.
SEARCH_CHARS = 1 << 20


def _chunks(lines: list[str]) -> Iterator[tuple[int, int]]:
    """Runs ``[first, last)`` of the lines holding about ``SEARCH_CHARS`` characters each (or one line)."""
    first, size = 0, 0
    for i, line in enumerate(lines):
        size += len(line) + 1
        if size >= SEARCH_CHARS:
            yield first, i + 1
            first, size = i + 1, 0
    if first < len(lines):
        yield first, len(lines)


class LineTable:
    """The lines of a document as the detectors read them (indices are the document's): its
    lines, their ``fold_case`` and their phrase keys (``Document.table`` builds it)."""

    def __init__(self, lines: list[str], folded: list[str], keys: list[str]):
        self.lines, self.folded, self.keys = lines, folded, keys
        labels = whole_line_lists()
        self._labels = {i: names for i, key in enumerate(self.keys) if (names := labels.get(key))}
        parts: dict[int, set[str]] = {}
        automaton, values = part_automaton()
        for first, last in _chunks(self.folded):
            starts = list(accumulate((len(line) + 1 for line in self.folded[first:last]), initial=1))
            text = "\n" + "\n".join(self.folded[first:last]) + "\n"
            for pattern, _, end in automaton.find_matches_as_indexes(text, overlapping=True):
                at = bisect_right(starts, end - 1) - 1
                parts.setdefault(first + at, set()).update(values[pattern][0])
        shared: dict[frozenset[str], frozenset[str]] = {}  # lines of the same lists share one set
        self._parts = {i: shared.setdefault(names, names) for i, names in zip(parts, map(frozenset, parts.values()), strict=True)}
        self._index: dict[str, list[int]] = {}
        for found in (self._labels, self._parts):
            for i, names in found.items():
                for name in names:
                    self._index.setdefault(name, []).append(i)
        for indices in self._index.values():
            indices.sort()
        self._memos: dict[object, dict] = {}

    def lines_with(self, name: str) -> list[int]:
        """The lines (live or not) that a list has a hit in: whose phrase key a whole-line list
        holds, or that hold a term, open with a prefix or end with a suffix of a part list."""
        return self._index.get(_asked(name), [])

    def terms(self, i: int) -> list[tuple[int, str]]:
        """The terms found in line ``i``: (index in the folded line of the term's last character,
        term), in the order the pass over the document found them. Searched again in the line alone
        when asked (no term spans a line break): a huge document's every hit, kept, would take a
        good part of the memory its lines take."""
        automaton, values = part_automaton()
        found = automaton.find_matches_as_indexes("\n" + self.folded[i] + "\n", overlapping=True)
        return [(end - 2, term) for pattern, _, end in found if (term := values[pattern][1]) is not None]

    def has(self, i: int, name: str) -> bool:
        """Whether list ``name`` has a hit in line ``i`` (as ``lines_with``)."""
        return _asked(name) in self._labels.get(i, _NONE) or name in self._parts.get(i, _NONE)

    @cached_property
    def digit_lines(self) -> list[int]:
        """The lines that hold a digit."""
        return [i for i, line in enumerate(self.lines) if has_digit(line)]

    @cached_property
    def _counted(self) -> dict[str, list[int]]:
        labels, keys = whole_line_lists(), self.keys
        index: dict[str, list[int]] = {}
        for i in self.digit_lines:
            if (key := keys[i]) and has_digit(key):
                for name in labels.get(count_key(key), _NONE):
                    index.setdefault(name, []).append(i)
        return index

    def lines_counted(self, name: str) -> list[int]:
        """The lines whose phrase key, its numbers left out ("34 comments"), a whole-line list holds."""
        return self._counted.get(_asked(name), [])

    def counted(self, i: int, name: str) -> bool:
        return i in self._counted_sets.get(_asked(name), _NONE)

    @cached_property
    def _counted_sets(self) -> dict[str, frozenset[int]]:
        return {name: frozenset(indices) for name, indices in self._counted.items()}

    def memo(self, owner: object) -> dict:
        """A detector's own per-line verdicts for this document (a verdict that depends on the
        line alone is worked out once, not once per pass)."""
        return self._memos.setdefault(owner, {})
