"""Counting a corpus's furniture: in how many documents of each site every normalised line stands.

A line is counted by a 64-bit hash of its key (case-folded, outer punctuation and spaces gone),
once per document, and a document met twice (the same URL crawled on two days, the same text) once.
Counts are of distinct (line, site, document) triples, so the table is the same for any order of
the documents and any split of them into parts (``merge``). Triples are buffered in numpy arrays;
past ``max_pairs`` they are spilled to disk in shards by line hash, and each shard is counted on
its own at the end, so memory stays bounded whatever the corpus size.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import tempfile
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import numpy as np

from .files import TEMPORARY_SUFFIX
from .lexicon import stopwords
from .text import split_lines

#: Share of a site's documents a line must stand in to be its furniture, and the fewest documents.
DEFAULT_SHARE = 0.3
DEFAULT_MIN_DOCUMENTS = 3
#: A line standing in the pages of this many other sites is shared copy (wire, a quote), not furniture...
WIRE_SITES = 2
#: ... when it has at least this many words (a one-word menu label is shared by every site).
WIRE_MIN_WORDS = 4
#: A line of this many words or fewer, each a common word ("Von", "By", "of the"), is never furniture:
#: a byline's first word on a line of its own recurs on the pages of every site.
FUNCTION_WORDS_MAX = 2
#: (line, site, document) triples held in memory before they are spilled to disk, in 2**SHARD_BITS shards.
MAX_PAIRS = 4_000_000
SHARD_BITS = 6

_WORD = re.compile(r"\w+")
_EDGE = " \t.:;,!?…»«›‹>→←|/\\-–—•*·()[]{}\"'“”‘’：；，。！？、（）【】「」『』《》〈〉・"
_ENTRY = np.dtype([("line", "<u8"), ("site", "<u4"), ("count", "<u4")])
_TRIPLE = np.dtype([("line", "<u8"), ("site", "<u4"), ("doc", "<u8")])
_DOCUMENT = np.dtype([("site", "<u4"), ("doc", "<u8")])


def line_key(line: str) -> str:
    """A line as furniture is compared: case-folded, outer punctuation and spaces gone ("" for a
    line with no letter or digit). Numbers are kept: a byline or a score that differs by a
    number is another line."""
    key = " ".join(line.casefold().replace("’", "'").strip(_EDGE).split())
    return key if any(ch.isalnum() for ch in key) else ""


@lru_cache(maxsize=1 << 16)  # the lines every page of a site repeats; bounded, as article lines are many
def _hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


def line_hash(line: str) -> int | None:
    """The hash a line is counted by, or None for a line that is never furniture."""
    key = line_key(line)
    return _hash(key) if key and not _function_words(key) else None


def _function_words(key: str) -> bool:
    """Whether a line key is a word or two, all of them common words of some language."""
    if key.count(" ") >= FUNCTION_WORDS_MAX:
        return False
    words = _WORD.findall(key)
    return 0 < len(words) <= FUNCTION_WORDS_MAX and all(word in stopwords() for word in words)


def document_hashes(text: str) -> np.ndarray:
    """The distinct line hashes of a document, sorted."""
    hashes = {h for line in split_lines(text) if (h := line_hash(line)) is not None}
    return np.array(sorted(hashes), dtype=np.uint64)


@cache
def _domains():
    import tldextract  # its bundled snapshot of the public suffix list: no network

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registered_domain(url: str) -> str | None:
    """The registered domain of a URL (``news.example.co.uk`` → ``example.co.uk``), by the public
    suffix list bundled with tldextract; None when it has none (an IP address, an unknown suffix)."""
    return _domains()(url).top_domain_under_public_suffix or None


def host_name(url: str) -> str | None:
    """A URL's host, lower-case, with no port and no leading ``www.`` (None when it has none)."""
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:  # such as an unclosed [IPv6 bracket
        return None
    return host.removeprefix("www.") if host else None


def site_of(outlet: str | None, url: str | None, path: str | None) -> str | None:
    """Whose furniture a document carries: its outlet when a rule file matched, else the
    registered domain of its URL (its host when it has no public suffix: ``intranet``,
    ``news.example``, ``localhost:8080``), else the folder of its file (None when none is known)."""
    if outlet:
        return outlet
    if url:
        domain = registered_domain(url) or host_name(url)
        if domain:
            return domain
    if path:
        return folder_site(path)
    return None


