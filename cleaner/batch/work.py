"""Cleaning items in a pool of worker processes, in input order, with a bounded window."""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from ..document import removed_spans
from ..furniture.step import FurnitureOptions
from ..pipeline import DEFAULT_GUARD, Cleaner
from ..read import InputError, decode
from .items import Item, Outcome
from .records import BadRecord, RecordFormat

#: Items handed to the pool at a time, per worker; two such batches are in flight.
BATCH_PER_WORKER = 256


@dataclass(frozen=True)
class CleanOptions:
    """Everything a worker needs to build its own Cleaner (picklable)."""

    rule_dirs: tuple[Path, ...] = ()
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    guard: float = DEFAULT_GUARD
    source: str | None = None
    records: RecordFormat = RecordFormat()  # for JSONL items
    furniture: FurnitureOptions | None = None  # --site-furniture, once the first pass counted
    normalise: bool = True  # the normalised layout; else the input minus the removed lines

    def build(self) -> Cleaner:
        furniture = self.furniture.load() if self.furniture else None
        return Cleaner(self.rule_dirs, select=self.select, ignore=self.ignore, guard=self.guard, furniture=furniture)


_cleaner: Cleaner | None = None
_options: CleanOptions | None = None


def _start_worker(options: CleanOptions, cleaner: Cleaner | None = None) -> None:
    global _cleaner, _options
    _cleaner, _options = cleaner or options.build(), options


def worker() -> tuple[Cleaner, CleanOptions]:
    """This process's Cleaner and options, as the pool's initializer set them up."""
    return _cleaner, _options


def _start_pool_worker(options: CleanOptions) -> None:
    """A pool worker: Ctrl-C is the main process's to handle (it stops the pool), not each worker's."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _start_worker(options)


def clean_task(task: tuple) -> Outcome:
    """Clean one item's content in this process's Cleaner."""
    data, url, path, error, kind = task
    if error is not None:
        return Outcome(error=error)
    try:
        if kind == "record":
            return _clean_record(data)
        if kind == "html":
            return _clean_page(data, url, path)
        return _clean_text(data, url, path)
    except InputError as exc:
        return Outcome(error=str(exc))


def _clean_text(data: bytes | str, url: str | None, path: str | None) -> Outcome:
    text = decode(data) if isinstance(data, bytes) else data
    if not text.strip():
        raise InputError("empty document")
    result = _cleaner.clean(text, url=url, path=path, source=_options.source, normalise=_options.normalise)
    return Outcome.of(result, changed=result.text != text)


def _clean_record(raw: bytes) -> Outcome:
    """A JSONL line in, its output line out (a record that fails passes through, marked)."""
    records = _options.records
    try:
        record, content, url = records.parse(raw)
        outcome = _clean_page(content, url, None) if records.html_field else _clean_text(content, url, None)
    except BadRecord as exc:
        return Outcome(error=str(exc), line=None if exc.record is None else records.failed(exc.record, str(exc)))
    except InputError as exc:
        return Outcome(error=str(exc), line=records.failed(record, str(exc)))
    spans = removed_spans(content, outcome.removals) if records.spans else None
    outcome.line = records.cleaned(record, outcome.text, outcome.outlet, outcome.rules_fired, outcome.page, spans)
    outcome.text = None  # it travels inside the line; no need to send it back twice
    return outcome


def _clean_page(data: bytes | str, url: str | None, path: str | None) -> Outcome:
    from ..html import clean_html  # trafilatura is imported only when a page comes

    page = clean_html(_cleaner, data, url=url, path=path, source=_options.source)
    return Outcome.of(page.result, changed=True, page=page.metadata())


def clean_items(
    items: Iterable[Item], options: CleanOptions, jobs: int, cleaner: Cleaner | None = None, task: Callable[[tuple], object] = clean_task
) -> Iterator[tuple[Item, Outcome]]:
    """Yield each item with its outcome, in input order, whatever the number of jobs.
    With one job the items are cleaned in this process, by ``cleaner`` when given.
    ``task`` is the work done on each item (the first pass of --site-furniture counts instead)."""
    if jobs <= 1:
        _start_worker(options, cleaner)
        for item in items:
            yield item, task(item.task())
        return
    size = BATCH_PER_WORKER * jobs
    context = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(jobs, initializer=_start_pool_worker, initargs=(options,)) as pool:
        iterator = iter(items)
        pending: deque = deque()
        while True:
            while len(pending) < 2:
                batch = list(islice(iterator, size))
                if not batch:
                    break
                chunk = max(1, len(batch) // (jobs * 4))
                pending.append((batch, pool.map_async(task, [item.task() for item in batch], chunksize=chunk)))
            if not pending:
                return
            batch, results = pending.popleft()
            yield from zip(batch, results.get(), strict=False)
