"""The localiser's model: a small neural network (one hidden layer) over the line features
gives each line the probability that it belongs to the article; a two-state Viterbi pass over those probabilities
finds the article block(s), so a short line inside the article stays and a lone prose-like
line far from it goes.

The weights and the decision settings come from ``bench/realworld/train_localiser.py``,
trained on the dev split of the real-world corpora, and ship as ``weights.json``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from ..table import whole_line_lists
from ..text import looks_like_headline, phrase_key
from .features import FEATURES, document_features

WEIGHTS_FILE = Path(__file__).parent / "weights.json"


@dataclass(frozen=True)
class Decision:
    """How line probabilities become the lines to remove."""

    switch: float  # cost of moving between article and page in the Viterbi pass, in nats
    lean: float  # added to each line's log-odds of being article: precision first
    min_share: float  # the localiser engages only when it would remove at least this share of the characters…
    min_chars: int  # … and at least this many characters
    keep_above: int  # headline-like lines kept just above the first article block (headline, deck, byline)…
    keep_floor: float  # … when the model gives them at least this probability
    rescue: float  # lines between the first and the last article line stay from this probability up

    def article(self, lines: list[str], probabilities: list[float]) -> list[bool]:
        """Which lines are the article's: the Viterbi pass's article blocks, and the
        headline-like lines just above the first one (all False when it finds no article)."""
        article = viterbi(probabilities, self.switch, self.lean)
        if not any(article):
            return article
        first, last = article.index(True), len(article) - 1 - article[::-1].index(True)
        for n in range(first, last):
            article[n] = article[n] or probabilities[n] >= self.rescue
        for n in range(first - 1, max(-1, first - 1 - self.keep_above), -1):
            if probabilities[n] < self.keep_floor or not looks_like_headline(lines[n]) or phrase_key(lines[n]) in whole_line_lists():
                break
            article[n] = True
        return article

    def remove(self, lines: list[str], probabilities: list[float]) -> list[int]:
        """Indices of the lines outside the article, or none when it finds no article or
        too little would go."""
        article = self.article(lines, probabilities)
        if not any(article):
            return []
        removed = [n for n, kept in enumerate(article) if not kept]
        chars = sum(len(lines[n]) for n in removed)
        if chars < self.min_chars or chars < self.min_share * sum(map(len, lines)):
            return []
        return removed


@dataclass(frozen=True)
class Model:
    hidden: np.ndarray  # features × units, on the raw feature values
    hidden_bias: np.ndarray
    output: np.ndarray  # units
    output_bias: float
    decision: Decision

    @classmethod
    def from_json(cls, data: dict) -> Model:
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{WEIGHTS_FILE}: trained on other features than cleaner.localiser.features has")
        return cls(
            np.array(data["hidden"]),
            np.array(data["hidden_bias"]),
            np.array(data["output"]),
            data["output_bias"],
            Decision(**data["decision"]),
        )

    def to_json(self) -> dict:
        return {
            "features": list(FEATURES),
            "hidden": np.round(self.hidden, 6).tolist(),
            "hidden_bias": np.round(self.hidden_bias, 6).tolist(),
            "output": np.round(self.output, 6).tolist(),
            "output_bias": round(float(self.output_bias), 6),
            "decision": vars(self.decision),
        }

    def probabilities(self, lines: list[str]) -> list[float]:
        """Each line's probability of belonging to the article."""
        if not lines:
            return []
        return self.predict(np.array(document_features(lines))).tolist()

    def predict(self, rows: np.ndarray) -> np.ndarray:
        """Article probabilities of feature rows."""
        units = np.maximum(rows @ self.hidden + self.hidden_bias, 0.0)
        return 1 / (1 + np.exp(-np.clip(units @ self.output + self.output_bias, -30, 30)))


_FLOOR = 1e-6


def viterbi(probabilities: list[float], switch: float, lean: float = 0.0) -> list[bool]:
    """The likeliest article/page labelling of a sequence of lines, each switch costing ``switch``
    and each line's log-odds of being article raised by ``lean``."""
    if not probabilities:
        return []
    back: list[tuple[bool, bool]] = []  # for each line: was the best path into (page, article) from article?
    page, article = 0.0, 0.0
    for p in probabilities:
        p = min(max(p, _FLOOR), 1 - _FLOOR)
        page_from_article = article + switch < page
        article_from_article = article <= page + switch
        page, article = (
            min(page, article + switch) - math.log(1 - p) + lean,
            min(article, page + switch) - math.log(p),
        )
        back.append((page_from_article, article_from_article))
    state = article <= page
    path = [state] * len(probabilities)
    for n in range(len(probabilities) - 1, 0, -1):
        path[n] = state
        state = back[n][1] if state else back[n][0]
    path[0] = state
    return path


@cache
def shipped() -> Model:
    """The model in ``weights.json``, loaded once."""
    return Model.from_json(json.loads(WEIGHTS_FILE.read_text(encoding="utf-8")))


@lru_cache(maxsize=4)
def probabilities(lines: tuple[str, ...]) -> tuple[float, ...]:
    """The shipped model's probabilities for a document's lines (remembered: the pipeline asks
    again on its confirming pass, and for the document's confidence)."""
    return tuple(shipped().probabilities(list(lines)))
