"""The real-world benchmark: every track of every page of a split, the cleaner against baselines.

    .venv/bin/python bench/realworld/run.py --split dev       # tune on dev
    .venv/bin/python bench/realworld/run.py --split test      # report test, never tune on it

Needs the ``bench`` extra (``pip install -e '.[bench]'``). Writes
``bench/results/realworld-<split>.json`` and ``.md``. Methods: on the text tracks, ``nothing``
(the text as given), ``cleaner`` (``Cleaner().clean``), ``justext-en`` (English stop list, one
``<p>`` per line) and ``justext-lang`` (the page language's stop list when jusText has one, else
English); on the ``html`` track, ``trafilatura`` alone, ``cleaner`` (``clean_html``), ``fast`` (resiliparse's
whole text of the page, the line model's article block, the cleaner: no trafilatura), ``fast-main``
(resiliparse's main content, the cleaner) and the two jusTexts on the page. Every output is scored without the line repeating the page's title (the
gold holds no headline; see ``metric.without_title``). What a method removed is measured
against its input; for the html track, against the page's whole text (the bs4 track).
Baseline outputs are cached under bench/out/; the cleaner always runs.

Per code (each detector and rule that fired, on each track and corpus): the tokens it removed,
the article tokens among them (the gold tokens the output lacks, claimed by the removals in the
order they were made, so that they sum to the track's figure) and the proposals the model
overruled (lines the code proposed that stayed).
"""

from __future__ import annotations

import argparse
import html as html_escape
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import justext
import trafilatura

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.realworld.corpora import CORPORA, SPLITS, TRACKS, Page, pages  # noqa: E402
from bench.realworld.metric import Gold, Score, score, snippet_shares, summary, tokens, without_title  # noqa: E402
from cleaner import Cleaner  # noqa: E402
from cleaner.document import Document  # noqa: E402
from cleaner.html import clean_html  # noqa: E402
from cleaner.localisation import article_block  # noqa: E402
from cleaner.pipeline import CleanResult  # noqa: E402
from cleaner.read import InputError  # noqa: E402

RESULTS = ROOT / "bench" / "results"
TEXT_TRACKS = [track for track in TRACKS if track != "html"]
JUSTEXT_LANG = {
    "ar": "Arabic", "cs": "Czech", "da": "Danish", "de": "German", "en": "English", "es": "Spanish", "fi": "Finnish",
    "fr": "French", "he": "Hebrew", "hi": "Hindi", "hu": "Hungarian", "id": "Indonesian", "is": "Icelandic",
    "it": "Italian", "ko": "Korean", "lt": "Lithuanian", "ms": "Malay", "nb": "Norwegian_Bokmal", "nl": "Dutch",
    "no": "Norwegian_Bokmal", "pl": "Polish", "pt": "Portuguese", "ru": "Russian", "sv": "Swedish", "tr": "Turkish",
    "uk": "Ukrainian",
}  # fmt: skip


def justext_of(html: str, language: str) -> str:
    paragraphs = justext.justext(html, justext.get_stoplist(language))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def as_paragraphs(text: str) -> str:
    """A text as an HTML page of one ``<p>`` a line, for jusText."""
    body = "".join(f"<p>{html_escape.escape(line)}</p>\n" for line in text.splitlines() if line.strip())
    return f"<html><body>{body}</body></html>"


def trafilatura_alone(page: Page) -> str:
    document = trafilatura.bare_extraction(page.html, with_metadata=True, include_comments=False, include_tables=True)
    return document.text if document and document.text else ""


