"""Readers: files, JSONL records and web archives' pages in, Items out. A reader never raises on bad input;
the Item carries the error, so the batch goes on and the report names the file and line."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..files import compression, is_html_name
from ..read import InputError, looks_like_html
from .items import Item, WarcItem, digest
from .records import Span

DEFAULT_MAX_BYTES = 20_000_000
#: Bytes over which ``read_jsonl`` leaves a record in its file when asked (``Span``).
LEFT_IN_FILE = 1_000_000


def read_warc(path: Path, problem: Callable) -> Iterator[WarcItem]:
    """A web archive's HTML responses in order, decoded here with their HTTP charset, keyed for
    --resume by their offset and payload; every other record (a ``warc.WarcProblem``: skipped,
    broken) goes to ``problem``."""
    from ..html import read_html  # trafilatura and warcio only when an archive comes
    from ..warc import WarcProblem, read_records

    for entry in read_records(path):
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


def read_files(
    pairs: Iterable[tuple[Path | None, Path | None, str]],
    max_bytes: int = DEFAULT_MAX_BYTES,
    in_place: Iterable[Path] | None = None,
) -> Iterator[Item]:
    """Items from (source, target, key) triples; a None source is stdin. HTML pages are
    recognised by name or content. In place (``in_place``: the paths given), HTML pages are
    refused (their text would replace them), and so are files with other hard links and links
    to files outside the paths given."""
    roots = None if in_place is None else [root.resolve() for root in in_place]
    for source, target, key in pairs:
        name = "<stdin>" if source is None else str(source)
        item = Item(name, None, path=None if source is None else str(source), target=target, key=key)
        try:
            refused = None if roots is None or source is None else _not_rewritable(source, roots)
            if refused:
                item.error = refused
            elif source is not None and source.stat().st_size > max_bytes:
                item.error = f"larger than --max-bytes ({source.stat().st_size} > {max_bytes} bytes)"
            else:
                item.data = _read(source, max_bytes)
                item.size, item.digest = len(item.data), digest(item.data)
                if len(item.data) > max_bytes:
                    item.error, item.data = f"larger than --max-bytes (over {max_bytes} bytes)", None
                else:
                    html = (source is not None and is_html_name(source)) or looks_like_html(item.data)
                    item.kind = "html" if html else "text"
                    if html and roots is not None:
                        item.error, item.data = "an HTML page is not rewritten in place; clean it with -o", None
        except OSError as exc:
            item.error = f"cannot read: {exc.strerror or exc}"
        yield item


def _not_rewritable(source: Path, roots: list[Path]) -> str | None:
    """Why a file may not be rewritten in place, or None."""
    real = source.resolve()
    if not any(real == root or real.is_relative_to(root) for root in roots):
        return f"a link to {real}, outside the paths given: not rewritten in place"
    links = real.stat().st_nlink
    if links > 1:
        return f"has {links} hard links, which rewriting it would break: clean it with -o"
    return None


def _read(source: Path | None, max_bytes: int) -> bytes:
    """A file's bytes (stdin's for None), but no more than one over ``max_bytes``: a pipe has no size."""
    if source is None:
        return sys.stdin.buffer.read(max_bytes + 1)
    with source.open("rb") as stream:
        # read what the file holds, not a buffer of max_bytes (allocated in full for each file)
        size = min(os.fstat(stream.fileno()).st_size, max_bytes)
        data = stream.read(size + 1)
        if len(data) > size:  # it grew, or says nothing of its size (a pipe, /proc)
            data += stream.read(max_bytes + 1 - len(data))
        return data


def open_jsonl(path: Path | None, stdin_name: str | None = None) -> BinaryIO:
    """A JSONL file, decompressed as its name says (.gz, .zst, .bz2, .xz), or stdin for None
    (decompressed as ``stdin_name`` says)."""
    if path is None:
        format = compression(stdin_name or "")
        return _xopen(sys.stdin.buffer, "rb", format=format) if format else sys.stdin.buffer
    return _xopen(path, "rb", threads=0) if compression(path.name) else path.open("rb")


def _xopen(*args, **kwargs) -> BinaryIO:
    from xopen import xopen  # only for compressed input

    return xopen(*args, **kwargs)


def read_jsonl(
    path: Path | None, max_bytes: int = DEFAULT_MAX_BYTES, stdin_name: str | None = None, left_in_file: int | None = None
) -> Iterator[Item]:
    """One Item per line of a JSONL file (or of stdin, decompressed as ``stdin_name`` says); the
    workers parse the records. A record over
    ``max_bytes`` goes too, to be passed through marked. A record of more than ``left_in_file``
    bytes in an uncompressed regular file is a ``Span`` of it. When the file cannot be read to its
    end (a truncated or damaged compressed file), the last Item is ``broken`` and says where
    reading stopped."""
    name = "<stdin>" if path is None else str(path)
    seekable = left_in_file is not None and path is not None and path.is_file() and not compression(path.name)
    number = offset = 0
    try:
        with open_jsonl(path, stdin_name) as stream:  # an external decompressor's failure shows at its close
            for number, raw in enumerate(stream, 1):
                item = Item(name, raw, line=number, key=str(number), digest=digest(raw), size=len(raw), kind="record")
                if not raw.strip():
                    item.error, item.data = "empty line", None
                elif len(raw) > max_bytes:
                    item.error = f"record larger than --max-bytes ({len(raw)} > {max_bytes} bytes)"
                if seekable and item.data is not None and len(raw) > left_in_file:
                    item.data = Span(name, offset, len(raw))
                offset += len(raw)
                del raw  # a Span's bytes are not kept while the next record is read
                yield item
    except Exception as exc:  # each decompressor has its own errors (zlib, lzma, zstd; OSError, EOFError)
        number += 1
        reason = f"unreadable from here on, {number - 1} records read: {exc}"
        yield Item(name, None, line=number, key=str(number), error=reason, kind="record", broken=True)
