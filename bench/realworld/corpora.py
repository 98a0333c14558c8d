"""The real-world corpora: pages, their gold text, a fixed split by site, and the text tracks.

    from bench.realworld.corpora import pages, TRACKS
    for page in pages("fundus", split="dev"):          # or "wcxb"; split None = both
        page.gold_text, page.gold_title, page.lang, page.site
        page.track("text-full-inscriptis")             # one of TRACKS; cached under bench/out/

Corpora (``--corpora DIR``, default ``../shared/corpora`` from the repository root):
``fundus-news`` (gold = summary + section headlines + paragraphs; the title apart) and
``wcxb-dev-articles`` (gold = ``main_content``; ``with``/``without`` snippets). Pages are never
copied into the repository.

The split is fixed by site (fundus: the publisher; wcxb: the registered domain of its URL, as the
cleaner finds it): each corpus's dev and test sites are frozen in ``split.json``; a site not listed
there (from a page added since) is ``test`` when the SHA-1 of its name is 0 modulo 3, as the frozen
split was drawn, else ``dev``. Tune on dev only.

Tracks: ``text-recall`` = trafilatura ``favor_recall`` text; ``text-full-inscriptis`` = the whole
page by inscriptis, one block a line; ``text-full-bs4`` = the whole page by BeautifulSoup, a line
break at every block element; ``html`` = the page itself. Extracted tracks are cached on disk
(``bench/out/realworld-cache/``, keyed by the page's bytes and the extractor's version).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path

import bs4
import inscriptis
import trafilatura
from inscriptis.model.config import ParserConfig

from cleaner.html import page_text, read_html
from cleaner.sitecounts import registered_domain

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"
CACHE = ROOT / "bench" / "out" / "realworld-cache"
CORPORA = {"fundus": "fundus-news", "wcxb": "wcxb-dev-articles"}
TRACKS = ("text-recall", "text-full-inscriptis", "text-full-bs4", "html")
SPLITS = ("dev", "test")


#: The frozen split: per corpus, its dev sites and its test sites.
SPLIT_FILE = Path(__file__).with_name("split.json")


@cache
def frozen_split() -> dict[str, dict[str, str]]:
    """Per corpus, each site of ``split.json`` and its split."""
    frozen = json.loads(SPLIT_FILE.read_text(encoding="utf-8"))
    return {corpus: {site: split for split, sites in splits.items() for site in sites} for corpus, splits in frozen.items()}


def split_of(corpus: str, site: str) -> str:
    """The split of a corpus's site: as frozen, else ``"test"`` for about one new site in three (by
    a hash of its name) and ``"dev"`` for the others."""
    frozen = frozen_split().get(corpus, {}).get(site)
    if frozen:
        return frozen
    return "test" if int(hashlib.sha1(site.encode("utf-8")).hexdigest(), 16) % 3 == 0 else "dev"


def site_of_url(url: str) -> str:
    """A wcxb page's site: the registered domain of its URL, else its host (an invalid URL)."""
    return registered_domain(url) or re.sub(r"^[a-z]+://", "", url.lower()).split("/")[0].removeprefix("www.")


@dataclass
class Page:
    """One real page: its gold article text and, on demand, each track of it."""

    id: str
    corpus: str
    site: str
    lang: str
    url: str
    raw: bytes = field(repr=False)
    gold_text: str = field(repr=False)
    gold_title: str
    with_snippets: list[str] = field(default_factory=list, repr=False)
    without_snippets: list[str] = field(default_factory=list, repr=False)

    @property
    def split(self) -> str:
        return split_of(self.corpus, self.site)

    @property
    def html(self) -> str:
        return read_html(self.raw)[0]

    def track(self, name: str) -> str:
        """The page as the named track (one of TRACKS); extracted text is cached on disk."""
        if name == "html":
            return self.html
        extract, version = EXTRACTORS[name]
        return self.cached(name, version, lambda: extract(self.html))

    def cached(self, name: str, version: str, compute: Callable[[], str]) -> str:
        """``compute()``, or the text it gave before for this page, name and version."""
        key = hashlib.sha1(self.raw).hexdigest()[:16]
        path = CACHE / self.corpus / name / version / f"{self.id.replace('/', '__')}.{key}.txt"
        if path.exists():
            return path.read_text(encoding="utf-8")
        text = compute()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        return text


