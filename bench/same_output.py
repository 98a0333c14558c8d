"""Whether the cleaner's output is byte-identical to a saved reference.

    .venv/bin/python bench/same_output.py --save     # save the reference (before a change)
    .venv/bin/python bench/same_output.py            # compare with it (after the change)

Cleans the seeds, the test fixtures (text and HTML), the labelled quality corpus (generic
detectors alone, as bench/quality/evaluate.py does) and both text tracks of the real corpora
(bench/realworld/corpora.py: trafilatura's ``text-recall``, the whole page by inscriptis), and compares each document's text, outlet, warnings and removals (rule
and lines) with the reference in bench/out/reference.jsonl. Exit 1 on any difference.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench" / "quality"))

from evaluate import corpus  # noqa: E402

from bench.realworld.corpora import CORPORA, DEFAULT_CORPORA, pages  # noqa: E402
from cleaner import Cleaner, CleanResult  # noqa: E402
from cleaner.html import clean_html  # noqa: E402

REFERENCE = ROOT / "bench" / "out" / "reference.jsonl"
#: The text tracks of the real corpora that are compared: article-sized text, and whole pages.
TRACKS = ("text-recall", "text-full-inscriptis")


def outcome(result: CleanResult) -> dict:
    return {
        "text": result.text,
        "outlet": result.outlet,
        "warnings": result.warnings,
        "guarded": result.guarded,
        "removals": [[r.rule, r.first_line, r.last_line] for r in result.removals],
    }


def outcomes(corpora: Path) -> Iterator[tuple[str, dict]]:
    cleaner, generic = Cleaner(), Cleaner(builtin=False)
    for seed in sorted((ROOT / "seeds").rglob("*.txt")):
        name = seed.relative_to(ROOT).as_posix()
        yield name, outcome(cleaner.clean_bytes(seed.read_bytes(), path=name))
    for fixture in sorted((ROOT / "tests" / "fixtures").rglob("*")):
        name = fixture.relative_to(ROOT).as_posix()
        if fixture.suffix == ".txt":
            yield name, outcome(cleaner.clean_bytes(fixture.read_bytes(), path=name))
        elif fixture.suffix == ".html":
            yield name, outcome(clean_html(cleaner, fixture.read_bytes(), path=name).result)
    for doc in corpus():
        yield doc.path.relative_to(ROOT).as_posix(), outcome(generic.clean(doc.text))
    for corpus_name in CORPORA:
        for page in pages(corpus_name, corpora=corpora):
            for track in TRACKS:
                yield f"{corpus_name}/{track}/{page.id}", outcome(cleaner.clean(page.track(track), url=page.url))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--save", action="store_true", help="save the reference instead of comparing with it")
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    args = parser.parse_args()
    if args.save:
        REFERENCE.parent.mkdir(parents=True, exist_ok=True)
        with REFERENCE.open("w", encoding="utf-8") as out:
            count = 0
            for name, result in outcomes(args.corpora):
                out.write(json.dumps({"name": name, **result}, ensure_ascii=False) + "\n")
                count += 1
        print(f"saved {count} documents to {REFERENCE.relative_to(ROOT)}")
        return
    reference = {r["name"]: r for r in map(json.loads, filter(None, REFERENCE.read_text(encoding="utf-8").split("\n")))}
    differ, seen = [], set()
    for name, result in outcomes(args.corpora):
        seen.add(name)
        if reference.get(name, {}) != {"name": name, **result}:
            differ.append(name)
    differ += sorted(set(reference) - seen)
    for name in differ[:20]:
        print("differs:", name)
    print(f"{len(seen) - len(differ)} of {len(reference)} documents identical, {len(differ)} differ")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
