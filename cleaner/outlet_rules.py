"""Step 3: an outlet's removal rules, one class per kind a rule file can name.

Every pattern is a `regex` pattern that must match a whole (stripped) line. A rule
may be limited to the first ``head`` or last ``tail`` lines still in the document.
Each rule has one method, ``find``, that returns the line indices it would remove.

A kind's fields are its keys in a rule file, declared once: ``rulefiles`` reads and checks a
``[[rule]]`` by them, and the JSON Schema of rule files (``cleaner.schema``) is made from them.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields

import regex

from .document import Document
from .regex_syntax import Alt, Chars, Empty, Group, Node, Repeat, Seq, parse
from .tables import Key
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
    timeout: float | None = PATTERN_TIMEOUT  # None for a pattern that cannot backtrack far

    @classmethod
    def compile(cls, source: str) -> LinePattern:
        compiled = regex.compile(source)
        literals, ignore_case = required_literals(source)
        return cls(compiled, literals, ignore_case, None if _backtracks_little(source) else PATTERN_TIMEOUT)

    @property
    def pattern(self) -> str:
        return self.compiled.pattern

    def fullmatch(self, line: str) -> bool:
        if self.literals:
            text = line.lower() if self.ignore_case else line
            if not any(literal in text for literal in self.literals):
                return False
        return self.compiled.fullmatch(line, timeout=self.timeout) is not None


def _backtracks_little(source: str) -> bool:
    """Whether a whole-line match of ``source`` takes at most a few steps a character: at most
    one unbounded repetition, no repetition or alternatives inside another, no back-reference or lookaround. Such patterns
    run without the timeout, whose clock costs more than the match (the timeout stays for the rest)."""
    unbounded = 0
    stack: list[tuple[Node, bool]] = [(parse(source), False)]
    while stack:
        node, in_repeat = stack.pop()
        if isinstance(node, Chars):
            if node.any_char:
                return False
            continue
        if isinstance(node, Empty) and node.inner is not None or isinstance(node, Alt) and in_repeat:
            return False  # a lookaround, or alternatives repeated: (a|aa)+
        if isinstance(node, Repeat):
            if in_repeat and (node.high is None or node.high > 1):
                return False
            unbounded += node.high is None or node.high >= 10  # a{1,1000}a{1,1000} counts as two
            in_repeat = in_repeat or node.high is None or node.high > 1
        children = node.items if isinstance(node, Seq) else node.branches if isinstance(node, Alt) else [getattr(node, "inner", None)]
        stack += [(child, in_repeat) for child in children if child is not None]
    return unbounded <= 1


_INLINE_FLAGS = regex.compile(r"\(\?[a-zA-Z]+\)")


def required_literals(source: str) -> tuple[tuple[str, ...], bool]:
    """Literal texts one of which every match of ``source`` contains, read from the top level
    of the pattern (``regex_syntax``): the longest run of plain characters, or a group of plain
    alternatives such as ``(?:Related Topics|Top Stories)``, whichever is the more selective; and
    whether they are case-blind. ((), False) when there are none or the pattern is beyond this
    simple reading (alternatives at the top, inline flags other than a leading ``(?i)``)."""
    ignore_case = False
    flags = _INLINE_FLAGS.match(source)
    if flags:
        if set(flags.group()[2:-1]) - {"i"}:
            return (), False
        ignore_case, source = True, source[flags.end() :]
    if _INLINE_FLAGS.search(source):
        return (), False
    tree = parse(source)
    if not isinstance(tree, Seq):
        return (), False
    candidates: list[tuple[str, ...]] = []
    run = ""
    for item in tree.items:
        required = item.inner if isinstance(item, Repeat) and item.low >= 1 else item
        if isinstance(required, Chars) and required.literal is not None:
            run += required.literal
            if required is item:
                continue  # a repeated character ends the run after its first copy
        elif isinstance(required, Group) and _plain_alternatives(required):
            candidates.append(_plain_alternatives(required))
        candidates.append((run,))
        run = ""
    candidates.append((run,))
    # the longest; of equals, not a run of spaces (every line has one)
    best = max(candidates, key=lambda options: (min(len(option) for option in options), not all(o.isspace() for o in options)))
    if not min(len(option) for option in best):
        return (), False
    if ignore_case:
        return (tuple(option.lower() for option in best), True) if all(option.isascii() for option in best) else ((), False)
    return best, False


def _plain_alternatives(group: Group) -> tuple[str, ...] | None:
    """The texts of a group whose alternatives are all plain text; None for any other group."""
    if group.source.startswith("(?") and not group.source.startswith("(?:"):
        return None  # atomic, named, with flags of its own, …
    branches = group.inner.branches if isinstance(group.inner, Alt) else [group.inner]
    options = []
    for branch in branches:
        items = branch.items if isinstance(branch, Seq) else [branch]
        if not items or not all(isinstance(item, Chars) and item.literal is not None for item in items):
            return None
        options.append("".join(item.literal for item in items))
    return tuple(options)


def key(doc: str, default: object = None, required: bool = False):
    """A field that is a rule file's key: what it says, its default, whether a file must give it."""
    return field(default=default, metadata={"doc": doc, "required": required})


@dataclass(frozen=True)
class Rule:
    id: str = field(metadata={"doc": "The rule's id within the file (lower-case letters, digits, '-', '_'); its full id is OUTLET/ID."})
    why: str = field(metadata={"doc": "One line saying what the furniture is; --explain shows it with each removal."})
    pattern: LinePattern = field(metadata={"doc": "A regex that must match a whole line (surrounding spaces stripped)."})
    head: int | None = key("Look only at the first N lines still in the document.")
    tail: int | None = key("Look only at the last N lines still in the document.")

    def find(self, doc: Document) -> list[int]:
        raise NotImplementedError

    def patterns(self) -> list[tuple[str, LinePattern]]:
        """The rule's patterns by key: ``pattern``, and a block's ``end``."""
        return [(found.name, getattr(self, found.name)) for found in fields(self) if found.type.startswith("LinePattern")]

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

    end: LinePattern | None = key("A regex matching the block's last line.", required=True)
    max_lines: int = key("Longest block removed, in lines.", 20)

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

    max_lines: int = key("Remove only when the marker is at most this many lines from the end.", 30)
    inclusive: bool = key("Remove the marker line too.", True)

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

    max_lines: int = key("Look for the marker within the first this many lines.", 15)
    inclusive: bool = key("Remove the marker line too.", True)

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

    repeated: bool = key("Fire only on captions the page repeats.", False)

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

#: A field's type as a rule file states it.
_KEY_TYPES = {"str": "string", "LinePattern": "pattern", "int": "count", "bool": "boolean"}


def kind_keys(kind: type[Rule]) -> dict[str, Key]:
    """The keys a ``[[rule]]`` of this kind takes besides ``kind``: its class's fields."""
    keys = {}
    for found in fields(kind):
        default = None if found.default is MISSING else found.default
        required = found.default is MISSING or found.metadata.get("required", False)
        keys[found.name] = Key(_KEY_TYPES[found.type.split(" |")[0]], found.metadata["doc"], required, default)
    return keys
