"""Finding input files in folders, and writing outputs so that nothing is ever half-written."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from fnmatch import fnmatchcase
from pathlib import Path

DEFAULT_INCLUDE = ("*.txt", "*.text")


def iter_inputs(root: Path, include: tuple[str, ...] = DEFAULT_INCLUDE, exclude: tuple[str, ...] = ()) -> Iterator[Path]:
    """Files under ``root`` (or ``root`` itself), in a stable order, filtered by name globs."""
    if root.is_file():
        yield root
        return
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if not path.is_file() or any(part.startswith(".") for part in parts):
            continue
        if _matches(path, include) and not _matches(path, exclude):
            yield path


def _matches(path: Path, globs: tuple[str, ...]) -> bool:
    return any(fnmatchcase(path.name, glob) or fnmatchcase(path.as_posix(), glob) for glob in globs)


def atomic_write(path: Path, text: str) -> None:
    """Write UTF-8 text to a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
