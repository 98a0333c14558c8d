"""Writing rule files: a proposal from ``learn`` as commented TOML with cases, or an empty scaffold.

Cases are made by cleaning samples with the proposed file itself: the fewest samples on which
every proposed rule fires, each cut down to its removed lines and the first and last line of
each stretch it keeps; and a few kept lines of an article that must stay as they are. A case is
cleaned as ``rules check`` runs it: with the outlet's rules alone, unless a rule fires only once
the generic detectors have run, and then its case says ``detectors = true``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import tomlkit
from tomlkit.exceptions import InvalidStringError

from ..document import Document, removal_of_each_line
from ..pipeline import Cleaner, CleanResult
from ..rulefiles import load_rule_file
from .learn import DEFAULT_SHARE, Proposal, Sample, learn, lone_prose

#: Kept lines of an article that make the case the rules must leave alone.
LEAVE_ALONE_LINES = 3


@dataclass(frozen=True)
class CaseText:
    name: str
    input: str
    expect: str | None
    detectors: bool = False  # run with the generic detectors too (the case's ``detectors = true``)


@dataclass(frozen=True)
class OutletHeader:
    """What the ``[outlet]`` table says: the id (the file name), a display name, domains."""

    id: str
    name: str | None = None
    domains: tuple[str, ...] = ()


def proposed_rule_file(samples: Sequence[Sample], outlet: OutletHeader, share: float = DEFAULT_SHARE) -> tuple[str, Proposal]:
    """The rule file ``learn`` proposes for these samples, with cases, and the proposal itself.

    The draft is loaded and run on every sample as the pipeline runs it (pass after pass): a
    rule that then removes prose found in one sample alone is dropped, and the draft made again.
    """
    ordered = sorted(samples, key=lambda sample: (sample.text, sample.name))
    proposal = learn(ordered, share, outlet.name)
    lone = lone_prose(ordered)
    while True:
        cleaner = _load(render_rule_file(outlet, proposal, []), outlet.id)
        results = [cleaner.clean(sample.text, source=outlet.id) for sample in ordered]
        unsafe = {
            removal.rule for result in results for removal in result.removals if any(line in lone for line in removal.text.splitlines())
        }
        kept = [rule for rule in proposal.rules if f"{outlet.id}/{rule.slug}" not in unsafe]
        if len(kept) == len(proposal.rules):
            break
        proposal = replace(proposal, rules=kept)
    rules_alone = _load(render_rule_file(outlet, proposal, []), outlet.id, detectors=False)
    return render_rule_file(outlet, proposal, make_cases(rules_alone, cleaner, outlet.id, ordered)), proposal


def _load(draft: str, outlet_id: str, detectors: bool = True) -> Cleaner:
    """A cleaner with the draft rule file alone, and the generic detectors unless ``detectors`` is false."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{outlet_id}.toml"
        path.write_text(draft, encoding="utf-8")
        load_rule_file(path)  # the draft must load as it is
        return Cleaner([Path(folder)], builtin=False, select=None if detectors else ())


def make_cases(rules_alone: Cleaner, pipeline: Cleaner, outlet: str, samples: list[Sample]) -> list[CaseText]:
    """Cases from the fewest samples on which every rule of the outlet fires, and one to leave alone.

    Cleaned with the outlet's rules alone; a rule that fires only after the generic detectors
    (``pipeline``) gets a case that runs them too."""
    wanted = {rule.id for rule in rules_alone.outlets[outlet].own_rules}
    cases: list[CaseText] = []
    for cleaner in (rules_alone, pipeline):
        results = [cleaner.clean(sample.text, source=outlet) for sample in samples]
        while wanted:
            gains = [len(wanted & set(result.rules_fired)) for result in results]
            best = max(range(len(samples)), key=lambda n: (gains[n], -n))
            if not gains[best]:
                break
            wanted -= set(results[best].rules_fired)
            text = _shortened(samples[best].text, results[best])
            if not set(results[best].rules_fired) <= set(cleaner.clean(text, source=outlet).rules_fired):
                text = samples[best].text
            cleaned = cleaner.clean(text, source=outlet).text
            name = f"the furniture of {samples[best].name} goes, its article stays"
            cases.append(CaseText(name, text, cleaned, detectors=cleaner is pipeline))
    if samples:
        kept = [line for line in pipeline.clean(samples[0].text, source=outlet).text.splitlines() if line][:LEAVE_ALONE_LINES]
        body = "\n\n".join(kept) + "\n"
        if kept and not rules_alone.clean(body, source=outlet).removals:
            cases.append(CaseText(f"the first lines of {samples[0].name} stay", body, None))
    return cases


