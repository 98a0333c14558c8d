"""An item of work, and what cleaning it gave."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..document import Overruling, Removal
from ..pipeline import CleanResult
from ..render import document_json
from .records import Span


def digest(data: bytes) -> str:
    """The content hash that keys --resume."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass
class Item:
    """One document: its content (or why it could not be read) and where its output goes."""

    name: str  # a path or "<stdin>"
    data: bytes | str | Span | None
    url: str | None = None
    path: str | None = None  # the path that hints the outlet
    error: str | None = None
    target: Path | None = None  # file output (None: stdout or JSONL)
    line: int | None = None  # its line in the JSONL file
    key: str = ""  # what --resume knows it by, with ``digest``
    digest: str = ""
    size: int = 0  # bytes read: what the window of items in flight is bounded by
    kind: str = "text"  # "text", "html" (extracted with trafilatura first) or "record" (a JSONL line)
    broken: bool = False  # reading the input stopped here (a damaged or truncated file): the output is not complete

    @property
    def where(self) -> str:
        """The item in messages: its path, and its line for a JSONL record."""
        return self.name if self.line is None else f"{self.name}:{self.line}"

    def task(self) -> tuple:
        """What a worker needs, and nothing else."""
        return self.data, self.url, self.path, self.error, self.kind


@dataclass
class WarcItem(Item):
    """An HTML response of a web archive (kind ``html``): its text, and the record it stands in."""

    offset: int = 0
    record_id: str | None = None
    warc_date: str | None = None
    warnings: list[str] = field(default_factory=list)  # from decoding its bytes (bytes replaced)

    @property
    def where(self) -> str:
        return f"{self.name}: offset {self.offset}"


@dataclass
class Outcome:
    """What cleaning an item gave; ``error`` set when it failed."""

    text: str | None = None
    outlet: str | None = None
    detected_by: str = ""  # how the outlet was found, and the evidence
    removals: list[Removal] = field(default_factory=list)
    overruled: list[Overruling] = field(default_factory=list)  # proposed lines the decision step kept
    warnings: list[str] = field(default_factory=list)
    guarded: bool = False
    confidence: float | None = 1.0  # that the text left is all article (CleanResult.confidence); None: not asked for
    changed: bool = False
    error: str | None = None
    page: dict | None = None  # an HTML page's metadata: url, date, title, sitename, author, extractor
    extracted: str | None = None  # an HTML page's article text before cleaning (what --diff compares with)
    line: bytes | None = None  # a JSONL record's output line

    @classmethod
    def of(
        cls, result: CleanResult, *, changed: bool, page: dict | None = None, extracted: str | None = None, confidence: bool = True
    ) -> Outcome:
        """``confidence``: compute it (the line model over the kept text); else it stays None."""
        return cls(
            text=result.text,
            outlet=result.outlet,
            detected_by=result.detection.describe(),
            removals=result.removals,
            overruled=result.overruled,
            warnings=result.warnings,
            guarded=result.guarded,
            confidence=result.confidence if confidence else None,
            changed=changed,
            page=page,
            extracted=extracted,
        )

    def to_json(self) -> dict:
        """The document as ``--format json`` writes it."""
        return document_json(self.text, self.outlet, self.confidence, self.removals, self.overruled, self.warnings, self.page)

    @property
    def rules_fired(self) -> list[str]:
        return sorted({removal.rule for removal in self.removals})

    @property
    def rules_overruled(self) -> list[str]:
        return sorted({overruling.rule for overruling in self.overruled})
