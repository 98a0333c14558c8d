"""Rule files (``rules/*.toml``): load, validate and resolve ``extends``.

A file describes one outlet or platform; its id is the file name without ``.toml``.
Anything wrong is refused at load with an error naming the file, line and rule.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import regex

from .outlet_rules import KINDS, BlockRule, CaptionRule, CutFromStartRule, CutToEndRule, Rule

OUTLET_KEYS = {"name", "domains", "signatures", "paths", "extends"}
RULE_KEYS = {"id", "kind", "why", "pattern", "head", "tail"}
KIND_KEYS = {
    BlockRule: {"end", "max_lines"},
    CutToEndRule: {"max_lines", "inclusive"},
    CutFromStartRule: {"max_lines", "inclusive"},
    CaptionRule: {"repeated"},
}
CASE_KEYS = {"name", "input", "expect"}
ID = regex.compile(r"[a-z0-9][a-z0-9_-]*")


class RuleFileError(ValueError):
    """A rule file that cannot be used; the message names the file, line and rule."""

    def __init__(self, path: Path, message: str, line: int | None = None, rule: str | None = None):
        self.path, self.line, self.rule = path, line, rule
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {f'rule {rule!r}: ' if rule else ''}{message}")


@dataclass(frozen=True)
class Case:
    """A rule file's own test: ``input`` must clean to ``expect`` (or stay as it is)."""

    outlet: str
    name: str
    input: str
    expect: str | None


@dataclass
class Outlet:
    id: str
    name: str
    path: Path
    domains: list[str] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    extends: list[str] = field(default_factory=list)
    own_rules: list[Rule] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)  # inherited rules first, then its own


def builtin_rules_dir() -> Path:
    """The built-in rule files: ``cleaner/rules`` in an installed wheel, ``rules/`` in a checkout."""
    packaged = Path(str(resources.files("cleaner"))) / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


def load_outlets(dirs: list[Path]) -> dict[str, Outlet]:
    """Load every ``*.toml`` in these folders; a later folder's file replaces an earlier one's."""
    outlets: dict[str, Outlet] = {}
    for folder in dirs:
        if not folder.is_dir():
            raise RuleFileError(folder, "no such rule folder")
        for path in sorted(folder.glob("*.toml")):
            outlet = load_rule_file(path)
            outlets[outlet.id] = outlet
    for outlet in outlets.values():
        outlet.rules = _inherited_rules(outlet, outlets, ())
    return outlets


def _inherited_rules(outlet: Outlet, outlets: dict[str, Outlet], seen: tuple[str, ...]) -> list[Rule]:
    if outlet.id in seen:
        raise RuleFileError(outlet.path, f"extends itself through {' -> '.join((*seen, outlet.id))}")
    rules: list[Rule] = []
    for parent_id in outlet.extends:
        parent = outlets.get(parent_id)
        if parent is None:
            raise RuleFileError(outlet.path, f"extends unknown outlet {parent_id!r}")
        rules.extend(_inherited_rules(parent, outlets, (*seen, outlet.id)))
    return rules + outlet.own_rules


def load_rule_file(path: Path) -> Outlet:
    source = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise RuleFileError(path, f"invalid TOML: {exc}") from None
    outlet_id = path.stem
    if not ID.fullmatch(outlet_id):
        raise RuleFileError(path, "file name must be a lower-case id such as 'bbc' or 'moscow-times'")
    _no_unknown_keys(path, source, data, {"outlet", "rule", "case"}, "top-level")
    table = data.get("outlet")
    if not isinstance(table, dict):
        raise RuleFileError(path, "missing [outlet] table")
    _no_unknown_keys(path, source, table, OUTLET_KEYS, "[outlet]")
    if not isinstance(table.get("name"), str):
        raise RuleFileError(path, "[outlet] needs a name")
    outlet = Outlet(
        id=outlet_id,
        name=table["name"],
        path=path,
        **{key: _string_list(path, source, table, key) for key in ("domains", "signatures", "paths", "extends")},
    )
    seen: set[str] = set()
    rule_lines = _table_lines(source, "[[rule]]")
    for n, entry in enumerate(data.get("rule", [])):
        start = rule_lines[n] if n < len(rule_lines) else None
        rule = _build_rule(path, source, outlet_id, entry, start)
        if rule.id in seen:
            raise RuleFileError(path, "duplicate rule id", _line_of(source, "id", after=start), rule.id)
        seen.add(rule.id)
        outlet.own_rules.append(rule)
    case_lines = _table_lines(source, "[[case]]")
    for n, entry in enumerate(data.get("case", [])):
        start = case_lines[n] if n < len(case_lines) else None
        _no_unknown_keys(path, source, entry, CASE_KEYS, "[[case]]", start)
        if not isinstance(entry.get("name"), str) or not isinstance(entry.get("input"), str):
            raise RuleFileError(path, "every [[case]] needs a name and an input", start)
        outlet.cases.append(Case(outlet_id, entry["name"], entry["input"], entry.get("expect")))
    return outlet


