"""``cleaner rules``: list the rule files, check them, and start a new outlet's."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

from ..authoring.rulecheck import CheckReport, RuleChecker
from ..authoring.scaffold import ScaffoldError, new_outlet
from ..batch.readers import read_jsonl
from ..batch.records import BadRecord, RecordFormat
from ..corpus.drift import drift, format_drift, month_of
from ..pipeline import Cleaner
from ..read import InputError
from ..rulefiles import builtin_rules_dir
from .common import EXIT_FAILED, EXIT_OK, UsageError, add_rule_folder_options, settings
from .documents import DocumentReader, read_text
from .learn import add_outlet_options, outlet_header


def add_parser(commands) -> argparse.ArgumentParser:
    parser = commands.add_parser("rules", help="list, check or start rule files", description="List, check or start rule files.")
    actions = parser.add_subparsers(dest="action", required=True)

    listing = actions.add_parser("list", help="outlets and platforms, their domains and how many rules each has")
    add_rule_folder_options(listing)
    listing.set_defaults(action=list_rules)

    check = actions.add_parser(
        "check",
        help="lint rule files and test them on their cases, seeds and goldens",
        description="Check every rule file in DIR (default: the built-in rules and the folders in the settings' rules): "
        "schema, patterns that compile, patterns prone to catastrophic backtracking, cases, seeds detected as their outlet, "
        "no rule removing a line a case's expect or a golden file keeps, every rule firing on a case or seed. Exit 1 on any problem.",
    )
    check.add_argument(
        "folder",
        nargs="?",
        type=Path,
        metavar="DIR",
        help="folder of rule files (default: the built-in rules and the rules folders of [tool.cleaner] or cleaner.toml)",
    )
    check.add_argument("--config", type=Path, metavar="FILE", help="settings file (default: cleaner.toml or [tool.cleaner], found upwards)")
    check.add_argument("--seeds", type=Path, metavar="DIR", help="seed articles, in a folder per outlet (default: DIR/../seeds)")
    check.add_argument("--golden", type=Path, metavar="DIR", help="their golden files (default: DIR/../golden)")
    check.set_defaults(action=check_rules)

    new = actions.add_parser(
        "new",
        help="start a new outlet: its rule file (learned from several samples) and its seeds",
        description="Write rules/ID.toml (what `cleaner learn` proposes when there are several samples, "
        "else an empty scaffold), copy the samples to seeds/ID/, and print the commands that make and review its golden files.",
    )
    new.add_argument("outlet", metavar="ID", help="the outlet's id, the rule file's name (e.g. harbour-ledger)")
    add_outlet_options(new)
    new.add_argument("--from", dest="samples", nargs="+", required=True, type=Path, metavar="FILE", help="sample articles of the outlet")
    new.add_argument("--root", type=Path, default=Path("."), help="the folder holding rules/, seeds/ and golden/ (default: here)")
    new.set_defaults(action=new_rules)

    stats = actions.add_parser(
        "stats",
        help="per outlet rule, how often it fired each month; flag rules that stopped firing and pages that gained recurring lines",
        description="Clean a corpus (JSONL, or a folder of text files) and report, per outlet rule, the documents it fired on "
        "each month (dates from --date-field, or the files' modification times); flag a rule that stopped firing and an "
        "outlet whose cleaned pages gained new recurring lines: the signs that a site changed and its rule file is stale.",
    )
    stats.add_argument("corpus", type=Path, metavar="CORPUS", help="a JSONL file (.jsonl, .jsonl.gz) or a folder of .txt files")
    add_rule_folder_options(stats)
    stats.add_argument("--text-field", default="text", help="JSONL: field holding the text (default: %(default)s)")
    stats.add_argument("--url-field", default="url", help="JSONL: field holding the URL (default: %(default)s)")
    stats.add_argument("--date-field", default="date", help="JSONL: field holding the crawl date, ISO or POSIX time (default: %(default)s)")
    stats.add_argument("--format", choices=("text", "json"), default="text", help="the report as text or JSON (default: %(default)s)")
    stats.set_defaults(action=rule_stats)
    return parser


def run(args: argparse.Namespace) -> int:
    return args.action(args)


def list_rules(args: argparse.Namespace) -> int:
    outlets = Cleaner([*settings(args).rules, *args.rules]).outlets
    platforms = {parent for outlet in outlets.values() for parent in outlet.extends}
    rows = [("id", "type", "rules", "cases", "domains")]
    for outlet in sorted(outlets.values(), key=lambda outlet: outlet.id):
        inherited = len(outlet.rules) - len(outlet.own_rules)
        count = f"{len(outlet.own_rules)}" + (f" (+{inherited} from {', '.join(outlet.extends)})" if inherited else "")
        kind = "platform" if outlet.id in platforms else "outlet"
        rows.append((outlet.id, kind, count, str(len(outlet.cases)), ", ".join(outlet.domains) or "-"))
    widths = [max(len(row[n]) for row in rows) for n in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[4])
    return EXIT_OK


def check_rules(args: argparse.Namespace) -> int:
    """Check DIR, or the built-in rules and the settings' rule folders, each beside the ones before it."""
    folders = [args.folder] if args.folder else [builtin_rules_dir(), *settings(args).rules]
    for folder in folders:
        if not folder.is_dir():
            raise UsageError(f"{folder}: no such rule folder")
    report = CheckReport()
    for n, folder in enumerate(folders):
        own = args.folder is not None or n > 0  # --seeds and --golden are the user's folders', not the built-in rules'
        report.add(RuleChecker(folder, args.seeds if own else None, args.golden if own else None, beside=folders[1:n]).run())
    for problem in [*report.problems, *report.notes]:
        print(problem)
    print(report.summary(), file=sys.stderr)
    return EXIT_FAILED if report.problems else EXIT_OK


