"""What each detector takes on real pages, and how much of it was article.

    .venv/bin/python bench/realworld/audit.py --codes G021 G022 [--track text-full-bs4] [--split dev]

For every line that one of the detectors removed from a page of the split, how much of it is
article: the share of its 4-token shingles found in the gold (a line of fewer than four tokens:
1 when it is a whole line of the gold, else 0). Prints each detector's removed tokens, the
article tokens among them (weighted by that share) and the lines most likely to have been
article (all written to ``bench/out/audit-<track>.tsv``). Look at dev only: the test split is
for reporting.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.realworld.corpora import CORPORA, SPLITS, TRACKS, pages  # noqa: E402
from bench.realworld.metric import Gold, shingles, tokens  # noqa: E402
from cleaner import Cleaner  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--codes", nargs="+", required=True, help="detector codes to audit")
    parser.add_argument("--track", choices=[t for t in TRACKS if t != "html"], default="text-full-inscriptis")
    parser.add_argument("--split", choices=SPLITS, default="dev")
    parser.add_argument("--corpora", type=Path, default=None)
    parser.add_argument("--show", type=int, default=30, help="lines to print, most gold first")
    args = parser.parse_args()
    cleaner = Cleaner(select=["G", *args.codes])  # the default codes, and the audited ones even in preview
    removed: Counter = Counter()
    gold_removed: Counter = Counter()
    lines: list[tuple[float, str, str, str]] = []
    for corpus in CORPORA:
        for page in pages(corpus, split=args.split, corpora=args.corpora):
            gold = Gold.of(page.gold_text)
            gold_lines = {tuple(tokens(line)) for line in page.gold_text.splitlines()}
            result = cleaner.clean(page.track(args.track), url=page.url)
            if result.guarded:
                continue
            for removal in result.removals:
                if removal.rule in args.codes:
                    for line in removal.text.splitlines():
                        words = tokens(line)
                        if words:
                            share = _article_share(words, gold, gold_lines)
                            removed[removal.rule] += len(words)
                            gold_removed[removal.rule] += share * len(words)
                            lines.append((share, removal.rule, page.id, line))
    for code in args.codes:
        precision = 1 - gold_removed[code] / removed[code] if removed[code] else None
        print(f"{code}: {removed[code]} tokens removed, {gold_removed[code]:.0f} of them article, deletion precision {_figure(precision)}")
    lines.sort(key=lambda item: -item[0])
    out = ROOT / "bench" / "out" / f"audit-{args.track}.tsv"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(f"{share:.2f}\t{code}\t{pid}\t{line}\n" for share, code, pid, line in lines), encoding="utf-8")
    for share, code, pid, line in lines[: args.show]:
        print(f"{share:.2f}  {code}  {pid}  {line[:160]}")


def _article_share(words: list[str], gold: Gold, gold_lines: set[tuple[str, ...]]) -> float:
    if len(words) < 4:
        return 1.0 if tuple(words) in gold_lines else 0.0
    found = shingles(words)
    return sum((found & gold.shingles).values()) / sum(found.values())


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    main()