def pages(corpus: str, split: str | None = None, corpora: Path | str | None = None) -> Iterator[Page]:
    """The pages of ``corpus`` ("fundus" or "wcxb"), of one split ("dev"/"test") or all (None)."""
    if corpus not in CORPORA:
        raise ValueError(f"unknown corpus {corpus!r}: one of {', '.join(CORPORA)}")
    if split is not None and split not in SPLITS:
        raise ValueError(f"unknown split {split!r}: one of {', '.join(SPLITS)}")
    folder = Path(corpora or DEFAULT_CORPORA) / CORPORA[corpus]
    if not (folder / "gold.jsonl").is_file():
        raise FileNotFoundError(f"{folder}: no gold.jsonl here (give the folder holding {', '.join(CORPORA.values())} with --corpora)")
    read = _fundus_page if corpus == "fundus" else _wcxb_page
    with open(folder / "gold.jsonl", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if corpus == "wcxb" and not record.get("url"):
                record["url"] = _declared_url(folder, record["id"])
            site = record["publisher"] if corpus == "fundus" else site_of_url(record["url"])
            if split is None or split_of(corpus, site) == split:
                yield read(folder, record, site)


def _fundus_page(folder: Path, record: dict, site: str) -> Page:
    raw = (folder / "pages" / f"{record['id']}.html.gz").read_bytes()
    body = list(record.get("summary") or [])
    for section in record.get("sections") or []:
        body += section.get("headline") or []
        body += section.get("paragraphs") or []
    return Page(
        id=record["id"],
        corpus="fundus",
        site=site,
        lang=_html_lang(raw) or COUNTRY_LANG.get(record["country"], "und"),
        url=record["url"],
        raw=raw,
        gold_text="\n".join(body),
        gold_title=record.get("title") or "",
    )


def _wcxb_page(folder: Path, record: dict, site: str) -> Page:
    raw = (folder / "pages" / f"{record['id']}.html.gz").read_bytes()
    return Page(
        id=record["id"],
        corpus="wcxb",
        site=site,
        lang=_html_lang(raw) or "und",
        url=record["url"],
        raw=raw,
        gold_text=record.get("main_content") or "",
        gold_title=record.get("title") or "",
        with_snippets=list(record.get("with") or []),
        without_snippets=list(record.get("without") or []),
    )


_LANG_ATTR = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.I)

# The main language of each fundus country, for pages that declare none.
COUNTRY_LANG = {
    "at": "de", "au": "en", "be": "nl", "br": "pt", "ca": "en", "ch": "de", "cn": "zh", "cz": "cs", "de": "de",
    "dk": "da", "eg": "ar", "es": "es", "fi": "fi", "fr": "fr", "gl": "en", "hk": "zh", "hu": "hu", "id": "id",
    "ie": "en", "il": "he", "in": "en", "it": "it", "jp": "ja", "kr": "ko", "lb": "ar", "lt": "lt", "mx": "es",
    "my": "ms", "na": "en", "ng": "en", "nl": "nl", "no": "no", "ph": "en", "pl": "pl", "pt": "pt", "ru": "ru",
    "sg": "en", "se": "sv", "tr": "tr", "tw": "zh", "ua": "uk", "uk": "en", "us": "en", "za": "en",
}  # fmt: skip


_DECLARED_URL = re.compile(
    rb"<(?:link[^>]*\brel=[\"']canonical[\"'][^>]*\bhref|meta[^>]*\bproperty=[\"']og:url[\"'][^>]*\bcontent)=[\"']([^\"']+)", re.I
)


def _declared_url(folder: Path, page_id: str) -> str:
    """A page's canonical or og:url, for records that lack a URL (else a name of the page's own)."""
    found = _DECLARED_URL.search(_head(folder / "pages" / f"{page_id}.html.gz"))
    return found.group(1).decode("utf-8", "replace") if found else f"https://unknown-{page_id}.invalid/"


def _head(path: Path) -> bytes:
    with gzip.open(path) as stream:
        return stream.read(50000)


def _html_lang(raw: bytes) -> str | None:
    """The language that the page's ``<html lang=…>`` declares, as a lowercase ISO 639 code."""
    head = gzip.decompress(raw)[:20000] if raw[:2] == b"\x1f\x8b" else raw[:20000]
    found = _LANG_ATTR.search(head)
    return found.group(1).decode("ascii").lower() if found else None


# --- the text tracks ---------------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def _tidy(text: str) -> str:
    """One block a line: spaces collapsed, lines trimmed, empty lines dropped."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line) + "\n"


def text_recall(html: str) -> str:
    text = trafilatura.extract(html, favor_recall=True, include_comments=False, include_tables=True)
    return (text or "").strip() + "\n"


_INSCRIPTIS = ParserConfig(display_links=False, display_images=False)


def text_full_inscriptis(html: str) -> str:
    return _tidy(inscriptis.get_text(html, _INSCRIPTIS))


def _version(module) -> str:
    return metadata.version(module.__name__.replace("bs4", "beautifulsoup4"))


EXTRACTORS = {
    "text-recall": (text_recall, f"trafilatura-{_version(trafilatura)}"),
    "text-full-inscriptis": (text_full_inscriptis, f"inscriptis-{_version(inscriptis)}-1"),
    "text-full-bs4": (page_text, f"bs4-{_version(bs4)}-1"),  # the text the localiser reads of a page (cleaner.html)
}
