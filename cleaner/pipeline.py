"""The path a document takes: read → ``Document`` → detect outlet → proposals (outlet rules, generic
detectors, site furniture) → the decision step → render."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from warnings import warn

from .decision import Decision, Proposal
from .document import Document, Overruling, Removal
from .furniture.step import CODE as SITE_FURNITURE
from .furniture.step import Furniture
from .linemodel import confidence, hold_scores
from .localisation import CODE as LOCALISER
from .outlet_rules import RuleTimeout
from .outlets import Detection, OutletFinder
from .read import decode
from .registry import BY_CODE
from .render import render
from .rulefiles import Outlet, RuleFileWarning, builtin_rules_dir, fingerprint, load_outlets
from .selection import Selection
from .sitecounts import SiteCounts

#: Share of a document's characters the generic detectors may remove before they are overruled.
DEFAULT_GUARD = 0.5


@dataclass(frozen=True)
class Step:
    """One rule or detector as the pipeline runs it: it proposes the lines it finds."""

    id: str
    why: str
    find: Callable[[Document], list[int]]
    line_local: bool = False  # its verdict on a line depends on that line alone: one run finds all
    reads_layout: bool = False  # it asks where the output has empty lines (``Detector.reads_layout``)
    binding: bool = False  # an outlet rule's: the decision step never overrules it

    def proposals(self, doc: Document) -> list[Proposal]:
        return [Proposal(self.id, self.why, self.find(doc), self.binding)]


@dataclass
class CleanResult:
    """The cleaned text, the outlet detected (or None), every removal made, and every proposed
    line the decision step kept."""

    text: str
    outlet: str | None
    removals: list[Removal]
    detection: Detection
    warnings: list[str] = field(default_factory=list)
    guarded: bool = False  # the generic detectors' removals were undone by the guard
    overruled: list[Overruling] = field(default_factory=list)
    document: Document | None = field(default=None, repr=False)  # the cleaned document, for its confidence

    @cached_property
    def confidence(self) -> float:
        """The line model's view of the kept text: how likely it is all article (0 to 1), from the
        scores the decision step computed (computed when first asked for if it had none)."""
        return confidence(self.document) if self.document is not None else 1.0

    @property
    def rules_fired(self) -> list[str]:
        return sorted({removal.rule for removal in self.removals})

    @property
    def rules_overruled(self) -> list[str]:
        return sorted({overruling.rule for overruling in self.overruled})


class Cleaner:
    """Loads and compiles the rule files once, then cleans any number of documents."""

    def __init__(
        self,
        rule_dirs: list[Path] | tuple[Path, ...] = (),
        *,
        builtin: bool = True,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] = (),
        disabled: Iterable[str] = (),
        guard: float = DEFAULT_GUARD,
        furniture: Furniture | None = None,
    ):
        """``select`` and ``ignore`` choose the generic codes and outlet rules that run (see
        ``selection``; an unknown one raises ``SelectionError``); ``disabled`` is an old name for
        ``ignore``."""
        dirs = ([builtin_rules_dir()] if builtin else []) + [Path(d) for d in rule_dirs]
        self.outlets: dict[str, Outlet] = load_outlets(dirs)
        for outlet in self.outlets.values():
            if outlet.replacement_warning:
                warn(outlet.replacement_warning, RuleFileWarning, stacklevel=2)
        self.fingerprint = fingerprint(self.outlets)
        self.outlet_finder = OutletFinder(self.outlets)
        rule_ids = [rule.id for outlet in self.outlets.values() for rule in outlet.rules]
        self.selection = Selection.of(select, [*ignore, *disabled], rule_ids)
        generic = [c for c in self.selection.codes if c.code != SITE_FURNITURE]
        self.generic_steps = [Step(c.code, c.doc.removes, c.detector.find, c.detector.line_local, c.detector.reads_layout) for c in generic]
        self.outlet_steps = {
            oid: [Step(r.id, r.why, r.find, r.line_local, binding=True) for r in outlet.rules if r.id not in self.selection.ignored_rules]
            for oid, outlet in self.outlets.items()
        }
        self.generic_codes = {c.code for c in generic}
        # The localiser removes the page around the article: the guard leaves it be.
        self.localiser_steps = [step for step in self.generic_steps if step.id == LOCALISER]
        self.guard = guard
        # S001 needs the corpus's counts: it runs after the generic detectors, and the guard leaves it be.
        selected = any(c.code == SITE_FURNITURE for c in self.selection.codes)
        self.furniture = furniture if selected else None
        self.site_step = BY_CODE[SITE_FURNITURE].detector
        self.decision = Decision()

    def clean(
        self,
        text: str,
        *,
        url: str | None = None,
        path: str | None = None,
        source: str | None = None,
        normalise: bool = True,
        headline: str | None = None,
    ) -> CleanResult:
        """Clean one document. ``normalise``: the output in the normalised layout (one paragraph a
        line, one empty line between paragraphs); else the input minus the removed lines.
        ``headline``: the document's headline, when the caller knows it (``clean_html`` does: the
        page's h1); the generic detectors never remove the first line that reads as it."""
        first = self.outlet_finder.find(text, url=url, path=path, source=source)
        site = self.furniture.counts_for(first.outlet.id if first.outlet else None, url, path) if self.furniture else None
        layouts = (False, True) if normalise else (False,)
        start = Document.from_text(text, headline=headline)
        # the normalised layout is made of the lines alone: the text is let go, so that a huge one
        # the caller handed over (holding no reference of its own) is freed while it is cleaned
        written = None if normalise else text
        del text
        doc, detection, warnings = self._run(start, first, site, True, layouts)
        guarded = self._over_guard(doc)
        if guarded:
            doc, detection, warnings = self._run(Document(start.lines, headline=start.headline), first, site, False, layouts)
            # What cleaning that output again would do: the generic detectors on its layout.
            trial, trial_detection, trial_warnings = self._run(doc.copy(), detection, site, True, layouts[-1:])
            guarded = self._over_guard(trial)
            if guarded:
                warnings.append(f"generic detectors would remove over {self.guard:.0%} of the text; kept their lines")
            else:
                doc, detection, warnings = trial, trial_detection, warnings + trial_warnings
        outlet_id = detection.outlet.id if detection.outlet else None
        return CleanResult(render(doc, written), outlet_id, doc.removals, detection, warnings, guarded, doc.overruled, doc)

    def clean_bytes(self, data: bytes, **hints: str | None) -> CleanResult:
        return self.clean(decode(data), **hints)

    def _run(
        self, doc: Document, detection: Detection, site: SiteCounts | None, generic: bool, layouts: tuple[bool, ...]
    ) -> tuple[Document, Detection, list[str]]:
        """Apply the outlet's rules, then the generic detectors, then the site's furniture (with
        the ``site``'s counts), pass after pass, until a pass removes nothing. Rules and detectors
        see only the lines still in the document, so the result is a fixed point: cleaning it
        again finds nothing more to remove. They see the document in each of ``layouts`` in turn
        (False: the input's, where a list that ends at an empty line ends there; True: the
        normalised output's), the last being the output's, so that the fixed point holds on what
        the output will be.

        An outlet found by signatures is looked for again in what is left: if the text now
        reads as another outlet's (its signatures were another outlet's furniture, now gone),
        that outlet's rules take over, so that cleaning the output again changes nothing.
        """
        doc.site = site
        last = [self.site_step] if site else []
        warnings: list[str] = []
        timed_out: set[str] = set()
        done: set[str] = set()  # the line-local steps that ran: whatever the layout, they find no more
        while True:
            steps = self.outlet_steps[detection.outlet.id] if detection.outlet else []
            steps = steps + (self.generic_steps if generic else self.localiser_steps) + last
            for n, layout in enumerate(layouts):
                doc.normalised = layout
                self._to_fixed_point(doc, steps, warnings, timed_out, done, relayout=n > 0)
            if detection.method != "signature":
                return doc, detection, warnings
            again = self.outlet_finder.find("\n".join(doc.lines[i] for i in doc.live()))
            if again.outlet is None or again.outlet is detection.outlet:
                return doc, detection, warnings
            detection = again

    def _to_fixed_point(
        self, doc: Document, steps: list, warnings: list[str], timed_out: set[str], done: set[str], relayout: bool = False
    ) -> None:
        """Run the steps, pass after pass, until a pass removes nothing: each step's proposals go
        to the decision step, which removes what it accepts. A step whose pattern timed out is
        skipped from then on.

        A step is not run again on the lines it last ran on and found nothing in: it would find
        nothing again. A line-local step runs once (then it is in ``done``): what it leaves, it
        leaves for good. Neither changes what is removed, or in what order. A step some of whose
        lines the decision step kept runs in every pass, so that the last pass decides on the
        model's scores of the document as it ends; so does the localiser, which proposes from the
        scores: they are those of the pass's start (``hold_scores``), not of the lines it ran on.

        ``relayout``: the steps just reached a fixed point on the same lines in another layout.
        Only a step that ``reads_layout`` can find more then; the others, on these lines, would
        propose and be decided as in that last pass, removing nothing: they start idle.
        """
        # step → the count of removed lines when it last found nothing
        idle = {step.id: len(doc.removed) for step in steps if not step.reads_layout} if relayout else {}
        while True:
            removed = len(doc.removed)
            hold_scores(doc)
            for step in steps:
                if step.id in timed_out or step.id in done or idle.get(step.id) == len(doc.removed):
                    continue
                before = len(doc.removed)
                kept = False  # whether the decision step kept some of the lines it proposed
                try:
                    for proposal in step.proposals(doc):
                        self.decision.decide(doc, proposal)
                        kept = kept or not doc.removed.issuperset(proposal.lines)
                except RuleTimeout as exc:
                    warnings.append(f"{exc}; rule skipped for this document")
                    timed_out.add(step.id)
                if kept:
                    continue  # it runs again: the model's scores change as lines go
                if step.line_local:
                    done.add(step.id)
                elif len(doc.removed) == before and step.id != LOCALISER:
                    idle[step.id] = before
            if len(doc.removed) == removed:
                hold_scores(doc, False)
                return

    def _over_guard(self, doc: Document) -> bool:
        """Whether the generic detectors removed over ``guard`` of what the outlet's rules and the
        localiser left (the text a second cleaning starts from, so that it decides the same); the
        localiser, which removes the page around the article, is not guarded."""
        removed = {True: 0, False: 0}
        for removal in doc.removals:
            guarded = removal.rule in self.generic_codes and removal.rule != LOCALISER
            removed[guarded] += sum(len(line) for line in removal.text.split("\n"))
        left = sum(len(line) for line in doc.lines) - removed[False]
        return left > 0 and removed[True] > self.guard * left


_default: Cleaner | None = None


def clean(text: str, *, url: str | None = None, path: str | None = None, source: str | None = None) -> CleanResult:
    """Clean one document with the built-in rules (loaded once, on first use)."""
    global _default
    if _default is None:
        _default = Cleaner()
    return _default.clean(text, url=url, path=path, source=source)
