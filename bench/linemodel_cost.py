"""What the line model costs a page, beside what cleaning it costs, in interleaved rounds.

    .venv/bin/python bench/linemodel_cost.py [--pages 100] [--rounds 3]
    .venv/bin/python bench/linemodel_cost.py --check [--pages N]

On dev pages of both real-world corpora, as whole-page text (inscriptis) and as article text
(trafilatura's recall text): per page, the line table (which the detectors build anyway), the
line model's features, the trees, and a whole ``Cleaner().clean`` (its confidence asked for),
each timed in the same round on the same page, in CPU time of this process, so that their
ratios hold on a loaded machine. Also how many times a clean scores a document state, and for
whom (``ASKERS``).

``--check``: the forests' probabilities against a plain walk of each tree, node by node, on
every dev page (three text tracks, the text as given and as cleaned); exit 1 if any differs by
more than 1e-6.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.realworld.corpora import CORPORA, pages  # noqa: E402
from cleaner import Cleaner, linemodel  # noqa: E402
from cleaner.document import Document  # noqa: E402
from cleaner.linemodel.features import context_features, document_features  # noqa: E402
from cleaner.linemodel.model import Forest, shipped  # noqa: E402

TRACKS = ("text-full-inscriptis", "text-recall")
#: The largest difference in probability the check allows between the forests and the walk.
TOLERANCE = 1e-6


def walked(forest: Forest, rows: np.ndarray) -> np.ndarray:
    """The forest's probabilities by walking every tree from its root, one level a step."""
    node = np.zeros((len(rows), len(forest.feature)), dtype=np.intp)
    trees = np.arange(len(forest.feature))
    for _ in range(forest.depth + 1):
        value = np.take_along_axis(rows, forest.feature[trees, node], axis=1)
        node = np.where(value <= forest.threshold[trees, node], forest.left[trees, node], forest.right[trees, node])
    return 1.0 / (1.0 + np.exp(-np.clip(forest.value[trees, node].sum(axis=1), -30, 30)))


def check(limit: int | None) -> int:
    """Every dev page's probabilities from the shipped forests against ``walked``; the exit status."""
    model, cleaner = shipped(), Cleaner()
    worst, documents, lines = 0.0, 0, 0
    for corpus in CORPORA:
        for page in itertools.islice(pages(corpus, split="dev"), limit):
            for track in (*TRACKS, "text-full-bs4"):
                text = page.track(track)
                for doc in (Document.from_text(text), Document.from_text(cleaner.clean(text, url=page.url).text)):
                    rows = document_features(doc, model.words)
                    first = model.first.predict(rows)
                    expected_first = walked(model.first, rows)
                    expected = walked(model.second, context_features(rows, expected_first))
                    worst = max(worst, float(np.abs(first - expected_first).max(initial=0.0)))
                    worst = max(worst, float(np.abs(model.predict(rows) - expected).max(initial=0.0)))
                    documents, lines = documents + 1, lines + len(rows)
    print(f"{documents} documents, {lines} lines: largest difference from a walk of the trees {worst:.2e}")
    return 0 if worst <= TOLERANCE else 1


#: What asks for the scores of a state the pipeline scores: the decision step (a generic proposal), the
#: headline (among a proposal's lines, when it has rivals), the localiser (G020), the confidence.
ASKERS = ("decide", "headline", "outside_article", "confidence")


def counting_scorings() -> Counter:
    """A counter of the times the pipeline scores a document state, from now on, by ``ASKERS``."""
    count: Counter = Counter()
    blocks = linemodel.row_blocks

    def counted(*args: object) -> Iterator[tuple[int, np.ndarray]]:
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_name not in ASKERS:
            frame = frame.f_back
        count[frame.f_code.co_name if frame is not None else "other"] += 1
        return blocks(*args)

    linemodel.row_blocks = counted
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=100, help="pages a corpus (--check: default all)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="the forests' probabilities against a walk of the trees")
    args = parser.parse_args()
    if args.check:
        sys.exit(check(args.pages if "--pages" in sys.argv else None))
    cleaner, model = Cleaner(), shipped()
    scorings = counting_scorings()
    for track in TRACKS:
        texts = [page.track(track) for corpus in CORPORA for page in itertools.islice(pages(corpus, split="dev"), args.pages)]
        seconds = dict.fromkeys(("table", "features", "trees", "clean"), 0.0)
        scorings.clear()
        for _ in range(args.rounds):
            for text in texts:
                start = time.process_time()
                doc = Document.from_text(text)
                assert doc.table is not None  # built here, as the detectors build it anyway
                table = time.process_time()
                rows = document_features(doc, model.words)
                featured = time.process_time()
                model.predict(rows)
                predicted = time.process_time()
                assert 0.0 <= cleaner.clean(text).confidence <= 1.0
                cleaned = time.process_time()
                seconds["table"] += table - start
                seconds["features"] += featured - table
                seconds["trees"] += predicted - featured
                seconds["clean"] += cleaned - predicted
        runs = len(texts) * args.rounds
        figures = ", ".join(f"{name} {value / runs * 1000:.2f} ms" for name, value in seconds.items())
        share = (seconds["features"] + seconds["trees"]) / seconds["clean"]
        askers = ", ".join(f"{name} {scorings[name] / runs:.2f}" for name in (*ASKERS, "other") if scorings[name])
        print(
            f"{track}: {len(texts)} pages × {args.rounds}: {figures}; features + trees = {share:.2f} × clean; "
            f"{scorings.total() / runs:.2f} scorings a clean ({askers})"
        )


if __name__ == "__main__":
    main()
