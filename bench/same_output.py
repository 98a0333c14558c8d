"""Whether the cleaner's output is byte-identical to a saved reference.

    .venv/bin/python bench/same_output.py --save     # save the reference (before a change)
    .venv/bin/python bench/same_output.py            # compare with it (after the change)

Cleans the seeds, the test fixtures (text and HTML), the labelled quality corpus (generic
detectors alone, as bench/quality/evaluate.py does) and both text tracks of the real corpora
(bench/realworld/corpora.py: trafilatura's ``text-recall``, the whole page by inscriptis), and
compares each document's text, outlet, warnings, the rule that removed each removed line, its
confidence and the proposals overruled (with their article probabilities) with the reference
in bench/out/reference.jsonl. Exit 1 on any difference.

``--html`` compares the real corpora's dev HTML pages instead (reference: bench/out/reference-html.jsonl):
each page cleaned with its metadata (``clean_html``: text, removals, confidence, metadata, whose text,
the text extracted) and extracted without (``extract_html``, as the CLI's text output does).
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
from cleaner.document import Document, removal_of_each_line  # noqa: E402
from cleaner.html import clean_html, extract_html  # noqa: E402
from cleaner.read import InputError, decode  # noqa: E402

REFERENCE = ROOT / "bench" / "out" / "reference.jsonl"
HTML_REFERENCE = ROOT / "bench" / "out" / "reference-html.jsonl"
#: The text tracks of the real corpora that are compared: article-sized text, and whole pages.
TRACKS = ("text-recall", "text-full-inscriptis")


def outcome(text: str, result: CleanResult) -> dict:
    """What is compared: the output, which rule removed each removed line, the confidence and
    the proposals the decision step overruled (their scores exactly). (How removals are grouped
    into records is not: a cascade that took one record a pass is one record now.)"""
    owners = removal_of_each_line(Document.from_text(text).lines, result.removals)
    return {
        "text": result.text,
        "outlet": result.outlet,
        "warnings": result.warnings,
        "guarded": result.guarded,
        "removed": [[index + 1, owners[index].rule] for index in sorted(owners)],
        "confidence": result.confidence,
        "overruled": sorted([o.line + 1, o.rule, o.p_article, o.kept_as] for o in result.overruled),
    }


def outcomes(corpora: Path) -> Iterator[tuple[str, dict]]:
    cleaner, generic = Cleaner(), Cleaner(builtin=False)
    for seed in sorted((ROOT / "seeds").rglob("*.txt")):
        name = seed.relative_to(ROOT).as_posix()
        yield name, outcome(decode(seed.read_bytes()), cleaner.clean_bytes(seed.read_bytes(), path=name))
    for fixture in sorted((ROOT / "tests" / "fixtures").rglob("*")):
        name = fixture.relative_to(ROOT).as_posix()
        if fixture.suffix == ".txt":
            yield name, outcome(decode(fixture.read_bytes()), cleaner.clean_bytes(fixture.read_bytes(), path=name))
        elif fixture.suffix == ".html":
            page = clean_html(cleaner, fixture.read_bytes(), path=name)
            yield name, {"text": page.result.text, "outlet": page.result.outlet, "warnings": page.result.warnings}
    for doc in corpus():
        yield doc.path.relative_to(ROOT).as_posix(), outcome(doc.text, generic.clean(doc.text))
    for corpus_name in CORPORA:
        for page in pages(corpus_name, corpora=corpora):
            for track in TRACKS:
                text = page.track(track)
                yield f"{corpus_name}/{track}/{page.id}", outcome(text, cleaner.clean(text, url=page.url))


def html_outcomes(corpora: Path) -> Iterator[tuple[str, dict]]:
    cleaner = Cleaner()
    for corpus_name in CORPORA:
        for page in pages(corpus_name, split="dev", corpora=corpora):
            try:
                cleaned = clean_html(cleaner, page.raw, url=page.url)
                extracted = extract_html(cleaner, page.raw, url=page.url)
            except InputError as exc:
                yield f"{corpus_name}/html/{page.id}", {"error": str(exc)}
                continue
            yield (
                f"{corpus_name}/html/{page.id}",
                {
                    **outcome(cleaned.extracted, cleaned.result),
                    "metadata": cleaned.metadata(),
                    "extracted": cleaned.extracted,
                    "bare": [extracted.text, extracted.url, extracted.extractor, extracted.headline, extracted.warnings],
                },
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--save", action="store_true", help="save the reference instead of comparing with it")
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--reference", type=Path, help=f"the reference file (default: {REFERENCE}, or {HTML_REFERENCE} with --html)")
    parser.add_argument("--html", action="store_true", help="the real corpora's dev HTML pages instead")
    args = parser.parse_args()
    args.reference = args.reference or (HTML_REFERENCE if args.html else REFERENCE)
    outcomes_of = html_outcomes if args.html else outcomes
    if args.save:
        args.reference.parent.mkdir(parents=True, exist_ok=True)
        with args.reference.open("w", encoding="utf-8") as out:
            count = 0
            for name, result in outcomes_of(args.corpora):
                out.write(json.dumps({"name": name, **result}, ensure_ascii=False) + "\n")
                count += 1
        print(f"saved {count} documents to {args.reference}")
        return
    reference = {r["name"]: r for r in map(json.loads, filter(None, args.reference.read_text(encoding="utf-8").split("\n")))}
    differ, seen = [], set()
    for name, result in outcomes_of(args.corpora):
        seen.add(name)
        expected = reference.get(name, {})
        if expected != {"name": name, **result}:
            differ.append(name)
            what = [key for key in result if expected.get(key) != result[key]]
            print(f"differs: {name} ({', '.join(what)})")
    differ += sorted(set(reference) - seen)
    print(f"{len(seen) - len(differ)} of {len(reference)} documents identical, {len(differ)} differ")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
