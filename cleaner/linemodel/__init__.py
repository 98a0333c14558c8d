"""The line model: each line's probability of being article, and the settings that use it.

    from cleaner.linemodel import article_probabilities, confidence, outside_article, THRESHOLDS
    p = article_probabilities(doc)      # one float per doc.lines index; lines not live (blank, removed): 1.0
    THRESHOLDS.remove_below             # localisation removes a live line when p < this…
    THRESHOLDS.keep_above_for(n)        # a generic detector's proposal is overruled on lines with p >= this (n live lines)
    outside_article(doc)                # the live lines localisation removes (engage rule, headline kept)
    confidence(doc)                     # length-weighted mean p of the live lines (the same scores)

Between the two thresholds a line is "unsure": localisation keeps it, a detector's proposal
stands. The scores are a function of the live lines' texts, in order, only (not of removed or
blank lines, nor of the layout) and are computed once per document state (its removed lines).
So when the pipeline runs its steps, localisation included, to a fixed point (until a pass
removes nothing), cleaning its output again starts from the state of its last pass and removes
nothing more: idempotence holds by construction. (A decision made on the scores of an earlier
state and never checked on the final one would not have this.) Scoring costs about what the
line features of the whole document cost: a decision step may take the scores once a pass;
they are recomputed only when asked for after a removal. The model, its training data and its
dev figures: MODEL.md.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

import numpy as np

from ..document import Document
from ..table import whole_line_lists
from ..text import looks_like_headline, looks_like_prose, phrase_key
from .features import SCORE_WINDOWS, densest_block, document_features
from .model import WEIGHTS_FILE, shipped


@dataclass(frozen=True)
class Thresholds:
    """Where a line's article probability decides (chosen on dev by ``train_linemodel.py``)."""

    remove_below: float  # localisation removes a live line below this…
    min_share: float  # … when at least this share of the live characters would go…
    min_chars: int  # … and at least this many characters (a document that is all article loses nothing)
    keep_above: float  # a generic detector's proposal is overruled on lines from this up…
    keep_above_short: float  # … in a short document (fewer live lines than ``SHORT_DOCUMENT``), from this up

    def keep_above_for(self, live_lines: int) -> float:
        """Where a document of ``live_lines`` overrules a generic detector's proposal. In a short
        document the second forest's widest window (±25 lines) spans the whole of it, so a score
        reads little of the page around a line: on dev, a short document's proposals (mostly
        trafilatura's article text) were right where the model was unsure of them."""
        return self.keep_above_short if live_lines < SHORT_DOCUMENT else self.keep_above


#: A document of fewer live lines is short: twice the widest window of the model's sequence step.
SHORT_DOCUMENT = 2 * max(SCORE_WINDOWS)


_CACHE = "_linemodel_probabilities"


def __getattr__(name: str) -> Thresholds:
    if name == "THRESHOLDS":  # read from the weights file when first asked for
        return _thresholds()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _thresholds() -> Thresholds:
    """The thresholds of the weights file, read without its forests (so the trainer imports the
    cleaner while the shipped forests read other features than ``features.names()``)."""
    return Thresholds(**json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))["about"]["thresholds"])


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
        scores[live] = shipped().predict(document_features(doc))
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


def headline(doc: Document) -> int | None:
    """The live line taken for the headline (``headline_position``), as a ``doc.lines`` index."""
    live = doc.live()
    found = headline_position([doc.lines[i] for i in live], article_probabilities(doc)[live])
    return None if found is None else live[found]


#: How far above the article's first prose line the headline is looked for, in lines.
HEADLINE_REACH = 8


def headline_position(lines: list[str], p: np.ndarray) -> int | None:
    """Of the headline-like lines (two words or more, and no label of the lexicon's, such as "Share
    this article") just above the densest prose block, the
    likeliest article; of its near copies (punctuation and case aside) just above it, the first."""
    chars = np.array([len(line) for line in lines], dtype=float)
    prose = np.array([looks_like_prose(line) for line in lines]) * chars
    first, last = densest_block(prose, chars)
    if last < first:
        return None
    labels = whole_line_lists()
    candidates = [
        n
        for n in range(max(0, first - HEADLINE_REACH), first + 1)
        if looks_like_headline(lines[n]) and len(lines[n].split()) >= 2 and phrase_key(lines[n]) not in labels
    ]
    if not candidates:
        return None
    best = max(candidates, key=lambda n: (p[n], n))
    key = _words(lines[best])
    return next(n for n in range(max(0, best - HEADLINE_REACH), best + 1) if _words(lines[n]) == key)


def _words(line: str) -> str:
    return " ".join(_WORD.findall(line.casefold()))


_WORD = re.compile(r"\w+")


def outside_article(doc: Document) -> list[int]:
    """The live lines that localisation removes: those under ``remove_below``, when they hold at
    least ``min_share`` of the live characters and ``min_chars``; never the headline."""
    settings = __getattr__("THRESHOLDS")
    live = doc.live()
    lines = [doc.lines[i] for i in live]
    return [live[n] for n in localised(lines, article_probabilities(doc)[live], settings)]


def localised(lines: list[str], p: np.ndarray, settings: Thresholds) -> list[int]:
    """``outside_article`` on the live lines and their scores: positions of the lines to remove."""
    out = p < settings.remove_below
    top = headline_position(lines, p)
    if top is not None:
        out[top] = False
    chars = np.array([len(line) for line in lines], dtype=float)
    gone = chars[out].sum()
    if gone < settings.min_chars or gone < settings.min_share * chars.sum():
        return []
    return np.flatnonzero(out).tolist()
