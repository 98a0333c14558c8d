"""Drift (``cleaner rules stats CORPUS``): per outlet rule, the documents it fired on each month,
and what says a rule file has gone stale: a rule that stopped firing, or an outlet whose cleaned
pages gained new recurring lines (the site changed its layout; its new furniture goes through).

Recurring lines are counted with the site-furniture core, per outlet and month, on the text as
cleaned: a line in at least ``max(3, share × the month's documents)`` of them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..pipeline import Cleaner
from ..sitecounts import DEFAULT_SHARE, FurnitureCounter, document_hashes, document_key, line_hash
from ..text import split_lines

#: Documents of an outlet a month needs to say anything about that month.
MIN_MONTH_DOCUMENTS = 3
#: Lines shown for each outlet that gained recurring lines.
EXAMPLES = 5
UNKNOWN = "unknown"
_MONTH = re.compile(r"(\d{4})-(\d{2})")


def month_of(value: object) -> str:
    """ "YYYY-MM" from a date (ISO text such as a WARC-Date, or a POSIX time), else "unknown"."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC).strftime("%Y-%m")
    if isinstance(value, str):
        found = _MONTH.match(value.strip())
        if found and 1 <= int(found.group(2)) <= 12:
            return f"{found.group(1)}-{found.group(2)}"
    return UNKNOWN


@dataclass
class Drift:
    documents: Counter = field(default_factory=Counter)  # (outlet, month) -> documents
    fired: Counter = field(default_factory=Counter)  # (rule, month) -> documents it fired on
    rules: dict[str, list[str]] = field(default_factory=dict)  # outlet -> its rule ids
    undated: int = 0
    stopped: list[dict] = field(default_factory=list)
    gained: list[dict] = field(default_factory=list)

    def months(self, outlet: str) -> list[str]:
        return sorted(month for (name, month), count in self.documents.items() if name == outlet and month != UNKNOWN)

    def to_json(self) -> dict:
        outlets = {}
        for outlet in sorted({name for name, _ in self.documents}):
            months = self.months(outlet)
            outlets[outlet] = {
                "documents": {month: self.documents[outlet, month] for month in months},
                "rules": {rule: {month: self.fired[rule, month] for month in months} for rule in self.rules.get(outlet, [])},
            }
        return {"outlets": outlets, "undated": self.undated, "stopped": self.stopped, "gained": self.gained}


def drift(read: Callable[[], Iterable[tuple[str, str | None, str]]], cleaner: Cleaner, share: float = DEFAULT_SHARE) -> Drift:
    """The drift of a corpus; ``read()`` yields (text, url, month) and is called twice when an
    outlet gained recurring lines (for their text)."""
    found = Drift()
    counter = FurnitureCounter()
    for text, url, month in read():
        result = cleaner.clean(text, url=url)
        if result.outlet is None:
            continue
        found.documents[result.outlet, month] += 1
        found.undated += month == UNKNOWN
        for rule in result.rules_fired:
            found.fired[rule, month] += 1
        if month != UNKNOWN:
            counter.add(f"{result.outlet}\t{month}", document_hashes(result.text), document_key(text, url))
    table = counter.table()
    found.rules = {outlet: [rule.id for rule in cleaner.outlets[outlet].rules] for outlet, _ in sorted(found.documents)}
    for outlet, rules in found.rules.items():
        months = [month for month in found.months(outlet) if found.documents[outlet, month] >= MIN_MONTH_DOCUMENTS]
        found.stopped += _stopped(found, outlet, rules, months)
        found.gained += _gained(table, outlet, months, share)
    if found.gained:
        _examples(found, read, cleaner)
    return found


def _stopped(found: Drift, outlet: str, rules: list[str], months: list[str]) -> list[dict]:
    """Rules that fired in an earlier month and in none of the outlet's documents since."""
    flagged = []
    for rule in rules:
        fired = [month for month in months if found.fired[rule, month]]
        if fired and fired[-1] != months[-1]:
            since = [month for month in months if month > fired[-1]]
            documents = sum(found.documents[outlet, month] for month in since)
            flagged.append({"outlet": outlet, "rule": rule, "last_fired": fired[-1], "documents_since": documents})
    return flagged


def _gained(table, outlet: str, months: list[str], share: float) -> list[dict]:
    """Months in which the outlet's cleaned pages carry recurring lines no earlier month had."""
    flagged, before = [], set()
    for n, month in enumerate(months):
        site = table.furniture(f"{outlet}\t{month}", share)
        recurring = {line for line, (count, _) in site.counts.items()} if site else set()
        new = recurring - before
        if n and new:
            flagged.append({"outlet": outlet, "month": month, "new_recurring_lines": len(new), "hashes": new, "examples": []})
        before |= recurring
    return flagged


def _examples(found: Drift, read, cleaner: Cleaner) -> None:
    """The text of a few of each flagged month's new recurring lines (a second pass)."""
    wanted = {(entry["outlet"], entry["month"]): entry for entry in found.gained}
    texts: dict[tuple[str, str], dict[int, str]] = {key: {} for key in wanted}
    for text, url, month in read():
        result = cleaner.clean(text, url=url)
        key = (result.outlet, month)
        if key in wanted:
            for line in split_lines(result.text):
                found_hash = line_hash(line)
                if found_hash in wanted[key]["hashes"]:
                    texts[key].setdefault(found_hash, line.strip())
    for key, entry in wanted.items():
        entry["examples"] = sorted(texts[key].values())[:EXAMPLES]
        del entry["hashes"]


def format_drift(found: Drift) -> str:
    """The report as text: per outlet, documents and each rule's firings per month; then the flags."""
    lines = []
    for outlet, entry in found.to_json()["outlets"].items():
        months = list(entry["documents"])
        width = max([len("documents"), *(len(rule) for rule in entry["rules"])])
        lines.append(f"{outlet}")
        lines.append(f"  {'month':<{width}}  " + "  ".join(f"{month:>7}" for month in months))
        lines.append(f"  {'documents':<{width}}  " + "  ".join(f"{entry['documents'][month]:>7}" for month in months))
        for rule, counts in entry["rules"].items():
            lines.append(f"  {rule:<{width}}  " + "  ".join(f"{counts[month]:>7}" for month in months))
    for entry in found.stopped:
        lines.append(
            f"stopped: {entry['rule']} last fired in {entry['last_fired']}; "
            f"none of the {entry['documents_since']} {entry['outlet']} documents since"
        )
    for entry in found.gained:
        lines.append(f"gained: {entry['outlet']} pages of {entry['month']} carry {entry['new_recurring_lines']} new recurring lines")
        lines += [f"    {example}" for example in entry["examples"]]
    if found.undated:
        lines.append(f"({found.undated} documents with no date: counted in no month)")
    return "\n".join(lines)
