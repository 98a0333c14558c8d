"""Cleaning time per document in one process, on real text and on adversarial shapes.

    .venv/bin/python bench/speed.py [--rounds 5] [--corpora DIR] [--quick]

Every figure is the best of ``--rounds`` rounds, and the rounds interleave all measures, so
that the ratios hold on a shared, noisy machine even when the absolute times do not.

- Real text (bench/realworld/corpora.py, both corpora): article-sized text (trafilatura's
  ``text-recall`` extraction) and whole pages (``text-full-inscriptis``), and the seeds; ms per
  document, and the ratio to a bare split/strip/join of the same text in memory (the floor).
- Adversarial shapes: teaser chains ("Check Also" blocks to the end) of 1k/4k/16k lines, 16,000
  "N comments" lines, 16,000 dated table rows, an outlet's cut-to-end marker every 10 lines,
  50,000 short lines, a 5 MB page, one 10 MB line; each one's cost per line against that of
  a 1,000-line article of real text (the target: at most 3×).

Results in bench/results/speed.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.realworld.corpora import CORPORA, DEFAULT_CORPORA, pages  # noqa: E402
from cleaner import Cleaner  # noqa: E402
from cleaner.text import split_lines  # noqa: E402

CUT_RULES = """[outlet]
name = "Cascade Gazette"
domains = ["cascade.example"]

