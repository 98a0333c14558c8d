"""Web archives (WARC, plain or gzip per record, read with warcio): each HTML response is
cleaned as an HTML page; other records are skipped and counted; a broken record is
reported with its offset and the rest of the archive is read on.

``iter_warc`` cleans an archive in this process; ``warc_items`` gives its pages as batch items
(decoded here, with their HTTP charset) for ``batch.run`` and its pool of workers, written by
``WarcJsonlWriter`` and resumable as any JSONL output (each page keyed by its offset and payload).
"""

from __future__ import annotations

import json
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from .batch.items import Item, Outcome, digest
from .batch.writers import JsonlWriter
from .html import MAX_HTML_BYTES, Extracted, HtmlResult, clean_html, extract_html, read_html
from .pipeline import Cleaner
from .read import InputError, looks_like_html

HTML_TYPES = {"text/html", "application/xhtml+xml"}
#: Content types that may hide an HTML page: the payload is sniffed.
VAGUE_TYPES = {"", "text/plain", "application/octet-stream", "unk", "no-type"}
_GZIP_MAGIC = b"\x1f\x8b\x08"
_RECORD_START = b"WARC/1."
_SCAN_CHUNK = 1 << 20
#: What warcio and zlib raise on a record they cannot parse (warcio raises AttributeError on
#: some garbage headers, such as an HTTP block it cannot find a status line in).
_BROKEN = (ArchiveLoadFailed, StatusAndHeadersParserException, zlib.error, EOFError, ValueError, AttributeError)


@dataclass
class WarcPage:
    """An HTML response of the archive, cleaned."""

    offset: int
    record_id: str | None
    url: str | None  # the record's WARC-Target-URI
    warc_date: str | None
    page: HtmlResult

    def to_json(self) -> dict:
        return {**self.page.to_json(), "url": self.url or self.page.url, "warc_record_id": self.record_id, "warc_date": self.warc_date}


@dataclass
class WarcProblem:
    """A record not turned into a page: ``skipped`` (not an HTML page), ``failed`` (HTML that
    could not be cleaned) or ``broken`` (a record that could not be read)."""

    kind: str
    offset: int
    reason: str
    record_id: str | None = None
    url: str | None = None

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.record_id, self.url) if part)
        return f"offset {self.offset}{f' ({where})' if where else ''}: {self.reason}"


@dataclass
class WarcSummary:
    pages: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> records
    failed: list[WarcProblem] = field(default_factory=list)
    broken: list[WarcProblem] = field(default_factory=list)
    resumed: int = 0  # pages an interrupted run had cleaned (--resume)

    def add(self, entry: WarcPage | WarcProblem) -> None:
        if isinstance(entry, WarcPage):
            self.pages += 1
        elif entry.kind == "skipped":
            self.skipped[entry.reason] += 1
        else:
            (self.failed if entry.kind == "failed" else self.broken).append(entry)

    def add_outcome(self, item: WarcItem, outcome: Outcome) -> None:
        """A page of the batch: cleaned, or failed."""
        if outcome.error is None:
            self.pages += 1
        else:
            self.failed.append(WarcProblem("failed", item.offset, outcome.error, item.record_id, item.url))

    def to_json(self) -> dict:
        return {
            "pages": self.pages,
            "skipped": dict(sorted(self.skipped.items())),
            "failed": [vars(problem) for problem in self.failed],
            "broken": [vars(problem) for problem in self.broken],
            "resumed": self.resumed,
        }

    def format(self) -> str:
        lines = [
            f"records: {self.pages} pages cleaned, {sum(self.skipped.values())} skipped, "
            f"{len(self.failed)} failed, {len(self.broken)} broken" + (f", {self.resumed} already done" if self.resumed else "")
        ]
        lines += [f"skipped: {count} {reason}" for reason, count in sorted(self.skipped.items())]
        lines += [f"failed: {problem}" for problem in self.failed]
        lines += [f"broken: {problem}" for problem in self.broken]
        return "\n".join(lines)


@dataclass
class _HtmlRecord:
    offset: int
    record_id: str | None
    url: str | None
    warc_date: str | None
    payload: bytes
    charset: str | None


