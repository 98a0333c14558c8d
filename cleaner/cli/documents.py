"""Reading the documents a command looks at as ``clean`` reads them: text files, HTML pages
(their extracted article), JSONL records, and the files a folder's globs take."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..batch.readers import read_files, read_jsonl
from ..batch.records import RecordFormat
from ..config import Settings, matches
from ..files import DEFAULT_INCLUDE, JSONL_SUFFIXES, iter_inputs
from ..pipeline import Cleaner
from ..read import InputError, decode
from .common import UsageError


@dataclass
class Text:
    """A document as the pipeline cleans it: its name in messages, text, URL and path hint."""

    name: str
    text: str
    url: str | None
    path: str


class DocumentReader:
    """Yields a Text for each input; an unreadable one is reported on stderr, counted, and skipped."""

    def __init__(self, paths: list[str] | list[Path], cleaner: Cleaner, config: Settings, url: str | None = None):
        self.roots = [Path(p) for p in paths]
        for root in self.roots:
            if not root.exists():
                raise UsageError(f"{root}: no such file or folder")
        self.cleaner, self.url, self.failed = cleaner, url, 0
        include = tuple(config.include or DEFAULT_INCLUDE)
        self.wanted = lambda path: matches(path, include, config.root) and not config.excludes(path)

    def __iter__(self) -> Iterator[Text]:
        for root in self.roots:
            for path in iter_inputs(root, self.wanted):
                items = read_jsonl(path) if path.name.endswith(JSONL_SUFFIXES) else read_files([(path, None, str(path))])
                for item in items:
                    try:
                        if item.error is not None:
                            raise InputError(item.error)
                        yield self._text(item, str(path))
                    except InputError as exc:
                        print(f"cleaner: {item.where}: {exc}", file=sys.stderr)
                        self.failed += 1

    def _text(self, item, path: str) -> Text:
        if item.kind == "record":
            _, text, url = RecordFormat().parse(item.data)
            return Text(item.where, text, self.url or url, path)
        if item.kind == "html":
            from ..html import extract_html  # trafilatura is imported only when a page comes

            page = extract_html(self.cleaner, item.data, url=self.url, path=path)
            return Text(item.where, page.text, page.url, path)
        if not item.data.strip():
            raise InputError("empty input")
        return Text(item.where, decode(item.data), self.url, path)


def read_text(path: Path) -> str:
    """A text file's text; an empty, binary or undecodable file raises InputError."""
    data = path.read_bytes()
    if not data.strip():
        raise InputError("empty input")
    return decode(data)
