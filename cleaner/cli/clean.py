"""``cleaner clean``: files, folders, JSONL corpora or stdin, in parallel, with a report."""

from __future__ import annotations

import argparse
import atexit
import itertools
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from ..batch.findings import FORMATS
from ..batch.items import Item, Outcome, WarcItem
from ..batch.readers import DEFAULT_MAX_BYTES, LEFT_IN_FILE, read_files, read_jsonl, read_warc
from ..batch.records import RecordFormat
from ..batch.resume import ResumeLog
from ..batch.run import InputUnfinished, Progress, run_batch
from ..batch.work import CleanOptions
from ..batch.writers import CheckWriter, FilesToJsonlWriter, FileWriter, JsonlWriter, WarcJsonlWriter, WriteError
from ..config import Settings, matches
from ..corpus.furniture import COUNTS_NAME, count_items, counts_path, describe, prepared
from ..files import DEFAULT_INCLUDE, JSONL_SUFFIXES, atomic_write, iter_inputs, output_name, sweep_temporaries
from ..furniture.step import FurnitureOptions
from ..pipeline import Cleaner
from ..sitecounts import DEFAULT_MIN_DOCUMENTS, DEFAULT_SHARE, CountTable
from .common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, add_command, add_rule_options, build_cleaner, clean_options, settings
from .explain import Painter, use_colour, write_explained

RESUME_LOG = ".cleaner-resume"
NOT_REGULAR = "not a regular file (a pipe, socket, device or broken link): skipped"
WARC_SUFFIXES = (".warc", ".warc.gz")


def add_parser(commands) -> argparse.ArgumentParser:
    parser = add_command(
        commands,
        "clean",
        "clean files, folders, JSONL corpora or stdin",
        "Clean text or HTML files, folders, JSONL corpora (.jsonl, also .gz/.zst/.bz2/.xz, and Dolma's .json.gz), web archives (.warc, .warc.gz) or stdin ('-').",
        formats=("text", "json", "markdown", "spans"),
        format_help="output the text, JSON with metadata and removals (a JSONL record: with cleaner_removals and cleaner_warnings), "
        "the article as Markdown, or (JSONL) each record as it came with cleaner_spans: [start, end, rule] of what cleaning would remove",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="a file, a folder, a JSONL file, or - for stdin")
    parser.add_argument("-o", "--output", help="output file or folder; '-' for stdout (JSONL)")
    parser.add_argument("--url", help="the document's URL, to pick the outlet by domain")
    add_rule_options(parser)
    files = parser.add_argument_group("folders")
    files.add_argument("--include", metavar="GLOB", action="append", help=f"files to read (default: {' '.join(DEFAULT_INCLUDE)})")
    files.add_argument("--exclude", metavar="GLOB", action="append", default=[], help="files to leave out")
    files.add_argument("--in-place", action="store_true", help="rewrite the input files (only those cleaning changes)")
    files.add_argument(
        "--check", action="store_true", help="change nothing; list the files cleaning would change, with the rules; exit 1 if any"
    )
    files.add_argument(
        "--diff", action="store_true", help="change nothing; print a unified diff of what cleaning would remove; exit 1 if any"
    )
    files.add_argument(
        "--output-format",
        choices=FORMATS,
        default="text",
        help="with --check/--diff: every removed span as json, GitHub annotations (github) or SARIF (default: %(default)s)",
    )
    files.add_argument(
        "--normalise",
        action=argparse.BooleanOptionalAction,
        help="the output's layout: normalised (one paragraph a line, one empty line between paragraphs, LF), or as written "
        "(--no-normalise: the input minus the removed lines, as a git clean filter wants it); by default as written for "
        "--in-place/--check/--diff, normalised otherwise",
    )
    files.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="the path of the document read from stdin, for outlet hints and exclude globs (git filters)",
    )
    jsonl = parser.add_argument_group("JSONL")
    jsonl.add_argument("--jsonl", action="store_true", help="read stdin as JSONL (files are recognised by .jsonl, .jsonl.gz, .json.zst, …)")
    jsonl.add_argument("--text-field", default="text", help="field holding the text (default: %(default)s; a.b: field b of object a)")
    jsonl.add_argument("--url-field", default="url", help="field holding the URL (default: %(default)s; e.g. metadata.url)")
    jsonl.add_argument(
        "--html-field", metavar="NAME", help="field holding an HTML page to extract and clean (the text goes to --text-field)"
    )
    jsonl.add_argument("--no-annotate", dest="annotate", action="store_false", help="do not add cleaner_outlet / cleaner_rules to records")
    batch = parser.add_argument_group("batch")
    batch.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: all cores, %(default)s)")
    batch.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    batch.add_argument("--report", type=Path, metavar="FILE", help="write the summary as JSON")
    batch.add_argument("--resume", action="store_true", help="skip what an interrupted run with the same output already finished")
    batch.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="refuse larger documents (default: %(default)s)")
    parser.add_argument(
        "--allow-slow-patterns", action="store_true", help="run even with user rules whose patterns may backtrack catastrophically"
    )
    parser.add_argument("--explain", action="store_true", help="print each removal (rule, why, text) to stderr")
    add_furniture_options(parser)
    return parser


