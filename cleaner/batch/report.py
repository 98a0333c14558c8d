"""Counts of a batch: documents, outlets and rules, failures, guarded and doubtful documents."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..files import atomic_write
from ..localisation import DOUBTFUL
from .items import Item, Outcome

_SURROGATE = re.compile("[\ud800-\udfff]")
#: Failed and guarded documents listed in the printed summary (the JSON report lists all).
MAX_LISTED = 20


@dataclass
class Summary:
    read: int = 0
    cleaned: int = 0  # something was removed
    extracted: int = 0  # an HTML page's text, with nothing removed from it
    unchanged: int = 0
    failed: int = 0
    resumed: int = 0  # skipped: done by an earlier, interrupted run
    skipped: list[str] = field(default_factory=list)  # found in a folder, but not regular files
    outlets: Counter = field(default_factory=Counter)
    outlet_chars: Counter = field(default_factory=Counter)
    rule_documents: Counter = field(default_factory=Counter)
    rule_chars: Counter = field(default_factory=Counter)
    overruled_documents: Counter = field(default_factory=Counter)  # rule → documents where the decision step kept some of its lines
    overruled_lines: Counter = field(default_factory=Counter)  # rule → lines it kept
    failures: list[dict] = field(default_factory=list)
    guarded: list[str] = field(default_factory=list)
    doubtful: list[dict] = field(default_factory=list)  # documents whose text may not be all article
    warnings: list[dict] = field(default_factory=list)
    unfinished: str | None = None  # why the output was left unfinished: an input that could not be read to its end

    def add(self, item: Item, outcome: Outcome) -> None:
        if item.kind == "skipped":
            self.skipped.append(item.name)
            return
        self.read += 1
        if outcome.error is not None:
            self.failed += 1
            failure = {"input": item.name, "error": outcome.error}
            if item.line is not None:
                failure["line"] = item.line
            self.failures.append(failure)
            return
        self.cleaned += bool(outcome.removals)
        self.extracted += not outcome.removals and outcome.page is not None
        self.unchanged += not outcome.removals and outcome.page is None
        outlet = outcome.outlet or "(none)"
        self.outlets[outlet] += 1
        self.rule_documents.update(outcome.rules_fired)
        for removal in outcome.removals:
            self.rule_chars[removal.rule] += len(removal.text)
            self.outlet_chars[outlet] += len(removal.text)
        self.overruled_documents.update(outcome.rules_overruled)
        self.overruled_lines.update(overruling.rule for overruling in outcome.overruled)
        if outcome.guarded:
            self.guarded.append(item.where)
        if outcome.confidence is not None and outcome.confidence < DOUBTFUL:
            self.doubtful.append({"input": item.where, "confidence": round(outcome.confidence, 3)})
        self.warnings.extend({"input": item.where, "warning": warning} for warning in outcome.warnings)

    def to_json(self) -> dict:
        return {
            "documents": {
                "read": self.read,
                "cleaned": self.cleaned,
                "extracted": self.extracted,
                "unchanged": self.unchanged,
                "failed": self.failed,
                "resumed": self.resumed,
                "skipped": len(self.skipped),
            },
            "outlets": {
                outlet: {"documents": count, "chars_removed": self.outlet_chars[outlet]} for outlet, count in sorted(self.outlets.items())
            },
            "rules": {
                rule: {"documents": self.rule_documents[rule], "chars_removed": self.rule_chars[rule]}
                for rule in sorted(self.rule_documents)
            },
            "overruled": {
                rule: {"documents": self.overruled_documents[rule], "lines_kept": self.overruled_lines[rule]}
                for rule in sorted(self.overruled_documents)
            },
            "failures": self.failures,
            "guarded": self.guarded,
            "skipped": self.skipped,
            "doubtful": self.doubtful,
            "warnings": self.warnings,
        }

    def write_json(self, path: Path) -> None:
        text = json.dumps(self.to_json(), indent=2, ensure_ascii=False)
        # a file name that is not UTF-8 holds lone surrogates (os.fsdecode): JSON escapes them
        atomic_write(path, _SURROGATE.sub(lambda found: f"\\u{ord(found[0]):04x}", text) + "\n")

    def format(self) -> str:
        lines = [
            f"documents: {self.read} read, {self.cleaned} cleaned, "
            + (f"{self.extracted} extracted, " if self.extracted else "")
            + f"{self.unchanged} unchanged, {self.failed} failed"
            + (f", {self.resumed} already done" if self.resumed else "")
            + (f", {len(self.skipped)} skipped (not regular files)" if self.skipped else "")
        ]
        lines += _table("outlet", self.outlets, self.outlet_chars)
        lines += _table("rule", self.rule_documents, self.rule_chars)
        lines += _table("overruled", self.overruled_documents, self.overruled_lines, "lines kept")
        for failure in self.failures[:MAX_LISTED]:
            where = failure["input"] + (f":{failure['line']}" if "line" in failure else "")
            lines.append(f"failed: {where}: {failure['error']}")
        for name in self.guarded[:MAX_LISTED]:
            lines.append(f"guarded: {name}: the generic detectors' removals were undone")
        if self.doubtful:
            lines.append(
                f"doubtful: {len(self.doubtful)} documents may hold more than the article (confidence under {DOUBTFUL}; see --report)"
            )
        hidden = max(0, len(self.failures) - MAX_LISTED) + max(0, len(self.guarded) - MAX_LISTED)
        if hidden:
            lines.append(f"({hidden} more failed or guarded documents: see --report)")
        return "\n".join(lines)


def _table(heading: str, documents: Counter, counts: Counter, counted: str = "chars removed") -> list[str]:
    if not documents:
        return []
    width = max(len(heading), *(len(name) for name in documents))
    rows = [f"{heading:<{width}}  {'documents':>9}  {counted:>13}"]
    rows += [f"{name:<{width}}  {documents[name]:>9}  {counts[name]:>13}" for name in sorted(documents)]
    return rows
