"""Step 3: an outlet's removal rules, one class per kind a rule file can name.

Every pattern is a `regex` pattern that must match a whole (stripped) line. A rule
may be limited to the first ``head`` or last ``tail`` non-blank lines of the input.
Each rule has one method, ``find``, that returns the line indices it would remove.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .document import Document

#: Seconds one pattern may take on one line before the rule is skipped for the document.
PATTERN_TIMEOUT = 0.25


class RuleTimeout(Exception):
    """A rule's pattern ran past PATTERN_TIMEOUT on a line of the document."""


def fold(line: str) -> str:
    """A line reduced to its lower-cased letters and digits, to compare repeated captions."""
    return "".join(filter(str.isalnum, line.casefold()))


@dataclass(frozen=True)
class Rule:
    id: str
    why: str
    pattern: regex.Pattern
    head: int | None = None
    tail: int | None = None

    def find(self, doc: Document) -> list[int]:
        raise NotImplementedError

    def matches(self, pattern: regex.Pattern, line: str) -> bool:
        try:
            return pattern.fullmatch(line, timeout=PATTERN_TIMEOUT) is not None
        except TimeoutError as exc:
            raise RuleTimeout(f"rule {self.id}: pattern timed out on {line[:60]!r}") from exc

    def candidates(self, doc: Document) -> list[int]:
        """Live lines inside the rule's head/tail scope."""
        live = doc.live()
        if self.head is None and self.tail is None:
            return live
        rank = doc.content_rank()
        total = len(rank)
        return [
            i
            for i in live
            if (self.head is None or rank[i] < self.head)
            and (self.tail is None or rank[i] >= total - self.tail)
        ]


@dataclass(frozen=True)
class LineRule(Rule):
    """``kind = "line"``: drop every line that matches ``pattern``."""

    def find(self, doc: Document) -> list[int]:
        return [i for i in self.candidates(doc) if self.matches(self.pattern, doc.lines[i])]


@dataclass(frozen=True)
class BlockRule(Rule):
    """``kind = "block"``: drop from a line matching ``pattern`` to the next line matching
    ``end``, when the block spans at most ``max_lines`` lines; otherwise drop nothing."""

    end: regex.Pattern | None = None
    max_lines: int = 20

    def find(self, doc: Document) -> list[int]:
        live = doc.live()
        starts = set(self.candidates(doc))
        found: list[int] = []
        n = 0
        while n < len(live):
            if live[n] in starts and self.matches(self.pattern, doc.lines[live[n]]):
                window = live[n : n + self.max_lines]
                ends = [k for k, i in enumerate(window) if self.matches(self.end, doc.lines[i])]
                if ends:
                    found.extend(window[: ends[0] + 1])
                    n += ends[0] + 1
                    continue
            n += 1
        return found


@dataclass(frozen=True)
class CutToEndRule(Rule):
    """``kind = "cut-to-end"``: drop everything from the first line matching ``pattern``
    to the end, when that is at most ``max_lines`` lines. ``inclusive = false`` keeps the marker."""

    max_lines: int = 30
    inclusive: bool = True

    def find(self, doc: Document) -> list[int]:
        live = doc.live()
        allowed = set(self.candidates(doc))
        for n, i in enumerate(live):
            if len(live) - n <= self.max_lines and i in allowed and self.matches(self.pattern, doc.lines[i]):
                return live[n if self.inclusive else n + 1 :]
        return []


@dataclass(frozen=True)
class CutFromStartRule(Rule):
    """``kind = "cut-from-start"``: drop everything from the start up to the last line matching
    ``pattern`` within the first ``max_lines`` lines. ``inclusive = false`` keeps the marker."""

    max_lines: int = 15
    inclusive: bool = True

    def find(self, doc: Document) -> list[int]:
        live = doc.live()
        allowed = set(self.candidates(doc))
        for n in reversed(range(min(self.max_lines, len(live)))):
            i = live[n]
            if i in allowed and self.matches(self.pattern, doc.lines[i]):
                return live[: n + 1 if self.inclusive else n]
        return []


@dataclass(frozen=True)
class CaptionRule(Rule):
    """``kind = "caption"``: drop a caption or credit line matching ``pattern``, and the
    neighbouring line when it repeats the caption (same letters and digits). With
    ``repeated = true`` the rule fires only on captions the page repeats."""

    repeated: bool = False

    def find(self, doc: Document) -> list[int]:
        live = doc.live()
        allowed = set(self.candidates(doc))
        found: list[int] = []
        for n, i in enumerate(live):
            if i not in allowed or not self.matches(self.pattern, doc.lines[i]):
                continue
            key = fold(doc.lines[i])
            echoes = [
                live[m]
                for m in (n - 1, n + 1)
                if 0 <= m < len(live) and key and fold(doc.lines[live[m]]) == key
            ]
            if echoes or not self.repeated:
                found.extend([i, *echoes])
        return found


KINDS: dict[str, type[Rule]] = {
    "line": LineRule,
    "block": BlockRule,
    "cut-to-end": CutToEndRule,
    "cut-from-start": CutFromStartRule,
    "caption": CaptionRule,
}