def _build_rule(path: Path, source: str, outlet_id: str, entry: dict, start: int | None) -> Rule:
    local_id = entry.get("id")
    if not isinstance(local_id, str) or not ID.fullmatch(local_id):
        raise RuleFileError(path, "every [[rule]] needs an id of lower-case letters, digits, '-' or '_'", start)
    rule_id = f"{outlet_id}/{local_id}"
    kind = KINDS.get(entry.get("kind"))
    if kind is None:
        raise RuleFileError(path, f"kind must be one of {', '.join(KINDS)}", _line_of(source, "kind", after=start), rule_id)
    allowed = RULE_KEYS | KIND_KEYS.get(kind, set())
    unknown = sorted(set(entry) - allowed)
    if unknown:
        line = _line_of(source, unknown[0], after=start)
        raise RuleFileError(path, f"unknown key {unknown[0]!r} for kind {entry['kind']!r}", line, rule_id)
    if not isinstance(entry.get("why"), str) or not entry["why"].strip():
        raise RuleFileError(path, "needs a one-line 'why'", start, rule_id)
    args = {key: value for key, value in entry.items() if key not in {"id", "kind"}}
    for key in ["pattern"] + (["end"] if kind is BlockRule else []):
        line = _line_of(source, key, after=start) or start
        args[key] = _compile(path, line, rule_id, key, entry.get(key))
    for key in ("head", "tail", "max_lines"):
        if key in args and (not isinstance(args[key], int) or isinstance(args[key], bool) or args[key] < 1):
            raise RuleFileError(path, f"{key} must be a whole number of at least 1", _line_of(source, key, after=start), rule_id)
    for key in ("inclusive", "repeated"):
        if key in args and not isinstance(args[key], bool):
            raise RuleFileError(path, f"{key} must be true or false", _line_of(source, key, after=start), rule_id)
    return kind(id=rule_id, **args)


def _compile(path: Path, line: int | None, rule_id: str, key: str, pattern: object) -> regex.Pattern:
    if not isinstance(pattern, str) or not pattern:
        raise RuleFileError(path, f"needs a '{key}' pattern", line, rule_id)
    try:
        return regex.compile(pattern)
    except regex.error as exc:
        raise RuleFileError(path, f"{key} does not compile: {exc}", line, rule_id) from None


def _string_list(path: Path, source: str, table: dict, key: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise RuleFileError(path, f"[outlet] {key} must be a list of non-empty strings", _line_of(source, key))
    return value


def _no_unknown_keys(path: Path, source: str, table: dict, allowed: set[str], where: str, start: int | None = 0) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        key = unknown[0]
        line = _line_of(source, key, after=start) or next(iter(_table_lines(source, f"[{key}]")), None)
        raise RuleFileError(path, f"unknown key {key!r} in {where}", line)


def _table_lines(source: str, header: str) -> list[int]:
    """Line numbers of each ``header`` (such as ``[[rule]]``), in order."""
    return [number for number, line in enumerate(source.splitlines(), 1) if line.strip() == header]


def _line_of(source: str, key: str, after: int | None = 0) -> int | None:
    """The first line at or after line ``after`` that sets ``key``."""
    wanted = regex.compile(rf"\s*{regex.escape(key)}\s*=")
    for number, line in enumerate(source.splitlines(), 1):
        if number >= (after or 0) and wanted.match(line):
            return number
    return None
