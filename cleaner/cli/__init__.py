"""The ``cleaner`` command line: one module per command, each with ``add_parser`` and ``run``."""

from __future__ import annotations

import argparse
import logging
import os
import shlex
import signal
import sys
import warnings

from ..batch.resume import BusyError, ResumeError
from ..batch.run import InputUnfinished
from ..batch.work import WorkerDied
from ..config import ConfigError
from ..outlets import UnknownSource
from ..rulefiles import RuleFileError, RuleFileWarning
from ..selection import SelectionError
from . import clean, detect, explain, learn, rule, rules
from .common import EXIT_FAILED, EXIT_USAGE, UsageError

COMMANDS = [clean, detect, explain, learn, rule, rules]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cleaner", description="Strip boilerplate from scraped news articles.")
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    commands = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(commands).set_defaults(run=command.run)
    return parser


class _Version(argparse.Action):
    """--version, the version read only when asked for."""

    def __call__(self, parser, namespace, values, option_string=None):
        from .. import __version__

        print(f"cleaner {__version__}")
        parser.exit()


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
        print(f"cleaner: {_stopped('interrupted', args, argv)}", file=sys.stderr)
        return EXIT_SIGINT if isinstance(exc, KeyboardInterrupt) else EXIT_SIGTERM
    except WorkerDied as exc:
        print(f"cleaner: {_stopped(f'error: {exc}', args, argv)}", file=sys.stderr)
        return EXIT_FAILED
    except InputUnfinished as exc:
        print(f"cleaner: {_stopped(f'error: {exc}', args, argv, 'once the input is whole, to finish the job')}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        signal.signal(signal.SIGTERM, previous)


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """A rule file's warning as the command line's own line; any other as Python shows it."""
    if issubclass(category, RuleFileWarning):
        print(f"cleaner: warning: {message}", file=sys.stderr)
    else:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def _stopped(why: str, args: argparse.Namespace, argv: list[str], then: str = "to finish the job") -> str:
    """The line a run stopped before its end ends with: why, and how to finish the job, when
    --resume can."""
    if not getattr(args, "resumable", False):
        return why
    again = argv if "--resume" in argv else [*argv, "--resume"]
    return f"{why}; {then}: {shlex.join(['cleaner', *again])}"
