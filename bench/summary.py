"""The README's two tables of figures, made from the committed results (one home for each figure):

- ``realworld``, from ``bench/results/realworld-{dev,test}.json``: the cleaner's F1, deletion
  precision and pages losing an article sentence on every track, dev and test side by side, beside
  doing nothing and trafilatura alone, each of issue 21's targets checked on the test split;
- ``speed``, from ``bench/results/against-a058409.json`` (``bench/against.py``): this tree against
  the first release, each of issue 24's targets checked.

The README holds each between two markers, and a test checks that they are these tables.

    .venv/bin/python bench/summary.py          # print them
    .venv/bin/python bench/summary.py --write  # put them in the README
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
README = ROOT / "README.md"
#: The first release, which the speed figures are measured against.
RELEASE = "a058409"


def markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}-summary: begin -->", f"<!-- {name}-summary: end -->"


TRACKS = ("text-full-inscriptis", "text-full-bs4", "text-recall", "html")
CORPORA = ("fundus", "wcxb")
#: The ceiling's share of wcxb pages losing a sentence (keeping exactly the aligned lines; issue 21).
WCXB_CEILING_LOSS = 0.040


def load(split: str) -> dict[tuple[str, str, str], dict]:
    rows = json.loads((RESULTS / f"realworld-{split}.json").read_text(encoding="utf-8"))["rows"]
    return {(row["track"], row["corpus"], row["method"]): row for row in rows if row["lang"] == "all"}


def targets(track: str, corpus: str, test: dict) -> list[tuple[str, bool]]:
    """Issue 21's targets for one track and corpus, each with whether the test split meets it."""
    own = test[(track, corpus, "cleaner")]
    if track == "html":
        alone = test[(track, corpus, "trafilatura")]["f1"]
        return [(f"F1 ≥ {alone + 0.01:.3f}", own["f1"] >= alone + 0.01)]
    loss = own["share_with_gold_sentence_deleted"]
    if track == "text-recall":
        given = test[(track, corpus, "nothing")]["f1"]
        return [
            (f"F1 ≥ {given + 0.015:.3f}", own["f1"] >= given + 0.015),
            ("del.prec ≥ 0.95", own["deletion_precision"] >= 0.95),
            ("loss ≤ 2%", loss <= 0.02),
        ]
    most = WCXB_CEILING_LOSS + 0.03 if corpus == "wcxb" else 0.05
    floor = 0.90 if corpus == "wcxb" else 0.85
    return [
        (f"F1 ≥ {floor:.2f}", own["f1"] >= floor),
        ("del.prec ≥ 0.98", own["deletion_precision"] >= 0.98),
        (f"loss ≤ {most:.0%}", loss <= most),
    ]


def realworld() -> str:
    dev, test = load("dev"), load("test")

    def pair(key: tuple[str, str, str], field: str, percent: bool = False) -> str:
        values = [split.get(key, {}).get(field) for split in (dev, test)]
        if any(value is None for value in values):
            return "–"
        return " / ".join(f"{value:.1%}" if percent else f"{value:.3f}" for value in values)

    lines = [
        "| track | corpus | as given | trafilatura alone | cleaner F1 | deletion precision | pages losing a sentence | target on test: met? |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for track in TRACKS:
        for corpus in CORPORA:
            own = (track, corpus, "cleaner")
            checks = ", ".join(f"{name} {'met' if ok else '**missed**'}" for name, ok in targets(track, corpus, test))
            lines.append(
                f"| {track} | {corpus} | {pair((track, corpus, 'nothing'), 'f1')} | {pair((track, corpus, 'trafilatura'), 'f1')} "
                f"| {pair(own, 'f1')} | {pair(own, 'deletion_precision')} | {pair(own, 'share_with_gold_sentence_deleted', True)} | {checks} |"
            )
    return "\n".join(lines) + "\n"


def speed() -> str:
    figures = json.loads((RESULTS / f"against-{RELEASE}.json").read_text(encoding="utf-8"))
    median, ratios = figures["median"], figures["ratios"]
    # (measure, its figure as shown, the target, met?); a figure the run did not take shows as "–".
    rows = [
        ("folder `-j1` against a bare read/split/write", ratios.get("folder_j1 / floor"), "×", "≤ 2.5×", lambda v: v <= 2.5),
        ("folder `-j1` against the release", ratios.get("folder_j1 / release"), "×", "≤ 1×", lambda v: v <= 1),
        ("JSONL `-j1` against the release", ratios.get("jsonl_j1 / release"), "×", "≤ 0.8×", lambda v: v <= 0.8),
        ("JSONL: `-j2`'s gain over `-j1`", ratios.get("jsonl j1/j2 (gain of -j2)"), "×", "≥ 1.7×", lambda v: v >= 1.7),
        ("first output of a folder run", median.get("first_output.this"), " s", "≤ 1 s", lambda v: v <= 1),
        ("`cleaner clean` of one small file, wall", median.get("one_file.this"), " s", "≤ 0.2 s", lambda v: v <= 0.2),
        ("article text in process, with the confidence", median.get("article.this"), " ms", "≤ 0.5 ms", lambda v: v <= 0.5),
        ("whole-page text in process, with the confidence", median.get("whole_page.this"), " ms", "≤ 2 ms", lambda v: v <= 2),
        ("HTML in process against trafilatura alone", ratios.get("html / trafilatura (in process)"), "×", "≤ 1.2×", lambda v: v <= 1.2),
        ("HTML through the CLI against trafilatura's CLI", ratios.get("html_cli / trafilatura_cli"), "×", "≤ 1.2×", lambda v: v <= 1.2),
        ("summed peak RSS, records of 12.5 MB at `-j2`", median.get("huge_summed_mb.this"), " MB", "≤ 300 MB", lambda v: v <= 300),
    ]
    lines = [
        f"| measure (`bench/against.py`, {figures.get('rounds', '?')} rounds, against {RELEASE}) | this tree | target | met? |",
        "|---|---|---|---|",
    ]
    for measure, value, unit, target, meets in rows:
        shown = "–" if value is None else f"{value:.2f}{unit}"
        met = "–" if value is None else ("met" if meets(value) else "**missed**")
        lines.append(f"| {measure} | {shown} | {target} | {met} |")
    return "\n".join(lines) + "\n"


TABLES = {"realworld": realworld, "speed": speed}


def in_readme(readme: str, name: str) -> str:
    """The README's text with its table ``name`` between the markers made anew."""
    begin, end = markers(name)
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    if not pattern.search(readme):
        raise SystemExit(f"{README}: no {begin} … {end} markers")
    return pattern.sub(lambda _: f"{begin}\n{TABLES[name]()}{end}", readme)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="put the tables in the README between their markers")
    args = parser.parse_args()
    if args.write:
        readme = README.read_text(encoding="utf-8")
        for name in TABLES:
            readme = in_readme(readme, name)
        README.write_text(readme, encoding="utf-8")
    else:
        for name, table in TABLES.items():
            print(f"{name}:\n{table()}")


if __name__ == "__main__":
    main()
