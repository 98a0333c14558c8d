"""What the commands share: exit codes, usage errors, and building a Cleaner from options."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..batch.work import CleanOptions
from ..config import Settings, find_settings, load_settings
from ..pipeline import DEFAULT_GUARD, Cleaner
from ..selection import SelectionError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def add_command(
    commands, name: str, summary: str, description: str, *, formats: tuple[str, ...], format_help: str
) -> argparse.ArgumentParser:
    """A command's parser: its one-line ``summary`` (in ``cleaner --help``), its ``description``
    and its ``--format``, one of ``formats``, the first the default."""
    parser = commands.add_parser(name, help=summary, description=description)
    parser.add_argument("--format", choices=formats, default=formats[0], help=format_help)
    return parser


def add_rule_folder_options(parser: argparse.ArgumentParser) -> None:
    """Where rule files come from: extra folders, and the settings file's."""
    parser.add_argument("--rules", metavar="DIR", type=Path, action="append", default=[], help="extra folder of rule files (repeatable)")
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="settings file (default: cleaner.toml or [tool.cleaner] in pyproject.toml, found upwards)",
    )


def add_rule_options(parser: argparse.ArgumentParser) -> None:
    """Options that choose the rules: extra rule folders, selected and ignored codes, the guard, --source."""
    add_rule_folder_options(parser)
    parser.add_argument(
        "--select",
        metavar="CODES",
        action="append",
        help="run only these generic detectors: codes, prefixes (G01) or names, comma-separated (repeatable)",
    )
    parser.add_argument(
        "--ignore",
        metavar="CODES",
        action="append",
        default=[],
        help="switch off generic codes, prefixes, names or outlet rule ids (bbc/skip-link, bbc/), comma-separated (repeatable)",
    )
    parser.add_argument("--disable", metavar="CODE", action="append", default=[], help=argparse.SUPPRESS)  # the old --ignore
    parser.add_argument(
        "--guard", type=float, help=f"largest share of a document the generic detectors may remove (default {DEFAULT_GUARD})"
    )
    parser.add_argument("--source", metavar="ID", help="force the outlet (a rule file's id)")


def settings(args: argparse.Namespace) -> Settings:
    """The user's settings: --config, else the settings file of the project the first input is
    in (found from its folder upwards, as ruff does; stdin: from --stdin-filename's folder, else
    the current one), else none."""
    if args.config:
        return load_settings(args.config)
    paths = [path for path in getattr(args, "paths", None) or [] if path != "-"]
    first = paths[0] if paths else getattr(args, "stdin_filename", None)
    if first is None:
        return find_settings()
    start = Path(first) if Path(first).is_dir() else Path(first).parent
    return find_settings(start if start.is_dir() else None)


def clean_options(args: argparse.Namespace, config: Settings) -> CleanOptions:
    """What to clean with: the settings file's options, with the command line's on top."""
    guard = args.guard if args.guard is not None else config.guard if config.guard is not None else DEFAULT_GUARD
    if not 0 < guard <= 1:
        raise UsageError("--guard must be above 0 and at most 1")
    select = args.select if args.select is not None else config.select
    ignore = (*config.ignore, *args.ignore, *args.disable)
    return CleanOptions(tuple([*config.rules, *args.rules]), None if select is None else tuple(select), ignore, guard, args.source)


def build_cleaner(options: CleanOptions) -> Cleaner:
    """The Cleaner for these options; refuses bad rule files, unknown codes and an unknown --source."""
    try:
        cleaner = options.build()
    except SelectionError as exc:
        raise UsageError(str(exc)) from None
    if options.source is not None and options.source not in cleaner.outlets:
        raise UsageError(f"unknown --source {options.source!r}; known: {', '.join(sorted(cleaner.outlets))}")
    return cleaner
