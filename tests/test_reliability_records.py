"""Nothing lost from a JSONL batch: every record is isolated (issue 16, items 1, 2, 6 and 12).

A record that cannot be parsed, cleaned or written is reported with its line number and
passed through marked with ``cleaner_error``; a line that is not a JSON object is reported
and counted; the batch goes on, and a damaged .jsonl.gz gives what could be read.
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from xopen import xopen

from cleaner.batch.records import one_object
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


def first_field(line: str) -> dict:
    """A record's first field (its id), read without the rest: a record too deep for Python's
    json is passed through as it came."""
    return load(line.split(", ", 1)[0] + "}")


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("bad", BAD_RECORDS.values(), ids=BAD_RECORDS.keys())
def test_one_bad_record_does_not_stop_the_batch(tmp_path, bad, jobs):
    source = jsonl(tmp_path / "in.jsonl", OK, bad, {**OK, "id": "after"})
    code, lines, report = run(tmp_path, source, jobs=jobs)
    ids = [first_field(line)["id"] for line in lines]
    assert ids[0] == "ok" and ids[-1] == "after"
    assert report["documents"]["read"] == 3
    if report["failures"]:
        assert code == 1 and [failure["line"] for failure in report["failures"]] == [2]
        if bad.startswith("{"):
            assert ids == ["ok", "bad", "after"]  # passed through, marked
            assert lines[1].endswith(f', "cleaner_error": {json.dumps(report["failures"][0]["error"])}}}')


DEEP = '{"id": "deep", "text": "An article, the mayor said.", "meta": ' + "[" * 10_000 + "]" * 10_000 + "}"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_record_nested_10000_deep_is_passed_through_as_its_line_with_cleaner_error(tmp_path, jobs):
    source = jsonl(tmp_path / "in.jsonl", OK, DEEP, {**OK, "id": "after"})
    code, lines, report = run(tmp_path, source, jobs=jobs)
    assert code == 1 and [(failure["line"], failure["error"]) for failure in report["failures"]] == [
        (2, "not readable: JSON nested too deeply")
    ]
    assert len(lines) == 3 and lines[1] == DEEP[:-1] + ', "cleaner_error": "not readable: JSON nested too deeply"}'
    assert one_object(lines[1].encode())
    code, lines, _ = run(tmp_path, source, "--no-annotate", jobs=jobs)
    assert lines[1] == DEEP  # as it came


@pytest.mark.parametrize(
    "line",
    ['{"id": "broken", "meta": ' + "[" * 10_000 + "]" * 9_999 + "}", "[" * 10_000 + "]" * 10_000, '{"id": 1} ' + "[" * 5000 + "]" * 5000],
    ids=["unbalanced", "not an object", "two values"],
)
def test_a_deep_line_that_is_not_one_object_is_reported_not_written(tmp_path, line):
    code, lines, report = run(tmp_path, jsonl(tmp_path / "in.jsonl", OK, line))
    assert code == 1 and len(lines) == 1 and [failure["line"] for failure in report["failures"]] == [2]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=12,
)


@given(st.dictionaries(st.text(max_size=3), JSON_VALUES, max_size=4), st.integers(0, 40), st.data())
def test_one_object_tells_a_json_object_as_python_does(record, cut, data):
    """Well-formed objects are told apart from their own broken prefixes and edits."""
    line = json.dumps(record)
    assert one_object(line.encode())
    broken = data.draw(st.sampled_from([line[:cut], line[cut:], line[:cut] + "," + line[cut:], line[:cut] + line[cut + 1 :]]))
    try:
        readable = isinstance(json.loads(broken), dict)
    except ValueError:
        readable = False
    assert one_object(broken.encode()) == readable


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


def test_a_truncated_jsonl_gz_keeps_what_could_be_read_as_partial_and_says_where_it_stopped(tmp_path, capsys):
    whole = gzip.compress(b"".join(json.dumps({"id": n, "text": ARTICLE}).encode() + b"\n" for n in range(3000)))
    source = tmp_path / "in.jsonl.gz"
    source.write_bytes(whole[: len(whole) // 2])
    code, lines, report = run(tmp_path, source)
    assert code == 1 and lines == []  # nothing under the final name
    partial = (tmp_path / "out.jsonl.partial").read_text(encoding="utf-8").splitlines()
    assert 0 < len(partial) < 3000 and [json.loads(line)["id"] for line in partial] == list(range(len(partial)))
    (failure,) = report["failures"]
    assert failure["input"] == str(source) and failure["line"] == len(partial) + 1
    assert f"{len(partial)} records read" in failure["error"]
    err = capsys.readouterr().err
    assert f"the output stays {tmp_path / 'out.jsonl.partial'}, not {tmp_path / 'out.jsonl'}" in err and "--resume" in err
    source.write_bytes(whole)  # the input whole again: --resume finishes the job
    assert main(["clean", str(source), "-o", str(tmp_path / "out.jsonl"), "--quiet", "--resume"]) == 0
    assert main(["clean", str(source), "-o", str(tmp_path / "fresh.jsonl"), "--quiet"]) == 0
    assert (tmp_path / "out.jsonl").read_bytes() == (tmp_path / "fresh.jsonl").read_bytes()


WORDS = "council budget mayor said Monday vote street school river police court".split()


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("suffix", [".gz", ".bz2", ".xz", ".zst"])
def test_a_damaged_compressed_jsonl_leaves_no_record_under_the_final_name(tmp_path, capsys, suffix, jobs):
    """1,000 records, 200 bytes flipped in the middle of the compressed stream: what was decoded
    before its checksum failed may be wrong, so it never reaches the final name."""
    rng = random.Random(23)
    source = tmp_path / f"in.jsonl{suffix}"
    with xopen(source, "wb", threads=0) as packed:
        for n in range(1000):
            packed.write(
                json.dumps({"id": n, "text": " ".join(rng.choice(WORDS) for _ in range(80)) + ", the mayor said."}).encode() + b"\n"
            )
    damaged = bytearray(source.read_bytes())
    middle = len(damaged) // 2
    damaged[middle : middle + 200] = bytes(byte ^ 0xFF for byte in damaged[middle : middle + 200])
    source.write_bytes(damaged)
    code, lines, report = run(tmp_path, source, jobs=jobs)
    assert code == 1 and not (tmp_path / "out.jsonl").exists()
    assert (tmp_path / "out.jsonl.partial").exists() and "unreadable from here on" in report["failures"][-1]["error"]
    (last,) = [line for line in capsys.readouterr().err.splitlines() if line.startswith("cleaner: error:")]
    assert f"{source}:" in last and "may be wrong" in last and last.endswith("--resume")


def test_a_damaged_jsonl_gz_cleaned_to_stdout_says_its_records_may_be_wrong(tmp_path, capsys):
    whole = gzip.compress(b"".join(json.dumps({"id": n, "text": ARTICLE}).encode() + b"\n" for n in range(3000)))
    source = tmp_path / "in.jsonl.gz"
    source.write_bytes(whole[: len(whole) // 2])
    assert main(["clean", str(source), "--quiet"]) == 1
    (last,) = [line for line in capsys.readouterr().err.splitlines() if line.startswith("cleaner: error:")]
    assert f"{source}:" in last and "the records written before it may be wrong" in last and "--resume" not in last


def test_a_jsonl_gz_that_is_not_gzip_is_reported_not_a_traceback(tmp_path):
    source = jsonl(tmp_path / "in.jsonl.gz", OK)
    code, lines, report = run(tmp_path, source)
    assert code == 1 and lines == []
    assert "Not a gzipped file" in report["failures"][0]["error"]
