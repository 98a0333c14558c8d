"""``cleaner rule``: the doc of a generic code (or of every code), from the registry, or an outlet
rule as its file gives it: kind, why, pattern and options, where it stands, the cases it fires on."""

from __future__ import annotations

import argparse
import json
import textwrap
from dataclasses import fields
from pathlib import Path

from ..outlet_rules import KINDS, LinePattern
from ..pipeline import Cleaner
from ..registry import CODES, Code, markdown_table
from ..selection import unknown
from .common import EXIT_OK, UsageError, add_command, add_rule_folder_options, settings


def add_parser(commands) -> argparse.ArgumentParser:
    parser = add_command(
        commands,
        "rule",
        "explain a generic code (what it removes, why, an example, what it leaves alone) or an outlet rule",
        "Print the doc of a generic detector's code (or name), or of every code with --all; "
        "or an outlet rule (bbc/skip-link): its kind, why, pattern and options, its file and line, and the cases it fires on.",
        formats=("text", "json", "markdown"),
        format_help="text, JSON, or the README's table (default: %(default)s); an outlet rule: text or json",
    )
    parser.add_argument(
        "code", nargs="?", metavar="CODE", help="a code (G001), a detector's name (donation-appeal) or an outlet rule id (bbc/skip-link)"
    )
    add_rule_folder_options(parser)
    parser.add_argument("--all", action="store_true", help="every code, in code order")
    return parser


def run(args: argparse.Namespace) -> int:
    if args.all == (args.code is not None):
        raise UsageError("give one CODE, or --all")
    if args.code is not None and "/" in args.code:
        return show_outlet_rule(args)
    codes = sorted(CODES, key=lambda code: code.code) if args.all else [find(args.code)]
    if args.format == "markdown":
        print(markdown_table(codes), end="")
    elif args.format == "json":
        docs = [code.to_json() for code in codes]
        print(json.dumps(docs if args.all else docs[0], ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(as_text(code) for code in codes))
    return EXIT_OK


def find(name: str) -> Code:
    for code in CODES:
        if name in (code.code, code.name):
            return code
    raise UsageError(unknown(name, set()))


def as_text(code: Code) -> str:
    doc = code.doc
    return "\n".join(
        [
            f"{code.code} {code.name} ({code.state})",
            "",
            f"Removes: {doc.removes}",
            "",
            f"Why: {doc.why}",
            "",
            "Example:",
            textwrap.indent(doc.example, "    "),
            "",
            f"Leaves alone: {doc.leaves_alone}",
        ]
    )


def show_outlet_rule(args: argparse.Namespace) -> int:
    folders = [*settings(args).rules, *args.rules]
    found = outlet_rule(folders, args.code)
    if found is None:
        raise UsageError(unknown(args.code, {rule.id for outlet in Cleaner(folders).outlets.values() for rule in outlet.own_rules}))
    if args.format == "markdown":
        raise UsageError("--format markdown is the table of generic codes; an outlet rule is shown as text or json")
    print(json.dumps(found, ensure_ascii=False, indent=2) if args.format == "json" else outlet_rule_text(found))
    return EXIT_OK


def outlet_rule(folders: list[Path], rule_id: str) -> dict | None:
    """An outlet rule (of the built-in rules or these folders) as its file gives it, with the cases
    (of its outlet and of those that extend it) it fires on, each run as ``rules check`` runs it;
    None for an unknown id."""
    cleaner, rules_alone = Cleaner(folders), Cleaner(folders, select=())
    outlet = cleaner.outlets.get(rule_id.split("/")[0])
    rule = next((rule for rule in outlet.own_rules if rule.id == rule_id), None) if outlet else None
    if rule is None:
        return None
    cases = []
    for user in sorted(cleaner.outlets.values(), key=lambda other: other.id != outlet.id):
        if rule_id not in {inherited.id for inherited in user.rules}:
            continue
        for case in user.cases:
            result = (cleaner if case.detectors else rules_alone).clean(case.input, source=user.id)
            removed = [line for removal in result.removals if removal.rule == rule_id for line in removal.text.splitlines() if line]
            if removed:
                cases.append({"name": case.name, "file": str(user.path), "line": case.line, "removes": removed})
    kind = next(name for name, cls in KINDS.items() if type(rule) is cls)
    options = {
        found.name: _value(getattr(rule, found.name))
        for found in fields(rule)
        if found.name not in {"id", "why", "pattern"} and getattr(rule, found.name) is not None
    }
    line = outlet.rule_lines.get(rule_id)
    return {
        "id": rule_id,
        "outlet": outlet.id,
        "kind": kind,
        "why": rule.why,
        "pattern": rule.pattern.pattern,
        "options": options,
        "file": str(outlet.path),
        "line": line,
        "cases": cases,
    }


def _value(value: object) -> object:
    return value.pattern if isinstance(value, LinePattern) else value


def outlet_rule_text(found: dict) -> str:
    where = f"{found['file']}:{found['line']}" if found["line"] else found["file"]
    lines = [
        f"{found['id']} (outlet rule of {found['outlet']}, {where})",
        "",
        f"Kind: {found['kind']}",
        f"Why: {found['why']}",
        f"Pattern: {found['pattern']}",
        *(f"{name.replace('_', ' ').capitalize()}: {json.dumps(value, ensure_ascii=False)}" for name, value in found["options"].items()),
        "",
    ]
    if not found["cases"]:
        return "\n".join([*lines, "Cases: it fires on none (`cleaner rules check` reports that)"])
    lines.append("Cases it fires on:")
    for case in found["cases"]:
        where = f"{case['file']}:{case['line']}" if case["line"] else case["file"]
        lines.append(f"  {case['name']!r} ({where}), removes:")
        lines.extend(f"    {line}" for line in case["removes"])
    return "\n".join(lines)
