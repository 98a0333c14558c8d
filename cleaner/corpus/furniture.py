"""The first pass of ``--site-furniture``: every document's lines counted under its site, by the
same readers and pool of workers as cleaning, into a table saved beside the output."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from ..batch.items import Item
from ..batch.work import CleanOptions, clean_items, worker
from ..pipeline import Cleaner
from ..read import InputError, decode
from ..sitecounts import DEFAULT_MIN_DOCUMENTS, CountTable, FurnitureCounter, document_hashes, document_key, folder_site, site_of


def count_task(task: tuple) -> tuple[str, np.ndarray, int] | None:
    """An item's site and line hashes, as the second pass will see its text (None: not counted)."""
    data, url, path, error, kind = task
    if error is not None:
        return None
    cleaner, options = worker()
    try:
        if kind == "record":
            _, data, url = options.records.parse(data)
            kind = "html" if options.records.html_field else "text"
        if kind == "html":
            from ..html import extract_html

            page = extract_html(cleaner, data, url=url, path=path, source=options.source)
            text, url = page.text, page.url
        else:
            text = decode(data) if isinstance(data, bytes) else data
    except InputError:
        return None
    return site_and_hashes(cleaner, text, url, path, options.source)


def site_and_hashes(
    cleaner: Cleaner, text: str, url: str | None, path: str | None, source: str | None
) -> tuple[str, np.ndarray, int] | None:
    """Where a text's furniture is counted (as the pipeline finds its outlet), its line hashes
    and its document key."""
    site = site_of_text(cleaner, text, url, path, source)
    return None if site is None else (site, document_hashes(text), document_key(text, url))


def site_of_text(cleaner: Cleaner, text: str, url: str | None, path: str | None, source: str | None) -> str | None:
    """A document's site, its outlet found as the pipeline finds it (see ``sitecounts.site_of``)."""
    outlet = cleaner.outlet_finder.find(text, url=url, path=path, source=source).outlet
    return site_of(outlet.id if outlet else None, url, path)


def count_items(
    items: Iterable[Item], options: CleanOptions, jobs: int, cleaner: Cleaner | None = None, min_documents: int = DEFAULT_MIN_DOCUMENTS
) -> CountTable:
    """The count table of a batch, whatever the order of its items and the number of jobs.

    A file whose outlet (or URL) is unknown counts under its folder, as one site; but not in a
    folder whose other files are found to be of two sites or more: a mix of outlets is no site."""
    counter = FurnitureCounter()
    found: dict[str, set[str]] = {}  # folder -> the sites of its files, found by outlet or URL
    for item, counted in clean_items(items, options, jobs, cleaner, task=count_task):
        if counted is not None:
            counter.add(*counted)
            if item.path is not None:
                folder = folder_site(item.path)
                if counted[0] != folder:
                    found.setdefault(folder, set()).add(counted[0])
    return counter.table(min_documents).without({folder for folder, sites in found.items() if len(sites) >= 2})


#: The count table's name in an output folder, and its ending beside an output file.
COUNTS_NAME = ".cleaner-furniture.npz"
COUNTS_SUFFIX = ".furniture.npz"


def counts_path(output: Path | None, folder: bool) -> Path | None:
    """Where the first pass saves its table: inside an output folder, beside an output file
    (None for stdout: the table is kept in a temporary file)."""
    if output is None:
        return None
    return output / COUNTS_NAME if folder else output.with_name(output.name + COUNTS_SUFFIX)


def prepared(path: Path, resume: bool, count: Callable[[], CountTable], min_documents: int) -> tuple[CountTable, bool]:
    """The table at ``path`` when resuming and it is there (a killed run's first pass had
    finished) with every count ``min_documents`` needs, else a new count, saved there; and
    whether it was counted now."""
    if resume and path.is_file():
        table = CountTable.load(path)
        if table.min_count <= min_documents:
            return table, False
    table = count()
    table.save(path)
    return table, True


def describe(table: CountTable, share: float, min_documents: int) -> str:
    """One line for the summary: what the first pass learned."""
    learned = [table.furniture(site, share, min_documents) for site in table.sites]
    learned = [site for site in learned if site is not None]
    lines = sum(len(site.counts) for site in learned)
    return f"site furniture: {sum(table.documents)} documents of {len(table.sites)} sites counted; {lines} furniture lines in {len(learned)} sites"