@dataclass
class WarcItem(Item):
    """An HTML response of the archive as a batch item: its text, and the record it stands in."""

    offset: int = 0
    record_id: str | None = None
    warc_date: str | None = None
    warnings: list[str] = field(default_factory=list)  # from decoding its bytes (bytes replaced)

    @property
    def where(self) -> str:
        return f"{self.name}: offset {self.offset}"


def warc_items(path: Path, problem: Callable[[WarcProblem], None]) -> Iterator[WarcItem]:
    """The archive's HTML responses in order, as items of kind ``html`` (keyed for --resume by
    their offset and payload); every other record (skipped, broken) goes to ``problem``."""
    for entry in _read_records(Path(path)):
        if isinstance(entry, WarcProblem):
            problem(entry)
            continue
        try:
            (text, warnings), error = read_html(entry.payload, entry.charset), None
        except InputError as exc:
            (text, warnings), error = (None, []), str(exc)
        yield WarcItem(
            str(path),
            text,
            url=entry.url,
            error=error,
            key=str(entry.offset),
            digest=digest(entry.payload),
            size=len(entry.payload),
            kind="html",
            offset=entry.offset,
            record_id=entry.record_id,
            warc_date=entry.warc_date,
            warnings=warnings,
        )


class WarcJsonlWriter(JsonlWriter):
    """Each cleaned page as a JSON line: the page as ``--format json`` gives it, with its record's
    URL, id and date; a page that failed writes nothing (the summary names it)."""

    def write(self, item: WarcItem, outcome: Outcome) -> None:
        if outcome.error is None:
            outcome.warnings[:0] = item.warnings
            page = {**outcome.to_json(), "url": item.url or (outcome.page or {}).get("url")}
            page.update(warc_record_id=item.record_id, warc_date=item.warc_date)
            outcome.line = (json.dumps(page, ensure_ascii=False) + "\n").encode("utf-8")
        super().write(item, outcome)


def iter_warc(cleaner: Cleaner, path: Path) -> Iterator[WarcPage | WarcProblem]:
    """Every record of the archive, in order, as a cleaned page or a problem, in this process."""
    problems: list[WarcProblem] = []
    for item in warc_items(path, problems.append):
        yield from problems
        problems.clear()
        try:
            if item.error is not None:
                raise InputError(item.error)
            page = clean_html(cleaner, item.data, url=item.url)
        except InputError as exc:
            yield WarcProblem("failed", item.offset, str(exc), item.record_id, item.url)
            continue
        page.result.warnings[:0] = item.warnings
        yield WarcPage(item.offset, item.record_id, item.url, item.warc_date, page)
    yield from problems


def iter_articles(cleaner: Cleaner, path: Path) -> Iterator[Extracted]:
    """The article text of every HTML page of the archive, before cleaning (problems left out)."""
    for entry in _read_records(Path(path)):
        if isinstance(entry, WarcProblem):
            continue
        try:
            yield extract_html(cleaner, entry.payload, url=entry.url, charset=entry.charset)
        except InputError:
            continue


def _read_records(path: Path) -> Iterator[_HtmlRecord | WarcProblem]:
    """Each record as an HTML payload to clean or a problem. After a broken record, reading
    starts again at the next record start found (a gzip member, or a ``WARC/1.`` line)."""
    size = path.stat().st_size
    with path.open("rb") as stream:
        gzipped = stream.read(3) == _GZIP_MAGIC
        position: int | None = 0
        while position is not None and position < size:
            stream.seek(position)
            iterator = ArchiveIterator(stream, check_digests=True)
            end = position
            try:
                for record in iterator:
                    if record.format != "warc":  # warcio reads ARC too, and takes any line for an ARC header
                        raise ArchiveLoadFailed("not a WARC record")
                    if record.rec_type is None:
                        raise ArchiveLoadFailed("garbage header: no WARC-Type")
                    entry = _classify(record)
                    iterator.read_to_end(record)
                    offset = iterator.get_record_offset()
                    end = offset + iterator.get_record_length()
                    yield _checked(record, entry, offset)
            except _BROKEN as exc:
                start = _skip_blank(stream, end)
                yield WarcProblem("broken", start, f"unreadable record: {_first_line(exc)}")
                position = _next_record_start(stream, start + 1, gzipped)
                continue
            start = _skip_blank(stream, end)
            if start >= size:
                return
            yield WarcProblem("broken", start, "truncated or unreadable record")
            position = _next_record_start(stream, start + 1, gzipped)


