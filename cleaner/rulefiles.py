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
from cssselect import HTMLTranslator, SelectorError
from lxml import etree

from .outlet_rules import KINDS, BlockRule, CaptionRule, CutFromStartRule, CutToEndRule, LinePattern, Rule

OUTLET_KEYS = {"name", "domains", "signatures", "paths", "extends"}
RULE_KEYS = {"id", "kind", "why", "pattern", "head", "tail"}
KIND_KEYS = {
    BlockRule: {"end", "max_lines"},
    CutToEndRule: {"max_lines", "inclusive"},
    CutFromStartRule: {"max_lines", "inclusive"},
    CaptionRule: {"repeated"},
}
CASE_KEYS = {"name", "input", "expect", "detectors"}
HTML_KEYS = {"prune_xpath", "prune_css"}
ID = regex.compile(r"[a-z0-9][a-z0-9_-]*")


class RuleFileError(ValueError):
    """A rule file that cannot be used; the message names the file, line and rule."""

    def __init__(self, path: Path, message: str, line: int | None = None, rule: str | None = None):
        self.path, self.line, self.rule, self.reason = path, line, rule, message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {f'rule {rule!r}: ' if rule else ''}{message}")


@dataclass(frozen=True)
class Case:
    """A rule file's own test: ``input`` must clean to ``expect`` (or stay as it is), with the
    outlet's rules alone, or with the generic detectors too when ``detectors`` is true."""

    outlet: str
    name: str
    input: str
    expect: str | None
    line: int | None = None  # where its [[case]] header stands in the rule file
    detectors: bool = False


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
    own_prune: list[str] = field(default_factory=list)  # [html] selectors, CSS already as XPath
    cases: list[Case] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)  # inherited rules first, then its own
    prune_xpath: list[str] = field(default_factory=list)  # inherited selectors first, then its own
    rule_lines: dict[str, int | None] = field(default_factory=dict)  # rule id -> line of its [[rule]]


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
        lineage = _lineage(outlet, outlets, ())
        outlet.rules = [rule for ancestor in lineage for rule in ancestor.own_rules]
        outlet.prune_xpath = [xpath for ancestor in lineage for xpath in ancestor.own_prune]
    return outlets


def _lineage(outlet: Outlet, outlets: dict[str, Outlet], seen: tuple[str, ...]) -> list[Outlet]:
    """The outlets it extends, each after its own parents, then the outlet itself."""
    if outlet.id in seen:
        raise RuleFileError(outlet.path, f"extends itself through {' -> '.join((*seen, outlet.id))}")
    lineage: list[Outlet] = []
    for parent_id in outlet.extends:
        parent = outlets.get(parent_id)
        if parent is None:
            raise RuleFileError(outlet.path, f"extends unknown outlet {parent_id!r}")
        lineage.extend(_lineage(parent, outlets, (*seen, outlet.id)))
    return lineage + [outlet]


def load_rule_file(path: Path) -> Outlet:
    source = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise RuleFileError(path, f"invalid TOML: {exc}") from None
    outlet_id = path.stem
    if not ID.fullmatch(outlet_id):
        raise RuleFileError(path, "file name must be a lower-case id such as 'bbc' or 'moscow-times'")
    _no_unknown_keys(path, source, data, {"outlet", "html", "rule", "case"}, "top-level")
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
    outlet.own_prune = _html_selectors(path, source, data.get("html", {}))
    seen: set[str] = set()
    rule_lines = _table_lines(source, "[[rule]]")
    for n, entry in enumerate(data.get("rule", [])):
        start = rule_lines[n] if n < len(rule_lines) else None
        rule = _build_rule(path, source, outlet_id, entry, start)
        if rule.id in seen:
            raise RuleFileError(path, "duplicate rule id", _line_of(source, "id", after=start), rule.id)
        seen.add(rule.id)
        outlet.own_rules.append(rule)
        outlet.rule_lines[rule.id] = start
    case_lines = _table_lines(source, "[[case]]")
    for n, entry in enumerate(data.get("case", [])):
        start = case_lines[n] if n < len(case_lines) else None
        _no_unknown_keys(path, source, entry, CASE_KEYS, "[[case]]", start)
        if not isinstance(entry.get("name"), str) or not isinstance(entry.get("input"), str):
            raise RuleFileError(path, "every [[case]] needs a name and an input", start)
        if not isinstance(entry.get("detectors", False), bool):
            raise RuleFileError(path, "a [[case]]'s detectors must be true or false", start)
        outlet.cases.append(Case(outlet_id, entry["name"], entry["input"], entry.get("expect"), start, entry.get("detectors", False)))
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


def _compile(path: Path, line: int | None, rule_id: str, key: str, pattern: object) -> LinePattern:
    if not isinstance(pattern, str) or not pattern:
        raise RuleFileError(path, f"needs a '{key}' pattern", line, rule_id)
    try:
        return LinePattern.compile(pattern)
    except regex.error as exc:
        raise RuleFileError(path, f"{key} does not compile: {exc}", line, rule_id) from None


def _html_selectors(path: Path, source: str, table: object) -> list[str]:
    """The ``[html]`` table's selectors of page furniture, as XPath: CSS is converted by cssselect."""
    start = next(iter(_table_lines(source, "[html]")), None)
    if not isinstance(table, dict):
        raise RuleFileError(path, "[html] must be a table", start)
    _no_unknown_keys(path, source, table, HTML_KEYS, "[html]", start)
    xpaths = []
    for key, to_xpath in (("prune_xpath", _checked_xpath), ("prune_css", _css_to_xpath)):
        for selector in _string_list(path, source, table, key, "[html]", start):
            try:
                xpaths.append(to_xpath(selector))
            except (SelectorError, etree.XPathError, ValueError) as exc:
                line = _line_containing(source, selector, after=start) or _line_of(source, key, after=start)
                raise RuleFileError(path, f"{key} {selector!r} is not a valid selector: {exc}", line) from None
    return xpaths


#: A small page to try selectors on: one that returns numbers, strings or attributes is refused.
_PROBE = etree.fromstring('<html><body><div id="a" class="b"><p lang="en">text</p></div></body></html>')


def _checked_xpath(selector: str) -> str:
    found = etree.XPath(selector)(_PROBE)
    if not isinstance(found, list) or not all(isinstance(node, etree._Element) for node in found):
        raise ValueError("it must select elements, not text, attributes or values")
    return selector


def _css_to_xpath(selector: str) -> str:
    return _checked_xpath(HTMLTranslator().css_to_xpath(selector))


def _string_list(path: Path, source: str, table: dict, key: str, where: str = "[outlet]", start: int | None = 0) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise RuleFileError(path, f"{where} {key} must be a list of non-empty strings", _line_of(source, key, after=start))
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


def _line_containing(source: str, text: str, after: int | None = 0) -> int | None:
    """The first line at or after line ``after`` that holds ``text``."""
    for number, line in enumerate(source.splitlines(), 1):
        if number >= (after or 0) and text in line:
            return number
    return None


def _line_of(source: str, key: str, after: int | None = 0) -> int | None:
    """The first line at or after line ``after`` that sets ``key``."""
    wanted = regex.compile(rf"\s*{regex.escape(key)}\s*=")
    for number, line in enumerate(source.splitlines(), 1):
        if number >= (after or 0) and wanted.match(line):
            return number
    return None
