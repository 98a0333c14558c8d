"""A reader of `regex` pattern syntax: a pattern as a tree of characters, sequences,
alternatives, groups and repeats. The literal prefilter of rule patterns
(``outlet_rules.required_literals``) and the backtracking lint (``authoring.backtracking``)
both read patterns with it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property

import regex

#: Characters that stand for every class an atom can match: ASCII, spaces, letters and
#: digits of other scripts, typographic punctuation.
ALPHABET = "".join(chr(c) for c in range(32, 127)) + "\t\u00a0\u2009éÉßñжЖ中日٣²’‘“”«»—–…×€©"
_ZERO_WIDTH_ESCAPES = set("bBAZzGmMK")
#: Characters with a meaning of their own in a pattern.
META = set("\\.^$*+?{}[]|()")
#: The parser's own patterns, compiled once: a file of many rules is read pattern by pattern.
_INLINE_FLAGS = regex.compile(r"\(\?([a-zA-Z]+)\)")
_GROUP_HEAD = regex.compile(r"\?(?:<=|<!|P?<[^>]*>|'[^']*'|[:=!>|]|#[^)]*|P=[^)]*|\(.*?\)|[a-zA-Z-]*:?)")
_SCOPED_FLAGS = regex.compile(r"\?[a-zA-Z]*(?:-[a-zA-Z]*)?:")
_FLAGS = regex.compile(r"\?[a-zA-Z-]+")
_QUANTIFIER = regex.compile(r"(?:([*+?])|\{(\d*)(?:(,)(\d*))?\})([?+]?)")
_ESCAPE = regex.compile(
    r"[pPN]\{[^}]*\}|[pP]\w|x\{[^}]*\}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|0[0-7]{0,2}|[1-9]\d?|g<[^>]*>|.", flags=regex.S
)


@dataclass(eq=False)
class Node:
    """A parsed part of a pattern; ``source`` is its text in the pattern."""

    source: str


@dataclass(eq=False)
class Chars(Node):
    """One character from a set: a literal, an escape, a class or ``.``, read under the inline
    ``flags`` in force; ``literal`` is the character when the atom stands for itself alone."""

    flags: str = ""
    literal: str | None = None
    any_char: bool = False  # a back-reference: it may hold anything

    @cached_property
    def chars(self) -> frozenset[str]:
        """The sample characters (``ALPHABET``) it matches."""
        return frozenset(ALPHABET) if self.any_char else chars_of(self.source, self.flags)


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


def parse(pattern: str) -> Node:
    """The tree of ``pattern``: an ``Alt`` of ``Seq``s, or one ``Seq``."""
    return _Parser(pattern).parse()


@cache
def chars_of(atom: str, flags: str) -> frozenset[str]:
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
        self.flags = "".join(sorted(set("".join(_INLINE_FLAGS.findall(pattern))) & set("ifu")))

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
                return Chars(self.pattern[start : self.pos], any_char=True)
            if not letter.isalnum():
                return Chars(self.pattern[start : self.pos], flags, literal=letter)
        elif ch in "^$":
            self.pos += 1
            return Empty(ch)
        else:
            self.pos += 1
            return Chars(ch, flags, literal=None if ch in META else ch)
        return Chars(self.pattern[start : self.pos], flags)

    def _group(self, flags: str) -> Node:
        start = self.pos
        self.pos += 1
        kind = ""
        if self._peek("?"):
            head = _GROUP_HEAD.match(self.pattern, self.pos)
            kind = head.group() if head else "?"
            self.pos += len(kind)
        scoped = flags
        if _SCOPED_FLAGS.fullmatch(kind):
            on, _, off = kind[1:-1].partition("-")
            scoped = "".join(sorted((set(flags) | (set(on) & set("ifu"))) - set(off)))
        if kind.startswith(("?#", "?P=")) or _FLAGS.fullmatch(kind):  # comment, reference or flags
            inner: Node = Seq("", [])
        else:
            inner = self._alternation(scoped)
        if self._peek(")"):
            self.pos += 1
        source = self.pattern[start : self.pos]
        if kind.startswith("?P="):
            return Chars(source, any_char=True)
        if kind in ("?=", "?!", "?<=", "?<!"):
            return Empty(source, inner)
        if kind.startswith("?#") or _FLAGS.fullmatch(kind):
            return Empty(source)
        return Group(source, inner, atomic=kind == "?>")

    def _quantified(self, atom: Node, start: int) -> Node:
        found = _QUANTIFIER.match(self.pattern, self.pos)
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
        found = _ESCAPE.match(self.pattern, pos + 1)
        return pos + 1 + (len(found.group()) if found else 0)