class Methods:
    """Each method's output for a page and a track; baselines are cached on disk."""

    def __init__(self, select: list[str] | None, ignore: list[str]) -> None:
        self.cleaner = Cleaner(select=select, ignore=ignore)
        self.last: CleanResult | None = None  # the cleaner's result on its last page (None: no article found)

    def of(self, track: str) -> dict[str, Callable[[Page, str], str]]:
        if track == "html":
            return {
                "trafilatura": lambda page, _: page.cached("out-trafilatura", trafilatura.__version__, lambda: trafilatura_alone(page)),
                "cleaner": self.clean_html,
                "fast": self.fast_html,
                "fast-main": self.fast_main_html,
                "justext-en": lambda page, _: self.justext(page, "html", page.html, "English"),
                "justext-lang": lambda page, _: self.justext(page, "html", page.html, self.language(page)),
            }
        return {
            "nothing": lambda page, text: text,
            "cleaner": self.clean_text,
            "justext-en": lambda page, text: self.justext(page, track, as_paragraphs(text), "English"),
            "justext-lang": lambda page, text: self.justext(page, track, as_paragraphs(text), self.language(page)),
        }

    def clean_text(self, page: Page, text: str) -> str:
        self.last = self.cleaner.clean(text, url=page.url)
        return self.last.text

    def clean_html(self, page: Page, _: str) -> str:
        try:
            self.last = clean_html(self.cleaner, page.raw, url=page.url).result
        except InputError:
            self.last = None
            return ""
        return self.last.text

    def fast_html(self, page: Page, _: str) -> str:
        """The fast path tried for #24: resiliparse's whole text of the page, the line model's
        article block of it, then the cleaner (no trafilatura)."""
        from resiliparse.extract.html2text import extract_plain_text

        doc = Document.from_text(extract_plain_text(page.html, main_content=False, alt_texts=False))
        block = "\n".join(doc.lines[i] for i in article_block(doc))
        return self.clean_text(page, block) if block.strip() else ""

    def fast_main_html(self, page: Page, _: str) -> str:
        """resiliparse's own main-content extraction, then the cleaner."""
        from resiliparse.extract.html2text import extract_plain_text

        text = extract_plain_text(page.html, main_content=True, alt_texts=False)
        return self.clean_text(page, text) if text.strip() else ""

    @staticmethod
    def language(page: Page) -> str:
        return JUSTEXT_LANG.get(page.lang, "English")

    @staticmethod
    def justext(page: Page, track: str, html: str, language: str) -> str:
        return page.cached(f"out-justext-{track}", f"{justext.__version__}-{language}", lambda: justext_of(html, language))


def run(split: str, corpora: Path | None, tracks: list[str], limit: int | None, select: list[str] | None, ignore: list[str]) -> dict:
    methods = Methods(select, ignore)
    scores: dict[tuple, list[Score]] = defaultdict(list)
    snippets: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    seconds: dict[tuple, float] = defaultdict(float)
    guarded: dict[tuple, int] = defaultdict(int)
    by_code: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])  # (corpus, track, code) → removed, article, overruled
    skipped = 0
    for corpus in CORPORA:
        for n, page in enumerate(pages(corpus, split=split, corpora=corpora)):
            if limit is not None and n >= limit:
                break
            if not page.gold_text.strip():
                skipped += 1
                continue
            gold = Gold.of(page.gold_text)
            whole_text = page.track("text-full-bs4")
            for track in tracks:
                given = page.track(track)
                source = whole_text if track == "html" else given
                for method, produce in methods.of(track).items():
                    start = time.perf_counter()
                    output = produce(page, given)
                    seconds[(corpus, track, method)] += time.perf_counter() - start
                    if method == "cleaner" and methods.last is not None:
                        guarded[(corpus, track)] += methods.last.guarded
                        for code, figures in code_figures(methods.last, gold).items():
                            totals = by_code[(corpus, track, code)]
                            by_code[(corpus, track, code)] = [a + b for a, b in zip(totals, figures, strict=True)]
                    body = without_title(output, page.gold_title, gold)
                    found = score(body, gold, without_title(source, page.gold_title, gold))
                    for key in ((corpus, track, method, "all"), (corpus, track, method, page.lang)):
                        scores[key].append(found)
                    if corpus == "wcxb":
                        counts = snippet_shares(body, page.with_snippets, page.without_snippets)
                        snippets[(corpus, track, method)] = [a + b for a, b in zip(snippets[(corpus, track, method)], counts, strict=True)]
    rows = []
    for (corpus, track, method, lang), found in scores.items():
        row = {"corpus": corpus, "track": track, "method": method, "lang": lang} | summary(found)
        if lang == "all":
            row["seconds"] = round(seconds[(corpus, track, method)], 2)
            if method == "cleaner":
                row["pages_guarded"] = guarded[(corpus, track)]
            if corpus == "wcxb":
                kept, of_kept, left_out, of_left_out = snippets[(corpus, track, method)]
                row["with_kept"] = round(kept / of_kept, 4) if of_kept else None
                row["without_removed"] = round(left_out / of_left_out, 4) if of_left_out else None
        rows.append(row)
    codes = [
        {
            "corpus": corpus,
            "track": track,
            "code": code,
            "tokens_removed": removed,
            "article_tokens_removed": article,
            "overruled": overruled,
        }
        for (corpus, track, code), (removed, article, overruled) in sorted(by_code.items())
    ]
    return {"split": split, "skipped_empty_gold": skipped, "rows": rows, "codes": codes}


