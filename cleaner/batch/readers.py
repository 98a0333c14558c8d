"""Readers: files and JSONL records in, Items out. A reader never raises on bad input;
the Item carries the error, so the batch goes on and the report names the file and line."""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from .items import Item, digest

DEFAULT_MAX_BYTES = 20_000_000


def read_files(pairs: Iterable[tuple[Path | None, Path | None, str]], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Items from (source, target, key) triples; a None source is stdin."""
    for source, target, key in pairs:
        name = "<stdin>" if source is None else str(source)
        item = Item(name, None, path=None if source is None else str(source), target=target, key=key)
        try:
            if source is not None and source.stat().st_size > max_bytes:
                item.error = f"larger than --max-bytes ({source.stat().st_size} > {max_bytes} bytes)"
            else:
                item.data = sys.stdin.buffer.read() if source is None else source.read_bytes()
                item.size, item.digest = len(item.data), digest(item.data)
                if len(item.data) > max_bytes:
                    item.error, item.data = f"larger than --max-bytes ({len(item.data)} > {max_bytes} bytes)", None
        except OSError as exc:
            item.error = f"cannot read: {exc.strerror or exc}"
        yield item


def open_jsonl(path: Path | None) -> BinaryIO:
    """A JSONL file, gzip-compressed when its name ends in .gz, or stdin for None."""
    if path is None:
        return sys.stdin.buffer
    return gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")


def read_jsonl(
    path: Path | None, text_field: str, url_field: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Item]:
    """One Item per line of a JSONL file; every other field of the record rides along."""
    name = "<stdin>" if path is None else str(path)
    with open_jsonl(path) as stream:
        for number, raw in enumerate(stream, 1):
            item = Item(name, None, line=number, key=str(number), digest=digest(raw), size=len(raw))
            if not raw.strip():
                item.error = "empty line"
            elif len(raw) > max_bytes:
                item.error = f"record larger than --max-bytes ({len(raw)} > {max_bytes} bytes)"
            else:
                _parse_record(item, raw, text_field, url_field)
            yield item


def _parse_record(item: Item, raw: bytes, text_field: str, url_field: str) -> None:
    try:
        record = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        item.error = f"not valid JSON: {exc}"
        return
    if not isinstance(record, dict):
        item.error = "not a JSON object"
        return
    item.record = record
    text = record.get(text_field)
    if not isinstance(text, str):
        item.error = f"no text field {text_field!r}" if text is None else f"field {text_field!r} is not a string"
        return
    item.data = text
    url = record.get(url_field)
    item.url = url if isinstance(url, str) else None
