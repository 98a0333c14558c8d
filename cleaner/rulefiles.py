"""Rule files (``rules/*.toml``): read and check each into a ``RuleFile``, then resolve
``extends`` into an ``Outlet``.

A file describes one outlet or platform; its id is the file name without ``.toml``. The keys of
its tables are declared once, below and in the rule kinds' classes (``outlet_rules``); anything
wrong is refused at load, every problem of a file at once, each naming the file, line and rule.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import regex

from .outlet_rules import KINDS, LinePattern, Rule, kind_keys
from .tables import MUST_BE, Key

OUTLET_KEYS = {
    "name": Key("string", "The outlet's display name.", required=True),
    "domains": Key("strings", "Hosts of its pages, with an optional path prefix (pressreader.com/usa/some-paper)."),
    "signatures": Key("strings", "Literal texts that mark its pages, to recognise them with no URL."),
    "paths": Key("strings", "Globs on a document's file path ('*' crosses folders)."),
    "extends": Key("strings", "Platforms (rule files) whose rules and selectors run first."),
}
HTML_KEYS = {
    "prune_xpath": Key("strings", "XPath selectors of page furniture, removed before the text is extracted."),
    "prune_css": Key("strings", "CSS selectors of page furniture, removed before the text is extracted."),
}
CASE_KEYS = {
    "name": Key("string", "What the case shows.", required=True),
    "input": Key("text", "A document, or the part of one the rules act on.", required=True),
    "expect": Key("text", "What the input must clean to; without it, the input must stay as it is."),
    "detectors": Key("boolean", "Run the generic detectors too, not only the outlet's rules.", default=False),
}
KIND_KEY = Key("string", "What the rule removes: " + ", ".join(KINDS) + ".", required=True)
ID = regex.compile(r"[a-z0-9][a-z0-9_-]*")
#: Each rule kind's keys, read once (not once per rule).
_KIND_KEYS = {kind: kind_keys(kind) for kind in KINDS.values()}


class RuleFileError(ValueError):
    """A rule file that cannot be used; the message names the file, line and rule. ``problems``
    holds every problem found in the file (this one first)."""

    def __init__(self, path: Path, message: str, line: int | None = None, rule: str | None = None):
        self.path, self.line, self.rule, self.reason = path, line, rule, message
        self.problems: list[RuleFileError] = [self]
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {f'rule {rule!r}: ' if rule else ''}{message}")


class RuleFileWarning(UserWarning):
    """A rule file that loads but is likely a mistake: one that hides another outlet's file."""


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


@dataclass(frozen=True)
class RuleFile:
    """One rule file as read: the outlet's own rules, selectors and cases."""

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
    rule_lines: dict[str, int | None] = field(default_factory=dict)  # rule id -> line of its [[rule]]
    digest: str = ""  # of the file's text: what --resume compares


@dataclass(frozen=True, kw_only=True)
class Outlet(RuleFile):
    """An outlet with ``extends`` resolved: what runs for its documents."""

    rules: list[Rule]  # inherited rules first, then its own
    prune_xpath: list[str]  # inherited selectors first, then its own
    replaces: Path | None = None  # the file of the same id in an earlier folder (a built-in outlet's), which this one hides

    @property
    def replacement_warning(self) -> str | None:
        """What to tell the user when this file hides another of the same id."""
        if self.replaces is None:
            return None
        return (
            f"{self.path}: replaces the outlet {self.id!r} of {self.replaces} (its rules, domains and signatures are not used); "
            "rename the file to add an outlet beside it"
        )


def builtin_rules_dir() -> Path:
    """The built-in rule files: ``cleaner/rules`` in an installed wheel, ``rules/`` in a checkout."""
    packaged = Path(str(resources.files("cleaner"))) / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


