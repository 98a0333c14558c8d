"""Site furniture (``--site-furniture``, S001): what it removes on real pages and on a generated
corpus, the speed of its first pass against the second, and the memory of counting at scale.

    .venv/bin/python bench/furniture.py fundus               # real pages, whole-page text (inscriptis)
    .venv/bin/python bench/furniture.py generated            # 50 sites x 200 pages in site templates
    .venv/bin/python bench/furniture.py memory --documents 1000000

Needs the ``bench`` extra. Each part writes ``bench/results/furniture-<part>.json``.

fundus: the publishers of fundus-news with two pages or more, each page's whole text as inscriptis
gives it (the realworld bench's ``text-full-inscriptis`` track), cleaned without and with the site
furniture counted over every fundus page; scored with ``bench/realworld/metric.py`` (boilerplate
recall: share of the non-gold tokens removed; deletion precision: share of the removed tokens not
in the gold). Both thresholds: the default (a line in 3 documents or more) and 2 (most of these
publishers have only two pages).

generated: runs of four consecutive lines of real articles (fundus-news and wcxb-dev-articles gold text, each printed once)
wrapped in templates written here: a masthead and menu, a date line, a newsletter pitch, teasers that
rotate (three of a site's eight each page), footers; five wire stories are each printed by ten sites.
Measures the share of template lines removed, of article lines kept and of wire lines kept.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.realworld.corpora import DEFAULT_CORPORA, pages  # noqa: E402
from bench.realworld.metric import Gold, score, summary, without_title  # noqa: E402
from cleaner import Cleaner  # noqa: E402
from cleaner.batch.readers import read_jsonl  # noqa: E402
from cleaner.batch.records import RecordFormat  # noqa: E402
from cleaner.batch.run import run_batch  # noqa: E402
from cleaner.batch.work import CleanOptions  # noqa: E402
from cleaner.batch.writers import JsonlWriter  # noqa: E402
from cleaner.corpus.furniture import count_items  # noqa: E402
from cleaner.furniture.step import Furniture, FurnitureOptions  # noqa: E402
from cleaner.sitecounts import FurnitureCounter, document_hashes, document_key, line_key, site_of  # noqa: E402

RESULTS = ROOT / "bench" / "results"
TRACK = "text-full-inscriptis"


def write(part: str, result: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"furniture-{part}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))


# -- fundus: real pages ---------------------------------------------------------------------------


def fundus(corpora: Path) -> dict:
    every = list(pages("fundus", corpora=corpora))
    per_site = Counter(page.site for page in every)
    texts = {page.id: page.track(TRACK) for page in every}
    plain = Cleaner()
    counter = FurnitureCounter()
    for page in every:
        outlet = plain.outlet_finder.find(texts[page.id], url=page.url).outlet
        counter.add(
            site_of(outlet.id if outlet else None, page.url, None), document_hashes(texts[page.id]), document_key(texts[page.id], page.url)
        )
    table = counter.table(min_count=2)
    result = {"track": TRACK, "pages": len(every), "publishers": len(per_site)}
    methods = {
        "without": plain,
        "site furniture (min 3 documents)": Cleaner(furniture=Furniture(table, min_documents=3)),
        "site furniture (min 2 documents)": Cleaner(furniture=Furniture(table, min_documents=2)),
    }
    chosen = [page for page in every if per_site[page.site] >= 2]
    scored = {name: {} for name in methods}
    for page in chosen:
        gold, source = Gold.of(page.gold_text), texts[page.id]
        for name, cleaner in methods.items():
            cleaned = cleaner.clean(source, url=page.url)
            s001 = sum(len(r.text) for r in cleaned.removals if r.rule == "S001")
            body = without_title(cleaned.text, page.gold_title, gold)
            scored[name][page.id] = (score(body, gold, without_title(source, page.gold_title, gold)), s001)
    groups = {
        "publishers with 2+ pages": chosen,
        "publishers with 3+ pages": [page for page in chosen if per_site[page.site] >= 3],
        "publishers with 2+ pages, dev split": [page for page in chosen if page.split == "dev"],
        "publishers with 2+ pages, test split": [page for page in chosen if page.split == "test"],
    }
    for group, members in groups.items():
        result[group] = {"publishers": len({page.site for page in members}), "pages": len(members)}
        for name in methods:
            found = [scored[name][page.id] for page in members]
            result[group][name] = summary([entry[0] for entry in found]) | {"chars_removed_by_S001": sum(entry[1] for entry in found)}
    return result


# -- generated: real paragraphs in site templates -------------------------------------------------

SECTIONS = "Home World Politics Business Money Sport Football Culture Opinion Science Tech Travel Health Video Podcasts Weather".split()
PLACES = "Harbour Valley Northern Eastern Coastal Highland Island City County Metro".split()
KINDS = "Ledger Post Courier Gazette Herald".split()
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = "January February March April May June July August September October November December".split()
WIRE_STORIES, WIRE_SITES = 5, 10


#: Lines of real article text in each page's body, taken in their order from one article.
CHUNK_LINES = 4


def chunk_pool(corpora: Path) -> list[list[str]]:
    """Runs of consecutive lines of real articles (their subheadings and lists as they stood), in a
    fixed order; a run that repeats a sentence already taken is left out, so each is printed once."""
    articles = []
    with open(corpora / "fundus-news" / "gold.jsonl", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            body = list(record.get("summary") or [])
            for section in record.get("sections") or []:
                body += (section.get("headline") or []) + (section.get("paragraphs") or [])
            articles.append(body)
    with open(corpora / "wcxb-dev-articles" / "gold.jsonl", encoding="utf-8") as lines:
        for line in lines:
            articles.append((json.loads(line).get("main_content") or "").split("\n"))
    pool, seen = [], set()
    for article in articles:
        body = [" ".join(line.split()) for line in article if line.strip()]
        for start in range(0, len(body) - 1, CHUNK_LINES):
            chunk = body[start : start + CHUNK_LINES]
            sentences = {line_key(line) for line in chunk if len(line.split()) >= 5}
            if len(chunk) >= 2 and sentences and not sentences & seen:
                seen |= sentences
                pool.append(chunk)
    return pool


def site_template(site: int, rng: random.Random) -> dict[str, list[str]]:
    name = f"The {PLACES[site % len(PLACES)]} {KINDS[site // len(PLACES) % len(KINDS)]}"
    menu = ["Home", *rng.sample(SECTIONS[1:], rng.randint(5, 9))]
    topics = rng.sample(SECTIONS[1:], 8)
    return {
        "top": [
            f"Skip to main content of {name}",
            name,
            f"News from the {PLACES[site % len(PLACES)]} region since 19{rng.randint(10, 99)}",
            *menu,
        ],
        "after": [
            "Share this article",
            f"Sign up for the {name} newsletter and get the day's most important stories in your inbox every morning.",
            "Comments",
        ],
        "teasers": [f"{topic}: what the {name} readers asked us this week about {topic.lower()}" for topic in topics],
        "footer": [f"About {name}", "Contact us", "Privacy policy", "Terms of use", f"© 2024 {name} Media Ltd. All rights reserved."],
    }


def generated_corpus(pool: list[list[str]], sites: int, pages_per_site: int, seed: int = 1):
    """(url, text, template lines, article lines, wire lines) for every page."""
    rng = random.Random(seed)
    wire = pool[:WIRE_STORIES]
    chunks = iter(pool[WIRE_STORIES:])
    prints = {}  # (site, page) -> wire story: each story printed by WIRE_SITES sites, once each
    for story in range(WIRE_STORIES):
        for site in rng.sample(range(sites), WIRE_SITES):
            prints[site, rng.randrange(pages_per_site)] = story
    documents = []
    for site in range(sites):
        template = site_template(site, rng)
        for n in range(pages_per_site):
            date = f"{rng.choice(DAYS)} {rng.randint(1, 28)} {rng.choice(MONTHS)} 2024"
            if (site, n) in prints:
                body, wire_lines = wire[prints[site, n]], wire[prints[site, n]]
            else:
                body = next(chunks)
                wire_lines = []
            long = max(body, key=lambda paragraph: (len(paragraph.split()), paragraph))
            headline = " ".join(long.split()[:8]).rstrip(".,;:")  # a line of its own: never a paragraph repeated
            article = [headline, *body] if not wire_lines and len(long.split()) > 8 else list(body)
            teasers = rng.sample(template["teasers"], 3)
            lines = template["top"] + [date] + article + template["after"] + teasers + template["footer"]
            furniture = template["top"] + template["after"] + teasers + template["footer"]
            documents.append(
                (f"https://www.{PLACES[site % len(PLACES)].lower()}-{site}-news.com/{n}", lines, furniture, article, wire_lines)
            )
    return documents


def generated(corpora: Path, sites: int, pages_per_site: int) -> dict:
    pool = chunk_pool(corpora)
    if len(pool) < sites * pages_per_site + WIRE_STORIES:
        raise SystemExit(f"{len(pool)} runs of article text, too few for {sites} x {pages_per_site} pages")
    documents = generated_corpus(pool, sites, pages_per_site)
    result = {"sites": sites, "pages per site": pages_per_site, "documents": len(documents), "article runs in the pool": len(pool)}
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "generated.jsonl"
        with corpus.open("w", encoding="utf-8") as stream:
            for n, (url, lines, *_) in enumerate(documents):
                stream.write(json.dumps({"id": n, "url": url, "text": "\n\n".join(lines) + "\n"}) + "\n")
        options = CleanOptions(records=RecordFormat(annotate=False))
        started = time.perf_counter()
        table = count_items(read_jsonl(corpus), options, jobs=1)
        first = time.perf_counter() - started
        table.save(Path(folder) / "counts.npz")
        baseline = None
        counts = FurnitureOptions(Path(folder) / "counts.npz")
        for name, furniture, ignore in [
            ("without", None, ()),
            ("site furniture", counts, ()),
            ("site furniture alone (generic detectors off)", counts, ("G",)),
        ]:
            run_options = CleanOptions(ignore=ignore, records=RecordFormat(annotate=False), furniture=furniture)
            output = Path(folder) / f"{name}.jsonl"
            started = time.perf_counter()
            run_batch(read_jsonl(corpus), run_options, JsonlWriter(output), jobs=1, cleaner=run_options.build())
            second = time.perf_counter() - started
            texts = [json.loads(line)["text"] for line in output.read_text(encoding="utf-8").splitlines()]
            result[name] = measure(documents, texts, baseline) | {"seconds": round(second, 2)}
            baseline = baseline or texts
        result["first pass seconds"] = round(first, 2)
        result["first pass / second pass"] = round(first / result["site furniture"]["seconds"], 3)
    return result


def measure(documents, texts: list[str], baseline: list[str] | None) -> dict:
    """Shares of template lines removed, article and wire lines kept; with a ``baseline`` (the
    output without site furniture), the article lines only the site furniture removed."""
    template, template_removed, article, article_kept, wire, wire_kept, lost = Counter(), Counter(), 0, 0, 0, 0, []
    for n, ((_, _, furniture, lines, wire_lines), text) in enumerate(zip(documents, texts, strict=True)):
        kept = set(text.splitlines())
        if baseline is not None:
            before = set(baseline[n].splitlines())
            lost += [line for line in lines if line in before and line not in kept]
        for line in furniture:
            kind = "teaser" if ": what the " in line else "template"
            template[kind] += 1
            template_removed[kind] += line not in kept
        article += len(lines)
        article_kept += sum(line in kept for line in lines)
        wire += len(wire_lines)
        wire_kept += sum(line in kept for line in wire_lines)
    total, removed = sum(template.values()), sum(template_removed.values())
    return {
        "template lines removed": round(removed / total, 4),
        "of them, fixed lines removed": round(template_removed["template"] / template["template"], 4),
        "of them, rotating teasers removed": round(template_removed["teaser"] / template["teaser"], 4),
        "article lines": article,
        "article lines kept": round(article_kept / article, 5),
        "article lines lost": article - article_kept,
        "wire lines kept": round(wire_kept / wire, 4) if wire else None,
    } | ({"article lines kept without site furniture, lost with it": len(lost), "examples": lost[:5]} if baseline is not None else {})


# -- memory: counting a million documents ---------------------------------------------------------


def memory(documents: int, sites: int, max_pairs: int | None) -> dict:
    """Peak memory of counting ``documents`` generated documents (unique article lines, each site's
    template) with the counter's spill; the table of furniture candidates is what is kept."""
    rng = random.Random(5)
    words = [f"w{n}" for n in range(5000)]
    templates = [[f"site {s} line {k} {rng.choice(words)}" for k in range(25)] for s in range(sites)]
    counter = FurnitureCounter(**({"max_pairs": max_pairs} if max_pairs else {}))
    started = time.perf_counter()
    for n in range(documents):
        site = n % sites
        article = [" ".join(rng.choices(words, k=12)) for _ in range(20)]
        counter.add(f"site{site}.example.com", document_hashes("\n".join(templates[site] + article)), n)
    counted = time.perf_counter() - started
    table = counter.table()
    with tempfile.TemporaryDirectory() as folder:
        table.save(Path(folder) / "counts.npz")
        size = (Path(folder) / "counts.npz").stat().st_size
    return {
        "documents": documents,
        "sites": sites,
        "lines per document": 45,
        "max pairs in memory": counter.max_pairs,
        "peak RSS MB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "count seconds": round(counted, 1),
        "documents per second": round(documents / counted),
        "table entries (lines in 3+ documents)": len(table.lines),
        "table file MB": round(size / 1e6, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("part", choices=("fundus", "generated", "memory"))
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help="folder holding fundus-news and wcxb-dev-articles")
    parser.add_argument("--sites", type=int, help="generated sites (default 50; memory: 5000)")
    parser.add_argument("--pages", type=int, default=200, help="pages per generated site")
    parser.add_argument("--documents", type=int, default=1_000_000, help="memory: documents to count")
    parser.add_argument("--max-pairs", type=int, help="memory: the counter's in-memory bound")
    args = parser.parse_args()
    if args.part == "fundus":
        write("fundus", fundus(args.corpora))
    elif args.part == "generated":
        write("generated", generated(args.corpora, args.sites or 50, args.pages))
    else:
        write(f"memory-{args.documents}", memory(args.documents, args.sites or 5000, args.max_pairs))


if __name__ == "__main__":
    main()