def add_furniture_options(parser: argparse.ArgumentParser) -> None:
    site = parser.add_argument_group("site furniture (S001)")
    site.add_argument(
        "--site-furniture",
        action="store_true",
        help="first count, per site, the lines its documents repeat; then remove them (folders, JSONL, WARC; not stdin)",
    )
    site.add_argument(
        "--furniture-share",
        type=float,
        default=DEFAULT_SHARE,
        metavar="SHARE",
        help="share of a site's documents a line must stand in to be furniture (default: %(default)s)",
    )
    site.add_argument(
        "--furniture-min-documents",
        type=int,
        default=DEFAULT_MIN_DOCUMENTS,
        metavar="N",
        help="fewest of a site's documents a furniture line stands in (default: %(default)s)",
    )


def run(args: argparse.Namespace) -> int:
    config = settings(args)
    records = RecordFormat(args.text_field, args.url_field, args.html_field, args.annotate, args.format)
    rewrite = args.in_place or args.check or args.diff
    normalise = args.normalise if args.normalise is not None else not rewrite or config.normalise
    options = replace(clean_options(args, config), records=records, normalise=normalise)
    cleaner = build_cleaner(options)
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if args.max_bytes < 1:
        raise UsageError("--max-bytes must be at least 1")
    if not args.allow_slow_patterns:
        refuse_slow_patterns(cleaner, options.rule_dirs)
    if args.check and args.diff:
        raise UsageError("--check and --diff do not go together")
    if args.format == "markdown" and not normalise:
        raise UsageError("--format markdown writes the normalised layout: not with --no-normalise")
    if args.output_format != "text" and not (args.check or args.diff):
        raise UsageError("--output-format is for --check and --diff")
    if (args.check or args.diff) and (args.output or args.in_place):
        raise UsageError("--check and --diff change nothing: no -o/--output or --in-place with them")
    if args.site_furniture:
        _check_furniture_options(args)
    kind = output_kind(args.output)
    if any(path.endswith(WARC_SUFFIXES) for path in args.paths):
        if kind == "folder":
            raise UsageError(f"{args.output}: a web archive is cleaned into one JSONL file (-o FILE.jsonl), not a folder")
        if args.format in ("markdown", "spans"):
            raise UsageError(f"--format {args.format}: a web archive's pages are written as --format json gives them, with their removals")
        return _run_warc(args, options, cleaner)
    state = partial(run_state, args, options, cleaner)  # asked for only by a run that keeps a log
    if args.jsonl or any(path.endswith(JSONL_SUFFIXES) for path in [*args.paths, args.stdin_filename or ""]):
        if kind == "folder":
            raise UsageError(f"{args.output}: a JSONL corpus is cleaned into one JSONL file (-o FILE.jsonl), not a folder")
        if args.format == "spans" and args.html_field:
            raise UsageError("--format spans keeps the text as it came: not with --html-field")
        read, writer, progress, batch = _jsonl_job(args, state)
    elif args.format == "spans":
        raise UsageError("--format spans is for JSONL corpora")
    elif args.format != "text" and args.in_place:
        raise UsageError(f"--in-place rewrites the text: not with --format {args.format}")
    elif args.paths == ["-"] and args.stdin_filename and config.excludes(Path(args.stdin_filename), args.exclude):
        sys.stdout.buffer.write(sys.stdin.buffer.read())  # excluded: a filter passes it through untouched
        return EXIT_OK
    else:
        read, writer, progress, batch = _files_job(args, config, options.records, state)
    if isinstance(writer, FileWriter) and writer.form == "markdown":
        options = replace(options, markdown=True)  # cleaning its own Markdown output changes nothing
    jobs = args.jobs if batch else 1
    options = replace(
        options,
        confidence=_shows_confidence(args, batch, writer, options.records),
        page_metadata=_annotated(args, writer, options.records),
    )
    args.resumable = writer.log is not None  # an interrupted run can be finished with --resume
    if args.site_furniture:
        folder = (
            kind != "jsonl"
            and not any(path.endswith(JSONL_SUFFIXES) for path in args.paths)
            and (len(args.paths) > 1 or Path(args.paths[0]).is_dir())
        )
        options, cleaner = _with_furniture(
            args, options, folder, lambda: count_items(read(), options, jobs, cleaner, args.furniture_min_documents)
        )
    try:
        summary = run_batch(read(), options, writer, jobs=jobs, cleaner=cleaner, progress=progress, on_result=_reporter(args))
    except WriteError as exc:
        print(f"cleaner: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if batch and not args.quiet:
        print(summary.format(), file=sys.stderr)
    if args.report:
        summary.write_json(args.report)
    if summary.unfinished:
        raise InputUnfinished(summary.unfinished)
    if isinstance(writer, CheckWriter):
        return EXIT_USAGE if summary.failed else EXIT_FAILED if writer.would_change else EXIT_OK
    return EXIT_FAILED if summary.failed else EXIT_OK


def output_kind(output: str | None) -> str:
    """What ``-o`` names, by its name: "stdout" (none, or -), "jsonl" (.jsonl, .jsonl.gz, …: one
    JSONL of records), "folder" (a trailing slash, or a folder that exists) or "file"."""
    if output in (None, "-"):
        return "stdout"
    if output.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return "folder" if output.endswith(("/", os.sep)) or Path(output).is_dir() else "file"


def refuse_slow_patterns(cleaner: Cleaner, rule_dirs: tuple[Path, ...]) -> None:
    """Refuse, before the batch, user rule files with patterns that may backtrack catastrophically
    (each such line would cost the rule timeout): the check `cleaner rules check` makes."""
    from ..authoring.backtracking import risky_patterns

    folders = {Path(folder).resolve() for folder in rule_dirs}
    problems = [
        f"{outlet.path}{f':{line}' if line else ''}: {message}"
        for outlet in cleaner.outlets.values()
        if outlet.path.parent.resolve() in folders
        for line, message in risky_patterns(outlet)
    ]
    if problems:
        raise UsageError("\n".join([*problems, "fix the patterns (see `cleaner rules check`), or run with --allow-slow-patterns"]))


def run_state(args: argparse.Namespace, options: CleanOptions, cleaner: Cleaner) -> dict:
    """What shapes the output, kept with the resume log: a resume must match it."""
    from .. import __version__

    records = options.records
    return {
        "version": __version__,
        "rules": cleaner.fingerprint,
        **{f"--{key}": getattr(options, key) for key in ("select", "ignore", "guard", "source", "normalise")},
        **{f"--{key.replace('_', '-')}": getattr(records, key) for key in ("text_field", "url_field", "html_field", "annotate")},
        "--format": args.format,
        "--url": args.url,
        "--site-furniture": args.site_furniture,
        **(
            {"--furniture-share": args.furniture_share, "--furniture-min-documents": args.furniture_min_documents}
            if args.site_furniture
            else {}
        ),
    }


def refuse_overwriting(inputs: list[Path], outputs: list[Path | None]) -> None:
    """Refuse any output path that resolves to an input (through links, '..' or a folder mirror)."""
    resolved = {path.resolve() for path in inputs}
    for output in outputs:
        if output is not None and output.resolve() in resolved:
            raise UsageError(f"{output}: is an input; refusing to write over it (--in-place rewrites inputs)")


def _one_input(path: Path, kind: str) -> Path:
    """The one input of a JSONL or WARC run: a file (or a pipe), not a folder."""
    if not path.exists():
        raise UsageError(f"{path}: no such file")
    if path.is_dir():
        raise UsageError(f"{path}: is a folder; give one {kind} file")
    return path


def _jsonl_job(args: argparse.Namespace, state: Callable[[], dict]):
    if len(args.paths) != 1:
        raise UsageError("give one JSONL input at a time")
    source = None if args.paths[0] == "-" else _one_input(Path(args.paths[0]), "JSONL")
    output = None if args.output in (None, "-") else Path(args.output)
    if args.in_place:
        raise UsageError("--in-place is for files; write JSONL to -o OUTPUT")
    if output is not None:
        refuse_overwriting([] if source is None else [source], [output, output.with_name(output.name + ".partial"), args.report])
    if args.resume and output is None:
        raise UsageError("--resume needs -o OUTPUT")
    writer = JsonlWriter(output, resume=args.resume, state=state())
    progress = Progress(None, quiet=args.quiet)  # documents: their number is known only at the end
    return lambda: read_jsonl(source, args.max_bytes, args.stdin_filename, LEFT_IN_FILE), writer, progress, True


def _run_warc(args: argparse.Namespace, options: CleanOptions, cleaner: Cleaner) -> int:
    """A web archive: every HTML response extracted and cleaned (by -j workers), one JSON line per
    page, resumable as a JSONL output is."""
    from ..warc import WarcProblem, WarcSummary  # warcio and trafilatura only when an archive comes

    if len(args.paths) != 1:
        raise UsageError("give one web archive at a time")
    source = _one_input(Path(args.paths[0]), "web archive")
    if not source.is_file():
        raise UsageError(f"{source}: not a regular file (a web archive is read with seeks)")
    output = None if args.output in (None, "-") else Path(args.output)
    if args.resume and output is None:
        raise UsageError("--resume needs -o OUTPUT")
    refuse_overwriting([source], [output, None if output is None else output.with_name(output.name + ".partial"), args.report])
    if args.site_furniture:
        options, cleaner = _with_furniture(
            args,
            options,
            False,
            lambda: count_items(read_warc(source, lambda _: None), options, args.jobs, cleaner, args.furniture_min_documents),
        )
    writer = WarcJsonlWriter(output, resume=args.resume, state=run_state(args, options, cleaner))
    args.resumable = writer.log is not None
    records = WarcSummary()
    progress = Progress(None, quiet=args.quiet)  # the archive's records, pages or not

    def problem(entry: WarcProblem) -> None:
        records.add(entry)
        progress.advance()

    def cleaned(item: WarcItem, outcome: Outcome) -> None:
        if outcome.error is None:
            records.pages += 1
        else:
            records.add(WarcProblem("failed", item.offset, outcome.error, item.record_id, item.url))

    try:
        done = run_batch(read_warc(source, problem), options, writer, jobs=args.jobs, cleaner=cleaner, progress=progress, on_result=cleaned)
    except WriteError as exc:
        print(f"cleaner: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    records.resumed = done.resumed
    if not args.quiet:
        print(records.format(), file=sys.stderr)
    if args.report:
        atomic_write(args.report, json.dumps(records.to_json(), indent=2) + "\n")
    return EXIT_FAILED if records.failed or records.broken else EXIT_OK


def _check_furniture_options(args: argparse.Namespace) -> None:
    if "-" in args.paths:
        raise UsageError("--site-furniture reads its input twice: give files, folders, a JSONL file or a web archive, not stdin")
    if not 0 < args.furniture_share <= 1:
        raise UsageError("--furniture-share must be above 0 and at most 1")
    if args.furniture_min_documents < 1:
        raise UsageError("--furniture-min-documents must be at least 1")


def _with_furniture(args: argparse.Namespace, options: CleanOptions, folder: bool, count: Callable[[], CountTable]):
    """The first pass: count (or, with --resume, reuse the counts saved beside the output), then
    the options and Cleaner of the second pass."""
    output = None if args.output in (None, "-") else Path(args.output)
    if output is None and args.in_place and len(args.paths) == 1 and Path(args.paths[0]).is_dir():
        output, folder = Path(args.paths[0]), True
    path = counts_path(output, folder)
    if path is None:
        path = Path(tempfile.mkdtemp(prefix="cleaner-furniture-")) / COUNTS_NAME
        atexit.register(shutil.rmtree, path.parent, True)
    table, counted = prepared(path, args.resume, count, args.furniture_min_documents)
    if not args.quiet:
        print(
            describe(table, args.furniture_share, args.furniture_min_documents) + ("" if counted else f" (reused {path})"), file=sys.stderr
        )
    options = replace(options, furniture=FurnitureOptions(path, args.furniture_share, args.furniture_min_documents))
    return options, build_cleaner(options)


def _files_job(args: argparse.Namespace, config: Settings, records: RecordFormat, state: Callable[[], dict]):
    kind = output_kind(args.output)
    output = None if kind == "stdout" else Path(args.output)
    include = tuple(args.include or config.include or DEFAULT_INCLUDE)

    def wanted(path: Path) -> bool:
        return matches(path, include, config.root) and not config.excludes(path, args.exclude)

    checking = args.check or args.diff
    if args.in_place and output is not None:
        raise UsageError("--in-place and -o/--output do not go together")
    if kind == "file" and (len(args.paths) > 1 or (Path(args.paths[0]).is_dir() and output.exists())):
        inputs = f"{len(args.paths)} inputs" if len(args.paths) > 1 else f"the folder {args.paths[0]}"
        raise UsageError(f"{output}: a file name for {inputs}: -o FOLDER/ writes them into a folder, -o FILE.jsonl into one JSONL")
    special: list[Path] = []
    triples, log_path = plan_files(args.paths, output, args.in_place, wanted, checking, args.format, kind == "folder", special)
    if kind == "jsonl":  # one JSONL of records, not a file per input
        triples, log_path = [(source, None, key) for source, _, key in triples], None
    if log_path is not None and log_path.parent.is_dir():
        sweep_temporaries(log_path.parent)  # what a killed run into the same place left behind
    triples = [t for t in triples if t[0] is None or not config.excludes(t[0], args.exclude)]
    _refuse_collisions(triples)
    sources = [source for source, _, _ in triples if source is not None]
    targets = [] if args.in_place else [target for _, target, _ in triples]
    refuse_overwriting(sources, [args.report, *targets, output if kind == "jsonl" else None])
    log = ResumeLog(log_path, args.resume, state()) if log_path and not checking else None
    if checking:
        writer = CheckWriter(args.diff, args.output_format)
    elif kind == "jsonl":
        writer = FilesToJsonlWriter(output, records, resume=args.resume, state=state())
    else:
        writer = FileWriter(args.in_place, log, args.format)
    batch = len(triples) > 1 or log is not None or kind == "jsonl"
    progress = Progress(len(triples), quiet=args.quiet or not batch)
    hint = args.stdin_filename

    def read():
        items = read_files(triples, args.max_bytes, [Path(path) for path in args.paths] if args.in_place else None)
        items = itertools.chain(items, (Item(str(path), None, error=NOT_REGULAR, kind="skipped") for path in special))
        return (_with_hints(item, args.url, hint) for item in items) if args.url or hint else items

    return read, writer, progress, batch


def _with_hints(item: Item, url: str | None, stdin_filename: str | None) -> Item:
    item.url = url or item.url
    if item.path is None and stdin_filename:
        item.path = stdin_filename
    return item


def plan_files(
    paths: list[str],
    output: Path | None,
    in_place: bool,
    wanted: Callable[[Path], bool],
    checking: bool = False,
    form: str = "text",
    into_folder: bool = False,
    skipped: list[Path] | None = None,
) -> tuple[list[tuple[Path | None, Path | None, str]], Path | None]:
    """(source, target, key) for each input file (None: stdin / stdout; no target when
    ``checking``), and where the resume log goes. ``into_folder``: the output is a folder,
    even for one file. Files in folders that are not regular files go to ``skipped``."""
    if paths == ["-"]:
        if in_place:
            raise UsageError("--in-place needs files, not stdin")
        if into_folder:
            raise UsageError(f"{output}: stdin is cleaned to a file or stdout, not into a folder")
        return [(None, output, "-")], None
    if "-" in paths:
        raise UsageError("'-' (stdin) cannot be mixed with other paths")
    roots = [Path(p) for p in paths]
    for root in roots:
        if not root.exists():
            raise UsageError(f"{root}: no such file or folder")
    if in_place or checking:
        triples = [(path, path if in_place else None, str(path)) for root in roots for path in iter_inputs(root, wanted, skipped)]
        folders = [root for root in roots if root.is_dir()]
        return triples, (folders[0] / RESUME_LOG if in_place and len(folders) == 1 and len(roots) == 1 else None)
    if len(roots) == 1 and not roots[0].is_dir() and not into_folder:
        return [(roots[0], output, str(roots[0]))], None
    if output is None:
        raise UsageError("several inputs or a folder need -o/--output FOLDER (or --in-place)")
    triples = []
    for root in roots:
        if root.is_dir() and output.resolve().is_relative_to(root.resolve()):
            raise UsageError(f"{output}: the output folder is inside the input folder {root}")
        for path in iter_inputs(root, wanted, skipped):
            relative = Path(path.name) if not root.is_dir() else path.relative_to(root)
            triples.append((path, output / output_name(relative, form), relative.as_posix()))
    return triples, output / RESUME_LOG


def _refuse_collisions(triples: list[tuple[Path | None, Path | None, str]]) -> None:
    """Two inputs that would be written to one output (page.html and page.html.gz both make
    page.txt): refused before anything is written, so that neither is lost."""
    sources: dict[Path, Path | None] = {}
    for source, target, _ in triples:
        if target is None:
            continue
        if target in sources:
            raise UsageError(f"{sources[target]} and {source} would both be written to {target}; rename one, or clean them apart")
        sources[target] = source


def _shows_confidence(args: argparse.Namespace, batch: bool, writer, records: RecordFormat) -> bool:
    """Whether anything this run writes shows a document's confidence (the summary's doubtful
    documents, --report, --explain, the annotations): if not, it is not computed."""
    summary = batch and not args.quiet
    return bool(summary or args.report or args.explain or _annotated(args, writer, records))


def _annotated(args: argparse.Namespace, writer, records: RecordFormat) -> bool:
    """Whether the output holds each document's annotations (its confidence, an HTML page's metadata):
    a JSONL record's unless --no-annotate, a document's JSON (--format json) otherwise."""
    return records.annotate if isinstance(writer, JsonlWriter) else args.format == "json"


def _reporter(args: argparse.Namespace):
    def report(item: Item, outcome: Outcome) -> None:
        if outcome.error is not None:
            print(f"cleaner: {item.where}: {outcome.error}", file=sys.stderr)
            return
        if args.explain:
            paint = Painter(use_colour("auto", sys.stderr))
            write_explained(
                item.where,
                outcome.outlet,
                outcome.detected_by,
                outcome.confidence,
                outcome.removals,
                outcome.overruled,
                [],
                paint,
                sys.stderr,
            )  # warnings: below
        for warning in outcome.warnings:
            print(f"cleaner: {item.where}: warning: {warning}", file=sys.stderr)

    return report
