"""Train the article localiser (G020) on the dev split of the real-world corpora.

    .venv/bin/pip install -e '.[train,bench]'
    .venv/bin/python -m bench.realworld.train_localiser [--corpora DIR]

Labels come from the gold: a line is article when its words are the gold's (four words and
more: half its 4-word shingles are in the gold; shorter: it is a line of the gold, or the
title). Every text track of every dev page gives training lines. The model is a network with
one hidden layer (scikit-learn's MLPClassifier) over ``cleaner.localiser.features``; the decision
settings (the Viterbi switch cost and lean, when the localiser engages, the lines kept above the
article) are chosen by cross-validation over dev sites, never looking at the test split. Writes
``cleaner/localiser/weights.json`` and ``cleaner/lexicon/stopwords.json`` (the commonest words of jusText's
stop lists). Deterministic: the same data give the same files.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from bench.realworld import metric
from bench.realworld.corpora import CORPORA, pages
from cleaner.document import split_lines
from cleaner.lexicon import STOPWORDS_FILE, stopwords
from cleaner.localiser import features as localiser_features
from cleaner.localiser.features import document_features
from cleaner.localiser.model import WEIGHTS_FILE, Decision, Model

TEXT_TRACKS = ("text-recall", "text-full-inscriptis", "text-full-bs4")
#: Words taken from the top of each jusText stop list (they are ordered by frequency).
STOPWORDS_PER_LANGUAGE = 100
FOLDS = 3
SEED = 12
HIDDEN_UNITS = 16
#: Passes over the training lines (the loss has settled by then; more only fits the dev sites).
EPOCHS = 40


def write_stopwords() -> None:
    import justext

    folder = Path(justext.__file__).parent / "stoplists"
    words: set[str] = set()
    for path in sorted(folder.glob("*.txt")):
        top = [w.strip().casefold() for w in path.read_text(encoding="utf-8").splitlines() if w.strip()]
        words.update(top[:STOPWORDS_PER_LANGUAGE])
    STOPWORDS_FILE.write_text(json.dumps(sorted(words), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    stopwords.cache_clear()
    localiser_features.line_features.cache_clear()


@dataclass
class Doc:
    site: str
    corpus: str
    track: str
    lines: list[str]
    labels: list[int]
    rows: np.ndarray

    @cached_property
    def tokens(self) -> list[str]:
        """Each line's words, lower-cased, space-separated."""
        return [" ".join(metric.tokens(line)) for line in self.lines]

    @cached_property
    def words(self) -> np.ndarray:
        return np.array([len(metric.tokens(line)) for line in self.lines])


def labels(lines: list[str], gold_text: str, title: str) -> list[int]:
    gold_words = metric.tokens(gold_text)
    gold_shingles = set(metric.shingles(gold_words))
    gold_lines = {" ".join(metric.tokens(line)) for line in [*split_lines(gold_text), title]}
    out = []
    for line in lines:
        words = metric.tokens(line)
        if len(words) < metric.SHINGLE:
            out.append(int(bool(words) and " ".join(words) in gold_lines))
        else:
            found = metric.shingles(words)
            out.append(int(sum(s in gold_shingles for s in found) >= 0.5 * len(found)))
    return out


def load(corpora: Path | None) -> list[Doc]:
    docs = []
    for corpus in CORPORA:
        for page in pages(corpus, split="dev", corpora=corpora):
            if not metric.tokens(page.gold_text):
                continue
            for track in TEXT_TRACKS:
                lines = [line.strip() for line in split_lines(page.track(track)) if line.strip()]
                if not lines:
                    continue
                rows = np.array(document_features(lines))
                docs.append(Doc(page.site, corpus, track, lines, labels(lines, page.gold_text, page.gold_title), rows))
    return docs