def _shortened(text: str, result: CleanResult) -> str:
    """The document with only its removed lines, and the first and last of each run of kept lines."""
    lines = Document.from_text(text).lines
    removed = removal_of_each_line(lines, result.removals)
    kept_runs: list[list[int]] = [[]]
    for index, line in enumerate(lines):
        if index in removed:
            kept_runs.append([])
        elif line:
            kept_runs[-1].append(index)
    keep = set(removed).union(*(run[:1] + run[-1:] for run in kept_runs))
    out: list[str] = []
    for index, line in enumerate(lines):
        if index in keep or (not line and out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n") + "\n"


def render_rule_file(outlet: OutletHeader, proposal: Proposal | None, cases: list[CaseText]) -> str:
    """The rule file as TOML: a header comment, ``[outlet]``, the proposed rules and the cases."""
    doc = tomlkit.document()
    if proposal is None:
        for line in (
            f"Rule file for {outlet.name or outlet.id}, scaffolded by `cleaner rules new`.",
            "Describe the outlet's furniture (what every article page carries), not one article's text:",
            "a [[rule]] for each piece, and a [[case]] for each rule. See docs/adding-an-outlet.md.",
        ):
            doc.add(tomlkit.comment(line))
    else:
        doc.add(
            tomlkit.comment(
                f"Proposed by `cleaner learn` from {proposal.documents} documents: furniture is a line in at least {proposal.threshold} of them."
            )
        )
        doc.add(tomlkit.comment("Review every rule: give it a better id and why, widen its pattern, or delete it."))
    doc.add("outlet", _outlet_table(outlet, proposal))
    if proposal is not None and proposal.rules:
        rules = tomlkit.aot()
        for rule in proposal.rules:
            table = tomlkit.table()
            table.add(tomlkit.comment(f"in {rule.documents} of {proposal.documents} documents"))
            table.add("id", rule.slug)
            table.add("kind", rule.kind)
            table.add("why", _string(rule.why))
            table.add("pattern", _string(rule.pattern))
            for key, value in rule.options().items():
                table.add(key, _string(value) if isinstance(value, str) else value)
            rules.append(table)
        doc.add("rule", rules)
    elif proposal is None:
        doc.add(tomlkit.nl())
        for line in (
            "[[rule]]",
            'id = "footer"',
            'kind = "line"',
            'why = "The edition footer under every article"',
            "pattern = 'Example Gazette, all editions'",
        ):
            doc.add(tomlkit.comment(line))
    if cases:
        tables = tomlkit.aot()
        for case in cases:
            table = tomlkit.table()
            table.add("name", _string(case.name))
            table.add("input", _string(case.input, multiline=True))
            if case.expect is not None:
                table.add("expect", _string(case.expect, multiline=True))
            if case.detectors:
                table.add("detectors", True)
            tables.append(table)
        doc.add("case", tables)
    return tomlkit.dumps(doc)


def _outlet_table(outlet: OutletHeader, proposal: Proposal | None):
    table = tomlkit.table()
    table.add("name", _string(outlet.name or outlet.id))
    table.add("domains", list(outlet.domains))
    signatures = tomlkit.array()
    for text, count in proposal.signatures if proposal else []:
        signatures.add_line(_string(text), comment=f"in {count} of {proposal.documents} documents")
    if len(signatures):
        signatures.add_line(indent="")
    table.add("signatures", signatures)
    table.add("paths", [f"*/{outlet.id}/*"])
    return table


def _string(value: str, multiline: bool = False):
    """A TOML literal string where the text allows one (patterns stay readable), else a basic one."""
    try:
        return tomlkit.string(value, literal=True, multiline=multiline)
    except InvalidStringError:
        return tomlkit.string(value, multiline=multiline)
