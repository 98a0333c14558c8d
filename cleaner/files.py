"""Finding input files in folders, and writing outputs so that nothing is ever half-written."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

DEFAULT_INCLUDE = ("*.txt", "*.text")


def iter_inputs(root: Path, wanted: Callable[[Path], bool]) -> Iterator[Path]:
    """``root`` itself if it is a file, else the files under it that are ``wanted``, in a
    stable order; hidden files and folders are left out."""
    if root.is_file():
        yield root
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts) and wanted(path):
            yield path


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