def new_rules(args: argparse.Namespace) -> int:
    header = outlet_header(args)
    samples = []
    for path in args.samples:
        try:
            samples.append((path, read_text(path)))
        except (InputError, OSError) as exc:
            raise UsageError(f"{path}: {exc}") from None
    try:
        made = new_outlet(args.root, header, samples, args.share)
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    how = f"{made.rules} rules learned from {len(samples)} samples" if len(samples) > 1 else "a scaffold: write its rules"
    print(f"wrote {made.rule_file} ({how})")
    print(f"copied {len(made.seeds)} sample{'s' * (len(made.seeds) != 1)} to {made.seeds[0].parent}/")
    seeds, golden, rules = (shlex.quote(str(p)) for p in (made.seeds[0].parent, made.golden, made.rule_file.parent))
    print("Make the golden files, then review every removal:")
    print(f"  cleaner clean {seeds} -o {golden} --rules {rules}")
    print(f"  cleaner explain {seeds} --rules {rules}")
    return EXIT_OK


def rule_stats(args: argparse.Namespace) -> int:
    if not args.corpus.exists():
        raise UsageError(f"{args.corpus}: no such file or folder")
    cleaner = Cleaner([*settings(args).rules, *args.rules])
    failures: list[str] = []
    if args.corpus.is_dir():
        documents = DocumentReader([args.corpus])

        def read():
            for path, text in documents:
                yield text, None, month_of(path.stat().st_mtime)
    else:
        records = RecordFormat(args.text_field, args.url_field)

        def read():
            failures.clear()
            for item in read_jsonl(args.corpus):
                try:
                    if item.error is not None:
                        raise BadRecord(item.error)
                    record, text, url = records.parse(item.data)
                except BadRecord as exc:
                    failures.append(f"{item.where}: {exc}")
                    continue
                yield text, url, month_of(record.get(args.date_field))

    found = drift(read, cleaner)
    if args.format == "json":
        print(json.dumps(found.to_json(), indent=2, ensure_ascii=False))
    else:
        print(format_drift(found))
    for failure in failures:
        print(f"cleaner: {failure}", file=sys.stderr)
    return EXIT_FAILED if failures or (args.corpus.is_dir() and documents.failed) else EXIT_OK
