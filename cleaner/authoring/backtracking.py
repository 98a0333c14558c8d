"""A static check for patterns prone to catastrophic backtracking.

A backtracking engine takes exponential time when a repeated group can split the same
text between its repetitions in many ways. The check parses a `regex` pattern and flags
a repetition (``*``, ``+``, ``{m,}``, or ``{m,n}`` with n of 10 or more) when

- its body ends (or starts) with a quantified part that can also match what the next (or
  previous) repetition starts (or ends) with: ``(\\w+\\s?)+``, ``(.*)*``, ``(x\\w*)+``; or
- its body holds alternatives that can start and end on the same characters: ``(a|a)*``,
  ``(a|aa)+``.

The pattern is read by ``cleaner.regex_syntax``, which finds the characters an atom can match
by matching it against a sample alphabet, so ``\\p{Lu}``, ``[^?]`` and ``(?i)`` need no tables of
their own. Atomic groups and possessive quantifiers give nothing back, so repeats inside them are
not counted.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..regex_syntax import Alt, Chars, Empty, Group, Node, Repeat, Seq, parse
from ..rulefiles import RuleFile

#: A bounded repetition with fewer than this many repeats is not worth flagging.
MIN_REPEATS = 10


def risky_patterns(outlet: RuleFile) -> Iterator[tuple[int | None, str]]:
    """(line of its rule, message) for each pattern of the outlet's own rules that may
    backtrack catastrophically."""
    for rule in outlet.own_rules:
        for key, pattern in rule.patterns():
            risk = backtracking_risk(pattern.pattern)
            if risk:
                yield outlet.rule_lines.get(rule.id), f"rule {rule.id!r}: {key} may backtrack catastrophically: {risk}"


def backtracking_risk(pattern: str) -> str | None:
    """Why ``pattern`` may backtrack catastrophically, or None when it looks safe."""
    tree = parse(pattern)
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
