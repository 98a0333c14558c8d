"""Writers: where cleaned items go. Nothing is ever half-written: files are renamed into
place, and a JSONL output exists only once complete (its ``.partial`` lets --resume go on)."""

from __future__ import annotations

import difflib
import json
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from xopen import xopen

from ..files import TEMPORARY_SUFFIX, atomic_write, compression
from ..read import decode
from ..render import as_markdown
from ..text import split_lines
from .findings import Finding, render_findings
from .items import Item, Outcome, WarcItem
from .records import BadRecord, RecordFormat
from .resume import ResumeError, ResumeLog


class WriteError(Exception):
    """An output that could not be written (a full disk, a lost mount): the batch stops there."""

    def __init__(self, path: Path | str, exc: OSError, resumable: bool):
        then = "; run again with --resume to finish" if resumable else ""
        super().__init__(f"{path}: cannot write: {exc.strerror or exc}{then}")


@contextmanager
def _writing(path: Path | str, resumable: bool) -> Iterator[None]:
    try:
        yield
    except BrokenPipeError:
        raise  # the reader went away: the command line stops quietly
    except OSError as exc:
        raise WriteError(path, exc, resumable) from None


class FileWriter:
    """Each item to its target file (atomically), or to stdout when it has none.
    In place, a file is rewritten only when cleaning changed it."""

    def __init__(self, in_place: bool = False, log: ResumeLog | None = None, form: str = "text"):
        self.in_place, self.log, self.form = in_place, log, form

    def write(self, item: Item, outcome: Outcome) -> None:
        if outcome.error is not None:
            return
        if self.form == "json":
            text = json.dumps(outcome.to_json(), ensure_ascii=False, indent=2) + "\n"
        else:
            text = as_markdown(outcome.text) if self.form == "markdown" else outcome.text
        with _writing(item.target or "<stdout>", self.log is not None):
            if item.target is None:
                sys.stdout.write(text)
                sys.stdout.flush()
            elif outcome.changed or not self.in_place:
                atomic_write(item.target, text)
            if self.log:
                self.log.add(item, wrote=True)

    def close(self, completed: bool) -> None:
        if self.log:
            self.log.close(completed)


class CheckWriter:
    """--check and --diff: write nothing; say which files cleaning would change, and how (or,
    in a machine-readable ``form``, every removed span)."""

    log = None

    def __init__(self, diff: bool, form: str = "text"):
        self.diff, self.form, self.would_change = diff, form, 0
        self.findings: list[Finding] = []

    def write(self, item: Item, outcome: Outcome) -> None:
        if outcome.error is not None or not outcome.changed:
            return
        self.would_change += 1
        if self.form != "text":
            self.findings += [Finding(item.where, r.first_line, r.last_line, r.rule, r.why, r.text) for r in outcome.removals]
        elif self.diff:
            before = decode(item.data) if isinstance(item.data, bytes) else item.data
            sys.stdout.writelines(
                difflib.unified_diff(_lines(before), _lines(outcome.text), fromfile=item.where, tofile=f"{item.where} (cleaned)")
            )
        else:
            print(f"would clean {item.where}: {', '.join(outcome.rules_fired) or 'layout only (--normalise)'}")

    def close(self, completed: bool) -> None:
        if self.form != "text" and completed:
            from .. import __version__

            sys.stdout.write(render_findings(self.findings, self.form, __version__))
        sys.stdout.flush()


def _lines(text: str) -> list[str]:
    return [line + "\n" for line in split_lines(text.removesuffix("\n"))]


class JsonlWriter:
    """Records to a JSONL file (compressed as its name says: .gz, .zst, .bz2, .xz) or stdout, as the workers wrote them
    (see ``records.RecordFormat``); a line that was not JSON is reported, not written."""

    def __init__(self, output: Path | None, resume: bool = False, state: dict | None = None):
        self.output = output
        self.log: ResumeLog | None = None
        if output is None:
            self.stream = sys.stdout.buffer
            return
        self.partial = output.with_name(output.name + ".partial")
        self.log = ResumeLog(output.with_name(output.name + ".resume"), resume and self.partial.exists(), state)
        if self.log.entries:
            _truncate_to_lines(self.partial, self.log.written)
            self.stream = self.partial.open("ab")
        else:
            output.parent.mkdir(parents=True, exist_ok=True)
            self.stream = self.partial.open("wb")

    def write(self, item: Item, outcome: Outcome) -> None:
        with _writing(self.partial if self.output else "<stdout>", self.log is not None):
            if outcome.line is not None:
                self.stream.write(outcome.line)
                self.stream.flush()
            if self.log:
                self.log.add(item, wrote=outcome.line is not None)

    def close(self, completed: bool) -> None:
        if self.output is None:
            with _writing("<stdout>", False):
                self.stream.flush()
            return
        with _writing(self.output, True):
            self.stream.close()
            format = compression(self.output.name)
            if completed and format:
                temporary = self.output.with_name(f".{self.output.name}{TEMPORARY_SUFFIX}")
                with self.partial.open("rb") as plain, xopen(temporary, "wb", format=format, threads=0) as packed:
                    shutil.copyfileobj(plain, packed)
                os.replace(temporary, self.output)
                self.partial.unlink()
            elif completed:
                os.replace(self.partial, self.output)
        self.log.close(completed)


class FilesToJsonlWriter(JsonlWriter):
    """Files (texts or HTML pages) as JSONL records: path, URL and cleaned text, annotated as
    JSONL records are; a file that failed gives a record with its path and the error."""

    def __init__(self, output: Path, records: RecordFormat, resume: bool = False, state: dict | None = None):
        super().__init__(output, resume, state)
        self.records = records

    def write(self, item: Item, outcome: Outcome) -> None:
        fields = {"path": item.key}
        url = (outcome.page or {}).get("url") or item.url
        if url:
            fields[self.records.url_field] = url
        try:
            if outcome.error is None:
                outcome.line = self.records.cleaned(
                    fields, outcome.text, outcome.outlet, outcome.rules_fired, outcome.confidence, outcome.page
                )
        except BadRecord as exc:  # such as a file name that is not UTF-8
            outcome.error = str(exc)
        if outcome.error is not None:
            outcome.line = self.records.failed(fields, outcome.error)
        super().write(item, outcome)


class WarcJsonlWriter(JsonlWriter):
    """A web archive's cleaned pages, a JSON line each: the page as ``--format json`` gives it, with
    its record's URL, id and date; a page that failed writes nothing (the summary names it)."""

    def write(self, item: WarcItem, outcome: Outcome) -> None:
        if outcome.error is None:
            outcome.warnings[:0] = item.warnings
            page = {**outcome.to_json(), "url": item.url or (outcome.page or {}).get("url")}
            page.update(warc_record_id=item.record_id, warc_date=item.warc_date)
            outcome.line = (json.dumps(page, ensure_ascii=False) + "\n").encode("utf-8")
        super().write(item, outcome)


def _truncate_to_lines(path: Path, lines: int) -> None:
    """Keep the first ``lines`` complete lines of a partial output; fail if it has fewer."""
    offset = 0
    with path.open("rb") as stream:
        for _ in range(lines):
            line = stream.readline()
            if not line.endswith(b"\n"):
                raise ResumeError(f"{path}: has fewer records than its resume log; run again without --resume")
            offset += len(line)
    os.truncate(path, offset)
