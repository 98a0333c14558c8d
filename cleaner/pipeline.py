"""The path a document takes: read → detect outlet → outlet rules → generic detectors → write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .detectors import DETECTORS
from .document import Document, Removal
from .localiser import ARTICLE_LOCALISER, confidence
from .outlet_rules import RuleTimeout
from .outlets import Detection, OutletFinder
from .read import decode
from .render import render
from .rulefiles import Outlet, builtin_rules_dir, load_outlets

#: Share of a document's characters the generic detectors may remove before they are overruled.
DEFAULT_GUARD = 0.5


@dataclass(frozen=True)
class Step:
    """One rule or detector as the pipeline runs it."""

    id: str
    why: str
    find: Callable[[Document], list[int]]


@dataclass
class CleanResult:
    """The cleaned text, the outlet detected (or None), and every removal made."""

    text: str
    outlet: str | None
    removals: list[Removal]
    detection: Detection
    warnings: list[str] = field(default_factory=list)
    guarded: bool = False  # the generic detectors' removals were undone by the guard
    confidence: float = 1.0  # the localiser's view of the kept text: how likely it is all article (0 to 1)

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
        self.outlet_finder = OutletFinder(self.outlets)
        self.detectors = [d for d in (ARTICLE_LOCALISER, *DETECTORS) if d.code not in disabled and d.name not in disabled]
        self.generic_steps = [Step(d.code, d.what, d.find) for d in self.detectors]
        self.outlet_steps = {oid: [Step(r.id, r.why, r.find) for r in outlet.rules] for oid, outlet in self.outlets.items()}
        self.generic_codes = {d.code for d in self.detectors}
        self.guard = guard

    def clean(self, text: str, *, url: str | None = None, path: str | None = None, source: str | None = None) -> CleanResult:
        first = self.outlet_finder.find(text, url=url, path=path, source=source)
        doc, detection, warnings = self._run(text, first, self.generic_steps)
        guarded = self._over_guard(doc)
        if guarded:
            localiser = [step for step in self.generic_steps if step.id == ARTICLE_LOCALISER.code]
            doc, detection, warnings = self._run(text, first, localiser)
            warnings.append(f"generic detectors would remove over {self.guard:.0%} of the text; kept their lines")
        kept = [line for i, line in enumerate(doc.lines) if i not in doc.removed]
        outlet_id = detection.outlet.id if detection.outlet else None
        return CleanResult(render(kept), outlet_id, doc.removals, detection, warnings, guarded, confidence(kept))

    def clean_bytes(self, data: bytes, **hints: str | None) -> CleanResult:
        return self.clean(decode(data), **hints)

    def _run(self, text: str, detection: Detection, generic: list[Step]) -> tuple[Document, Detection, list[str]]:
        """Apply the outlet's rules, then the ``generic`` steps, pass after pass, until a pass
        removes nothing. Rules and detectors see only the lines still in the document, so the
        result is a fixed point: cleaning it again finds nothing more to remove.

        An outlet found by signatures is looked for again in what is left: if the text now
        reads as another outlet's (its signatures were another outlet's furniture, now gone),
        that outlet's rules take over, so that cleaning the output again changes nothing.
        """
        doc = Document.from_text(text)
        warnings: list[str] = []
        timed_out: set[str] = set()
        while True:
            steps = self.outlet_steps[detection.outlet.id] if detection.outlet else []
            steps = steps + generic
            self._to_fixed_point(doc, steps, warnings, timed_out)
            if detection.method != "signature":
                return doc, detection, warnings
            again = self.outlet_finder.find("\n".join(doc.lines[i] for i in doc.live()))
            if again.outlet is None or again.outlet is detection.outlet:
                return doc, detection, warnings
            detection = again

    @staticmethod
    def _to_fixed_point(doc: Document, steps: list[Step], warnings: list[str], timed_out: set[str]) -> None:
        """Run the steps, pass after pass, until a pass removes nothing; a step whose pattern
        timed out is skipped from then on."""
        while True:
            removed = len(doc.removed)
            for step in steps:
                if step.id in timed_out:
                    continue
                try:
                    doc.remove(step.find(doc), step.id, step.why)
                except RuleTimeout as exc:
                    warnings.append(f"{exc}; rule skipped for this document")
                    timed_out.add(step.id)
            if len(doc.removed) == removed:
                return

    def _over_guard(self, doc: Document) -> bool:
        """Whether the generic detectors removed over the guard's share of the text the
        localiser kept (the localiser, which removes the page around the article, is not guarded)."""
        spans = [range(r.first_line - 1, r.last_line) for r in doc.removals]
        located = {i for r, span in zip(doc.removals, spans, strict=True) if r.rule == ARTICLE_LOCALISER.code for i in span}
        total = sum(len(line) for i, line in enumerate(doc.lines) if i not in located)
        generic = sum(
            len(doc.lines[i])
            for r, span in zip(doc.removals, spans, strict=True)
            if r.rule in self.generic_codes - {ARTICLE_LOCALISER.code}
            for i in span
        )
        return total > 0 and generic > self.guard * total


_default: Cleaner | None = None


def clean(text: str, *, url: str | None = None, path: str | None = None, source: str | None = None) -> CleanResult:
    """Clean one document with the built-in rules (loaded once, on first use)."""
    global _default
    if _default is None:
        _default = Cleaner()
    return _default.clean(text, url=url, path=path, source=source)
