"""The path a document takes: read → detect outlet → outlet rules → generic detectors → write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .detect import Detection, OutletDetector
from .detectors import DETECTORS
from .document import Document, Removal
from .write import render
from .outlet_rules import RuleTimeout
from .read import decode
from .rulefiles import Outlet, builtin_rules_dir, load_outlets

#: Share of a document's characters the generic detectors may remove before they are overruled.
DEFAULT_GUARD = 0.5


@dataclass
class CleanResult:
    """The cleaned text, the outlet detected (or None), and every removal made."""

    text: str
    outlet: str | None
    removals: list[Removal]
    detection: Detection
    warnings: list[str] = field(default_factory=list)
    guarded: bool = False  # the generic detectors' removals were undone by the guard

    @property
    def rules_fired(self) -> list[str]:
        return sorted({removal.rule for removal in self.removals})


class Cleaner:
    """Loads and compiles the rule files once, then cleans any number of documents."""

    def __init__(
        self,
        rule_dirs: list[Path] | tuple[Path, ...] = (),
        *,
        builtin: bool = True,
        disabled: list[str] | tuple[str, ...] = (),
        guard: float = DEFAULT_GUARD,
    ):
        dirs = ([builtin_rules_dir()] if builtin else []) + [Path(d) for d in rule_dirs]
        self.outlets: dict[str, Outlet] = load_outlets(dirs)
        self.detector = OutletDetector(self.outlets)
        self.detectors = [d for d in DETECTORS if d.code not in disabled and d.name not in disabled]
        self.guard = guard

    def clean(self, text: str, *, url: str | None = None, path: str | None = None, source: str | None = None) -> CleanResult:
        detection = self.detector.detect(text, url=url, path=path, source=source)
        doc = Document.from_text(text)
        warnings: list[str] = []
        if detection.outlet is not None:
            for rule in detection.outlet.rules:
                self._apply(doc, rule.id, rule.why, rule.find, warnings)
        by_outlet = len(doc.removals)
        removed_before = set(doc.removed)
        for detector in self.detectors:
            self._apply(doc, detector.code, detector.what, detector.find, warnings)
        guarded = self._over_guard(doc, removed_before)
        if guarded:
            doc.removed = removed_before
            del doc.removals[by_outlet:]
            warnings.append(f"generic detectors would remove over {self.guard:.0%} of the text; kept their lines")
        kept = [line for i, line in enumerate(doc.lines) if i not in doc.removed]
        outlet_id = detection.outlet.id if detection.outlet else None
        return CleanResult(render(kept), outlet_id, doc.removals, detection, warnings, guarded)

    def clean_bytes(self, data: bytes, **hints: str | None) -> CleanResult:
        return self.clean(decode(data), **hints)

    @staticmethod
    def _apply(doc: Document, rule_id: str, why: str, find, warnings: list[str]) -> None:
        try:
            doc.remove(find(doc), rule_id, why)
        except RuleTimeout as exc:
            warnings.append(f"{exc}; rule skipped for this document")

    def _over_guard(self, doc: Document, removed_before: set[int]) -> bool:
        total = sum(len(line) for line in doc.lines)
        generic = sum(len(doc.lines[i]) for i in doc.removed - removed_before)
        return total > 0 and generic > self.guard * total


_default: Cleaner | None = None


def clean(text: str, *, url: str | None = None, path: str | None = None, source: str | None = None) -> CleanResult:
    """Clean one document with the built-in rules (loaded once, on first use)."""
    global _default
    if _default is None:
        _default = Cleaner()
    return _default.clean(text, url=url, path=path, source=source)
