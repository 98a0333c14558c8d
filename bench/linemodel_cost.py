"""What the line model costs a page, beside what cleaning it costs, in interleaved rounds.

    .venv/bin/python bench/linemodel_cost.py [--pages 100] [--rounds 3]

On dev pages of both real-world corpora, as whole-page text (inscriptis) and as article text
(trafilatura's recall text): per page, the line table (which the detectors build anyway), the
line model's features, the trees, and a whole ``Cleaner().clean``, each timed in the same
round on the same page so that their ratios hold on a loaded machine.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.realworld.corpora import CORPORA, pages  # noqa: E402
from cleaner import Cleaner  # noqa: E402
from cleaner.document import Document  # noqa: E402
from cleaner.linemodel.features import char_classes, document_features  # noqa: E402
from cleaner.linemodel.model import shipped  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=100, help="pages a corpus")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    cleaner, forest = Cleaner(), shipped()
    char_classes()
    for track in ("text-full-inscriptis", "text-recall"):
        texts = [page.track(track) for corpus in CORPORA for page in itertools.islice(pages(corpus, split="dev"), args.pages)]
        seconds = dict.fromkeys(("table", "features", "trees", "clean"), 0.0)
        for _ in range(args.rounds):
            for text in texts:
                start = time.perf_counter()
                doc = Document.from_text(text)
                assert doc.table is not None  # built here, as the detectors build it anyway
                table = time.perf_counter()
                rows = document_features(doc)
                featured = time.perf_counter()
                forest.predict(rows)
                predicted = time.perf_counter()
                cleaner.clean(text)
                cleaned = time.perf_counter()
                seconds["table"] += table - start
                seconds["features"] += featured - table
                seconds["trees"] += predicted - featured
                seconds["clean"] += cleaned - predicted
        runs = len(texts) * args.rounds
        figures = ", ".join(f"{name} {value / runs * 1000:.2f} ms" for name, value in seconds.items())
        model = (seconds["features"] + seconds["trees"]) / seconds["clean"]
        print(f"{track}: {len(texts)} pages × {args.rounds}: {figures}; features + trees = {model:.2f} × clean")


if __name__ == "__main__":
    main()
