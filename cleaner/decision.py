"""The decision step: the only place that turns proposals into removals.

Outlet rules, generic detectors and the site's furniture (S001) each propose lines to remove, and
why; ``Decision.decide`` removes what it accepts (``doc.remove``) and records what it overrules
(``doc.overruled``, read beside ``doc.removals`` by explain and the JSON output).

A detector proposes, the model disposes: an outlet rule file's proposal is binding (its author
chose), but of a generic detector's or S001's proposal the lines that the line model is sure are
article (``p_article >= THRESHOLDS.keep_above``) stay, and so does the document's headline.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .document import Document, Overruling
from .linemodel import THRESHOLDS, article_probabilities
from .text import fold, looks_like_headline

__all__ = ["Decision", "Overruling", "Proposal", "headline"]


@dataclass(frozen=True)
class Proposal:
    """Lines a rule or detector would remove (0-based document indices), and why. ``binding``: an
    outlet rule file's, which is never overruled; generic detectors and S001 propose unbound."""

    rule: str
    why: str
    lines: list[int]
    binding: bool


class Decision:
    """Removes a binding proposal as proposed; of any other, the lines the model puts out of the
    article or is unsure of, but never the headline (``headline``).

    The model scores the document once a pass (``begin_pass``): within a pass the scores are the
    ones of the document as the pass began. A pass that removes nothing (the last) decides on the
    scores of the document as it ends, as cleaning the output again would.
    """

    _held: tuple[Document, np.ndarray] | None = None  # the document of this pass, and its scores

    def begin_pass(self) -> None:
        self._held = None

    def scores(self, doc: Document) -> np.ndarray:
        if self._held is None or self._held[0] is not doc:
            self._held = (doc, article_probabilities(doc))
        return self._held[1]

    def decide(self, doc: Document, proposal: Proposal) -> None:
        lines = sorted(set(proposal.lines) - doc.removed)
        if not lines:
            return
        if proposal.binding:
            self._remove(doc, lines, proposal)
            return
        p = self.scores(doc)
        kept = {i for i in lines if p[i] >= THRESHOLDS.keep_above} | ({headline(doc, p)} & set(lines))
        recorded = {(o.rule, o.line) for o in doc.overruled}
        doc.overruled += [
            Overruling(proposal.rule, i, doc.lines[i], round(float(p[i]), 3)) for i in sorted(kept) if (proposal.rule, i) not in recorded
        ]
        self._remove(doc, [i for i in lines if i not in kept], proposal)

    @staticmethod
    def _remove(doc: Document, lines: list[int], proposal: Proposal) -> None:
        doc.remove(lines, proposal.rule, proposal.why)
        if doc.overruled and lines:
            doc.overruled[:] = [o for o in doc.overruled if o.line not in doc.removed]  # another proposal took it


#: The headline is looked for among this many live lines above the article's first line of prose…
HEADLINE_WITHIN = 5
#: … the first line that does not read as a headline and that the model finds likelier article than not.
LIKELIER_ARTICLE = 0.5


def headline(doc: Document, p: np.ndarray | None = None) -> int | None:
    """The document's headline: of the lines that read as a headline (short, not ending like a
    sentence) among the few just above the article's first line of prose, the likeliest article;
    of near-duplicate copies of it (differing in case, quotes, colons), the first. None when the
    model finds no line of prose likelier article than not, or no such line stands above it."""
    p = article_probabilities(doc) if p is None else p
    live = doc.live()
    body = next((n for n, i in enumerate(live) if p[i] >= LIKELIER_ARTICLE and not looks_like_headline(doc.lines[i])), None)
    if body is None:
        return None
    above = [i for i in live[max(0, body - HEADLINE_WITHIN) : body] if looks_like_headline(doc.lines[i])]
    if not above:
        return None
    best = max(above, key=lambda i: p[i])
    key = fold(doc.lines[best])
    return next(i for i in live if fold(doc.lines[i]) == key)
