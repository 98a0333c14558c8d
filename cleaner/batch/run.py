"""Running a batch: read → clean in workers → write, with progress, a summary and resume."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext

from ..pipeline import Cleaner
from .items import Item, Outcome
from .report import Summary
from .resume import ResumeError
from .work import CleanOptions, clean_items
from .writers import FileWriter, JsonlWriter


class InputUnfinished(Exception):
    """An input could not be read to its end (a damaged or truncated compressed file): the
    output is left unfinished, for --resume once the input is whole."""


class Progress:
    """A progress bar on stderr counting documents (with a total when it is known); silent off a
    terminal or when quiet."""

    def __init__(self, total: int | None, *, quiet: bool):
        self.bar = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm  # only with a terminal to draw on

            self.bar = tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True)

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.update(1)

    @contextmanager
    def above(self):
        """A block whose lines to stderr go above the bar, not through it: what it writes is held,
        then written with tqdm's ``write`` (which clears the bar and redraws it), and only when
        there is something to write, so that a document with nothing to say does not redraw it."""
        if self.bar is None:
            yield
            return
        shown, held = sys.stderr, io.StringIO()
        sys.stderr = held
        try:
            yield
        finally:
            sys.stderr = shown
            if held.getvalue():
                self.bar.write(held.getvalue(), file=shown, end="")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run_batch(
    items: Iterable[Item],
    options: CleanOptions,
    writer: FileWriter | JsonlWriter,
    *,
    jobs: int = 1,
    cleaner: Cleaner | None = None,
    progress: Progress | None = None,
    on_result: Callable[[Item, Outcome], None] | None = None,
) -> Summary:
    """Clean every item and write it; the writer commits only if the whole batch ran and every
    input was read to its end (else ``summary.unfinished`` says why)."""
    summary = Summary()
    completed = False
    results = clean_items(_not_done(items, writer, summary, progress), options, jobs, cleaner)
    try:
        for item, outcome in results:
            if item.broken:  # not written nor logged: --resume reads on from there
                summary.add(item, outcome)
                summary.unfinished = f"{item.where}: {item.error}; {writer.unfinished()}"
                continue
            writer.write(item, outcome)
            summary.add(item, outcome)
            if on_result:
                with progress.above() if progress is not None else nullcontext():
                    on_result(item, outcome)
            if progress is not None:
                progress.advance()
        completed = summary.unfinished is None
    finally:
        results.close()  # the pool stops now, not when the generator is collected
        writer.close(completed)
        if progress is not None:
            progress.close()
    return summary


def _not_done(items: Iterable[Item], writer, summary: Summary, progress: Progress | None) -> Iterator[Item]:
    """Leave out what an interrupted earlier run already finished (--resume)."""
    log = writer.log
    for item in items:
        if log and log.entries:
            if log.is_done(item):
                summary.resumed += 1
                if progress is not None:
                    progress.advance()
                continue
            if isinstance(writer, JsonlWriter) and log.changed(item):
                raise ResumeError(f"{item.where}: changed since the interrupted run; run again without --resume")
        yield item
