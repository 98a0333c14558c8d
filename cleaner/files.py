"""Finding input files in folders, and writing outputs so that nothing is ever half-written."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TextIO

HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
#: Compressions a JSONL corpus may come in, read and written by its name (with xopen).
COMPRESSIONS = {".gz": "gz", ".zst": "zst", ".bz2": "bz2", ".xz": "xz"}
#: JSONL corpora: .jsonl, compressed or not, and Dolma's compressed .json.
JSONL_SUFFIXES = (".jsonl", *(f".jsonl{c}" for c in COMPRESSIONS), *(f".json{c}" for c in COMPRESSIONS))


def compression(name: str) -> str | None:
    """The compression a file's name says (xopen's format name), or None."""
    return next((format for suffix, format in COMPRESSIONS.items() if name.lower().endswith(suffix)), None)


DEFAULT_INCLUDE = ("*.txt", "*.text", *(f"*{suffix}" for suffix in HTML_SUFFIXES))


def is_html_name(path: Path) -> bool:
    return path.name.lower().endswith(HTML_SUFFIXES)


#: The ending of an output written in a --format other than text.
FORMAT_SUFFIXES = {"json": ".json", "markdown": ".md"}


def output_name(relative: Path, form: str = "text") -> Path:
    """Where a cleaned input goes: an HTML page becomes .txt, anything .json with --format json
    and .md with --format markdown."""
    if is_html_name(relative):
        relative = relative.with_name(relative.name[: relative.name.lower().rindex(".htm")] + ".txt")
    return relative.with_suffix(FORMAT_SUFFIXES[form]) if form in FORMAT_SUFFIXES else relative


def iter_inputs(root: Path, wanted: Callable[[Path], bool], skipped: list[Path] | None = None) -> Iterator[Path]:
    """``root`` itself if it is not a folder (a file, or a pipe given by name), else the files
    under it that are ``wanted``, in a stable order; hidden files and folders are left out, and
    what is neither a file nor a folder (pipes, sockets, devices, broken links) goes to ``skipped``."""
    if not root.is_dir():
        yield root
        return
    for path in sorted(root.rglob("*")):
        if path.is_dir() or any(part.startswith(".") for part in path.relative_to(root).parts) or not wanted(path):
            continue
        if path.is_file():
            yield path
        elif skipped is not None:
            skipped.append(path)


#: The ending of the temporary files outputs are written to before they are renamed into place.
TEMPORARY_SUFFIX = ".cleaner-tmp"


def sweep_temporaries(folder: Path) -> None:
    """Remove the temporary files a killed run left under ``folder`` (only ours, by their ending)."""
    for path in folder.rglob(f".*{TEMPORARY_SUFFIX}"):
        path.unlink(missing_ok=True)


def atomic_write(path: Path, text: str) -> None:
    """Write UTF-8 text to a temporary file beside ``path``, then rename it into place."""
    with atomic_text(path) as handle:
        handle.write(text)


def _mode_for(path: Path) -> int:
    """The permissions an output gets: a rewritten file keeps its own, a new one gets the
    usual 0666 under the user's umask (``mkstemp`` alone would leave it private, 0600)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def atomic_text(path: Path) -> Iterator[TextIO]:
    """A UTF-8 text stream to a temporary file beside ``path``, renamed into place when the
    block ends without error (and removed otherwise). A symlink is followed (its target is
    replaced, the link stays) and the mode of the file replaced is kept."""
    with atomic_file(path, "w", encoding="utf-8", newline="\n") as handle:
        yield handle


@contextmanager
def atomic_file(path: Path, mode: str = "wb", **options) -> Iterator[IO]:
    """``atomic_text``'s stream in any ``mode`` of ``open`` (``"wb"``: a binary one)."""
    path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX)
    try:
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, mode, **options) as handle:
            yield handle
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
