"""The ``cleaner`` command line: one module per command, each with ``add_parser`` and ``run``."""

from __future__ import annotations

import argparse
import logging
import sys

from ..config import ConfigError
from ..outlets import UnknownSource
from ..rulefiles import RuleFileError
from ..selection import SelectionError
from . import clean, detect, explain, learn, rule, rules
from .common import EXIT_USAGE, UsageError

COMMANDS = [clean, detect, explain, learn, rule, rules]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cleaner", description="Strip boilerplate from scraped news articles.")
    commands = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(commands).set_defaults(run=command.run)
    return parser


#: Libraries that log their own warnings about pages; the cleaner reports failures itself.
QUIET_LIBRARIES = ("trafilatura", "htmldate", "courlan", "charset_normalizer")


def main(argv: list[str] | None = None) -> int:
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (ConfigError, RuleFileError, SelectionError, UsageError, UnknownSource) as exc:
        print(f"cleaner: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
