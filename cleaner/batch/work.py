"""Cleaning items in a pool of worker processes, in input order, with a bounded window."""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..document import removed_spans
from ..furniture.step import FurnitureOptions
from ..pipeline import DEFAULT_GUARD, Cleaner
from ..read import InputError, read_text
from .items import Item, Outcome
from .records import BadRecord, RecordFormat

#: Items handed to the pool at a time, per worker; two such batches are in flight.
BATCH_PER_WORKER = 256
#: Bytes of input a batch holds at most (but always one item): memory stays flat whatever the
#: items' sizes.
BATCH_BYTES = 8_000_000


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


def _start_pool_worker(options: CleanOptions, cleaner: Cleaner | None) -> None:
    """A pool worker: Ctrl-C is the main process's to handle (it stops the pool), not each worker's."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _start_worker(options, cleaner)


def clean_task(task: tuple) -> Outcome:
    """Clean one item's content in this process's Cleaner. Whatever goes wrong with one item
    (even a fault of the cleaner's own) is that item's error; the batch goes on."""
    data, url, path, error, kind = task
    if kind == "record":
        return _clean_record(data, error)
    if error is not None:
        return Outcome(error=error)
    try:
        if kind == "html":
            return _clean_page(data, url, path)
        return _clean_text(data, url, path)
    except InputError as exc:
        return Outcome(error=str(exc))
    except Exception as exc:
        return Outcome(error=_fault(exc))


def _fault(exc: BaseException) -> str:
    return f"could not be cleaned ({type(exc).__name__}: {exc})"


def _clean_text(data: bytes | str, url: str | None, path: str | None) -> Outcome:
    text, warnings = read_text(data) if isinstance(data, bytes) else (data, [])
    if not text.strip():
        raise InputError("empty document")
    result = _cleaner.clean(text, url=url, path=path, source=_options.source, normalise=_options.normalise)
    result.warnings[:0] = warnings
    return Outcome.of(result, changed=result.text != text)


def _clean_record(raw: bytes | None, error: str | None) -> Outcome:
    """A JSONL line in, its output line out. A record that fails (or came with an ``error``,
    such as being over --max-bytes) passes through as it came, marked with the error."""
    records = _options.records
    if raw is None:
        return Outcome(error=error)
    record = None
    try:
        record, content, url = records.parse(raw)
        if error is not None:
            raise InputError(error)
        outcome = _clean_page(content, url, None) if records.html_field else _clean_text(content, url, None)
        spans = removed_spans(content, outcome.removals) if records.spans else None
        outcome.line = records.cleaned(
            record, outcome.text, outcome.outlet, outcome.rules_fired, outcome.rules_overruled, outcome.confidence, outcome.page, spans
        )
    except BadRecord as exc:
        return Outcome(error=str(exc), line=None if exc.record is None else records.failed(exc.record, str(exc)))
    except InputError as exc:
        return Outcome(error=str(exc), line=records.failed(record, str(exc)))
    except Exception as exc:
        return Outcome(error=_fault(exc), line=None if record is None else records.failed(record, _fault(exc)))
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
    context = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn")
    # the rules are loaded once, here: the workers get them ready (a pickled Cleaner loads fast)
    with context.Pool(jobs, initializer=_start_pool_worker, initargs=(options, cleaner)) as pool:
        batches = _batches(items, BATCH_PER_WORKER * jobs, BATCH_BYTES)
        pending: deque = deque()
        while True:
            while len(pending) < 2:
                batch = next(batches, None)
                if batch is None:
                    break
                chunk = max(1, len(batch) // (jobs * 4))
                pending.append((batch, pool.map_async(task, [item.task() for item in batch], chunksize=chunk)))
            if not pending:
                return
            batch, results = pending.popleft()
            yield from zip(batch, results.get(), strict=False)


def _batches(items: Iterable[Item], count: int, budget: int) -> Iterator[list[Item]]:
    """The items in lists of at most ``count`` items and ``budget`` bytes (or one item)."""
    batch, size = [], 0
    for item in items:
        if batch and size + item.size > budget:
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += item.size
        if len(batch) == count:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch
