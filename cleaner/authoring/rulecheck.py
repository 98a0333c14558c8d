"""``cleaner rules check``: lint a folder of rule files and test them on their cases, seeds and goldens.

Each problem names a file and line. First every file on its own: the schema, patterns that
compile, patterns prone to catastrophic backtracking. When all files load, their rules are
run: every ``[[case]]`` must clean to its ``expect`` (or be left alone), no rule may remove a
line that a case's ``expect`` or a seed's golden file keeps, each seed must be detected as
its outlet, and every rule must fire on at least one case or seed.

Besides problems, notes say what an outlet lacks (no seed, a seed without its golden file, no
second seed, no case, no case of text to leave alone); they do not fail the check.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..files import iter_inputs
from ..pipeline import Cleaner, CleanResult
from ..read import InputError, decode
from ..render import normalised
from ..rulefiles import RuleFile, RuleFileError, load_rule_file
from .backtracking import risky_patterns


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # what an outlet lacks; not a failure
    files: int = 0
    rules: int = 0
    cases: int = 0
    seeds: int = 0

    def add(self, other: CheckReport) -> None:
        """Count another folder's check in this one."""
        self.problems += other.problems
        self.notes += other.notes
        self.files, self.rules, self.cases, self.seeds = (
            self.files + other.files,
            self.rules + other.rules,
            self.cases + other.cases,
            self.seeds + other.seeds,
        )

    def summary(self) -> str:
        counts = f"{self.files} rule files, {self.rules} rules, {self.cases} cases, {self.seeds} seeds"
        found = f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}" if self.problems else "no problems"
        notes = f", {len(self.notes)} note{'s' if len(self.notes) != 1 else ''}" if self.notes else ""
        return f"checked {counts}: {found}{notes}"


class RuleChecker:
    """Checks the rule files of one folder, with the built-in rules (and the folders ``beside``,
    loaded before it) beside them for ``extends``."""

    def __init__(self, folder: Path, seeds: Path | None = None, golden: Path | None = None, beside: list[Path] = ()):
        self.folder = folder
        self.dirs = [*beside, folder]
        self.seeds = seeds if seeds is not None else _beside(folder, "seeds")
        self.golden = golden if golden is not None else _beside(folder, "golden")
        self.report = CheckReport()

    def run(self) -> CheckReport:
        outlets = self._load_each()
        if len(outlets) < self.report.files:
            return self.report  # the rules cannot run until every file loads
        try:
            cleaner = Cleaner(self.dirs)
            rules_only = Cleaner(self.dirs, select=())
        except RuleFileError as exc:
            self._error(exc)
            return self.report
        fired: set[str] = set()
        platforms = {parent for outlet in cleaner.outlets.values() for parent in outlet.extends}
        for outlet in outlets:
            for case in outlet.cases:
                fired.update(self._check_case(cleaner if case.detectors else rules_only, outlet, case))
            seeds = self._seeds_of(outlet)
            for seed in seeds:
                fired.update(self._check_seed(cleaner, outlet, seed))
            self._note_what_lacks(outlet, seeds, platform=outlet.id in platforms)
        for outlet in outlets:
            for rule in outlet.own_rules:
                if rule.id not in fired:
                    self._add(outlet.path, outlet.rule_lines.get(rule.id), f"rule {rule.id!r}: fires on none of its cases or seeds")
        return self.report

    def _load_each(self) -> list[RuleFile]:
        outlets = []
        for path in sorted(self.folder.glob("*.toml")):
            self.report.files += 1
            try:
                outlet = load_rule_file(path)
            except RuleFileError as exc:
                for problem in exc.problems:
                    self._error(problem)
                continue
            outlets.append(outlet)
            self.report.rules += len(outlet.own_rules)
            self.report.cases += len(outlet.cases)
            for line, message in risky_patterns(outlet):
                self._add(path, line, message)
        return outlets

    def _check_case(self, cleaner: Cleaner, outlet: RuleFile, case) -> list[str]:
        result = cleaner.clean(case.input, source=outlet.id)
        where = f"case {case.name!r}"
        if case.expect is None:
            for removal in result.removals:
                self._add(
                    outlet.path, case.line, f"{where} must be left alone, but {removal.rule} removes {removal.text.splitlines()[0]!r}"
                )
            return result.rules_fired
        expect = normalised(case.expect)
        lost = _lost_lines(result, expect)
        for rule, line in lost:
            self._add(outlet.path, case.line, f"{where}: {rule} removes {line!r}, which expect keeps")
        if not lost and result.text != expect:
            self._add(outlet.path, case.line, f"{where}: {_first_difference(result.text, expect)}")
        return result.rules_fired

    def _check_seed(self, cleaner: Cleaner, outlet: RuleFile, seed: Path) -> list[str]:
        self.report.seeds += 1
        try:
            text = decode(seed.read_bytes())
        except (InputError, OSError) as exc:
            self._add(seed, None, str(exc))
            return []
        hint = seed.relative_to(self.seeds.parent).as_posix()
        detection = cleaner.outlet_finder.find(text, path=hint)
        found = detection.outlet.id if detection.outlet else None
        if found != outlet.id:
            self._add(
                seed, None, f"detected as {found or 'no outlet'} by {detection.method}, not {outlet.id}: add a paths glob or a signature"
            )
        result = cleaner.clean(text, source=outlet.id)
        golden = self.golden / seed.relative_to(self.seeds) if self.golden else None
        if golden is not None and golden.is_file():
            for rule, line in _lost_lines(result, golden.read_text(encoding="utf-8")):
                first = next((r.first_line for r in result.removals if r.rule == rule and line in r.text.splitlines()), None)
                self._add(seed, first, f"{rule} removes {line!r}, which {golden} keeps")
        return result.rules_fired

    def _note_what_lacks(self, outlet: RuleFile, seeds: list[Path], platform: bool) -> None:
        lacks = []
        if not outlet.cases:
            lacks.append("no [[case]]")
        elif all(case.expect is not None for case in outlet.cases):
            lacks.append("no [[case]] of text to leave alone (a case without expect)")
        if not platform:  # a platform's rules are tried on the seeds of the outlets that extend it
            where = f"{self.seeds / outlet.id}/" if self.seeds else f"seeds/{outlet.id}/"
            if not seeds:
                lacks.append(f"no seed article in {where}")
            elif len(seeds) == 1:
                lacks.append(f"no second seed in {where} (another article with the same furniture)")
            missing = [seed.name for seed in seeds if self.golden is None or not (self.golden / seed.relative_to(self.seeds)).is_file()]
            if missing:
                lacks.append(f"no golden file for {', '.join(missing)}")
        for lack in lacks:
            self.report.notes.append(Problem(outlet.path, None, f"note: outlet {outlet.id!r} has {lack}"))

    def _seeds_of(self, outlet: RuleFile) -> list[Path]:
        folder = self.seeds / outlet.id if self.seeds else None
        return list(iter_inputs(folder, lambda path: path.suffix == ".txt")) if folder is not None and folder.is_dir() else []

    def _error(self, exc: RuleFileError) -> None:
        self._add(exc.path, exc.line, (f"rule {exc.rule!r}: " if exc.rule else "") + exc.reason)

    def _add(self, path: Path, line: int | None, message: str) -> None:
        self.report.problems.append(Problem(path, line, message))


def _beside(folder: Path, name: str) -> Path | None:
    sibling = folder.parent / name
    return sibling if sibling.is_dir() else None


def _lost_lines(result: CleanResult, kept: str) -> list[tuple[str, str]]:
    """(rule, line) for each removed line of which ``kept`` holds more copies than the result."""
    want = Counter(line for line in kept.splitlines() if line)
    have = Counter(line for line in result.text.splitlines() if line)
    lost: list[tuple[str, str]] = []
    for removal in result.removals:
        for line in removal.text.splitlines():
            if have[line] < want[line] and (removal.rule, line) not in lost:
                lost.append((removal.rule, line))
    return lost


def _first_difference(got: str, expect: str) -> str:
    got_lines, want_lines = got.splitlines(), expect.splitlines()
    for n, (a, b) in enumerate(zip(got_lines, want_lines, strict=False), 1):
        if a != b:
            return f"output line {n} is {a!r}, expect has {b!r}"
    if len(got_lines) > len(want_lines):
        return f"output keeps {got_lines[len(want_lines)]!r} after the end of expect"
    return f"output ends before expect's {want_lines[len(got_lines)]!r}"
