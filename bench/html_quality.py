"""HTML pages: trafilatura alone against the cleaner (trafilatura + [html] selectors + rules).

For each page in tests/fixtures/html/, token precision and recall of each method's text
against the page's expected body (``<outlet>.expected.txt``), and the time of each method.

    .venv/bin/python bench/html_quality.py [--repeat 200] [--pad 100]

``--pad`` times pages grown toward a real page's size (scripts, menus); quality is always
measured on the pages as they are.

Both methods extract with the same trafilatura options (metadata on, comments off, tables
on); the cleaner adds finding the URL, the outlet's prune selectors and the cleaning.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import regex
import trafilatura

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import Cleaner  # noqa: E402
from cleaner.html import clean_html  # noqa: E402

PAGES = sorted((ROOT / "tests" / "fixtures" / "html").glob("*.html"))
TOKEN = regex.compile(r"\w+")


def trafilatura_alone(cleaner: Cleaner, data: bytes) -> str:
    document = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False, include_tables=True)
    return document.text if document else ""


def the_cleaner(cleaner: Cleaner, data: bytes) -> str:
    return clean_html(cleaner, data).text


def without_selectors(cleaner: Cleaner, data: bytes) -> str:
    """The cleaner with no [html] selectors: what its other steps cost, without pruning's gain."""
    return clean_html(NO_SELECTORS, data).text


NO_SELECTORS = Cleaner()
for _outlet in NO_SELECTORS.outlets.values():
    _outlet.prune_xpath = []
METHODS = {"trafilatura": trafilatura_alone, "cleaner": the_cleaner, "no-selectors": without_selectors}


def tokens(text: str) -> Counter:
    return Counter(token.lower() for token in TOKEN.findall(text))


def scores(found: Counter, expected: Counter) -> tuple[int, int, int]:
    """Tokens in common, tokens found, tokens expected."""
    return sum((found & expected).values()), sum(found.values()), sum(expected.values())


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def measure_quality(cleaner: Cleaner) -> None:
    totals = {name: [0, 0, 0] for name in METHODS}
    print(f"{'page':<16}{'bytes':>7}  " + "  ".join(f"{name + ' P':>16}{name + ' R':>16}" for name in METHODS))
    for page in PAGES:
        data = page.read_bytes()
        expected = tokens(page.with_suffix(".expected.txt").read_text(encoding="utf-8"))
        row = f"{page.stem:<16}{len(data):>7}  "
        for name, method in METHODS.items():
            common, found, wanted = scores(tokens(method(cleaner, data)), expected)
            totals[name] = [a + b for a, b in zip(totals[name], (common, found, wanted), strict=False)]
            row += f"{ratio(common, found):>16.3f}{ratio(common, wanted):>16.3f}  "
        print(row.rstrip())
    print(f"{'all (micro)':<16}{'':>7}  " + "  ".join(f"{ratio(t[0], t[1]):>16.3f}{ratio(t[0], t[2]):>16.3f}" for t in totals.values()))


def padded(data: bytes, kilobytes: int) -> bytes:
    """The page grown toward a real page's size with what real pages carry besides the
    article: inline script data and a mega-menu of section links. The article is untouched."""
    if not kilobytes:
        return data
    links = "".join(f'<li><a href="/section/{n}">Section {n} news and analysis</a></li>' for n in range(kilobytes * 6))
    script = '{"config": [' + ",".join(f'{{"slot": {n}, "size": [300, 250]}}' for n in range(kilobytes * 12)) + "]}"
    data = data.replace(b"</head>", f"<script>window.__STATE__ = {script};</script></head>".encode(), 1)
    return data.replace(b"</body>", f'<nav class="mega-menu"><ul>{links}</ul></nav></body>'.encode(), 1)


def measure_time(cleaner: Cleaner, repeat: int, pad: int) -> None:
    pages = [padded(page.read_bytes(), pad) for page in PAGES]
    print(f"pages of {statistics.mean(len(data) for data in pages) / 1000:.0f} kB on average")
    samples: dict[str, list[float]] = {name: [] for name in METHODS}
    for method in METHODS.values():  # warm up caches and lazy imports
        for data in pages:
            method(cleaner, data)
    names = list(METHODS)
    for run in range(repeat):
        for name in names[run % len(names) :] + names[: run % len(names)]:  # interleaved, in turn first
            gc.collect()
            gc.disable()  # as timeit does: a collection would fall on whichever method runs
            start = time.process_time()
            for data in pages:
                METHODS[name](cleaner, data)
            samples[name].append((time.process_time() - start) / len(pages) * 1000)
            gc.enable()
    base = statistics.median(samples["trafilatura"])
    for name, values in samples.items():
        median = statistics.median(values)
        print(
            f"{name:<13} median {median:6.2f} ms/page  (mean {statistics.mean(values):6.2f}, "
            f"{len(values)} runs over {len(pages)} pages)  overhead {100 * (median - base) / base:+5.1f}%"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=200, help="timed runs over all pages (default %(default)s)")
    parser.add_argument("--pad", type=int, default=0, metavar="KB", help="grow each timed page by about KB kilobytes of scripts and menus")
    args = parser.parse_args()
    cleaner = Cleaner()
    print("token precision (P) and recall (R) against each page's expected body")
    measure_quality(cleaner)
    print()
    print("CPU time of this process (other processes on the machine do not count)")
    measure_time(cleaner, args.repeat, args.pad)


if __name__ == "__main__":
    main()