def fit(docs: list[Doc], decision: Decision) -> Model:
    """The network, trained on standardised features, its first layer then put on the raw features."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    x = np.vstack([d.rows for d in docs])
    y = np.concatenate([d.labels for d in docs])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    network = MLPClassifier(hidden_layer_sizes=(HIDDEN_UNITS,), alpha=1e-3, max_iter=EPOCHS, random_state=SEED)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        network.fit((x - mean) / scale, y)
    hidden = network.coefs_[0] / scale[:, None]
    hidden_bias = network.intercepts_[0] - mean @ hidden
    return Model(hidden, hidden_bias, network.coefs_[1][:, 0], float(network.intercepts_[1][0]), decision)


def evaluate(docs: list[Doc], probs: list[np.ndarray], decision: Decision) -> dict[str, dict]:
    """For one set of decision settings, per track: the metric's figures measured on the
    labelled lines' words (fast enough to try many settings; ``run.py`` then measures the
    chosen model with the metric itself). An article line removed while its words stay
    elsewhere (a headline repeated in a teaser, a menu naming a subheading) counts as kept."""
    sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for doc, p in zip(docs, probs, strict=True):
        words, gold = doc.words, np.array(doc.labels, dtype=bool)
        kept = np.ones(len(doc.lines), dtype=bool)
        kept[decision.remove(doc.lines, list(p))] = False
        left = " " + " ".join(doc.tokens[n] for n in np.flatnonzero(kept)) + " "
        lost = ~kept & gold
        lost[lost] = [f" {doc.tokens[n]} " not in left for n in np.flatnonzero(lost)]
        found = sums[doc.track]
        found["pages"] += 1
        found["precision"] += words[kept & gold].sum() / max(1, words[kept].sum())
        found["recall"] += words[kept & gold].sum() / max(1, words[gold].sum())
        found["removed"] += words[~kept].sum()
        found["removed_gold"] += words[lost].sum()
        found["deleted"] += bool((lost & (words >= 5)).any())
    out = {}
    for track, found in sums.items():
        precision, recall = found["precision"] / found["pages"], found["recall"] / found["pages"]
        out[track] = {
            "f1": round(2 * precision * recall / (precision + recall), 4),
            "deletion_precision": round(1 - found["removed_gold"] / found["removed"], 4) if found["removed"] else 1.0,
            "deleted": round(found["deleted"] / found["pages"], 4),
        }
    return out


def objective(summaries: dict[str, dict]) -> float:
    """Mean F1 over the tracks, less a steep cost for each point of deletion precision under
    the targets and for each point of pages with a deleted article line over 2%."""
    total = 0.0
    for track, found in summaries.items():
        floor = 0.97 if track == "text-recall" else 0.98
        total += found["f1"] - 5 * max(0.0, floor - found["deletion_precision"]) - 2 * max(0.0, found["deleted"] - 0.02)
    return total / len(summaries)


GRID = [
    Decision(switch=switch, lean=lean, min_share=share, min_chars=200, keep_above=3, keep_floor=0.05, rescue=rescue)
    for switch in (3.0, 6.0)
    for lean in (1.0, 2.0, 3.0)
    for share in (0.05, 0.15, 0.3)
    for rescue in (0.5, 0.8, 1.0)
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, help="folder holding fundus-news/ and wcxb-dev-articles/")
    args = parser.parse_args(argv)
    write_stopwords()
    docs = load(args.corpora)
    sites = sorted({d.site for d in docs})
    rng = np.random.default_rng(SEED)
    fold_of = dict(zip(sites, rng.permutation(len(sites)) % FOLDS, strict=True))
    print(f"{len(docs)} documents from {len(sites)} dev sites, {sum(len(d.lines) for d in docs)} lines", file=sys.stderr)
    probs: list[np.ndarray] = [np.zeros(0)] * len(docs)
    for fold in range(FOLDS):
        model = fit([d for d in docs if fold_of[d.site] != fold], GRID[0])
        for n, d in enumerate(docs):
            if fold_of[d.site] == fold:
                probs[n] = model.predict(d.rows)
    best = None
    for decision in GRID:
        summaries = evaluate(docs, probs, decision)
        value = objective(summaries)
        print(f"  {decision}: {value:.4f}", file=sys.stderr)
        if best is None or value > best[0]:
            best = (value, decision, summaries)
    value, decision, summaries = best
    print(f"chosen: {decision}, objective {value:.4f}", file=sys.stderr)
    for track, found in sorted(summaries.items()):
        print(f"  cross-validated {track}: {found}", file=sys.stderr)
    model = fit(docs, decision)
    WEIGHTS_FILE.write_text(json.dumps(model.to_json()) + "\n", encoding="utf-8")
    print(f"wrote {WEIGHTS_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
