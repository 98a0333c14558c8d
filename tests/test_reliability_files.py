"""Nothing lost from files and folders (issue 16, items 3, 4 and 12): an input is never written
over without --in-place, any bytes in a file name, one clear line for each fault."""

from __future__ import annotations

import errno
import json
import os
import subprocess
from pathlib import Path

import pytest

from cleaner.batch import writers
from cleaner.cli import main

ARTICLE = "The council approved the budget on Monday, the mayor said.\n"


def article(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def usage_error(capsys, argv: list[str]) -> str:
    assert main(argv) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    return line


def test_a_file_cleaned_into_its_own_folder_is_refused(tmp_path, capsys):
    source = article(tmp_path / "d" / "a.txt")
    before = source.read_bytes() + b"\n(changed by hand)\n"
    source.write_bytes(before)
    line = usage_error(capsys, ["clean", str(source), "-o", str(tmp_path / "d"), "--quiet"])
    assert "is an input" in line and source.read_bytes() == before


def test_a_folder_mirrored_over_itself_is_refused(tmp_path, capsys):
    inner = article(tmp_path / "out" / "x" / "x" / "a.txt")
    outer = article(tmp_path / "out" / "x" / "a.txt")
    outer.write_text("Another article, the minister said.\n\n\n", encoding="utf-8")
    before = outer.read_bytes()
    line = usage_error(capsys, ["clean", str(tmp_path / "out" / "x"), "-o", str(tmp_path / "out"), "--quiet"])
    assert "is an input" in line and outer.read_bytes() == before and inner.exists()


def test_an_output_reached_through_a_link_is_refused(tmp_path, capsys):
    source = article(tmp_path / "a.txt")
    (tmp_path / "link.txt").symlink_to(source)
    assert "is an input" in usage_error(capsys, ["clean", str(source), "-o", str(tmp_path / "link.txt")])


@pytest.mark.parametrize("kind", ["jsonl", "report"])
def test_jsonl_output_or_report_over_the_input_is_refused(tmp_path, capsys, kind):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": ARTICLE}) + "\n", encoding="utf-8")
    before = source.read_bytes()
    argv = ["clean", str(source), "-o", str(tmp_path / "out.jsonl")]
    argv += ["--report", str(source)] if kind == "report" else ["-o", str(tmp_path / "." / "in.jsonl")]
    assert "is an input" in usage_error(capsys, argv)
    assert source.read_bytes() == before


@pytest.mark.parametrize("suffix", [".jsonl", ".warc"])
def test_jsonl_or_warc_output_to_a_folder_is_refused_before_the_run(tmp_path, capsys, suffix):
    source = tmp_path / f"in{suffix}"
    source.write_bytes(b"")
    (tmp_path / "out").mkdir()
    assert "not a folder" in usage_error(capsys, ["clean", str(source), "-o", str(tmp_path / "out")])
    assert list((tmp_path / "out").iterdir()) == []


def test_a_negative_max_bytes_is_a_usage_error(tmp_path, capsys):
    assert "--max-bytes" in usage_error(capsys, ["clean", str(article(tmp_path / "a.txt")), "--max-bytes", "-5"])


def test_a_named_pipe_is_read(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["sh", "-c", 'printf "%s" "$0" > "$1"', ARTICLE, str(fifo)])
    try:
        code = main(["clean", str(fifo), "-o", str(tmp_path / "out.txt")])
        assert writer.wait(timeout=60) == 0
    finally:
        writer.kill()  # a run that never opened the pipe leaves its writer waiting
    assert code == 0 and (tmp_path / "out.txt").read_text() == ARTICLE


NAMES = [b"a.txt", b"caf\xe9.txt", b"z.txt"]


def non_utf8_folder(root: Path) -> Path:
    root.mkdir()
    for name in NAMES:
        (root / os.fsdecode(name)).write_text(ARTICLE + "\n\n\n", encoding="utf-8")
    (root / os.fsdecode(b"bin\xff.txt")).write_bytes(b"\x00\x01")
    return root


def test_file_names_that_are_not_utf8_go_through_a_folder_batch(tmp_path):
    folder = non_utf8_folder(tmp_path / "in")
    code = main(["clean", str(folder), "-o", str(tmp_path / "out"), "--report", str(tmp_path / "r.json"), "--quiet"])
    assert code == 1  # the binary file
    assert sorted(os.listdir(os.fsencode(tmp_path / "out"))) == sorted(NAMES)
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["documents"]["read"] == 4
    assert Path(report["failures"][0]["input"]).exists()  # the name, escaped, reads back as the same bytes


def test_file_names_that_are_not_utf8_go_through_in_place(tmp_path):
    folder = non_utf8_folder(tmp_path / "in")
    assert main(["clean", str(folder), "--in-place", "--normalise", "--quiet"]) == 1
    for name in NAMES:
        assert (folder / os.fsdecode(name)).read_text(encoding="utf-8") == ARTICLE


def test_a_full_disk_names_the_file_and_says_resume_will_finish(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "in"
    for name in "abc":
        article(folder / f"{name}.txt")
    real_write, written = writers.atomic_write, []

    def atomic_write(path, text):
        if written:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(path)
        real_write(path, text)

    monkeypatch.setattr(writers, "atomic_write", atomic_write)
    code = main(["clean", str(folder), "-o", str(tmp_path / "out"), "-j", "1", "--quiet"])
    monkeypatch.undo()
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and "No space left on device" in line and "--resume" in line and str(tmp_path / "out" / "b.txt") in line
    assert main(["clean", str(folder), "-o", str(tmp_path / "out"), "-j", "1", "--quiet", "--resume"]) == 0
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["a.txt", "b.txt", "c.txt"]


def test_a_full_disk_under_a_jsonl_output_says_resume_will_finish(tmp_path, capsys, monkeypatch):
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": n, "text": ARTICLE}) + "\n" for n in range(3)), encoding="utf-8")
    real_add, added = writers.ResumeLog.add, []

    def add(log, item, wrote):
        if added:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        added.append(item)
        real_add(log, item, wrote)

    monkeypatch.setattr(writers.ResumeLog, "add", add)
    output = tmp_path / "out.jsonl"
    assert main(["clean", str(source), "-o", str(output), "-j", "1", "--quiet"]) == 1
    monkeypatch.undo()
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "No space left on device" in line and "--resume" in line and not output.exists()
    assert main(["clean", str(source), "-o", str(output), "-j", "1", "--quiet", "--resume"]) == 0
    assert [json.loads(line)["id"] for line in output.read_text().splitlines()] == [0, 1, 2]


def test_special_files_inside_a_folder_are_counted_as_skipped(tmp_path, capsys):
    folder = tmp_path / "in"
    article(folder / "a.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "broken.txt").symlink_to(tmp_path / "nowhere")
    report = tmp_path / "r.json"
    assert main(["clean", str(folder), "-o", str(tmp_path / "out"), "--report", str(report), "-j", "1"]) == 0
    assert "1 read, 0 cleaned, 1 unchanged, 0 failed, 2 skipped (not regular files)" in capsys.readouterr().err
    summary = json.loads(report.read_text())
    assert summary["skipped"] == [str(folder / "broken.txt"), str(folder / "pipe.txt")]
    assert [path.name for path in (tmp_path / "out").iterdir() if not path.name.startswith(".")] == ["a.txt"]


@pytest.mark.parametrize(
    "header",
    [
        b"WARC/1.0\r\nContent-Length: -5\r\n\r\n",
        b"WARC/1.1\r\nWARC-Type\r\n\r\n",
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999999999999999999999\r\n\r\nabc",
    ],
    ids=["no type", "no colon", "huge length"],
)
def test_a_garbage_warc_header_is_broken_and_exits_1(tmp_path, capsys, header):
    source = tmp_path / "in.warc"
    source.write_bytes(header)
    report = tmp_path / "r.json"
    assert main(["clean", str(source), "-o", str(tmp_path / "out.jsonl"), "--report", str(report)]) == 1
    assert "Traceback" not in capsys.readouterr().err
    assert len(json.loads(report.read_text())["broken"]) == 1
