"""``cleaner clean``: files, folders or stdin."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..files import atomic_write, iter_inputs
from ..pipeline import Cleaner, CleanResult
from ..read import InputError
from .common import EXIT_FAILED, EXIT_OK, UsageError, add_rule_options, build_cleaner


def add_parser(commands) -> argparse.ArgumentParser:
    parser = commands.add_parser("clean", help="clean files, folders or stdin", description="Clean files, folders or stdin ('-').")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="a file, a folder, or - for stdin")
    parser.add_argument("-o", "--output", type=Path, help="output file, or folder mirroring the input tree")
    parser.add_argument("--url", help="the document's URL, to pick the outlet by domain")
    add_rule_options(parser)
    parser.add_argument("--explain", action="store_true", help="print each removal (rule, why, text) to stderr")
    return parser


def run(args: argparse.Namespace) -> int:
    return run_clean(build_cleaner(args), args)


def run_clean(cleaner: Cleaner, args: argparse.Namespace) -> int:
    jobs = plan_outputs(args.paths, args.output)
    failed = 0
    for source, target in jobs:
        name = "<stdin>" if source is None else str(source)
        try:
            data = sys.stdin.buffer.read() if source is None else source.read_bytes()
            if not data.strip():
                raise InputError("empty input")
            result = cleaner.clean_bytes(data, url=args.url, path=None if source is None else str(source), source=args.source)
        except (InputError, OSError) as exc:
            print(f"cleaner: {name}: {exc}", file=sys.stderr)
            failed += 1
            continue
        if args.explain:
            explain(name, result, sys.stderr)
        for warning in result.warnings:
            print(f"cleaner: {name}: warning: {warning}", file=sys.stderr)
        if target is None:
            sys.stdout.write(result.text)
        else:
            atomic_write(target, result.text)
    return EXIT_FAILED if failed else EXIT_OK


def plan_outputs(paths: list[str], output: Path | None) -> list[tuple[Path | None, Path | None]]:
    """Pair each input with where its output goes (None: stdin / stdout)."""
    if paths == ["-"]:
        return [(None, output)]
    if "-" in paths:
        raise UsageError("'-' (stdin) cannot be mixed with other paths")
    roots = [Path(p) for p in paths]
    for root in roots:
        if not root.exists():
            raise UsageError(f"{root}: no such file or folder")
    if len(roots) == 1 and roots[0].is_file() and (output is None or not output.is_dir()):
        if output is not None and output.resolve() == roots[0].resolve():
            raise UsageError(f"{output}: refusing to overwrite the input")
        return [(roots[0], output)]
    if output is None:
        raise UsageError("several inputs or a folder need -o/--output FOLDER")
    jobs = []
    for root in roots:
        if root.is_dir() and output.resolve().is_relative_to(root.resolve()):
            raise UsageError(f"{output}: the output folder is inside the input folder {root}")
        for path in iter_inputs(root):
            relative = path.name if root.is_file() else path.relative_to(root)
            jobs.append((path, output / relative))
    return jobs


def explain(name: str, result: CleanResult, stream) -> None:
    detection = result.detection
    evidence = f" ({', '.join(detection.evidence)})" if detection.evidence else ""
    print(f"== {name}: outlet {result.outlet or '-'} by {detection.method}{evidence}", file=stream)
    for removal in result.removals:
        span = f"{removal.first_line}" if removal.first_line == removal.last_line else f"{removal.first_line}-{removal.last_line}"
        print(f"{removal.rule} lines {span}: {removal.why}", file=stream)
        for line in removal.text.splitlines():
            print(f"    - {line}", file=stream)
