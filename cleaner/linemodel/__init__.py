"""The line model: each line's probability of being article, and the two thresholds that use it.

    from cleaner.linemodel import article_probabilities, confidence, THRESHOLDS
    p = article_probabilities(doc)      # one float per doc.lines index; lines not live (blank, removed): 1.0
    THRESHOLDS.remove_below             # localisation removes a live line when p < this
    THRESHOLDS.keep_above               # a generic detector's proposal is overruled on lines with p >= this

Between the two a line is "unsure": localisation keeps it, a detector's proposal stands.
The scores depend on the live lines only (not on the layout) and are computed once per
document state (the set of removed lines); ``confidence`` reuses them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..document import Document
from ..localiser.model import probabilities as _localiser_probabilities


@dataclass(frozen=True)
class Thresholds:
    """Where a line's article probability decides."""

    remove_below: float  # localisation removes a live line below this
    keep_above: float  # a generic detector's proposal is overruled from this up


THRESHOLDS = Thresholds(remove_below=0.05, keep_above=0.9)

_CACHE = "_linemodel_probabilities"


def article_probabilities(doc: Document) -> np.ndarray:
    """Each line's probability of being article (float array over ``doc.lines``; 1.0 for lines
    that are not live), remembered on the document until a line is removed."""
    state = len(doc.removed)
    cached = doc.__dict__.get(_CACHE)
    if cached is not None and cached[0] == state:
        return cached[1]
    live = doc.live()
    scores = np.ones(len(doc.lines))
    if live:
        scores[live] = _localiser_probabilities(tuple(doc.lines[i] for i in live))
    doc.__dict__[_CACHE] = (state, scores)
    return scores


def confidence(doc: Document) -> float:
    """How sure the model is that the live lines are all article: the mean of their article
    probabilities weighted by length (1.0 for no text)."""
    live = doc.live()
    if not live:
        return 1.0
    lengths = np.array([len(doc.lines[i]) for i in live], dtype=float)
    return float(article_probabilities(doc)[live] @ lengths / lengths.sum())
