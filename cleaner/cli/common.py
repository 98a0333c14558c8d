"""What the commands share: exit codes, usage errors, and building a Cleaner from options."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..pipeline import DEFAULT_GUARD, Cleaner

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def add_rule_options(parser: argparse.ArgumentParser) -> None:
    """Options that choose the rules: extra rule folders, disabled detectors, the guard, --source."""
    parser.add_argument("--rules", metavar="DIR", type=Path, action="append", default=[], help="extra folder of rule files (repeatable)")
    parser.add_argument("--disable", metavar="CODE", action="append", default=[], help="turn off a generic detector, e.g. G006 (repeatable)")
    parser.add_argument("--guard", type=float, default=DEFAULT_GUARD, help="largest share of a document the generic detectors may remove (default %(default)s)")
    parser.add_argument("--source", metavar="ID", help="force the outlet (a rule file's id)")


def build_cleaner(args: argparse.Namespace) -> Cleaner:
    cleaner = Cleaner(args.rules, disabled=args.disable, guard=args.guard)
    if args.source is not None and args.source not in cleaner.outlets:
        raise UsageError(f"unknown --source {args.source!r}; known: {', '.join(sorted(cleaner.outlets))}")
    return cleaner
