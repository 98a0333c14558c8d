"""Readers: files and JSONL records in, Items out. A reader never raises on bad input;
the Item carries the error, so the batch goes on and the report names the file and line."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from xopen import xopen

from ..files import compression, is_html_name
from ..read import looks_like_html
from .items import Item, digest

DEFAULT_MAX_BYTES = 20_000_000


def read_files(
    pairs: Iterable[tuple[Path | None, Path | None, str]], max_bytes: int = DEFAULT_MAX_BYTES, in_place: bool = False
) -> Iterator[Item]:
    """Items from (source, target, key) triples; a None source is stdin. HTML pages are
    recognised by name or content; in place they are refused (their text would replace them)."""
    for source, target, key in pairs:
        name = "<stdin>" if source is None else str(source)
        item = Item(name, None, path=None if source is None else str(source), target=target, key=key)
        try:
            if source is not None and source.stat().st_size > max_bytes:
                item.error = f"larger than --max-bytes ({source.stat().st_size} > {max_bytes} bytes)"
            else:
                item.data = sys.stdin.buffer.read() if source is None else source.read_bytes()
                item.digest = digest(item.data)
                if len(item.data) > max_bytes:
                    item.error, item.data = f"larger than --max-bytes ({len(item.data)} > {max_bytes} bytes)", None
                else:
                    html = (source is not None and is_html_name(source)) or looks_like_html(item.data)
                    item.kind = "html" if html else "text"
                    if html and in_place:
                        item.error, item.data = "an HTML page is not rewritten in place; clean it with -o", None
        except OSError as exc:
            item.error = f"cannot read: {exc.strerror or exc}"
        yield item


def open_jsonl(path: Path | None, stdin_name: str | None = None) -> BinaryIO:
    """A JSONL file, decompressed as its name says (.gz, .zst, .bz2, .xz), or stdin for None
    (decompressed as ``stdin_name`` says)."""
    if path is None:
        format = compression(stdin_name or "")
        return xopen(sys.stdin.buffer, "rb", format=format) if format else sys.stdin.buffer
    return xopen(path, "rb", threads=0) if compression(path.name) else path.open("rb")


def read_jsonl(path: Path | None, max_bytes: int = DEFAULT_MAX_BYTES, stdin_name: str | None = None) -> Iterator[Item]:
    """One Item per line of a JSONL file (or of stdin, compressed as ``stdin_name`` says); the
    workers parse the records."""
    name = "<stdin>" if path is None else str(path)
    with open_jsonl(path, stdin_name) as stream:
        for number, raw in enumerate(stream, 1):
            item = Item(name, raw, line=number, key=str(number), digest=digest(raw), kind="record")
            if not raw.strip():
                item.error, item.data = "empty line", None
            elif len(raw) > max_bytes:
                item.error, item.data = f"record larger than --max-bytes ({len(raw)} > {max_bytes} bytes)", None
            yield item
