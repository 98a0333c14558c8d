"""Web archives (WARC, plain or gzip per record, read with warcio): each HTML response is
cleaned as an HTML page; other records are skipped and counted; a broken record is
reported with its offset and the rest of the archive is read on.

``iter_warc`` cleans an archive in this process; ``read_records`` gives its HTML payloads, which
the batch (``batch.readers.read_warc``) hands to its pool of workers.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from .html import MAX_HTML_BYTES, HtmlResult, clean_html
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
class HtmlRecord:
    """An HTML response or resource of the archive, not yet decoded: its payload and charset hint."""

    offset: int
    record_id: str | None
    url: str | None
    warc_date: str | None
    payload: bytes
    charset: str | None


def iter_warc(cleaner: Cleaner, path: Path) -> Iterator[WarcPage | WarcProblem]:
    """Every record of the archive, in order, as a cleaned page or a problem, in this process."""
    for entry in read_records(Path(path)):
        if isinstance(entry, WarcProblem):
            yield entry
            continue
        try:
            page = clean_html(cleaner, entry.payload, url=entry.url, charset=entry.charset)
        except InputError as exc:
            yield WarcProblem("failed", entry.offset, str(exc), entry.record_id, entry.url)
            continue
        yield WarcPage(entry.offset, entry.record_id, entry.url, entry.warc_date, page)


def read_records(path: Path) -> Iterator[HtmlRecord | WarcProblem]:
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


def _classify(record: ArcWarcRecord) -> HtmlRecord | WarcProblem:
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
    return HtmlRecord(offset, record_id, url, date, payload, _charset(parameters))


def _checked(record: ArcWarcRecord, entry: HtmlRecord | WarcProblem, offset: int) -> HtmlRecord | WarcProblem:
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