def load_outlets(dirs: list[Path]) -> dict[str, Outlet]:
    """Load every ``*.toml`` in these folders (a folder given twice is read once); a later
    folder's file replaces an earlier one's of the same id, and its ``replaces`` says which."""
    files: dict[str, RuleFile] = {}
    replaced: dict[str, Path] = {}
    read: set[Path] = set()
    for folder in map(Path, dirs):
        if not folder.is_dir():
            raise RuleFileError(folder, "no such rule folder")
        if folder.resolve() in read:
            continue
        read.add(folder.resolve())
        for path in sorted(folder.glob("*.toml")):
            rule_file = load_rule_file(path)
            if rule_file.id in files:
                replaced[rule_file.id] = files[rule_file.id].path
            files[rule_file.id] = rule_file
    outlets = {}
    for rule_file in files.values():
        lineage = _lineage(rule_file, files, ())
        rules = [rule for ancestor in lineage for rule in ancestor.own_rules]
        prune = [xpath for ancestor in lineage for xpath in ancestor.own_prune]
        outlets[rule_file.id] = Outlet(**vars(rule_file), rules=rules, prune_xpath=prune, replaces=replaced.get(rule_file.id))
    return outlets


def fingerprint(outlets: dict[str, Outlet]) -> str:
    """One hash of the whole rule set: every file's id and text."""
    parts = "".join(f"{outlet_id}\t{outlets[outlet_id].digest}\n" for outlet_id in sorted(outlets))
    return hashlib.blake2b(parts.encode("utf-8"), digest_size=16).hexdigest()


def _lineage(rule_file: RuleFile, files: dict[str, RuleFile], seen: tuple[str, ...]) -> list[RuleFile]:
    """The files it extends, each after its own parents, then the file itself."""
    if rule_file.id in seen:
        raise RuleFileError(rule_file.path, f"extends itself through {' -> '.join((*seen, rule_file.id))}")
    lineage: list[RuleFile] = []
    for parent_id in rule_file.extends:
        parent = files.get(parent_id)
        if parent is None:
            raise RuleFileError(rule_file.path, f"extends unknown outlet {parent_id!r}")
        lineage.extend(_lineage(parent, files, (*seen, rule_file.id)))
    return lineage + [rule_file]