def _classify(record: ArcWarcRecord) -> _HtmlRecord | WarcProblem:
    """Read an HTML response's payload, or say why the record is skipped (its offset is
    known only once the record is read to its end: ``_checked`` sets it)."""
    offset = -1
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    url = record.rec_headers.get_header("WARC-Target-URI")
    if record.rec_type not in {"response", "resource"}:
        return WarcProblem("skipped", offset, f"{record.rec_type} record", record_id, url)
    if record.rec_type == "response":
        if record.http_headers is None or not record.http_headers.protocol.startswith("HTTP/"):
            return WarcProblem("skipped", offset, "not an HTTP response", record_id, url)
        status = record.http_headers.get_statuscode()
        if not status.startswith("2"):
            return WarcProblem("skipped", offset, f"HTTP status {status}", record_id, url)
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    media, _, parameters = content_type.partition(";")
    media = media.strip().lower()
    if media not in HTML_TYPES | VAGUE_TYPES:
        return WarcProblem("skipped", offset, f"not HTML ({media})", record_id, url)
    try:
        payload = record.content_stream().read(MAX_HTML_BYTES + 1)
    except (OSError, EOFError, ValueError, zlib.error) as exc:
        return WarcProblem("failed", offset, f"payload cannot be decoded: {_first_line(exc)}", record_id, url)
    if len(payload) > MAX_HTML_BYTES:
        return WarcProblem("failed", offset, f"HTML page larger than {MAX_HTML_BYTES} bytes", record_id, url)
    if media not in HTML_TYPES and not looks_like_html(payload):
        return WarcProblem("skipped", offset, f"not HTML ({media or 'no content type'})", record_id, url)
    date = record.rec_headers.get_header("WARC-Date")
    return _HtmlRecord(offset, record_id, url, date, payload, _charset(parameters))


def _checked(record: ArcWarcRecord, entry: _HtmlRecord | WarcProblem, offset: int) -> _HtmlRecord | WarcProblem:
    """The entry at its true offset, or a problem if the record was cut short or its digest is wrong."""
    entry.offset = offset
    record_id, url = record.rec_headers.get_header("WARC-Record-ID"), record.rec_headers.get_header("WARC-Target-URI")
    missing = getattr(record.raw_stream, "limit", 0)
    if missing > 0:
        return WarcProblem("broken", offset, f"record truncated: {missing} bytes missing", record_id, url)
    checker = getattr(record, "digest_checker", None)
    if checker is not None and checker.passed is False:
        return WarcProblem("broken", offset, f"digest mismatch: {'; '.join(checker.problems)}", record_id, url)
    return entry


def _charset(parameters: str) -> str | None:
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _skip_blank(stream: BinaryIO, position: int) -> int:
    """The first offset at or after ``position`` that is not a blank line's byte."""
    stream.seek(position)
    while True:
        chunk = stream.read(4096)
        stripped = chunk.lstrip(b"\r\n")
        if stripped or not chunk:
            return position + len(chunk) - len(stripped)
        position += len(chunk)


def _next_record_start(stream: BinaryIO, position: int, gzipped: bool) -> int | None:
    """The offset of the next record at or after ``position``, or None if there is none."""
    marker = _GZIP_MAGIC if gzipped else _RECORD_START
    while True:
        stream.seek(position)
        chunk = stream.read(_SCAN_CHUNK + len(marker))
        if len(chunk) < len(marker):
            return None
        found = chunk.find(marker)
        while found != -1:
            if _starts_record(stream, position + found, gzipped):
                return position + found
            found = chunk.find(marker, found + 1)
        position += _SCAN_CHUNK


def _starts_record(stream: BinaryIO, offset: int, gzipped: bool) -> bool:
    stream.seek(max(offset - 1, 0))
    head = stream.read(4096 + 1)
    if not gzipped:
        return offset == 0 or head[:1] == b"\n"
    try:
        return zlib.decompressobj(wbits=31).decompress(head[1 if offset else 0 :], 16).startswith(b"WARC/")
    except zlib.error:
        return False


def _first_line(exc: BaseException) -> str:
    """The exception's message, one line of printable text (warcio quotes the bytes it read)."""
    text = str(exc).strip().split("\n")[0] or type(exc).__name__
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= 100 else text[:97] + "..."