def folder_site(path: str) -> str:
    """The site a file of unknown outlet and URL counts under: its folder."""
    return f"folder {Path(path).parent.as_posix()}"


def _unique(triples: np.ndarray) -> np.ndarray:
    """The distinct (line, site, document) triples, sorted."""
    if len(triples) == 0:
        return triples
    triples = triples[np.lexsort((triples["doc"], triples["site"], triples["line"]))]
    fresh = np.ones(len(triples), dtype=bool)
    fresh[1:] = (
        (triples["line"][1:] != triples["line"][:-1])
        | (triples["site"][1:] != triples["site"][:-1])
        | (triples["doc"][1:] != triples["doc"][:-1])
    )
    return triples[fresh]


def _count(triples: np.ndarray) -> np.ndarray:
    """Distinct triples to the number of documents of each (line, site) pair, sorted."""
    triples = _unique(triples)
    if len(triples) == 0:
        return np.empty(0, dtype=_ENTRY)
    starts = np.flatnonzero(
        np.concatenate(([True], (triples["line"][1:] != triples["line"][:-1]) | (triples["site"][1:] != triples["site"][:-1])))
    )
    entries = np.empty(len(starts), dtype=_ENTRY)
    entries["line"], entries["site"] = triples["line"][starts], triples["site"][starts]
    entries["count"] = np.diff(np.append(starts, len(triples)))
    return entries


def document_key(text: str, url: str | None) -> int:
    """What makes two documents one: the same URL (a page crawled twice), else the same text."""
    return _hash(f"url {url}" if url else f"text {text}")


class FurnitureCounter:
    """Adds up documents, one call per document: its site, its line hashes and its key (see
    ``document_key``: a document met twice counts once)."""

    def __init__(self, max_pairs: int = MAX_PAIRS, spill_dir: Path | None = None):
        self.names: list[str] = []
        self.ids: dict[str, int] = {}
        self.max_pairs = max_pairs
        self.spill_dir = spill_dir
        self._buffer: list[np.ndarray] = []
        self._buffered = 0
        self._document_sites, self._document_keys = array("I"), array("Q")  # one (site, key) pair a document
        self._documents: list[np.ndarray] = []  # merged (site, doc) pairs
        self._spill: tempfile.TemporaryDirectory | None = None

    def _site(self, name: str) -> int:
        if name not in self.ids:
            self.ids[name] = len(self.names)
            self.names.append(name)
        return self.ids[name]

    def add(self, site: str, hashes: np.ndarray, key: int) -> None:
        site_id = self._site(site)
        triples = np.empty(len(hashes), dtype=_TRIPLE)
        triples["line"], triples["site"], triples["doc"] = hashes, site_id, key
        self._document_sites.append(site_id)
        self._document_keys.append(key)
        self._push(triples)

    def write(self, stream: BinaryIO) -> None:
        """Everything counted so far, to be ``merge``d elsewhere (a datatrove task's share)."""
        np.savez(stream, sites=np.array(self.names, dtype=np.str_), triples=self._all(), documents=self._distinct_documents())

    def merge(self, source: Path | BinaryIO) -> None:
        """Add what another counter ``write``-d."""
        with np.load(source) as data:
            remap = np.array([self._site(str(name)) for name in data["sites"]], dtype=np.uint32)
            triples, documents = data["triples"], data["documents"]
            if len(remap):
                triples["site"], documents["site"] = remap[triples["site"]], remap[documents["site"]]
            self._documents.append(documents)
            self._push(triples)

    def _push(self, triples: np.ndarray) -> None:
        self._buffer.append(triples)
        self._buffered += len(triples)
        if self._buffered >= self.max_pairs:
            self._flush()

    def _flush(self) -> None:
        """Spill the buffer to disk, in shards by line hash."""
        triples = _unique(np.concatenate(self._buffer)) if self._buffer else np.empty(0, dtype=_TRIPLE)
        self._buffer, self._buffered = [], 0
        if self._spill is None:
            self._spill = tempfile.TemporaryDirectory(prefix="cleaner-furniture-", dir=self.spill_dir)
        shard = (triples["line"] >> np.uint64(64 - SHARD_BITS)).astype(np.intp)
        for number in np.unique(shard):
            with open(os.path.join(self._spill.name, f"{number:03d}"), "ab") as stream:
                triples[shard == number].tofile(stream)

    def _shards(self):
        """The triples, shard by shard (all of a line's in one); the spill is removed after."""
        if self._spill is None:
            yield np.concatenate(self._buffer) if self._buffer else np.empty(0, dtype=_TRIPLE)
            return
        if self._buffer:
            self._flush()
        for name in sorted(os.listdir(self._spill.name)):
            yield np.fromfile(os.path.join(self._spill.name, name), dtype=_TRIPLE)

    def _all(self) -> np.ndarray:
        triples = np.concatenate([_unique(shard) for shard in self._shards()] or [np.empty(0, dtype=_TRIPLE)])
        self._reset(triples)
        return triples

    def _reset(self, triples: np.ndarray) -> None:
        if self._spill is not None:
            self._spill.cleanup()
            self._spill = None
        self._buffer, self._buffered = [triples], len(triples)

    def _distinct_documents(self) -> np.ndarray:
        added = np.empty(len(self._document_sites), dtype=_DOCUMENT)
        added["site"], added["doc"] = (
            np.frombuffer(self._document_sites, dtype=np.uint32),
            np.frombuffer(self._document_keys, dtype=np.uint64),
        )
        documents = np.unique(np.concatenate([*self._documents, added]))
        self._document_sites, self._document_keys = array("I"), array("Q")
        self._documents = [documents]
        return documents

    def table(self, min_count: int = DEFAULT_MIN_DOCUMENTS) -> CountTable:
        """The count of every (line, site) pair standing in ``min_count`` documents or more,
        with the number of sites each line stands in (the counter is spent: count anew after)."""
        parts = [_keep(_count(shard), min_count) for shard in self._shards()]
        if self._spill is not None:
            self._spill.cleanup()
            self._spill = None
        entries = np.concatenate([part[0] for part in parts]) if parts else np.empty(0, dtype=_ENTRY)
        spread = np.concatenate([part[1] for part in parts]) if parts else np.empty(0, dtype=np.uint32)
        documents = np.bincount(self._distinct_documents()["site"], minlength=len(self.names)).tolist()
        return CountTable.of(self.names, documents, entries, spread, min_count)


