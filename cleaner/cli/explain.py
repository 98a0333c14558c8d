"""``cleaner explain``: the document with each removed span marked by the rule that took it, and why."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TextIO

from ..document import Document, removal_of_each_line
from ..pipeline import CleanResult
from .common import EXIT_FAILED, EXIT_OK, add_rule_options, build_cleaner, clean_options, settings
from .documents import DocumentReader

RED, YELLOW, DIM, RESET = "\033[31m", "\033[1;33m", "\033[2m", "\033[0m"


def add_parser(commands) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        "explain",
        help="show a document with every removed span marked by its rule and why",
        description="Print each document whole: kept lines as they are, removed lines marked '-', each "
        "removed span headed by '>>> RULE: why'. Colour on a terminal unless NO_COLOR is set.",
    )
    parser.add_argument("paths", nargs="+", metavar="FILE", help="a file or a folder")
    parser.add_argument("--url", help="the document's URL, to pick the outlet by domain")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour the marks (default: %(default)s)")
    add_rule_options(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    cleaner = build_cleaner(clean_options(args, settings(args)))
    painter = Painter(use_colour(args.color, sys.stdout))
    documents = DocumentReader(args.paths)
    for path, text in documents:
        result = cleaner.clean(text, url=args.url, path=str(path), source=args.source)
        write_marked(str(path), text, result, painter, sys.stdout)
    return EXIT_FAILED if documents.failed else EXIT_OK


def use_colour(choice: str, stream: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    return stream.isatty() and not os.environ.get("NO_COLOR")


class Painter:
    """Wraps text in ANSI colours, or leaves it plain."""

    def __init__(self, colour: bool):
        self.colour = colour

    def __call__(self, text: str, colour: str) -> str:
        return f"{colour}{text}{RESET}" if self.colour and text else text


def write_marked(name: str, text: str, result: CleanResult, paint: Painter, stream: TextIO) -> None:
    """The document line by line, numbered; each removal opens with its rule and why."""
    detection = result.detection
    evidence = f" ({', '.join(detection.evidence)})" if detection.evidence else ""
    count = len(result.removals)
    removals = f"{count} removal{'s' * (count != 1)}"
    print(
        f"== {name}: outlet {result.outlet or '-'} by {detection.method}{evidence}; {removals}; confidence {result.confidence:.2f}",
        file=stream,
    )
    for warning in result.warnings:
        print(paint(f"!! {warning}", YELLOW), file=stream)
    lines = Document.from_text(text).lines
    owners = removal_of_each_line(lines, result.removals)
    opened = set()
    for index, line in enumerate(lines):
        removal = owners.get(index)
        number = paint(f"{index + 1:>5}", DIM)
        if removal is None:
            print(f"{number}   {line}".rstrip(), file=stream)
            continue
        if id(removal) not in opened:
            opened.add(id(removal))
            print(paint(f"      >>> {removal.rule}: {removal.why}", YELLOW), file=stream)
        print(f"{number} {paint('- ' + line, RED)}", file=stream)
