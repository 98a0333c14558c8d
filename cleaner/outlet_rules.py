"""Step 3: an outlet's removal rules, one class per kind a rule file can name.

Every pattern is a `regex` pattern that must match a whole (stripped) line. A rule
may be limited to the first ``head`` or last ``tail`` lines still in the document.
Each rule has one method, ``find``, that returns the line indices it would remove.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .document import Document
from .text import repeats

#: Seconds one pattern may take on one line before the rule is skipped for the document.
PATTERN_TIMEOUT = 0.25


class RuleTimeout(Exception):
    """A rule's pattern ran past PATTERN_TIMEOUT on a line of the document."""


@dataclass(frozen=True)
class LinePattern:
    """A rule's pattern, with literal texts one of which any matching line must contain, when
    the pattern shows them: the cheap ``in`` checks spare the regex engine most lines."""

    compiled: regex.Pattern
    literals: tuple[str, ...] = ()
    ignore_case: bool = False

    @classmethod
    def compile(cls, source: str) -> LinePattern:
        compiled = regex.compile(source)
        literals, ignore_case = required_literals(source)
        return cls(compiled, literals, ignore_case)

    @property
    def pattern(self) -> str:
        return self.compiled.pattern

    def fullmatch(self, line: str) -> bool:
        if self.literals:
            text = line.lower() if self.ignore_case else line
            if not any(literal in text for literal in self.literals):
                return False
        return self.compiled.fullmatch(line, timeout=PATTERN_TIMEOUT) is not None


_META = set("\\.^$*+?{}[]|()")
_QUANTIFIERS = set("?*{")
_INLINE_FLAGS = regex.compile(r"\(\?[a-zA-Z]+\)")


def required_literals(source: str) -> tuple[tuple[str, ...], bool]:
    """Literal texts one of which every match of ``source`` contains, read from the top level
    of the pattern: the longest run of plain characters, or a group of plain alternatives such
    as ``(?:Related Topics|Top Stories)``, whichever is the more selective; and whether they
    are case-blind. ((), False) when there are none or the pattern is beyond this simple reading."""
    ignore_case = False
    flags = _INLINE_FLAGS.match(source)
    if flags:
        if set(flags.group()[2:-1]) - {"i"}:
            return (), False
        ignore_case, source = True, source[flags.end() :]
    if _INLINE_FLAGS.search(source):
        return (), False
    candidates: list[tuple[str, ...]] = []
    run, depth, n = "", 0, 0
    while n < len(source):
        char, plain, group = source[n], None, None
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
            if depth == 0:
                group = _plain_alternatives(source, n)
            depth, n = depth + 1, n + 1
            if group is not None:
                depth, n = depth - 1, group[1]
        elif char == ")":
            depth, n = depth - 1, n + 1
        elif char == "|" and depth == 0:
            return (), False
        else:
            plain = char if char not in _META else None
            n += 1
        if n < 0:
            return (), False
        optional = n < len(source) and source[n] in _QUANTIFIERS
        if group is not None and not optional:
            candidates.append(group[0])
        if depth == 0 and plain is not None and not optional:
            run += plain
        else:
            candidates.append((run,))
            run = ""
    candidates.append((run,))
    best = max(candidates, key=lambda options: min(len(option) for option in options))
    if not min(len(option) for option in best):
        return (), False
    if ignore_case:
        return (tuple(option.lower() for option in best), True) if all(option.isascii() for option in best) else ((), False)
    return best, False


def _plain_alternatives(source: str, n: int) -> tuple[tuple[str, ...], int] | None:
    """For a group opening at ``n`` whose alternatives are all plain text, the texts and the
    index after the group; None for any other group."""
    body_start = n + 3 if source.startswith("(?:", n) else n + 1
    if source.startswith("(?", n) and body_start == n + 1:
        return None
    options, current, k = [], "", body_start
    while k < len(source):
        char = source[k]
        if char == "\\" and k + 1 < len(source) and not source[k + 1].isalnum():
            current, k = current + source[k + 1], k + 2
        elif char == "|":
            options, current, k = options + [current], "", k + 1
        elif char == ")":
            options.append(current)
            return (tuple(options), k + 1) if all(options) else None
        elif char in _META:
            return None
        else:
            current, k = current + char, k + 1
    return None


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

    @property
    def line_local(self) -> bool:
        """Whether the verdict on a line depends on that line alone (see ``Step``)."""
        return False

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

    @property
    def line_local(self) -> bool:
        return self.head is None and self.tail is None

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
        """The cut; then, as long as what is left ends with another cut, that one too (a cascade
        of markers is cut in one run, not one per pass of the pipeline)."""
        live = doc.live()
        end = len(live)
        while True:
            first = next((n for n in self._window(live, end) if self.matches(self.pattern, doc.lines[live[n]])), None)
            if first is None:
                return live[end:]
            if not self.inclusive:
                return live[first + 1 :]
            end = first

    def _window(self, live: list[int], end: int) -> list[int]:
        """Where the cut may start when the document ends at ``end``: within ``max_lines`` of
        the end, and inside the rule's head/tail scope."""
        first = max(end - self.max_lines, 0)
        if self.head is not None:
            end = min(end, self.head)
        if self.tail is not None:
            first = max(first, end - self.tail)
        return list(range(first, end))


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
            if i not in allowed:
                continue
            line = doc.lines[i]
            if not self.repeated and not self.matches(self.pattern, line):
                continue  # the pattern first when it alone decides; the cheaper repeat test first otherwise
            echoes = [live[m] for m in (n - 1, n + 1) if 0 <= m < len(live) and repeats(line, doc.lines[live[m]])]
            if not self.repeated or echoes and self.matches(self.pattern, line):
                found.extend([i, *echoes])
        return found


KINDS: dict[str, type[Rule]] = {
    "line": LineRule,
    "block": BlockRule,
    "cut-to-end": CutToEndRule,
    "cut-from-start": CutFromStartRule,
    "caption": CaptionRule,
}