def load_rule_file(path: Path, *, check_selectors: bool | None = None) -> RuleFile:
    """Read and check one rule file; a RuleFileError carries every problem found in it. Its
    ``[html]`` XPath selectors are tried on a page (lxml) unless it is a built-in rule file
    (``check_selectors`` None), whose selectors the test suite tries: a text-only run of the
    built-in rules never imports lxml."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RuleFileError(path, f"not UTF-8 (byte {exc.start}); rule files are UTF-8") from None
    if check_selectors is None:
        check_selectors = path.parent.resolve() != builtin_rules_dir().resolve()
    reader = _Reader(path, text, check_selectors)
    rule_file = reader.read()
    if reader.problems:
        first = reader.problems[0]
        first.problems = reader.problems
        raise first
    return rule_file


class _Reader:
    """Reads one rule file, noting every problem instead of stopping at the first."""

    def __init__(self, path: Path, source: str, check_selectors: bool):
        self.path, self.source, self.check_selectors = path, source, check_selectors
        self.lines = _LineIndex(source)  # once: every line lookup reads it
        self.problems: list[RuleFileError] = []

    def problem(self, message: str, line: int | None = None, rule: str | None = None) -> None:
        self.problems.append(RuleFileError(self.path, message, line, rule))

    def read(self) -> RuleFile | None:
        path, source = self.path, self.source
        try:
            data = tomllib.loads(source)
        except tomllib.TOMLDecodeError as exc:
            return self.problem(f"invalid TOML: {exc}")
        except RecursionError:
            return self.problem("invalid TOML: nested too deeply")
        outlet_id = path.stem
        if not ID.fullmatch(outlet_id):
            return self.problem("file name must be a lower-case id such as 'bbc' or 'moscow-times'")
        self.unknown_keys(data, {"outlet", "html", "rule", "case"}, "top-level")
        table = data.get("outlet")
        if not isinstance(table, dict):
            return self.problem("missing [outlet] table")
        self.unknown_keys(table, OUTLET_KEYS, "[outlet]")
        if not isinstance(table.get("name"), str):
            self.problem("[outlet] needs a name")
        lists = {key: self.strings(table, key, "[outlet]") for key in ("domains", "signatures", "paths", "extends")}
        rules, rule_lines = self.rules(data.get("rule", []), outlet_id)
        return RuleFile(
            id=outlet_id,
            name=table.get("name", ""),
            path=path,
            **lists,
            own_rules=rules,
            own_prune=self.html_selectors(data.get("html", {})),
            cases=self.cases(data.get("case", []), outlet_id),
            rule_lines=rule_lines,
            digest=hashlib.blake2b(source.encode("utf-8"), digest_size=16).hexdigest(),
        )

    def rules(self, entries: list, outlet_id: str) -> tuple[list[Rule], dict[str, int | None]]:
        rules, lines = [], {}
        starts = self.lines.tables("[[rule]]")
        for n, entry in enumerate(entries):
            start = starts[n] if n < len(starts) else None
            rule = self.rule(entry, outlet_id, start)
            if rule is None:
                continue
            if rule.id in lines:
                self.problem("duplicate rule id", self.lines.key("id", start), rule.id)
                continue
            rules.append(rule)
            lines[rule.id] = start
        return rules, lines

    def rule(self, entry: dict, outlet_id: str, start: int | None) -> Rule | None:
        local_id = entry.get("id")
        if not isinstance(local_id, str) or not ID.fullmatch(local_id):
            return self.problem("every [[rule]] needs an id of lower-case letters, digits, '-' or '_'", start)
        rule_id = f"{outlet_id}/{local_id}"
        kind = KINDS.get(entry.get("kind"))
        if kind is None:
            return self.problem(f"kind must be one of {', '.join(KINDS)}", self.lines.key("kind", start), rule_id)
        keys = _KIND_KEYS[kind]
        found = len(self.problems)
        for unknown in sorted(set(entry) - set(keys) - {"kind"}):
            self.problem(f"unknown key {unknown!r} for kind {entry['kind']!r}", self.lines.key(unknown, start), rule_id)
        args = {}
        for name, key in keys.items():
            line = self.lines.key(name, start) or start
            value = entry.get(name)
            if name == "id":
                continue
            if value is None or not key.accepts(value):
                if value is None and not key.required:
                    continue
                self.problem(_must(name, key, value), line, rule_id)
            elif key.type == "pattern":
                args[name] = self.compiled(value, name, line, rule_id)
            else:
                args[name] = value
        if len(self.problems) > found:
            return None
        return kind(id=rule_id, **args)

    def compiled(self, pattern: str, name: str, line: int | None, rule_id: str) -> LinePattern | None:
        try:
            return LinePattern.compile(pattern)
        except regex.error as exc:
            return self.problem(f"{name} does not compile: {exc}", line, rule_id)

    def cases(self, entries: list, outlet_id: str) -> list[Case]:
        cases = []
        starts = self.lines.tables("[[case]]")
        for n, entry in enumerate(entries):
            start = starts[n] if n < len(starts) else None
            found = len(self.problems)
            self.unknown_keys(entry, CASE_KEYS, "[[case]]", start)
            if not isinstance(entry.get("name"), str) or not isinstance(entry.get("input"), str):
                self.problem("every [[case]] needs a name and an input", start)
            for name in ("expect", "detectors"):
                if name in entry and not CASE_KEYS[name].accepts(entry[name]):
                    self.problem(f"a [[case]]'s {_must(name, CASE_KEYS[name], entry[name])}", self.lines.key(name, start))
            if len(self.problems) == found:
                expect, detectors = entry.get("expect"), entry.get("detectors", False)
                cases.append(Case(outlet_id, entry["name"], entry["input"], expect, start, detectors))
        return cases

    def html_selectors(self, table: object) -> list[str]:
        """The ``[html]`` table's selectors of page furniture, as XPath: CSS is converted by cssselect,
        and each is tried on a page when ``check_selectors`` (cssselect and lxml are imported for a
        rule file that has such a table, not at start-up)."""
        from cssselect import SelectorError

        start = self.lines.table("[html]")
        if not isinstance(table, dict):
            self.problem("[html] must be a table", start)
            return []
        self.unknown_keys(table, HTML_KEYS, "[html]", start)
        xpaths = []
        check = _checked_xpath if self.check_selectors else str
        for key, to_xpath in (("prune_xpath", check), ("prune_css", lambda css: check(_css_to_xpath(css)))):
            for selector in self.strings(table, key, "[html]", start):
                try:
                    xpaths.append(to_xpath(selector))
                except (SelectorError, ValueError) as exc:
                    line = self.lines.containing(selector, start) or self.lines.key(key, start)
                    self.problem(f"{key} {selector!r} is not a valid selector: {exc}", line)
        return xpaths

    def strings(self, table: dict, key: str, where: str, start: int | None = None) -> list[str]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
            start = self.lines.table(where) if start is None else start
            self.problem(f"{where} {key} must be a list of non-empty strings", self.lines.key(key, start))
            return []
        return value

    def unknown_keys(self, table: dict, allowed, where: str, start: int | None = None) -> None:
        start = self.lines.table(where) if start is None else start
        for key in sorted(set(table) - set(allowed)):
            line = self.lines.key(key, start) or self.lines.table(f"[{key}]")
            self.problem(f"unknown key {key!r} in {where}", line)


def _must(name: str, key: Key, value: object) -> str:
    """What a missing or wrong value of a rule's key is told."""
    if key.type == "pattern":
        return f"needs a '{name}' pattern"
    if name == "why":
        return "needs a one-line 'why'"
    return f"{name} {MUST_BE[key.type]}"


