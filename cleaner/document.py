"""The document as the pipeline sees it: numbered lines, and the removals made so far."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from .table import LineTable
from .text import LINE_WITH_END, fold, fold_case, folded_key, is_list_item, split_lines

if TYPE_CHECKING:
    from .sitecounts import SiteCounts

T = TypeVar("T")


@dataclass(frozen=True)
class Removal:
    """One removed span: which rule took it, why, where it stood and what it said."""

    rule: str
    why: str
    first_line: int  # 1-based line numbers in the input
    last_line: int
    text: str


@dataclass(frozen=True)
class Overruling:
    """A proposed line the decision step kept (``cleaner.decision``): whose proposal, the line
    (0-based index into the document's lines), its text, how likely it is article and why it
    stayed (``kept_as``: "article", the model sure of it; "headline"; or "first copy", of a
    headline-like line every copy of which was proposed)."""

    rule: str
    line: int
    text: str
    p_article: float
    kept_as: str


@dataclass
class Document:
    """Input lines, stripped of surrounding whitespace, with a record of which were removed.

    Rules and detectors see only the *live* lines: non-blank and not yet removed, and the
    empty lines between them as the input had them, or (``normalised``) as the normalised
    output will have them.
    """

    lines: list[str]
    normalised: bool = False
    removals: list[Removal] = field(default_factory=list)
    removed: set[int] = field(default_factory=set)
    overruled: list[Overruling] = field(default_factory=list)  # the proposals' lines the decision step kept
    site: SiteCounts | None = None  # the counts of its site's furniture (--site-furniture), for S001
    headline: int | None = None  # the line its caller knows is the headline (an HTML page's h1): never removed
    _live: list[int] | None = field(default=None, repr=False)
    _position: dict[int, int] | None = field(default=None, repr=False)
    _kept: dict = field(default_factory=dict, repr=False, compare=False)  # ``kept``'s

    @classmethod
    def from_text(cls, text: str, normalised: bool = False, headline: str | None = None) -> Document:
        """The text's lines; ``headline``: the text's headline, known to the caller, whose line is
        never removed: the first that is the headline, else the first that reads as it (``fold``:
        case, quotes, colons and a bullet aside)."""
        lines = [line.strip() for line in split_lines(text)]
        return cls(lines, normalised, headline=headline_line(lines, headline) if headline else None)

    def kept(self, owner: type[T], make: Callable[[], T]) -> T:
        """What ``owner`` (a step's own record type) keeps about this document, made by ``make``
        when first asked for; a ``copy`` starts without it."""
        found = self._kept.get(owner)
        if found is None:
            found = self._kept[owner] = make()
        return found

    def copy(self) -> Document:
        """The same lines, with its own record of removals."""
        return Document(self.lines, self.normalised, list(self.removals), set(self.removed), list(self.overruled), self.site, self.headline)

    @cached_property
    def folded(self) -> list[str]:
        """Each line's ``fold_case``, for term lookups."""
        return [fold_case(line) for line in self.lines]

    @cached_property
    def keys(self) -> list[str]:
        """Each line's ``phrase_key``, for comparing whole lines with phrase lists."""
        return [folded_key(line, folded) for line, folded in zip(self.lines, self.folded, strict=True)]

    @cached_property
    def table(self) -> LineTable:
        """What the generic detectors ask about the lines, computed once for the document."""
        return LineTable(self.lines, self.folded, self.keys)

    def live(self) -> list[int]:
        """Indices of the lines still in the document, blank ones left out (do not modify)."""
        if self._live is None:
            removed = self.removed
            self._live = [i for i, line in enumerate(self.lines) if line and i not in removed]
        return self._live

    def position(self) -> dict[int, int]:
        """Each live line's position in ``live()`` (do not modify)."""
        if self._position is None:
            self._position = {index: n for n, index in enumerate(self.live())}
        return self._position

    def blank_between(self, first: int, second: int) -> bool:
        """Whether the output will have an empty line between live lines ``first`` and ``second``."""
        if any(not self.lines[k] for k in range(first + 1, second)):
            return True
        return self.normalised and not (is_list_item(self.lines[first]) and is_list_item(self.lines[second]))

    def remove(self, indices: list[int], rule: str, why: str) -> None:
        """Remove these lines, recording one Removal per run of lines adjacent in the live view."""
        fresh = sorted(set(indices) - self.removed)
        if not fresh:
            return
        position = self.position()
        runs: list[list[int]] = [[fresh[0]]]
        for index in fresh[1:]:
            if position[index] == position[runs[-1][-1]] + 1:
                runs[-1].append(index)
            else:
                runs.append([index])
        for run in runs:
            text = "\n".join(self.lines[i] for i in run)
            self.removals.append(Removal(rule, why, run[0] + 1, run[-1] + 1, text))
        self.removed.update(fresh)
        if self._live is not None:  # the live lines less these: no walk over every line
            gone = set(fresh)
            self._live = [i for i in self._live if i not in gone]
        self._position = None


def headline_line(lines: list[str], headline: str) -> int | None:
    """The index of the line that is ``headline`` (the first), else of the first that reads as it."""
    exact, key = " ".join(headline.split()), fold(headline)
    found = next((i for i, line in enumerate(lines) if " ".join(line.split()) == exact), None)
    return found if found is not None or not key else next((i for i, line in enumerate(lines) if fold(line) == key), None)


def removal_of_each_line(lines: list[str], removals: list[Removal]) -> dict[int, Removal]:
    """Which removal took each removed line (0-based index into ``lines``).

    A removal spans ``first_line`` to ``last_line`` but takes only the non-blank lines of that
    span no earlier removal took, so the removals claim their lines in the order they were made.
    """
    owner: dict[int, Removal] = {}
    for removal in removals:
        for index in range(removal.first_line - 1, removal.last_line):
            if lines[index] and index not in owner:
                owner[index] = removal
    return owner


def removed_spans(text: str, removals: list[Removal]) -> list[list]:
    """The character spans of ``text`` the removals took, as [start, end, rule]: whole lines
    with their line ends, one span per run of lines one rule took (with the empty lines inside
    one removal), in text order, so that a pipeline that keeps the original can apply them later."""
    pieces = [(match.start(), match.end()) for match in LINE_WITH_END.finditer(text)]
    owner = removal_of_each_line([text[start:end].strip() for start, end in pieces], removals)
    spans: list[list] = []
    last: Removal | None = None
    for index in sorted(owner):
        start, end = pieces[index]
        removal = owner[index]
        gap = text[spans[-1][1] : start] if spans else None
        if gap is not None and spans[-1][2] == removal.rule and (not gap or (removal is last and not gap.strip())):
            spans[-1][1] = end  # the next line of the run, or of the same removal across empty lines
        else:
            spans.append([start, end, removal.rule])
        last = removal
    return spans
