"""Running a batch: read → clean in workers → write, with progress, a summary and resume."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator

from ..pipeline import Cleaner
from .items import Item, Outcome
from .report import Summary
from .resume import ResumeError
from .work import CleanOptions, clean_items
from .writers import FileWriter, JsonlWriter


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
    """Clean every item and write it; the writer commits only if the whole batch ran."""
    summary = Summary()
    completed = False
    try:
        for item, outcome in clean_items(_not_done(items, writer, summary, progress), options, jobs, cleaner):
            writer.write(item, outcome)
            summary.add(item, outcome)
            if on_result:
                on_result(item, outcome)
            if progress is not None:
                progress.advance()
        completed = True
    finally:
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
