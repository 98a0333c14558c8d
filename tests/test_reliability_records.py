"""Nothing lost from a JSONL batch: every record is isolated (issue 16, items 1, 2, 6 and 12).

A record that cannot be parsed, cleaned or written is reported with its line number and
passed through marked with ``cleaner_error``; a line that is not a JSON object is reported
and counted; the batch goes on, and a damaged .jsonl.gz gives what could be read.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cleaner.cli import main

ARTICLE = "The council approved the budget on Monday, the mayor said.\n\nWork starts in May."
OK = {"id": "ok", "text": ARTICLE}


def jsonl(path: Path, *lines: str | dict) -> Path:
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines), encoding="utf-8")
    return path


def load(line: str) -> dict:
    return json.loads(line, parse_int=str)  # integers of any length


def run(tmp_path: Path, source: Path, *extra: str, jobs: str = "1") -> tuple[int, list[str], dict]:
    output, report = tmp_path / "out.jsonl", tmp_path / "report.json"
    code = main(["clean", str(source), "-o", str(output), "-j", jobs, "--report", str(report), "--quiet", *extra])
    lines = output.read_bytes().decode("utf-8").splitlines() if output.exists() else []
    return code, lines, json.loads(report.read_text())


BAD_RECORDS = {
    "lone surrogate": '{"id": "bad", "text": "a \\ud800 b, the mayor said."}',
    "deep nesting in a field": '{"id": "bad", "text": "x", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "deep nesting": "[" * 100_000 + "]" * 100_000,
    "a 5,000-digit integer": '{"id": "bad", "text": "An article, the mayor said.", "n": ' + "9" * 5000 + "}",
    "a null text": '{"id": "bad", "text": null}',
}


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("bad", BAD_RECORDS.values(), ids=BAD_RECORDS.keys())
def test_one_bad_record_does_not_stop_the_batch(tmp_path, bad, jobs):
    source = jsonl(tmp_path / "in.jsonl", OK, bad, {**OK, "id": "after"})
    code, lines, report = run(tmp_path, source, jobs=jobs)
    ids = [load(line)["id"] for line in lines]
    assert ids[0] == "ok" and ids[-1] == "after"
    assert report["documents"]["read"] == 3
    if report["failures"]:
        assert code == 1 and [failure["line"] for failure in report["failures"]] == [2]
        if bad.startswith("{") and "meta" not in bad:
            assert ids == ["ok", "bad", "after"]  # passed through, marked
            assert load(lines[1])["cleaner_error"] == report["failures"][0]["error"]


def test_a_lone_surrogate_is_passed_through_as_it_came(tmp_path):
    source = jsonl(tmp_path / "in.jsonl", BAD_RECORDS["lone surrogate"])
    code, lines, report = run(tmp_path, source)
    assert code == 1 and "surrogate" in report["failures"][0]["error"]
    assert load(lines[0])["text"] == json.loads(BAD_RECORDS["lone surrogate"])["text"]


def test_a_huge_integer_is_kept_digit_for_digit_and_the_record_cleaned(tmp_path):
    source = jsonl(tmp_path / "in.jsonl", BAD_RECORDS["a 5,000-digit integer"])
    code, lines, report = run(tmp_path, source)
    assert code == 0 and report["documents"]["failed"] == 0
    assert '"n": ' + "9" * 5000 + "," in lines[0] or '"n": ' + "9" * 5000 + "}" in lines[0]
    assert "cleaner_error" not in lines[0] and "cleaner_outlet" in lines[0]


def test_a_null_text_field_says_so(tmp_path):
    code, lines, report = run(tmp_path, jsonl(tmp_path / "in.jsonl", BAD_RECORDS["a null text"]))
    assert code == 1 and report["failures"][0]["error"] == "null field 'text'"
    assert load(lines[0])["cleaner_error"] == "null field 'text'"


@pytest.mark.parametrize("bad", [BAD_RECORDS["lone surrogate"], BAD_RECORDS["deep nesting"]])
def test_html_field_records_are_isolated_too(tmp_path, bad):
    page = {"id": "ok", "html": f"<html><body><article><p>{ARTICLE}</p></article></body></html>"}
    source = jsonl(tmp_path / "in.jsonl", page, bad.replace('"text"', '"html"'), {**page, "id": "after"})
    code, lines, report = run(tmp_path, source, "--html-field", "html")
    assert code == 1 and [failure["line"] for failure in report["failures"]] == [2]
    assert load(lines[0])["id"] == "ok" and load(lines[-1])["id"] == "after"


def test_a_record_over_max_bytes_is_passed_through_marked(tmp_path):
    big = {"id": "big", "text": ARTICLE * 20}
    source = jsonl(tmp_path / "in.jsonl", OK, big, OK)
    code, lines, report = run(tmp_path, source, "--max-bytes", "600")
    assert code == 1 and [failure["line"] for failure in report["failures"]] == [2]
    passed = load(lines[1])
    assert passed["text"] == big["text"] and "--max-bytes" in passed["cleaner_error"]
    assert len(lines) == 3


def test_a_truncated_jsonl_gz_gives_what_could_be_read_and_says_where_it_stopped(tmp_path, capsys):
    packed = gzip.compress(b"".join(json.dumps({"id": n, "text": ARTICLE}).encode() + b"\n" for n in range(3000)))
    source = tmp_path / "in.jsonl.gz"
    source.write_bytes(packed[: len(packed) // 2])
    code, lines, report = run(tmp_path, source)
    assert code == 1
    assert 0 < len(lines) < 3000 and [json.loads(line)["id"] for line in lines] == list(range(len(lines)))
    (failure,) = report["failures"]
    assert failure["input"] == str(source) and failure["line"] == len(lines) + 1
    assert f"{len(lines)} records read" in failure["error"]


def test_a_jsonl_gz_that_is_not_gzip_is_reported_not_a_traceback(tmp_path):
    source = jsonl(tmp_path / "in.jsonl.gz", OK)
    code, lines, report = run(tmp_path, source)
    assert code == 1 and lines == []
    assert "Not a gzipped file" in report["failures"][0]["error"]
