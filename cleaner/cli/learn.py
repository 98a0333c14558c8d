"""``cleaner learn``: propose a rule file from a folder of one outlet's articles."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..authoring.learn import DEFAULT_SHARE, Sample
from ..authoring.rulewriter import OutletHeader, proposed_rule_file
from ..config import Settings
from ..files import atomic_write
from ..pipeline import Cleaner
from ..rulefiles import ID
from .common import EXIT_FAILED, EXIT_OK, UsageError
from .documents import DocumentReader


def add_parser(commands) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        "learn",
        help="propose rules for an outlet from a folder of its articles",
        description="Find the lines and blocks that recur across many articles of one outlet (its furniture) "
        "and write a proposed rule file, each rule commented with how many documents it stands in.",
    )
    parser.add_argument("folder", type=Path, metavar="DIR", help="a folder of the outlet's articles (.txt)")
    parser.add_argument("--outlet", required=True, metavar="ID", help="the outlet's id, the rule file's name (e.g. harbour-ledger)")
    add_outlet_options(parser)
    parser.add_argument("-o", "--output", metavar="FILE", help="where to write the rule file, '-' for stdout (default: rules/ID.toml)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing rule file")
    return parser


def add_outlet_options(parser: argparse.ArgumentParser) -> None:
    """What the new rule file's [outlet] table says besides its id, and how common furniture must be."""
    parser.add_argument("--name", help="the outlet's display name (default: the id)")
    parser.add_argument("--domain", action="append", default=[], help="a domain of the outlet, e.g. example.com (repeatable)")
    parser.add_argument(
        "--share", type=float, default=DEFAULT_SHARE, help="share of documents a line must stand in to be furniture (default: %(default)s)"
    )


def outlet_header(args: argparse.Namespace) -> OutletHeader:
    if not ID.fullmatch(args.outlet):
        raise UsageError(f"outlet id {args.outlet!r} must be lower-case letters, digits, '-' or '_'")
    if not 0 < args.share <= 1:
        raise UsageError("--share must be above 0 and at most 1")
    return OutletHeader(args.outlet, args.name, tuple(args.domain))


def run(args: argparse.Namespace) -> int:
    header = outlet_header(args)
    if not args.folder.is_dir():
        raise UsageError(f"{args.folder}: not a folder")
    output = None if args.output == "-" else Path(args.output or f"rules/{header.id}.toml")
    if output is not None and output.exists() and not args.force:
        raise UsageError(f"{output}: already exists (use --force to overwrite)")
    documents = DocumentReader([args.folder], Cleaner(), Settings())
    samples = [Sample(Path(document.name).relative_to(args.folder).as_posix(), document.text) for document in documents]
    if len(samples) < 2:
        raise UsageError(f"{args.folder}: learning needs at least two readable documents, found {len(samples)}")
    text, proposal = proposed_rule_file(samples, header, args.share)
    if output is None:
        sys.stdout.write(text)
    else:
        atomic_write(output, text)
    print(
        f"learned from {proposal.documents} documents (furniture: a line in {proposal.threshold} or more): "
        f"{len(proposal.rules)} rules, {len(proposal.signatures)} signatures -> {output or 'stdout'}",
        file=sys.stderr,
    )
    return EXIT_FAILED if documents.failed else EXIT_OK
