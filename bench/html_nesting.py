"""Deeply nested HTML (#23): seconds to clean a page of N nested divs, a link in each.

    .venv/bin/python bench/html_nesting.py [--depths 5000 20000 100000]

So little of such a page is article text that its whole text is read for the second opinion,
the path that was quadratic in the depth. The figure to hold: 20,000 nested divs clean in under
5 s. lxml's HTML parser (trafilatura's ``load_html``, which the cleaner parses with) keeps about
255 levels of nesting and drops what lies deeper, so past that depth a page is read as its first
255 levels. Results in bench/results/html-nesting.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import Cleaner  # noqa: E402
from cleaner.html import extract_html  # noqa: E402


def nested_page(depth: int) -> str:
    article = "<p>" + "An article sentence that says something. " * 5 + "</p>"
    opening = "".join(f"<div><a href='/story-{n}'>Link number {n}</a>\n" for n in range(depth))
    return f"<html><head><title>Nested</title></head><body>{article}{opening}{'</div>' * depth}</body></html>"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--depths", type=int, nargs="+", default=[5000, 20000, 100000])
    args = parser.parse_args()
    cleaner = Cleaner()
    extract_html(cleaner, nested_page(10))  # trafilatura and the model loaded before the clock starts
    results = {}
    for depth in args.depths:
        page = nested_page(depth)
        start = time.perf_counter()
        extracted = extract_html(cleaner, page)
        cleaner.clean(extracted.text)
        seconds = time.perf_counter() - start
        results[str(depth)] = {"mb": round(len(page) / 1e6, 2), "s": round(seconds, 3), "extractor": extracted.extractor}
        print(depth, results[str(depth)], flush=True)
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "html-nesting.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
