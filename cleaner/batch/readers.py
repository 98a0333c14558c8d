"""Readers: files, JSONL records and web archives' pages in, Items out. A reader never raises on bad input;
the Item carries the error, so the batch goes on and the report names the file and line."""

from __future__ import annotations

import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from xopen import xopen

from ..files import compression, is_html_name
from ..read import InputError, looks_like_html
from .items import Item, WarcItem, digest

DEFAULT_MAX_BYTES = 20_000_000


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
        return stream.read(max_bytes + 1)


def open_jsonl(path: Path | None, stdin_name: str | None = None) -> BinaryIO:
    """A JSONL file, decompressed as its name says (.gz, .zst, .bz2, .xz), or stdin for None
    (decompressed as ``stdin_name`` says)."""
    if path is None:
        format = compression(stdin_name or "")
        return xopen(sys.stdin.buffer, "rb", format=format) if format else sys.stdin.buffer
    return xopen(path, "rb", threads=0) if compression(path.name) else path.open("rb")


def read_jsonl(path: Path | None, max_bytes: int = DEFAULT_MAX_BYTES, stdin_name: str | None = None) -> Iterator[Item]:
    """One Item per line of a JSONL file (or of stdin, decompressed as ``stdin_name`` says); the
    workers parse the records. A record over
    ``max_bytes`` goes too, to be passed through marked. When the file cannot be read to its
    end (a truncated or broken gzip file), the last Item says where reading stopped."""
    name = "<stdin>" if path is None else str(path)
    number = 0
    with open_jsonl(path, stdin_name) as stream:
        try:
            for number, raw in enumerate(stream, 1):
                item = Item(name, raw, line=number, key=str(number), digest=digest(raw), size=len(raw), kind="record")
                if not raw.strip():
                    item.error, item.data = "empty line", None
                elif len(raw) > max_bytes:
                    item.error = f"record larger than --max-bytes ({len(raw)} > {max_bytes} bytes)"
                yield item
        except (OSError, EOFError, zlib.error) as exc:
            number += 1
            reason = f"unreadable from here on, {number - 1} records read: {exc}"
            yield Item(name, None, line=number, key=str(number), error=reason, kind="record")
