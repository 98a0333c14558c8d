"""A datatrove pipeline step that cleans each document; put it between a reader and a writer.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaner.datatrove import CleanerStep

    LocalPipelineExecutor(
        [JsonlReader("in/"), CleanerStep(min_length=200), JsonlWriter("out/")], tasks=8, workers=2
    ).run()

Site furniture (S001) is two pipelines on the same executor: ``FurnitureCountStep`` counts each
task's documents into a folder, then ``CleanerStep(furniture=that folder)`` cleans with the
counts of every task merged (see docs/datatrove.md).

Needs the extra: ``pip install 'cleaner[datatrove]'``. ``import cleaner`` never imports this module.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from datatrove.data import Document, DocumentsPipeline
from datatrove.io import DataFolderLike, get_datafolder
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.writers.disk_base import DiskWriter
from datatrove.utils.logging import logger

from .batch.records import CONFIDENCE_KEY, ERROR_KEY, OUTLET_KEY, OVERRULED_KEY, RULES_KEY
from .corpus.furniture import site_and_hashes
from .furniture.step import Furniture
from .pipeline import DEFAULT_GUARD, Cleaner, CleanResult
from .read import InputError
from .sitecounts import DEFAULT_MIN_DOCUMENTS, DEFAULT_SHARE, CountTable, FurnitureCounter

#: The reason, in datatrove's stats and the excluded documents' ``filter_reason``, for a short document.
TOO_SHORT = "too_short"


class CleanerStep(BaseFilter):
    """Cleans ``doc.text`` with the outlet picked from ``doc.metadata[url_key]``, and records the
    outlet and the rules that fired in ``doc.metadata``.

    Documents whose cleaned text is shorter than ``min_length`` characters are dropped, and go to
    ``exclusion_writer`` when one is given. A document that cannot be cleaned is logged with its id,
    counted as ``failed``, and passed on unchanged with the reason in ``doc.metadata["cleaner_error"]``.

    Stats, per task and merged in the executor's ``stats.json``: ``cleaned`` / ``unchanged`` /
    ``failed`` / ``guarded`` documents, ``outlet/<id>`` and ``rule/<id>`` (documents), and
    ``chars/<rule id>`` (characters removed).

    With ``furniture`` (the folder a ``FurnitureCountStep`` pipeline wrote), each task merges the
    counts of all its files and removes every site's furniture as ``cleaner clean --site-furniture`` does.
    """

    name = "🧹 cleaner"

    def __init__(
        self,
        rules: Iterable[str | Path] = (),
        select: Iterable[str] | None = None,
        ignore: Iterable[str] = (),
        disabled: Iterable[str] = (),
        guard: float = DEFAULT_GUARD,
        min_length: int = 0,
        exclusion_writer: DiskWriter | None = None,
        url_key: str = "url",
        furniture: DataFolderLike | None = None,
        furniture_share: float = DEFAULT_SHARE,
        furniture_min_documents: int = DEFAULT_MIN_DOCUMENTS,
    ):
        super().__init__(exclusion_writer)
        self.furniture = None if furniture is None else get_datafolder(furniture)
        self.furniture_share, self.furniture_min_documents = furniture_share, furniture_min_documents
        self.rule_dirs = tuple(Path(folder) for folder in rules)
        self.select = None if select is None else tuple(select)
        self.ignore = (*ignore, *disabled)  # "disabled": the old name of "ignore"
        self.guard = guard
        self.min_length = min_length
        self.url_key = url_key
        # Built here so that a bad rule file fails now, not in every task; each task builds its own.
        self._cleaner: Cleaner | None = self._build(with_furniture=False)

    def _build(self, with_furniture: bool = True) -> Cleaner:
        furniture = None
        if with_furniture and self.furniture is not None:
            furniture = Furniture(
                merged_counts(self.furniture, self.furniture_min_documents), self.furniture_share, self.furniture_min_documents
            )
        return Cleaner(self.rule_dirs, select=self.select, ignore=self.ignore, guard=self.guard, furniture=furniture)

    def __getstate__(self) -> dict:
        """Ship the options to the tasks, not the compiled rules."""
        return {**self.__dict__, "_cleaner": None}

    @property
    def cleaner(self) -> Cleaner:
        """This task's Cleaner: the rules are compiled once per task, on its first document."""
        if self._cleaner is None or (self.furniture is not None and self._cleaner.furniture is None):
            self._cleaner = self._build()
        return self._cleaner

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        try:
            result = self._clean(doc)
        except InputError as exc:
            return self._failed(doc, str(exc))
        except Exception as exc:  # a bug must not stop a task of millions of documents; its traceback is logged
            return self._failed(doc, f"{type(exc).__name__}: {exc}", exc)
        self._count(result)
        for warning in result.warnings:
            logger.info(f"cleaner: document {doc.id}: warning: {warning}")
        doc.text = result.text
        doc.metadata[OUTLET_KEY] = result.outlet
        doc.metadata[RULES_KEY] = result.rules_fired
        doc.metadata[CONFIDENCE_KEY] = round(result.confidence, 3)
        if result.overruled:
            doc.metadata[OVERRULED_KEY] = result.rules_overruled
        if len(result.text.strip()) < self.min_length:
            return False, TOO_SHORT
        return True

    def _failed(self, doc: Document, message: str, exc: Exception | None = None) -> bool:
        """Log and count a document that could not be cleaned, and pass it on as it came."""
        logger.opt(exception=exc).warning(f"cleaner: document {doc.id}: {message}")
        self.stat_update("failed")
        doc.metadata[ERROR_KEY] = message
        return True

    def _clean(self, doc: Document) -> CleanResult:
        if not isinstance(doc.text, str):
            raise InputError(f"text is {type(doc.text).__name__}, not a string")
        if not doc.text.strip():
            raise InputError("empty document")
        url = doc.metadata.get(self.url_key)
        return self.cleaner.clean(doc.text, url=url if isinstance(url, str) else None)

    def _count(self, result: CleanResult) -> None:
        self.stat_update("cleaned" if result.removals else "unchanged")
        if result.guarded:
            self.stat_update("guarded")
        self.stat_update(f"outlet/{result.outlet or '(none)'}")
        for rule in result.rules_fired:
            self.stat_update(f"rule/{rule}")
        for removal in result.removals:
            self.stat_update(f"chars/{removal.rule}", value=len(removal.text), unit="removal")


