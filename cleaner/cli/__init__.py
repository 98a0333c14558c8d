"""The ``cleaner`` command line: one module per command, each with ``add_parser`` and ``run``."""

from __future__ import annotations

import argparse
import logging
import os
import shlex
import signal
import sys
import warnings

from .. import __version__
from ..batch.resume import BusyError, ResumeError
from ..config import ConfigError
from ..outlets import UnknownSource
from ..rulefiles import RuleFileError, RuleFileWarning
from ..selection import SelectionError
from . import clean, detect, explain, learn, rule, rules
from .common import EXIT_USAGE, UsageError

COMMANDS = [clean, detect, explain, learn, rule, rules]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cleaner", description="Strip boilerplate from scraped news articles.")
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(commands).set_defaults(run=command.run)
    return parser


#: Libraries that log their own warnings about pages; the cleaner reports failures itself.
QUIET_LIBRARIES = ("trafilatura", "htmldate", "courlan", "charset_normalizer")


#: Exit statuses as a shell reports a process killed by the signal: 128 + its number.
#: (Windows has no SIGPIPE: its POSIX number, 13.)
EXIT_SIGPIPE, EXIT_SIGINT, EXIT_SIGTERM = 128 + getattr(signal, "SIGPIPE", 13), 128 + signal.SIGINT, 128 + signal.SIGTERM


class Terminated(Exception):
    """SIGTERM, raised in the main process so that the pool and the outputs close as on Ctrl-C."""


def _terminate(signum, frame):
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser().parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _show_warning
            warnings.simplefilter("once", RuleFileWarning)  # every Cleaner a command builds would say it again
            return args.run(args)
    except (ConfigError, RuleFileError, SelectionError, UsageError, UnknownSource, ResumeError, BusyError) as exc:
        print(f"cleaner: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # the reader went away (| head): stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush at exit
        return EXIT_SIGPIPE
    except (KeyboardInterrupt, Terminated) as exc:
        print(f"cleaner: {_interrupted(args, argv)}", file=sys.stderr)
        return EXIT_SIGINT if isinstance(exc, KeyboardInterrupt) else EXIT_SIGTERM
    finally:
        signal.signal(signal.SIGTERM, previous)


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """A rule file's warning as the command line's own line; any other as Python shows it."""
    if issubclass(category, RuleFileWarning):
        print(f"cleaner: warning: {message}", file=sys.stderr)
    else:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def _interrupted(args: argparse.Namespace, argv: list[str]) -> str:
    """The line an interrupted run ends with: how to finish the job, when --resume can."""
    if not getattr(args, "resumable", False):
        return "interrupted"
    again = argv if "--resume" in argv else [*argv, "--resume"]
    return f"interrupted; to finish the job: {shlex.join(['cleaner', *again])}"
