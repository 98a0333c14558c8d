"""An item of work, and what cleaning it gave."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..document import Removal
from ..pipeline import CleanResult
from ..render import document_json


def digest(data: bytes) -> str:
    """The content hash that keys --resume."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass
class Item:
    """One document: its content (or why it could not be read) and where its output goes."""

    name: str  # a path or "<stdin>"
    data: bytes | str | None
    url: str | None = None
    path: str | None = None  # the path that hints the outlet
    error: str | None = None
    target: Path | None = None  # file output (None: stdout or JSONL)
    line: int | None = None  # its line in the JSONL file
    key: str = ""  # what --resume knows it by, with ``digest``
    digest: str = ""
    size: int = 0  # bytes read: what the window of items in flight is bounded by
    kind: str = "text"  # "text", "html" (extracted with trafilatura first) or "record" (a JSONL line)

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
    warnings: list[str] = field(default_factory=list)
    guarded: bool = False
    confidence: float = 1.0  # that the text left is all article (CleanResult.confidence)
    changed: bool = False
    error: str | None = None
    page: dict | None = None  # an HTML page's metadata: url, date, title, sitename, author, extractor
    line: bytes | None = None  # a JSONL record's output line

    @classmethod
    def of(cls, result: CleanResult, *, changed: bool, page: dict | None = None) -> Outcome:
        return cls(
            text=result.text,
            outlet=result.outlet,
            detected_by=result.detection.describe(),
            removals=result.removals,
            warnings=result.warnings,
            guarded=result.guarded,
            confidence=result.confidence,
            changed=changed,
            page=page,
        )

    def to_json(self) -> dict:
        """The document as ``--format json`` writes it."""
        return document_json(self.text, self.outlet, self.confidence, self.removals, self.warnings, self.page)

    @property
    def rules_fired(self) -> list[str]:
        return sorted({removal.rule for removal in self.removals})