[[rule]]
id = "more-from"
kind = "cut-to-end"
why = "links to other stories"
pattern = 'More from the Gazette'
"""


def floor(texts: list[str]) -> None:
    for text in texts:
        "\n".join(line.strip() for line in split_lines(text))


def real_texts(corpora: Path, track: str, limit: int | None) -> list[tuple[str, str]]:
    found = [(page.track(track), page.url) for corpus in CORPORA for page in pages(corpus, corpora=corpora)]
    return [(text, url) for text, url in found if text.strip()][:limit]


def prose_lines(texts: list[tuple[str, str]]) -> list[str]:
    """Prose lines of real articles, each made unique by a token of its own."""
    lines = [line for text, _ in texts for line in split_lines(text) if len(line) > 80]
    return [f"{line} (ref {_token(n)})" for n, line in enumerate(lines)]


def _token(n: int) -> str:
    """A word of letters only, different for every ``n`` (digits would read as dates)."""
    letters = ""
    while True:
        n, rest = divmod(n, 26)
        letters += chr(ord("a") + rest)
        if not n:
            return "zq" + letters


def article(prose: list[str], lines: int, start: int = 0) -> str:
    """An article of ``lines`` non-blank lines: a headline, then paragraphs, blank lines between."""
    body = prose[start : start + lines - 1]
    return "\n\n".join(["How the river was cleaned", *body]) + "\n"


def adversarial(prose: list[str], whole_pages: list[tuple[str, str]]) -> dict[str, tuple[str, int]]:
    """Each shape's text and its number of non-blank lines."""
    shapes: dict[str, tuple[str, int]] = {}
    for total in (1000, 4000, 16000):
        blocks = [
            f"Check Also\nTeaser headline number {_token(k)} of the chain\nThe teaser text of another story, {_token(k)}."
            for k in range(total // 6)
        ]
        text = article(prose, total // 2) + "\n".join(blocks) + "\n"
        shapes[f"teaser_chain_{total // 1000}k"] = (text, total // 2 + 3 * len(blocks))
    comments = [f"{k % 97 + 2} comments" for k in range(16000)]
    shapes["comment_markers_16k"] = (article(prose, 1000) + "\n".join(comments) + "\n", 17000)
    rows = [f"| {k % 12 + 1}/1/{2000 + k % 25} | +{k % 20}.{k % 10}% |" for k in range(16000)]
    shapes["dated_rows_16k"] = (article(prose, 50) + "\n".join(rows) + "\n" + article(prose, 50, 50), 16100)
    cut = [line if k % 10 else "More from the Gazette" for k, line in enumerate(prose[1000:17000])]
    shapes["cut_to_end_markers_16k"] = (article(prose, 500) + "\n".join(cut) + "\n", 16500)
    short = [f"Item {_token(k)}" if k % 3 else "Menu" for k in range(50000)]
    shapes["short_lines_50k"] = ("\n".join(short) + "\n", 50000)
    page, size = [], 0
    for text, _ in whole_pages:
        page.append(text)
        size += len(text.encode("utf-8"))
        if size >= 5_000_000:
            break
    big = "\n".join(page)
    shapes["page_5mb"] = (big, sum(1 for line in split_lines(big) if line.strip()))
    line, size = [], 0
    for text in prose:
        line.append(text)
        size += len(text) + 1
        if size >= 10_000_000:
            break
    shapes["one_line_10mb"] = (" ".join(line), 1)
    return shapes


def best(rounds: int, measures: dict[str, Callable[[], None]]) -> dict[str, float]:
    """Seconds of each measure, best of ``rounds`` interleaved rounds."""
    times = {name: float("inf") for name in measures}
    for _ in range(rounds):
        for name, run in measures.items():
            start = time.perf_counter()
            run()
            times[name] = min(times[name], time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--quick", action="store_true", help="a few documents and the smaller shapes only (to try the script)")
    args = parser.parse_args()
    limit = 50 if args.quick else None
    cleaner = Cleaner()
    seeds = [(p.read_text(encoding="utf-8"), p.relative_to(ROOT).as_posix()) for p in sorted((ROOT / "seeds").rglob("*.txt"))]
    real = {
        "article": real_texts(args.corpora, "text-recall", limit),
        "whole_page": real_texts(args.corpora, "text-full-inscriptis", limit),
    }

    measures: dict[str, Callable[[], None]] = {}
    for name, docs in real.items():
        measures[name] = lambda docs=docs: [cleaner.clean(text, url=url) for text, url in docs]
        measures[f"{name}_floor"] = lambda docs=docs: floor([text for text, _ in docs])
    measures["seeds"] = lambda: [cleaner.clean(text, path=path) for text, path in seeds]
    measures["seeds_floor"] = lambda: floor([text for text, _ in seeds])
    times = best(args.rounds, measures)
    results: dict = {"rounds": args.rounds, "real_text": {}}
    for name, docs in [*real.items(), ("seeds", seeds)]:
        chars = sum(len(text) for text, _ in docs)
        results["real_text"][name] = {
            "documents": len(docs),
            "kb_per_doc": round(chars / len(docs) / 1000, 1),
            "ms_per_doc": round(times[name] / len(docs) * 1000, 3),
            "mb_per_s": round(chars / 1e6 / times[name], 2),
            "ratio_to_floor": round(times[name] / times[f"{name}_floor"], 1),
        }
        print(name, results["real_text"][name], flush=True)

    prose = prose_lines(real["article"] if not args.quick else real_texts(args.corpora, "text-recall", 400))
    shapes = adversarial(prose, real["whole_page"])
    if args.quick:
        shapes = {name: shape for name, shape in shapes.items() if name in ("teaser_chain_1k", "teaser_chain_4k", "short_lines_50k")}
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "cascade-gazette.toml").write_text(CUT_RULES, encoding="utf-8")
        with_cut = Cleaner([Path(folder)])
    reference = article(prose, 1000)
    shape_measures: dict[str, Callable[[], None]] = {"article_1000_lines": lambda: cleaner.clean(reference)}
    for name, (text, _) in shapes.items():
        runner, hint = (with_cut, "https://cascade.example/a") if name.startswith("cut_to_end") else (cleaner, None)
        shape_measures[name] = lambda text=text, runner=runner, hint=hint: runner.clean(text, url=hint)
    times = best(max(1, args.rounds // 2), shape_measures)
    per_line = times["article_1000_lines"] / 1000
    results["adversarial"] = {
        "article_1000_lines": {"lines": 1000, "s": round(times["article_1000_lines"], 4), "us_per_line": round(per_line * 1e6, 2)}
    }
    for name, (text, lines) in shapes.items():
        # one 10 MB line is one line: its cost is set against the article's per character instead
        if lines == 1:
            ratio = times[name] / len(text) / (times["article_1000_lines"] / len(reference))
        else:
            ratio = times[name] / lines / per_line
        results["adversarial"][name] = {
            "lines": lines,
            "mb": round(len(text.encode("utf-8")) / 1e6, 2),
            "s": round(times[name], 3),
            "us_per_line": round(times[name] / lines * 1e6, 2),
            "ratio_to_article": round(ratio, 2),
        }
        print(name, results["adversarial"][name], flush=True)
    if not args.quick:
        (ROOT / "bench" / "results").mkdir(exist_ok=True)
        (ROOT / "bench" / "results" / "speed.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
