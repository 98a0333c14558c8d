"""The document as the pipeline sees it: numbered lines, and the removals made so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import regex


@dataclass(frozen=True)
class Removal:
    """One removed span: which rule took it, why, where it stood and what it said."""

    rule: str
    why: str
    first_line: int  # 1-based line numbers in the input
    last_line: int
    text: str


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
    _live: list[int] | None = field(default=None, repr=False)

    @classmethod
    def from_text(cls, text: str, normalised: bool = False) -> Document:
        return cls([line.strip() for line in split_lines(text)], normalised)

    def copy(self) -> Document:
        """The same lines, with its own record of removals."""
        return Document(self.lines, self.normalised, list(self.removals), set(self.removed))

    @cached_property
    def keys(self) -> list[str]:
        """Each line's ``phrase_key``, for comparing whole lines with phrase lists."""
        return [phrase_key(line) for line in self.lines]

    @cached_property
    def folded(self) -> list[str]:
        """Each line case-folded, with typographic apostrophes made plain, for term lookups."""
        return [line.casefold().replace("’", "'") for line in self.lines]

    def live(self) -> list[int]:
        """Indices of the lines still in the document, blank ones left out (do not modify)."""
        if self._live is None:
            self._live = [i for i, line in enumerate(self.lines) if line and i not in self.removed]
        return self._live

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
        live = self.live()
        position = {index: n for n, index in enumerate(live)}
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
        self._live = None


_EDGE = " \t.:;,!?…»«›‹>→←|/\\-–—•*·()[]{}\"'“”‘’：；，。！？、（）【】「」『』《》〈〉・"
#: Lines longer than this are prose, never a label: they get no phrase key.
KEY_MAX_CHARS = 120


def phrase_key(line: str) -> str:
    """A line as phrase lists compare it: case-folded, outer punctuation and spaces gone
    ("" for lines too long to be a label)."""
    if len(line) > KEY_MAX_CHARS:
        return ""
    return " ".join(line.casefold().replace("’", "'").strip(_EDGE).split())


_NOT_ALNUM = regex.compile(r"[^\p{L}\p{N}]+")


def fold(line: str) -> str:
    """A line reduced to its lower-cased letters and digits, to compare repeated captions."""
    return _NOT_ALNUM.sub("", line.casefold())


#: How much longer one copy of a caption may be for its marks ("?? CREDIT ??", "Image: ").
MAX_MARKUP_CHARS = 16


def repeats(line: str, other: str) -> bool:
    """Whether ``other`` repeats ``line``: the same letters and digits, give or take marks
    in front (a repeat ends as the original does, which rules most pairs out cheaply)."""
    if abs(len(line) - len(other)) > MAX_MARKUP_CHARS or line[-4:] != other[-4:]:
        return False
    return line == other and any(ch.isalnum() for ch in line) or fold(line) == fold(other) != ""


_LIST_ITEM = regex.compile(r"(?:[-*•–·▪]|\d{1,3}[.)])\s")


def split_lines(text: str) -> list[str]:
    """Split on LF, CRLF and CR only (not on the other breaks ``str.splitlines`` knows)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def is_list_item(line: str) -> bool:
    return bool(_LIST_ITEM.match(line))


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
