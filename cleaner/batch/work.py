"""Cleaning items in a pool of worker processes, in input order, with a bounded window."""

from __future__ import annotations

import os
import signal
import threading
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..document import removed_spans
from ..furniture.step import FurnitureOptions
from ..lazy import set_one_blas_thread
from ..pipeline import DEFAULT_GUARD, Cleaner
from ..read import InputError, read_text
from ..render import from_markdown
from .items import Item, Outcome
from .records import OUTLET_KEY, BadRecord, RecordFormat

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

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
    markdown: bool = False  # files are written as Markdown: their own Markdown is read back as text
    confidence: bool = True  # compute each document's confidence (False when nothing shows it)
    page_metadata: bool = True  # each HTML page's whole metadata, date and author too (False when nothing shows them)

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


class WorkerDied(Exception):
    """A worker process ended abruptly (killed, or out of memory): the items it held are lost,
    so the batch stops there."""


def _start_pool_worker(options: CleanOptions, cleaner: Cleaner | None) -> None:
    """A pool worker: Ctrl-C is the main process's to handle (it stops the pool), not each worker's;
    the worker ends, quietly, when the main process is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with_main()
    _start_worker(options, cleaner)


def _end_with_main() -> None:
    """End this worker as soon as the main process is gone (killed with -9, it cannot stop its
    pool): a thread waits on the sentinel multiprocessing gives each child, a pipe only the main
    process holds open. (The kernel's parent-death signal would not do: a worker's parent is the
    forkserver, which the workers themselves keep alive.)"""
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_when_gone, args=(parent,), daemon=True).start()


def _exit_when_gone(parent: BaseProcess) -> None:
    parent.join()
    os._exit(1)


def clean_task(task: tuple) -> Outcome:
    """Clean one item's content in this process's Cleaner. Whatever goes wrong with one item
    (even a fault of the cleaner's own) is that item's error; the batch goes on. A library's
    Python warning is one of the item's warnings (so that the main process prints it, above
    the progress bar, with the item's name), not a line a worker prints through the bar."""
    with warnings.catch_warnings(record=True) as caught:
        outcome = _clean_task(task)
    outcome.warnings += [f"{warning.category.__name__}: {warning.message}" for warning in caught]
    return outcome


def _clean_task(task: tuple) -> Outcome:
    data, url, path, error, kind = task
    if kind == "record":
        return _clean_record(data, error)
    if error is not None:
        return Outcome(error=error)
    try:
        if kind == "html":
            return _clean_page(data, url, path)
        return _clean_text(data, url, path, markdown=_options.markdown)
    except InputError as exc:
        return Outcome(error=str(exc))
    except Exception as exc:
        return Outcome(error=_fault(exc))


def _fault(exc: BaseException) -> str:
    return f"could not be cleaned ({type(exc).__name__}: {exc})"


def _clean_text(data: bytes | str, url: str | None, path: str | None, markdown: bool = False, source: str | None = None) -> Outcome:
    """A text cleaned (as from ``source`` when given, else ``--source``'s outlet); with
    ``markdown``, read as Markdown (``from_markdown``), as it will be written."""
    text, warnings = read_text(data) if isinstance(data, bytes) else (data, [])
    if markdown:
        text = from_markdown(text)
    if not text.strip():
        raise InputError("empty document")
    result = _cleaner.clean(text, url=url, path=path, source=source or _options.source, normalise=_options.normalise)
    result.warnings[:0] = warnings
    return Outcome.of(result, changed=result.text != text, confidence=_options.confidence)


def _clean_record(raw: bytes | None, error: str | None) -> Outcome:
    """A JSONL line in, its output line out. A record that fails (or came with an ``error``,
    such as being over --max-bytes) passes through as it came, marked with the error."""
    records = _options.records
    if raw is None:
        return Outcome(error=error)
    record, taken = None, False  # taken: the record's text was let go (``take_text``)

    def as_it_came() -> dict:
        return records.parse(raw)[0] if taken else record

    try:
        record, content, url = records.parse(raw)
        if error is not None:
            raise InputError(error)
        # a record cleaned before keeps the outlet found then (the lines that told it may be gone)
        annotated = record.get(OUTLET_KEY)
        known = annotated if isinstance(annotated, str) and annotated in _cleaner.outlets else None
        if records.html_field:
            outcome = _clean_page(content, url, None, known)
        elif records.form != "spans" and _options.normalise and content.strip():
            # its text as it came is not written: the record lets it go (a failure from here reads
            # the record again), and so do we, so that a huge one is freed once the cleaner has its lines
            handed, content, taken = [records.take_text(record)], None, True
            outcome = _clean_handed(handed, url, known)
        else:
            outcome = _clean_text(content, url, None, source=known)
        spans = removed_spans(content, outcome.removals) if records.form == "spans" else None
        outcome.line = records.cleaned(record, outcome, spans)
    except BadRecord as exc:
        if taken:
            exc.record = as_it_came()
        return Outcome(error=str(exc), line=records.failed_bad(exc))
    except InputError as exc:
        return Outcome(error=str(exc), line=records.failed(as_it_came(), str(exc)))
    except Exception as exc:
        return Outcome(error=_fault(exc), line=None if record is None else records.failed(as_it_came(), _fault(exc)))
    outcome.text = outcome.extracted = None  # it travels inside the line; no need to send it back twice
    return outcome


def _clean_handed(texts: list[str], url: str | None, source: str | None) -> Outcome:
    """A record's text, in the normalised layout, taken out of ``texts``: the cleaner holds the
    only reference to it, and lets it go once it has its lines. (Whether the text changed is a
    file's question, not a record's: not asked.)"""
    result = _cleaner.clean(texts.pop(), url=url, source=source or _options.source, normalise=True)
    return Outcome.of(result, changed=True, confidence=_options.confidence)


def _clean_page(data: bytes | str, url: str | None, path: str | None, source: str | None = None) -> Outcome:
    from ..html import clean_html  # trafilatura is imported only when a page comes

    page = clean_html(
        _cleaner, data, url=url, path=path, source=source or _options.source, normalise=_options.normalise, metadata=_options.page_metadata
    )
    # a page is never rewritten: it changes when cleaning removes something from its article
    return Outcome.of(
        page.result, changed=bool(page.result.removals), page=page.metadata(), extracted=page.extracted, confidence=_options.confidence
    )


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
    import multiprocessing  # the pool's modules only for a pool: one file is cleaned without them
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # its server imports the cleaner once and forks each worker ready from there, instead of
        # every worker importing it anew (0.2 s of a core each)
        context.set_forkserver_preload([__name__])
    else:
        context = multiprocessing.get_context("spawn")
    with _one_blas_thread_while_pool_starts():
        # the rules are loaded once, here: the workers get them ready (a pickled Cleaner loads fast)
        pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_pool_worker, initargs=(options, cleaner))
        try:
            batches = _batches(items, BATCH_PER_WORKER * jobs, BATCH_BYTES)
            pending: deque = deque()
            while True:
                while len(pending) < 2:
                    batch = next(batches, None)
                    if batch is None:
                        break
                    chunk = max(1, len(batch) // (jobs * 4))
                    pending.append((batch, pool.map(task, [item.task() for item in batch], chunksize=chunk)))
                if not pending:
                    return
                batch, results = pending.popleft()
                yield from zip(batch, results, strict=True)
        except BrokenProcessPool:
            raise WorkerDied("a worker process ended abruptly (killed, or out of memory)") from None
        finally:
            # what was not started is dropped; the chunks the workers hold finish first (a worker
            # killed in the middle of sending its result would leave the pool's reader waiting forever)
            pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _one_blas_thread_while_pool_starts() -> Iterator[None]:
    """While a pool starts its processes: a worker is one core's worth, so numpy's BLAS runs one
    thread in it, not one per core in every worker. The setting must be in the environment of
    the process that loads numpy (the forkserver, or each spawned worker), not set in a worker
    once it runs; what the user set is left as it is."""
    unset = set_one_blas_thread()
    try:
        yield
    finally:
        for name in unset:
            os.environ.pop(name, None)


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