def code_figures(result: CleanResult, gold: Gold) -> dict[str, list[int]]:
    """Per code of a cleaned page: tokens removed, article tokens among them, proposals overruled.
    The gold tokens the output lacks are claimed by the removals in the order they were made."""
    missing = gold.tokens - Counter(tokens(result.text))
    figures: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for removal in result.removals:
        removed = Counter(tokens(removal.text))
        article = removed & missing
        missing -= article
        figures[removal.rule][0] += sum(removed.values())
        figures[removal.rule][1] += sum(article.values())
    for overruling in result.overruled:
        figures[overruling.rule][2] += 1
    return figures


def markdown(result: dict) -> str:
    rows = [row for row in result["rows"] if row["lang"] == "all"]
    lines = [
        f"# Real-world benchmark, {result['split']} split",
        "",
        "F1 (P/R) of the article body; del.prec = share of removed tokens not in the gold; bp.rec = share of",
        "the non-gold tokens removed; sent.del = pages where a gold sentence was deleted; wcxb: with = `with`",
        "snippets kept, without = `without` snippets removed; guard = pages where the guard undid the detectors.",
        "html track: removal against the page's whole text.",
        "",
        "| track | corpus | method | pages | F1 | P | R | del.prec | bp.rec | sent.del | with | without | guard | s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in sorted(rows, key=lambda r: (TRACKS.index(r["track"]), r["corpus"])):
        sent = f"{row['pages_with_gold_sentence_deleted']} ({row['share_with_gold_sentence_deleted']:.1%})"
        lines.append(
            f"| {row['track']} | {row['corpus']} | {row['method']} | {row['pages']} | {row['f1']:.3f} | {row['precision']:.3f} | "
            f"{row['recall']:.3f} | {_figure(row.get('deletion_precision'))} | {_figure(row.get('boilerplate_recall'))} | {sent} | "
            f"{_figure(row.get('with_kept'))} | {_figure(row.get('without_removed'))} | {row.get('pages_guarded', '–')} | {row['seconds']:.1f} |"
        )
    lines += ["", "## F1 by language (languages with 5 pages or more)", ""]
    by_lang = [row for row in result["rows"] if row["lang"] != "all" and row["pages"] >= 5]
    methods = sorted({row["method"] for row in by_lang})
    lines += ["| track | corpus | lang | pages | " + " | ".join(methods) + " |", "|---|---|---|---|" + "---|" * len(methods)]
    groups: dict[tuple, dict] = defaultdict(dict)
    for row in by_lang:
        groups[(row["track"], row["corpus"], row["lang"])][row["method"]] = row
    for (track, corpus, lang), found in sorted(groups.items(), key=lambda g: (TRACKS.index(g[0][0]), g[0][1], g[0][2])):
        pages_count = next(iter(found.values()))["pages"]
        figures = " | ".join(f"{found[m]['f1']:.3f}" if m in found else "–" for m in methods)
        lines.append(f"| {track} | {corpus} | {lang} | {pages_count} | {figures} |")
    lines += [
        "",
        "## Per code",
        "",
        "Tokens removed, article tokens among them (gold tokens the output lacks) and proposals the model overruled.",
        "",
        "| track | corpus | code | tokens removed | article tokens | overruled |",
        "|---|---|---|---|---|---|",
    ]
    for row in sorted(result["codes"], key=lambda r: (TRACKS.index(r["track"]), r["corpus"], r["code"])):
        share = f" ({row['article_tokens_removed'] / row['tokens_removed']:.1%})" if row["tokens_removed"] else ""
        lines.append(
            f"| {row['track']} | {row['corpus']} | {row['code']} | {row['tokens_removed']} | "
            f"{row['article_tokens_removed']}{share} | {row['overruled']} |"
        )
    return "\n".join(lines) + "\n"


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=SPLITS, default="dev")
    parser.add_argument(
        "--corpora", type=Path, default=None, help="folder holding fundus-news/ and wcxb-dev-articles/ (default ../shared/corpora)"
    )
    parser.add_argument("--tracks", nargs="+", choices=TRACKS, default=list(TRACKS))
    parser.add_argument("--limit", type=int, default=None, help="at most this many pages a corpus (a quick look; results not written)")
    parser.add_argument(
        "--select", nargs="+", default=None, metavar="CODE", help="the codes the cleaner runs, as `cleaner --select` (results not written)"
    )
    parser.add_argument(
        "--ignore", nargs="+", default=[], metavar="CODE", help="codes the cleaner runs without, to measure one (results not written)"
    )
    args = parser.parse_args()
    try:
        result = run(args.split, args.corpora, args.tracks, args.limit, args.select, args.ignore)
    except FileNotFoundError as exc:
        parser.exit(2, f"error: {exc}\n")
    text = markdown(result)
    if args.limit is None and args.tracks == list(TRACKS) and args.select is None and not args.ignore:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / f"realworld-{args.split}.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        (RESULTS / f"realworld-{args.split}.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
