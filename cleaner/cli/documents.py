"""Reading the documents a command looks at: files, and the text files in folders."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from ..files import iter_inputs
from ..read import InputError, decode
from .common import UsageError


class DocumentReader:
    """Yields (path, text) for each input; an unreadable one is reported on stderr, counted, and skipped."""

    def __init__(self, paths: list[str] | list[Path]):
        self.roots = [Path(p) for p in paths]
        for root in self.roots:
            if not root.exists():
                raise UsageError(f"{root}: no such file or folder")
        self.failed = 0

    def __iter__(self) -> Iterator[tuple[Path, str]]:
        for root in self.roots:
            for path in iter_inputs(root, is_text_file):
                try:
                    yield path, read_text(path)
                except (InputError, OSError) as exc:
                    print(f"cleaner: {path}: {exc}", file=sys.stderr)
                    self.failed += 1


#: The files a folder is read for.
TEXT_FILES = ("*.txt", "*.text")


def is_text_file(path: Path) -> bool:
    return any(path.match(glob) for glob in TEXT_FILES)


def read_text(path: Path) -> str:
    """A document's text; an empty, binary or undecodable file raises InputError."""
    data = path.read_bytes()
    if not data.strip():
        raise InputError("empty input")
    return decode(data)