COUNTS_ENDING = ".furniture.npz"


class FurnitureCountStep(PipelineStep):
    """The first pipeline of site furniture: counts, per site, the documents each line stands in,
    and writes the task's counts to ``output_folder`` (``<rank>.furniture.npz``) when its input
    ends. Documents pass on unchanged. The site is the outlet (by ``url_key`` or signatures), else
    the URL's registered domain."""

    name = "🧮 site furniture count"
    type = "🔢 - STATS"

    def __init__(self, output_folder: DataFolderLike, rules: Iterable[str | Path] = (), url_key: str = "url"):
        super().__init__()
        self.output_folder = get_datafolder(output_folder)
        self.rule_dirs = tuple(Path(folder) for folder in rules)
        self.url_key = url_key

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        cleaner = Cleaner(self.rule_dirs)
        counter = FurnitureCounter()
        for doc in data:
            url = doc.metadata.get(self.url_key)
            counted = None
            if isinstance(doc.text, str) and doc.text.strip():
                counted = site_and_hashes(cleaner, doc.text, url if isinstance(url, str) else None, None, None)
            if counted is not None:
                counter.add(*counted)
                self.stat_update("counted")
            yield doc
        with self.output_folder.open(f"{rank:05d}{COUNTS_ENDING}", "wb") as stream:
            counter.write(stream)


def merged_counts(folder, min_documents: int = DEFAULT_MIN_DOCUMENTS) -> CountTable:
    """The counts of every task of a ``FurnitureCountStep`` pipeline, added up."""
    counter = FurnitureCounter()
    names = sorted(name for name in folder.list_files() if name.endswith(COUNTS_ENDING))
    if not names:
        raise FileNotFoundError(f"{folder.path}: no {COUNTS_ENDING} files: run the FurnitureCountStep pipeline first")
    for name in names:
        with folder.open(name, "rb") as stream:
            counter.merge(io.BytesIO(stream.read()))
    return counter.table(min_documents)
