"""A static check for patterns prone to catastrophic backtracking.

A backtracking engine takes exponential time when a repeated group can split the same
text between its repetitions in many ways. The check parses a `regex` pattern and flags
a repetition (``*``, ``+``, ``{m,}``, or ``{m,n}`` with n of 10 or more) when

- its body ends (or starts) with a quantified part that can also match what the next (or
  previous) repetition starts (or ends) with: ``(\\w+\\s?)+``, ``(.*)*``, ``(x\\w*)+``; or
- its body holds alternatives that can start and end on the same characters: ``(a|a)*``,
  ``(a|aa)+``.

Which characters an atom can match is found by matching it against a sample alphabet, so
``\\p{Lu}``, ``[^?]`` and ``(?i)`` need no tables of their own. Atomic groups and possessive
quantifiers give nothing back, so repeats inside them are not counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

import regex

from ..outlet_rules import BlockRule
from ..rulefiles import Outlet

#: Characters that stand for every class an atom can match: ASCII, spaces, letters and
#: digits of other scripts, typographic punctuation.
ALPHABET = "".join(chr(c) for c in range(32, 127)) + "\t\u00a0\u2009éÉßñжЖ中日٣²’‘“”«»—–…×€©"
#: A bounded repetition with fewer than this many repeats is not worth flagging.
MIN_REPEATS = 10
_ZERO_WIDTH_ESCAPES = set("bBAZzGmMK")
_CLASS_ESCAPES = set("dDwWsSpPX")


@dataclass(eq=False)
class Node:
    """A parsed part of a pattern; ``source`` is its text in the pattern."""

    source: str


@dataclass(eq=False)
class Chars(Node):
    """One character from a set: a literal, an escape, a class or ``.``."""

    chars: frozenset[str] = frozenset()


@dataclass(eq=False)
class Empty(Node):
    """Matches no characters: an anchor, a lookaround (its content kept for checking), a flag."""

    inner: Node | None = None


@dataclass(eq=False)
class Seq(Node):
    items: list[Node] = field(default_factory=list)


@dataclass(eq=False)
class Alt(Node):
    branches: list[Node] = field(default_factory=list)


@dataclass(eq=False)
class Group(Node):
    inner: Node | None = None
    atomic: bool = False


@dataclass(eq=False)
class Repeat(Node):
    inner: Node | None = None
    low: int = 0
    high: int | None = None  # None: unbounded
    possessive: bool = False

    @property
    def variable(self) -> bool:
        """Can match a varying number of times, so it can give characters back."""
        return not self.possessive and (self.high is None or self.high > self.low)


def risky_patterns(outlet: Outlet) -> Iterator[tuple[int | None, str]]:
    """(line of its rule, message) for each pattern of the outlet's own rules that may
    backtrack catastrophically."""
    for rule in outlet.own_rules:
        patterns = [("pattern", rule.pattern)] + ([("end", rule.end)] if isinstance(rule, BlockRule) else [])
        for key, pattern in patterns:
            risk = backtracking_risk(pattern.pattern)
            if risk:
                yield outlet.rule_lines.get(rule.id), f"rule {rule.id!r}: {key} may backtrack catastrophically: {risk}"


def backtracking_risk(pattern: str) -> str | None:
    """Why ``pattern`` may backtrack catastrophically, or None when it looks safe."""
    tree = _Parser(pattern).parse()
    for node in _walk(tree):
        if isinstance(node, Repeat) and not node.possessive and (node.high is None or node.high >= MIN_REPEATS):
            reason = _ambiguous_repeat(node)
            if reason:
                return reason
    return None


def _ambiguous_repeat(repeat: Repeat) -> str | None:
    body = repeat.inner
    for part in _edge_repeats(body, at_end=True):
        if _chars(part) & _first(body):
            return f"in {repeat.source!r}, {part.source!r} can also match the start of the next repetition"
    for part in _edge_repeats(body, at_end=False):
        if _chars(part) & _last(body):
            return f"in {repeat.source!r}, {part.source!r} can also match the end of the previous repetition"
    for alt in (node for node in _walk(body, lookarounds=False) if isinstance(node, Alt)):
        for n, one in enumerate(alt.branches):
            for other in alt.branches[n + 1 :]:
                if _first(one) & _first(other) and _last(one) & _last(other):
                    return f"in {repeat.source!r}, the alternatives {one.source!r} and {other.source!r} can match the same text"
    return None


def _walk(node: Node | None, lookarounds: bool = True):
    """``node`` and every part inside it; with ``lookarounds=False``, only parts that consume text."""
    if node is None:
        return
    yield node
    if isinstance(node, Seq):
        children = node.items
    elif isinstance(node, Alt):
        children = node.branches
    elif isinstance(node, Empty) and not lookarounds:
        children = []
    else:
        children = [node.inner] if getattr(node, "inner", None) is not None else []
    for child in children:
        yield from _walk(child, lookarounds)


def _nullable(node: Node) -> bool:
    if isinstance(node, Chars):
        return False
    if isinstance(node, Seq):
        return all(_nullable(item) for item in node.items)
    if isinstance(node, Alt):
        return any(_nullable(branch) for branch in node.branches)
    if isinstance(node, Repeat):
        return node.low == 0 or _nullable(node.inner)
    if isinstance(node, Group):
        return _nullable(node.inner)
    return True


def _first(node: Node) -> frozenset[str]:
    """Characters a match of ``node`` can start with."""
    return _edge_chars(node, at_end=False)


def _last(node: Node) -> frozenset[str]:
    """Characters a match of ``node`` can end with."""
    return _edge_chars(node, at_end=True)


def _edge_chars(node: Node, at_end: bool) -> frozenset[str]:
    if isinstance(node, Chars):
        return node.chars
    if isinstance(node, Seq):
        found: frozenset[str] = frozenset()
        for item in reversed(node.items) if at_end else node.items:
            found |= _edge_chars(item, at_end)
            if not _nullable(item):
                break
        return found
    if isinstance(node, Alt):
        return frozenset().union(*(_edge_chars(branch, at_end) for branch in node.branches))
    if isinstance(node, Repeat):
        return frozenset() if node.high == 0 else _edge_chars(node.inner, at_end)
    if isinstance(node, Group):
        return _edge_chars(node.inner, at_end)
    return frozenset()


def _chars(node: Node) -> frozenset[str]:
    """Every character a match of ``node`` can hold."""
    return frozenset().union(*(n.chars for n in _walk(node, lookarounds=False) if isinstance(n, Chars)))


def _edge_repeats(node: Node, at_end: bool) -> list[Repeat]:
    """Repeats that can give characters back at the end (or start) of a match of ``node``."""
    if isinstance(node, Seq):
        found: list[Repeat] = []
        for item in reversed(node.items) if at_end else node.items:
            found += _edge_repeats(item, at_end)
            if not _nullable(item):
                break
        return found
    if isinstance(node, Alt):
        return [r for branch in node.branches for r in _edge_repeats(branch, at_end)]
    if isinstance(node, Repeat):
        if node.possessive:
            return []
        return ([node] if node.variable else []) + _edge_repeats(node.inner, at_end)
    if isinstance(node, Group) and not node.atomic:
        return _edge_repeats(node.inner, at_end)
    return []


@cache
def _chars_of(atom: str, flags: str) -> frozenset[str]:
    """The sample characters one atom matches, under the inline flags in force."""
    try:
        compiled = regex.compile(f"(?{flags}){atom}" if flags else atom)
    except regex.error:
        return frozenset(ALPHABET)
    return frozenset(ch for ch in ALPHABET if compiled.fullmatch(ch))


class _Parser:
    """Recursive descent over the `regex` syntax, enough to see repeats, groups and alternatives."""

    def __init__(self, pattern: str):
        self.pattern = pattern
        self.pos = 0
        self.flags = "".join(sorted(set("".join(regex.findall(r"\(\?([a-zA-Z]+)\)", pattern))) & set("ifu")))

    def parse(self) -> Node:
        return self._alternation(self.flags)

    def _peek(self, text: str) -> bool:
        return self.pattern.startswith(text, self.pos)

    def _alternation(self, flags: str) -> Node:
        start = self.pos
        branches = [self._sequence(flags)]
        while self._peek("|"):
            self.pos += 1
            branches.append(self._sequence(flags))
        if len(branches) == 1:
            return branches[0]
        return Alt(self.pattern[start : self.pos], branches)

    def _sequence(self, flags: str) -> Node:
        start = self.pos
        items: list[Node] = []
        while self.pos < len(self.pattern) and not self._peek("|") and not self._peek(")"):
            item_start = self.pos
            item = self._quantified(self._atom(flags), item_start)
            items.append(item)
        return Seq(self.pattern[start : self.pos], items)

    def _atom(self, flags: str) -> Node:
        start = self.pos
        ch = self.pattern[self.pos]
        if ch == "(":
            return self._group(flags)
        if ch == "[":
            self.pos = self._class_end(self.pos)
        elif ch == "\\":
            self.pos = self._escape_end(self.pos)
            letter = self.pattern[start + 1 : start + 2]
            if letter in _ZERO_WIDTH_ESCAPES:
                return Empty(self.pattern[start : self.pos])
            if letter.isdigit() and letter != "0" or letter == "g":  # a back-reference
                return Chars(self.pattern[start : self.pos], frozenset(ALPHABET))
        elif ch in "^$":
            self.pos += 1
            return Empty(ch)
        else:
            self.pos += 1
        atom = self.pattern[start : self.pos]
        return Chars(atom, _chars_of(atom, flags))

    def _group(self, flags: str) -> Node:
        start = self.pos
        self.pos += 1
        kind = ""
        if self._peek("?"):
            head = regex.match(r"\?(?:<=|<!|P?<[^>]*>|'[^']*'|[:=!>|]|#[^)]*|P=[^)]*|\(.*?\)|[a-zA-Z-]*:?)", self.pattern[self.pos :])
            kind = head.group() if head else "?"
            self.pos += len(kind)
        scoped = flags
        if regex.fullmatch(r"\?[a-zA-Z]*(?:-[a-zA-Z]*)?:", kind):
            on, _, off = kind[1:-1].partition("-")
            scoped = "".join(sorted((set(flags) | (set(on) & set("ifu"))) - set(off)))
        if kind.startswith(("?#", "?P=")) or regex.fullmatch(r"\?[a-zA-Z-]+", kind):  # comment, reference or flags
            inner: Node = Seq("", [])
        else:
            inner = self._alternation(scoped)
        if self._peek(")"):
            self.pos += 1
        source = self.pattern[start : self.pos]
        if kind.startswith("?P="):
            return Chars(source, frozenset(ALPHABET))
        if kind in ("?=", "?!", "?<=", "?<!"):
            return Empty(source, inner)
        if kind.startswith("?#") or regex.fullmatch(r"\?[a-zA-Z-]+", kind):
            return Empty(source)
        return Group(source, inner, atomic=kind == "?>")

    def _quantified(self, atom: Node, start: int) -> Node:
        found = regex.match(r"(?:([*+?])|\{(\d*)(?:(,)(\d*))?\})([?+]?)", self.pattern[self.pos :])
        if found is None or (found.group(2) == "" and found.group(4) in ("", None) and not found.group(1)):
            return atom
        self.pos += len(found.group())
        symbol, low, comma, high, mode = found.groups()
        if symbol:
            bounds = {"*": (0, None), "+": (1, None), "?": (0, 1)}[symbol]
        else:
            first = int(low) if low else 0
            bounds = (first, (int(high) if high else None) if comma else first)
        return Repeat(self.pattern[start : self.pos], atom, bounds[0], bounds[1], possessive=mode == "+")

    def _class_end(self, pos: int) -> int:
        """Index just past the character class starting at ``pos``."""
        pos += 1
        if self.pattern.startswith("^", pos):
            pos += 1
        if self.pattern.startswith("]", pos):
            pos += 1
        while pos < len(self.pattern) and self.pattern[pos] != "]":
            if self.pattern[pos] == "\\":
                pos = self._escape_end(pos)
            elif self.pattern.startswith("[:", pos) and ":]" in self.pattern[pos:]:
                pos = self.pattern.index(":]", pos) + 2
            else:
                pos += 1
        return pos + 1

    def _escape_end(self, pos: int) -> int:
        """Index just past the escape starting at ``pos`` (a backslash)."""
        rest = self.pattern[pos + 1 :]
        found = regex.match(
            r"[pPN]\{[^}]*\}|[pP]\w|x\{[^}]*\}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|0[0-7]{0,2}|[1-9]\d?|g<[^>]*>|.",
            rest,
            flags=regex.S,
        )
        return pos + 1 + (len(found.group()) if found else 0)
