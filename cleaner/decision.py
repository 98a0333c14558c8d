"""The decision step: the only place that turns proposals into removals.

Outlet rules, generic detectors and the site's furniture (S001) each propose lines to remove, and
why; ``Decision.decide`` removes what it accepts (``doc.remove``) and records what it overrules
(``doc.overruled``, read beside ``doc.removals`` by explain and the JSON output).

A detector proposes, the model disposes: an outlet rule file's proposal is binding (its author
chose), and so is S001's (the corpus's own counts, with their own guards), but of a generic
detector's proposal the lines that the line model is sure are
article (``p_article >= cleaner.linemodel.keep_bars``: a short document, and a line out of the
article's span, ask more, and a lexicon class's proposal ``SURE_BAR``) stay, unless an identical copy of the line stays
(removing a copy takes no words from the article), the line holds no word at all, or the whole
line is one of the lexicon's labels ("Share this article"); and the document's headline stays (the
model's, and the one its caller named: ``Document.headline``).
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

import numpy as np

from .document import Document, Overruling
from .linemodel import THRESHOLDS, article_probabilities, headline, keep_bars
from .table import whole_line_lists
from .text import folds, looks_like_headline

__all__ = ["Decision", "Overruling", "Proposal", "Unarbitrated"]


@dataclass(frozen=True)
class Proposal:
    """Lines a rule or detector would remove (0-based document indices), and why. ``binding``: an
    outlet rule file's or S001's, which is never overruled; generic detectors propose unbound."""

    rule: str
    why: str
    lines: list[int]
    binding: bool


#: The generic detectors of lexicon classes (a line is one of the lexicon's phrases, or a block
#: dense in them) whose proposals, overruled only from ``SURE_BAR`` up, lost no page a sentence
#: more on dev (linemodel/MODEL.md, "Raising the bar for one code"; G015's "30 min" in a schedule
#: and G031's teaser runs did, end to end).
SURE_CODES = frozenset(
    {"G001", "G005", "G007", "G009", "G010", "G011", "G012", "G014", "G021", "G022", "G025", "G026", "G027", "G028", "G029", "G030"}
)
SURE_BAR = 0.9


class Decision:
    """Removes a binding proposal as proposed; of any other, the lines the model puts out of the
    article or is unsure of, but never the headline (``cleaner.linemodel.headline``, and
    ``Document.headline``, the one the caller named).

    Within a pass of the pipeline the scores are the ones of the document as the pass first asked
    for them (``cleaner.linemodel.hold_scores``). A pass that removes nothing (the last) decides
    on the scores of the document as it ends, as cleaning the output again would.
    """

    def decide(self, doc: Document, proposal: Proposal) -> None:
        lines = sorted(set(proposal.lines) - doc.removed)
        if not lines:
            return
        if proposal.binding:
            self._remove(doc, lines, proposal)
            return
        p = article_probabilities(doc)
        bars = keep_bars(doc, p, lines)
        if proposal.rule in SURE_CODES:
            bars = np.maximum(bars, SURE_BAR)
        labels = whole_line_lists()
        sure = {i for i, bar in zip(lines, bars, strict=True) if p[i] >= bar and has_words(doc.lines[i]) and doc.keys[i] not in labels}
        proposed = set(lines)
        headlines = {headline(doc, proposed), doc.headline} & proposed
        article = sure - copies_that_stay(doc, lines) if sure else sure
        kept_as = (
            dict.fromkeys(last_copies(doc, lines, p), "first copy")
            | dict.fromkeys(headlines, "headline")
            | dict.fromkeys(article, "article")
        )
        recorded = {(o.rule, o.line) for o in doc.overruled}
        doc.overruled += [
            Overruling(proposal.rule, i, doc.lines[i], round(float(p[i]), 3), kept_as[i])
            for i in sorted(kept_as)
            if (proposal.rule, i) not in recorded
        ]
        self._remove(doc, [i for i in lines if i not in kept_as], proposal)

    @staticmethod
    def _remove(doc: Document, lines: list[int], proposal: Proposal) -> None:
        doc.remove(lines, proposal.rule, proposal.why)
        if doc.overruled and lines:
            doc.overruled[:] = [o for o in doc.overruled if o.line not in doc.removed]  # another proposal took it


class Unarbitrated(Decision):
    """The decision step without the line model: every proposal removed as proposed (the
    detectors as they are alone, for their case files and the model's training data)."""

    def decide(self, doc: Document, proposal: Proposal) -> None:
        lines = sorted(set(proposal.lines) - doc.removed)
        if lines:
            self._remove(doc, lines, proposal)


def has_words(line: str) -> bool:
    """Whether a line holds a letter or a digit: a line of glyphs alone ("×", "|") says nothing of the article's."""
    return any(char.isalnum() for char in line)


def copies_that_stay(doc: Document, lines: list[int]) -> set[int]:
    """The proposed lines of which an identical live line (case, quotes and colons aside) stays,
    outside the proposal: removing such a copy takes no words from the article."""
    proposed, removed, copies = set(lines), doc.removed, _Copies.of(doc)
    group, members = copies.group, copies.members
    return {i for i in proposed if (g := group[i]) >= 0 and any(j not in proposed and j not in removed for j in members[g])}


def last_copies(doc: Document, lines: list[int], p: np.ndarray) -> set[int]:
    """Of the headline-like lines whose every live copy (case, quotes and colons aside) ``lines``
    would remove, the first copy, when the model does not put it out of the article: a headline
    repeated on the page keeps one copy."""
    proposed, removed, copies = set(lines), doc.removed, _Copies.of(doc)
    kept = set()
    for g in {copies.group[i] for i in lines} - {-1, copies.unfolded}:
        found = [j for j in copies.members[g] if j not in removed and copies.headline_like(j)]
        if len(found) > 1 and proposed.issuperset(found) and p[found[0]] >= THRESHOLDS.remove_below:
            kept.add(found[0])
    return kept


@dataclass
class _Copies:
    """The document's non-blank lines (removed or not) whose ``fold`` another one has, in groups
    of the same fold, worked out once (the groups' lines, not the folds: a huge document's folds
    would take as much memory as its lines)."""

    lines: list[str]
    group: array  # per line, its group (-1: a blank line, or a fold no other line has)
    members: list[list[int]]  # per group, its lines
    unfolded: int  # the group of the lines that fold to nothing (glyphs alone), or -1
    _headline_like: dict[int, bool] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: Document) -> _Copies:
        return doc.kept(cls, lambda: cls.made(doc.lines))

    @classmethod
    def made(cls, lines: list[str]) -> _Copies:
        by_fold: dict[str, list[int]] = {}
        for i, (line, folded) in enumerate(zip(lines, folds(lines), strict=True)):
            if line:
                by_fold.setdefault(folded, []).append(i)
        group, members, unfolded = array("i", [-1]) * len(lines), [], -1
        for key, found in by_fold.items():
            if len(found) > 1:
                unfolded = len(members) if not key else unfolded
                for i in found:
                    group[i] = len(members)
                members.append(found)
        return cls(lines, group, members, unfolded)

    def headline_like(self, i: int) -> bool:
        known = self._headline_like.get(i)
        if known is None:
            known = self._headline_like[i] = looks_like_headline(self.lines[i])
        return known