def _keep(entries: np.ndarray, min_count: int) -> tuple[np.ndarray, np.ndarray]:
    """Entries counted ``min_count`` times or more, and in how many sites each one's line stands."""
    if len(entries) == 0:
        return entries, np.empty(0, dtype=np.uint32)
    _, inverse, sites = np.unique(entries["line"], return_inverse=True, return_counts=True)
    spread = sites[inverse].astype(np.uint32)
    kept = entries["count"] >= min_count
    return entries[kept], spread[kept]


@dataclass(frozen=True)
class SiteCounts:
    """The lines a site repeats, with what the step needs to judge them."""

    site: str
    documents: int
    threshold: int
    counts: dict[int, tuple[int, int]]  # line hash -> (documents it stands in, other sites it stands in)

    def is_furniture(self, line_hash: int | None) -> bool:
        found = self.counts.get(line_hash)
        return found is not None and found[0] >= self.threshold


@dataclass
class CountTable:
    """Counts of (line, site) pairs, sorted, with each site's documents; saved as .npz."""

    sites: list[str]
    documents: list[int]
    lines: np.ndarray  # uint64
    site_ids: np.ndarray  # uint32, into ``sites``
    counts: np.ndarray  # uint32
    spread: np.ndarray  # uint32: sites the line stands in
    min_count: int = DEFAULT_MIN_DOCUMENTS  # pairs counted fewer times were left out
    _by_site: dict = field(default_factory=dict, repr=False)
    _grouped: tuple | None = field(default=None, repr=False)

    @classmethod
    def of(cls, names: list[str], documents: list[int], entries: np.ndarray, spread: np.ndarray, min_count: int) -> CountTable:
        """The table with its sites named in sorted order (so it does not depend on input order)."""
        order = sorted(range(len(names)), key=names.__getitem__)
        rank = np.empty(len(names), dtype=np.uint32)
        rank[order] = np.arange(len(names), dtype=np.uint32)
        site_ids = rank[entries["site"]] if len(entries) else np.empty(0, dtype=np.uint32)
        sort = np.lexsort((site_ids, entries["line"]))
        return cls(
            [names[i] for i in order],
            [documents[i] for i in order],
            entries["line"][sort],
            site_ids[sort],
            entries["count"][sort],
            spread[sort],
            min_count,
        )

    def save(self, path: Path) -> None:
        """Write the table atomically (a temporary file renamed into place)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX)
        try:
            with os.fdopen(fd, "wb") as stream:
                self.write(stream)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise

    def write(self, stream: BinaryIO) -> None:
        """The table as .npz to a binary stream."""
        np.savez(
            stream,
            sites=np.array(self.sites, dtype=np.str_),
            documents=np.array(self.documents, dtype=np.int64),
            lines=self.lines,
            site_ids=self.site_ids,
            counts=self.counts,
            spread=self.spread,
            min_count=np.array(self.min_count),
        )

    @classmethod
    def load(cls, source: Path | BinaryIO) -> CountTable:
        """A table as ``save`` or ``write`` wrote it (a path or a binary stream)."""
        with np.load(source) as data:
            return cls(
                [str(name) for name in data["sites"]],
                [int(n) for n in data["documents"]],
                data["lines"],
                data["site_ids"],
                data["counts"],
                data["spread"],
                int(data["min_count"]),
            )

    def without(self, sites: set[str]) -> CountTable:
        """The table with these sites' counts left out: they learn no furniture (their lines still
        count in the spread of the others')."""
        gone = np.isin(self.site_ids, [number for number, name in enumerate(self.sites) if name in sites])
        documents = [0 if name in sites else count for name, count in zip(self.sites, self.documents, strict=True)]
        kept = ~gone
        return CountTable(
            self.sites, documents, self.lines[kept], self.site_ids[kept], self.counts[kept], self.spread[kept], self.min_count
        )

    def _rows(self, number: int) -> np.ndarray:
        """The rows of one site (the table grouped by site once, on first use)."""
        if self._grouped is None:
            order = np.argsort(self.site_ids, kind="stable")
            self._grouped = order, np.searchsorted(self.site_ids[order], np.arange(len(self.sites) + 1))
        order, bounds = self._grouped
        return order[bounds[number] : bounds[number + 1]]

    def documents_of(self, site: str) -> int:
        try:
            return self.documents[self.sites.index(site)]
        except ValueError:
            return 0

    def furniture(self, site: str | None, share: float = DEFAULT_SHARE, min_documents: int = DEFAULT_MIN_DOCUMENTS) -> SiteCounts | None:
        """What the step needs for one site (None for a site with too few documents to learn from)."""
        if site is None:
            return None
        key = (site, share, min_documents)
        if key not in self._by_site:
            self._by_site[key] = self._furniture(site, share, min_documents)
        return self._by_site[key]

    def _furniture(self, site: str, share: float, min_documents: int) -> SiteCounts | None:
        documents = self.documents_of(site)
        threshold = threshold_for(documents, share, min_documents)
        if documents < threshold:
            return None
        rows = self._rows(self.sites.index(site))
        mine = rows[self.counts[rows] >= threshold]
        counts = {int(self.lines[i]): (int(self.counts[i]), int(self.spread[i]) - 1) for i in mine}
        return SiteCounts(site, documents, threshold, counts) if counts else None


def threshold_for(documents: int, share: float = DEFAULT_SHARE, min_documents: int = DEFAULT_MIN_DOCUMENTS) -> int:
    """In how many of a site's documents a line must stand to be its furniture: ``max(min, share × documents)``."""
    return max(min_documents, math.ceil(share * documents - 1e-9))


def count_texts(documents: Iterable[tuple[str | None, str]], counter: FurnitureCounter | None = None) -> FurnitureCounter:
    """Count (site, text) pairs; documents of no known site are left out."""
    counter = counter or FurnitureCounter()
    for site, text in documents:
        if site is not None:
            counter.add(site, document_hashes(text), document_key(text, None))
    return counter
