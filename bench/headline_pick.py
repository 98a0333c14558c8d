"""How often the line model's headline (``linemodel.headline_positions``' first) is the page's,
on the dev split's whole-page text tracks (inscriptis and bs4).

    .venv/bin/python bench/headline_pick.py

Per corpus: of the samples whose text holds the page's h1 (``extract_html``'s headline) or the
gold title as a line (or two lines in a row), how many the headline is (one of) those lines; and
the rank of the h1 among the candidates (``HEADLINE_CANDIDATES`` of them: localisation keeps them all).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.realworld.corpora import CORPORA, pages  # noqa: E402
from cleaner import Cleaner, InputError  # noqa: E402
from cleaner.html import extract_html  # noqa: E402
from cleaner.linemodel import headline_positions  # noqa: E402
from cleaner.text import fold  # noqa: E402

TRACKS = ("text-full-inscriptis", "text-full-bs4")


def lines_saying(lines: list[str], headline: str) -> set[int]:
    """The lines that read as ``headline``, alone or with the next line."""
    key = fold(headline)
    found = {n for n, line in enumerate(lines) if fold(line) == key}
    return found | {m for n in range(len(lines) - 1) if fold(lines[n]) + fold(lines[n + 1]) == key for m in (n, n + 1)}


def main() -> None:
    cleaner = Cleaner()
    for corpus in CORPORA:
        counts, ranks = Counter(), Counter()
        for page in pages(corpus, split="dev"):
            try:
                h1 = extract_html(cleaner, page.html, url=page.url).headline
            except InputError:
                h1 = None
            for track in TRACKS:
                lines = [line.strip() for line in page.track(track).splitlines() if line.strip()]
                candidates = headline_positions(lines)
                for name, headline in (("h1", h1), ("title", page.gold_title)):
                    said = lines_saying(lines, headline) if headline and fold(headline) else set()
                    if said:
                        counts[name, "samples"] += 1
                        counts[name, "headline"] += bool(candidates) and candidates[0] in said
                        if name == "h1":
                            ranks[next((n + 1 for n, line in enumerate(candidates) if line in said), "none")] += 1
        for name in ("h1", "title"):
            print(f"{corpus} {name}: the headline on {counts[name, 'headline']} of {counts[name, 'samples']} samples")
        print(f"{corpus} h1's rank among the candidates: {dict(sorted(ranks.items(), key=str))}")


if __name__ == "__main__":
    main()
