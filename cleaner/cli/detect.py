"""``cleaner detect``: which outlet a document is taken for, by which evidence, and the runners-up."""

from __future__ import annotations

import argparse

from ..outlets import Candidate
from .common import EXIT_FAILED, EXIT_OK, add_rule_options, build_cleaner, clean_options, settings
from .documents import DocumentReader


def add_parser(commands) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        "detect",
        help="show which outlet a file is detected as, and why",
        description="Show the outlet picked for each file, the signature, domain or path that matched, "
        "and every other outlet each method points to, with its score (for url and path: the length of the "
        "matching domain or glob; for signatures: how many were found). '*' marks the evidence that decided.",
    )
    parser.add_argument("paths", nargs="+", metavar="FILE", help="a file or a folder")
    parser.add_argument("--url", help="the document's URL, to pick the outlet by domain")
    add_rule_options(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    config = settings(args)
    cleaner = build_cleaner(clean_options(args, config))
    documents = DocumentReader(args.paths, cleaner, config, args.url)
    for document in documents:
        detection = cleaner.outlet_finder.find(document.text, url=document.url, path=document.path, source=args.source)
        outlet = detection.outlet
        if outlet is None:
            print(f"{document.name}: no outlet (only the generic detectors run)")
        else:
            print(f"{document.name}: {outlet.id} ({outlet.name}) by {detection.method}")
        ranked = {
            "source": [Candidate(args.source, 1, ["--source"])] if args.source else [],
            "url": cleaner.outlet_finder.by_url(document.url),
            "path": cleaner.outlet_finder.by_path(document.path),
            "signature": cleaner.outlet_finder.by_signature(document.text),
        }
        rows = [(method, candidate) for method, candidates in ranked.items() for candidate in candidates]
        if rows:
            print(f"  {'method':<10} {'outlet':<30} {'score':>5}  evidence")
        for method, candidate in rows:
            picked = "*" if outlet is not None and method == detection.method and candidate.outlet == outlet.id else " "
            evidence = ", ".join(repr(item) for item in candidate.evidence)
            print(f"{picked} {method:<10} {candidate.outlet:<30} {candidate.score:>5}  {evidence}")
    return EXIT_FAILED if documents.failed else EXIT_OK