@cache
def _probe():
    """A small page to try selectors on: one that returns numbers, strings or attributes is refused."""
    from lxml import etree

    return etree.fromstring('<html><body><div id="a" class="b"><p lang="en">text</p></div></body></html>')


def _checked_xpath(selector: str) -> str:
    from lxml import etree

    try:
        found = etree.XPath(selector)(_probe())
    except etree.XPathError as exc:
        raise ValueError(str(exc)) from None
    if not isinstance(found, list) or not all(isinstance(node, etree._Element) for node in found):
        raise ValueError("it must select elements, not text, attributes or values")
    return selector


def _css_to_xpath(selector: str) -> str:
    from cssselect import HTMLTranslator

    return HTMLTranslator().css_to_xpath(selector)


#: A line that sets a key (bare or quoted), and the delimiters of TOML's multi-line strings.
_KEY_LINE = regex.compile(r"""\s*("[^"]*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=""")
_MULTILINE = regex.compile(r"""'{3}|"{3}""")


class _LineIndex:
    """Where things stand in a rule file, found in one pass over its lines so that a file of
    many rules loads in linear time: the line of each table header (``[outlet]``, ``[[rule]]``)
    and, within each table, the line that sets each key. Lines inside multi-line strings (a
    case's input) are text, not keys or headers."""

    def __init__(self, source: str):
        self.source = source.splitlines()
        self.headers: dict[str, list[int]] = {}
        self.keys: dict[int, dict[str, int]] = {0: {}}  # by the line of the table's header (0: the top)
        table, string = 0, None
        for number, line in enumerate(self.source, 1):
            if string is None:
                if line.lstrip().startswith("["):
                    header = line.split("#", 1)[0].strip()
                    self.headers.setdefault(header, []).append(number)
                    table = number
                    self.keys[table] = {}
                    continue
                key = _KEY_LINE.match(line) if "=" in line else None
                if key:
                    self.keys[table].setdefault(key[1].strip("\"'"), number)
            if "'''" in line or '"""' in line:
                for delimiter in _MULTILINE.findall(line):
                    string = delimiter if string is None else None if delimiter == string else string

    def tables(self, header: str) -> list[int]:
        """The lines of each ``header`` (such as ``[[rule]]``), in order."""
        return self.headers.get(header, [])

    def table(self, header: str) -> int | None:
        """The line of the first ``header``."""
        return next(iter(self.tables(header)), None)

    def key(self, key: str, table: int | None) -> int | None:
        """The line that sets ``key`` in the table whose header stands on line ``table``
        (0: the top of the file, before any header)."""
        return None if table is None else self.keys.get(table, {}).get(key)

    def containing(self, text: str, table: int | None) -> int | None:
        """The first line from line ``table`` on that holds ``text`` (for a problem's message)."""
        start = max((table or 1) - 1, 0)
        return next((number for number, line in enumerate(self.source[start:], start + 1) if text in line), None)
