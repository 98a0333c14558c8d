"""``cleaner learn``: propose a rule file from a folder of one outlet's articles."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..authoring.corpus import propose_for_sites
from ..authoring.learn import DEFAULT_SHARE, Sample
from ..authoring.rulewriter import OutletHeader, proposed_rule_file
from ..batch.readers import read_jsonl
from ..batch.records import BadRecord, RecordFormat
from ..config import Settings
from ..files import atomic_write
from ..pipeline import Cleaner
from ..rulefiles import ID
from .common import EXIT_FAILED, EXIT_OK, UsageError
from .documents import DocumentReader


def add_parser(commands) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        "learn",
        help="propose rules for an outlet from a folder of its articles, or for every site of a corpus",
        description="Find the lines and blocks that recur across many articles of one outlet (its furniture) "
        "and write a proposed rule file, each rule commented with how many documents it stands in. "
        "With --corpus, one proposed rule file for each site of a JSONL corpus that has furniture.",
    )
    parser.add_argument("folder", type=Path, nargs="?", metavar="DIR", help="a folder of the outlet's articles (.txt)")
    parser.add_argument("--outlet", metavar="ID", help="the outlet's id, the rule file's name (e.g. harbour-ledger); needed with DIR")
    parser.add_argument(
        "--corpus",
        type=Path,
        metavar="JSONL",
        help="a JSONL corpus (.jsonl, .jsonl.gz) of many sites: a rule file per site (site: outlet or domain)",
    )
    parser.add_argument("--text-field", default="text", help="--corpus: field holding the text (default: %(default)s)")
    parser.add_argument("--url-field", default="url", help="--corpus: field holding the URL (default: %(default)s)")
    add_outlet_options(parser)
    parser.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="where to write the rule file, '-' for stdout (default: rules/ID.toml); with --corpus, a folder (default: rules/)",
    )
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
    if args.corpus is not None:
        if args.folder is not None or args.outlet is not None:
            raise UsageError("--corpus learns every site of the corpus: no DIR or --outlet with it")
        return run_corpus(args)
    if args.folder is None or args.outlet is None:
        raise UsageError("give a folder of one outlet's articles and --outlet ID, or --corpus JSONL")
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


def run_corpus(args: argparse.Namespace) -> int:
    """A proposed rule file for each site of the corpus that has furniture, into a folder."""
    if not 0 < args.share <= 1:
        raise UsageError("--share must be above 0 and at most 1")
    if not args.corpus.is_file():
        raise UsageError(f"{args.corpus}: no such file")
    folder = Path(args.output or "rules")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: not a folder (--corpus writes one rule file per site)")
    records = RecordFormat(args.text_field, args.url_field)
    failures: list[str] = []

    def read():
        failures.clear()
        for item in read_jsonl(args.corpus):
            try:
                _, text, url = records.parse(item.data) if item.error is None else (None, None, None)
            except BadRecord as exc:
                failures.append(f"{item.where}: {exc}")
                continue
            if text is None:
                failures.append(f"{item.where}: {item.error}")
            elif text.strip():
                yield text, url

    written = 0
    for proposal in propose_for_sites(read, Cleaner(), args.share):
        path = folder / f"{proposal.header.id}.toml"
        if path.exists() and not args.force:
            print(f"cleaner: {path}: already exists, left as it is (use --force to overwrite)", file=sys.stderr)
            continue
        atomic_write(path, proposal.text)
        written += 1
        print(f"{proposal.site}: {proposal.rules} rules from {proposal.documents} documents -> {path}", file=sys.stderr)
        if proposal.outlet_file is not None:
            print(
                f"cleaner: warning: {path} is a proposal for the outlet {proposal.site!r} of {proposal.outlet_file}: "
                "loaded beside it, it replaces that file; merge the rules you keep into it",
                file=sys.stderr,
            )
    for failure in failures:
        print(f"cleaner: {failure}", file=sys.stderr)
    print(f"learned {written} rule files into {folder}", file=sys.stderr)
    return EXIT_FAILED if failures else EXIT_OK
