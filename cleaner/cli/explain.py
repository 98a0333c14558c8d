"""``cleaner explain``: the document with each removed span marked by the rule that took it, and why."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TextIO

from ..document import Document, Overruling, Removal, removal_of_each_line
from ..pipeline import CleanResult
from .common import EXIT_FAILED, EXIT_OK, add_rule_options, build_cleaner, clean_options, settings
from .documents import DocumentReader

RED, YELLOW, GREEN, DIM, RESET = "\033[31m", "\033[1;33m", "\033[32m", "\033[2m", "\033[0m"


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
    config = settings(args)
    cleaner = build_cleaner(clean_options(args, config))
    painter = Painter(use_colour(args.color, sys.stdout))
    documents = DocumentReader(args.paths, cleaner, config, args.url)
    for document in documents:
        result = cleaner.clean(document.text, url=document.url, path=document.path, source=args.source)
        write_marked(document.name, document.text, result, painter, sys.stdout)
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
    write_explained(
        name,
        result.outlet,
        result.detection.describe(),
        result.confidence,
        result.removals,
        result.overruled,
        result.warnings,
        paint,
        stream,
        text,
    )


def write_explained(
    name: str,
    outlet: str | None,
    detected_by: str,
    confidence: float,
    removals: list[Removal],
    overruled: list[Overruling],
    warnings: list[str],
    paint: Painter,
    stream: TextIO,
    text: str | None = None,
) -> None:
    """What cleaning a document did: a header (outlet, how it was found, removals, the confidence
    that what is left is all article), the warnings,
    then each removal headed by ``>>> RULE: why``, and each line a rule proposed and the decision
    step kept headed by ``>>> RULE proposed, kept: article p=0.97``. With the input ``text``,
    every line of it, numbered, kept ones as they are and removed ones marked ``-`` (``cleaner
    explain``); without, the removed and overruled lines alone, with their line numbers in the
    head (``cleaner clean --explain``)."""
    count = len(removals)
    removed = f"{count} removal{'s' * (count != 1)}"
    print(f"== {name}: outlet {outlet or '-'} by {detected_by}; {removed}; confidence {confidence:.2f}", file=stream)
    for warning in warnings:
        print(paint(f"!! {warning}", YELLOW), file=stream)
    if text is None:
        for removal in removals:
            first, last = removal.first_line, removal.last_line
            span = f"line {first}" if first == last else f"lines {first}-{last}"
            print(paint(f"      >>> {removal.rule} ({span}): {removal.why}", YELLOW), file=stream)
            for line in removal.text.splitlines():
                print(f"      {paint('- ' + line, RED)}", file=stream)
        for overruling in overruled:
            print(paint(f"      >>> {kept_against(overruling)} (line {overruling.line + 1})", GREEN), file=stream)
            print(f"        {overruling.text}", file=stream)
        return
    lines = Document.from_text(text).lines
    owners = removal_of_each_line(lines, removals)
    kept = {}
    for overruling in overruled:
        kept.setdefault(overruling.line, []).append(overruling)
    opened = set()
    for index, line in enumerate(lines):
        removal = owners.get(index)
        number = paint(f"{index + 1:>5}", DIM)
        if removal is None:
            for overruling in kept.get(index, []):
                print(paint(f"      >>> {kept_against(overruling)}", GREEN), file=stream)
            print(f"{number}   {line}".rstrip(), file=stream)
            continue
        if id(removal) not in opened:
            opened.add(id(removal))
            print(paint(f"      >>> {removal.rule}: {removal.why}", YELLOW), file=stream)
        print(f"{number} {paint('- ' + line, RED)}", file=stream)


def kept_against(overruling: Overruling) -> str:
    """How explain tells of a proposed line the decision step kept, and why: ``G003 proposed,
    kept: article p=0.97``, ``… kept: headline p=0.40``, ``… kept: first copy p=0.30``."""
    return f"{overruling.rule} proposed, kept: {overruling.kept_as} p={overruling.p_article:.2f}"
