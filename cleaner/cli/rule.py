"""``cleaner rule``: the doc of a generic code (or of every code), from the registry."""

from __future__ import annotations

import argparse
import json
import textwrap

from ..registry import CODES, Code, markdown_table
from ..selection import unknown
from .common import EXIT_OK, UsageError, add_command


def add_parser(commands) -> argparse.ArgumentParser:
    parser = add_command(
        commands,
        "rule",
        "explain a generic code: what it removes, why, an example, what it leaves alone",
        "Print the doc of a generic detector's code (or name), or of every code with --all.",
        formats=("text", "json", "markdown"),
        format_help="text, JSON, or the README's table (default: %(default)s)",
    )
    parser.add_argument("code", nargs="?", metavar="CODE", help="a code (G001) or a detector's name (donation-appeal)")
    parser.add_argument("--all", action="store_true", help="every code, in code order")
    return parser


def run(args: argparse.Namespace) -> int:
    if args.all == (args.code is not None):
        raise UsageError("give one CODE, or --all")
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
