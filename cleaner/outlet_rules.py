"""Step 3: an outlet's removal rules, one class per kind a rule file can name.

Every pattern is a `regex` pattern that must match a whole (stripped) line. A rule
may be limited to the first ``head`` or last ``tail`` lines still in the document.
Each rule has one method, ``find``, that returns the line indices it would remove.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .document import Document, fold

#: Seconds one pattern may take on one line before the rule is skipped for the document.
PATTERN_TIMEOUT = 0.25


class RuleTimeout(Exception):
    """A rule's pattern ran past PATTERN_TIMEOUT on a line of the document."""


@dataclass(frozen=True)
class LinePattern:
    """A rule's pattern, with the literal text any matching line must contain, if it has one:
    the cheap ``in`` check spares the regex engine most lines."""

    compiled: regex.Pattern
    literal: str = ""
    ignore_case: bool = False

    @classmethod
    def compile(cls, source: str) -> "LinePattern":
        compiled = regex.compile(source)
        literal, ignore_case = required_literal(source)
        return cls(compiled, literal, ignore_case)

    @property
    def pattern(self) -> str:
        return self.compiled.pattern

    def fullmatch(self, line: str) -> bool:
        if self.literal and self.literal not in (line.lower() if self.ignore_case else line):
            return False
        return self.compiled.fullmatch(line, timeout=PATTERN_TIMEOUT) is not None


_META = set("\\.^$*+?{}[]|()")
_QUANTIFIERS = set("?*{")
_INLINE_FLAGS = regex.compile(r"\(\?[a-zA-Z]+\)")


def required_literal(source: str) -> tuple[str, bool]:
    """The longest run of plain characters that every match of ``source`` contains, read from
    the top level of the pattern (outside groups, classes and braces), and whether it is
    case-blind. ("", False) when there is none or the pattern is beyond this simple reading."""
    ignore_case = False
    flags = _INLINE_FLAGS.match(source)
    if flags:
        if set(flags.group()[2:-1]) - {"i"}:
            return "", False
        ignore_case, source = True, source[flags.end() :]
    if _INLINE_FLAGS.search(source):
        return "", False
    runs, run, depth, n = [], "", 0, 0
    while n < len(source):
        char, plain = source[n], None
        if char == "\\" and n + 1 < len(source):
            escaped = source[n + 1]
            n += 2
            if escaped.isalnum():
                if escaped in "pPNx" and source.startswith("{", n):
                    n = _after(source, n, "}")
            else:
                plain = escaped
        elif char == "[":
            n = _class_end(source, n)
        elif char == "{":
            n = _after(source, n, "}")
        elif char == "(":
            depth, n = depth + 1, n + 1
        elif char == ")":
            depth, n = depth - 1, n + 1
        elif char == "|" and depth == 0:
            return "", False
        else:
            plain = char if char not in _META else None
            n += 1
        if n < 0:
            return "", False
        optional = n < len(source) and source[n] in _QUANTIFIERS
        if depth == 0 and plain is not None and not optional:
            run += plain
        else:
            runs.append(run)
            run = ""
    literal = max([*runs, run], key=len)
    if ignore_case:
        return (literal.lower(), True) if literal.isascii() else ("", False)
    return literal, False


def _after(source: str, n: int, close: str) -> int:
    """The index after the next ``close`` from ``n``, or -1 when there is none."""
    end = source.find(close, n)
    return -1 if end == -1 else end + 1


def _class_end(source: str, n: int) -> int:
    """The index after the character class opening at ``n``, or -1 when it does not close."""
    n += 1
    if source.startswith("^", n):
        n += 1
    if source.startswith("]", n):
        n += 1
    while n < len(source):
        if source[n] == "\\":
            n += 2
        elif source[n] == "[":
            n = _class_end(source, n)
            if n == -1:
                return -1
        elif source[n] == "]":
            return n + 1
        else:
            n += 1
    return -1


@dataclass(frozen=True)
class Rule:
    id: str
    why: str
    pattern: LinePattern
    head: int | None = None
    tail: int | None = None

    def find(self, doc: Document) -> list[int]:
        raise NotImplementedError

    def matches(self, pattern: LinePattern, line: str) -> bool:
        try:
            return pattern.fullmatch(line)
        except TimeoutError as exc:
            raise RuleTimeout(f"rule {self.id}: pattern timed out on {line[:60]!r}") from exc

    def candidates(self, doc: Document) -> list[int]:
        """Live lines inside the rule's head/tail scope."""
        live = doc.live()
        if self.head is not None:
            live = live[: self.head]
        if self.tail is not None:
            live = live[-self.tail :]
        return live


@dataclass(frozen=True)
class LineRule(Rule):
    """``kind = "line"``: drop every line that matches ``pattern``."""

    def find(self, doc: Document) -> list[int]:
        return [i for i in self.candidates(doc) if self.matches(self.pattern, doc.lines[i])]


@dataclass(frozen=True)
class BlockRule(Rule):
    """``kind = "block"``: drop from a line matching ``pattern`` to the next line matching
    ``end``, when the block spans at most ``max_lines`` lines; otherwise drop nothing."""

    end: LinePattern | None = None
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
