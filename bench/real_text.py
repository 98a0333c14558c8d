"""Text tracks of the real corpora, extracted once and cached (bench/out/tracks/, gitignored).

- ``article``: trafilatura's extraction (favor_recall, no comments, tables kept): article-sized text;
- ``page``: inscriptis ``get_text`` of the whole page: every line of the page, furniture included.

The corpora are read where they lie (``--corpora``, default ../shared/corpora from the repository
root); nothing of them is copied into the repository.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
CACHE = ROOT / "bench" / "out" / "tracks"
CORPUS_NAMES = ("fundus-news", "wcxb-dev-articles")
TRACKS = ("article", "page")


def pages(corpus: Path) -> list[tuple[str, str | None, bytes]]:
    """(id, url, gzipped HTML bytes) for every page of a corpus, in id order."""
    urls = {}
    for line in (corpus / "gold.jsonl").read_text(encoding="utf-8").split("\n"):
        if not line:
            continue
        record = json.loads(line)
        urls[record["id"]] = record.get("url")
    found = []
    for path in sorted((corpus / "pages").rglob("*.html.gz")):
        page_id = path.relative_to(corpus / "pages").as_posix().removesuffix(".html.gz")
        found.append((page_id, urls.get(page_id), path.read_bytes()))
    return found


def extract(track: str, html: str) -> str | None:
    if track == "article":
        import trafilatura

        return trafilatura.extract(html, favor_recall=True, include_comments=False, include_tables=True)
    from inscriptis import get_text

    return get_text(html)


def track(name: str, kind: str, corpora: Path = CORPORA) -> list[tuple[str, str | None, str]]:
    """(id, url, text) of every page of corpus ``name`` that yields text, extracted as ``kind``."""
    cached = CACHE / f"{name}.{kind}.jsonl"
    if not cached.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        records = []
        for page_id, url, data in pages(corpora / name):
            html = gzip.decompress(data).decode("utf-8", "replace")
            try:
                text = extract(kind, html)
            except Exception:  # noqa: BLE001 - an extractor failing on a page leaves that page out
                text = None
            if text and text.strip():
                records.append({"id": page_id, "url": url, "text": text})
        tmp = cached.with_suffix(".tmp")
        tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        tmp.rename(cached)
    return [(r["id"], r["url"], r["text"]) for r in map(json.loads, filter(None, cached.read_text(encoding="utf-8").split("\n")))]


if __name__ == "__main__":
    for corpus_name in CORPUS_NAMES:
        for kind in TRACKS:
            texts = track(corpus_name, kind)
            print(corpus_name, kind, len(texts), "documents", sum(len(t) for _, _, t in texts), "chars")
