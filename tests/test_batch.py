"""Batch cleaning: folders and JSONL, in parallel, with a report, resume, and nothing lost."""

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT

from cleaner.batch.readers import read_jsonl as read_records
from cleaner.cli import clean as clean_command
from cleaner.cli import main

#: One seed of each outlet: the corpora below are copies of them.
SEEDS = [min(folder.glob("*.txt")) for folder in sorted((ROOT / "seeds").iterdir()) if folder.is_dir()]
URLS = {"moscowtimes": "https://www.themoscowtimes.com/2022/01/11/a", "bbc": "https://www.bbc.co.uk/news/world-1"}


def records() -> list[dict]:
    """One record per seed, with extra fields that must ride along untouched."""
    return [
        {"id": n, "url": URLS.get(seed.parent.name), "text": seed.read_text(encoding="utf-8"), "meta": {"lang": "en"}}
        for n, seed in enumerate(SEEDS)
    ]


def write_jsonl(path: Path, rows: list, extra_lines: tuple[str, ...] = ()) -> Path:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as stream:
        for row in rows:
            stream.write(json.dumps(row) + "\n")
        for line in extra_lines:
            stream.write(line + "\n")
    return path


def read_jsonl(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as stream:
        return [json.loads(line) for line in stream]


def corpus_folder(root: Path, copies: int) -> Path:
    """``copies`` of each seed, in outlet folders so that paths hint the outlets."""
    for seed in SEEDS:
        folder = root / seed.parent.name
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(copies):
            (folder / f"{n:05d}-{seed.name}").write_bytes(seed.read_bytes())
    return root


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# JSONL ---------------------------------------------------------------------------------------


def test_jsonl_records_keep_their_fields_and_order_and_gain_annotations(tmp_path, cleaner):
    source = write_jsonl(tmp_path / "in.jsonl", records())
    assert main(["clean", str(source), "-o", str(tmp_path / "out.jsonl"), "-j", "2", "--quiet"]) == 0
    out = read_jsonl(tmp_path / "out.jsonl")
    assert [row["id"] for row in out] == list(range(len(SEEDS)))
    for row, original in zip(out, records(), strict=False):
        expected = cleaner.clean(original["text"], url=original["url"])
        assert row["text"] == expected.text
        assert row["cleaner_outlet"] == expected.outlet
        assert row["cleaner_rules"] == expected.rules_fired
        assert row["meta"] == {"lang": "en"} and row["url"] == original["url"]
    assert out[SEEDS.index(next(s for s in SEEDS if s.parent.name == "bbc"))]["cleaner_outlet"] == "bbc"


def test_jsonl_without_annotations_and_other_field_names(tmp_path):
    rows = [{"body": r["text"], "link": r["url"]} for r in records()]
    source = write_jsonl(tmp_path / "in.jsonl", rows)
    args = ["clean", str(source), "-o", str(tmp_path / "out.jsonl"), "--text-field", "body", "--url-field", "link", "--no-annotate"]
    assert main(args) == 0
    out = read_jsonl(tmp_path / "out.jsonl")
    assert all(set(row) == {"body", "link"} for row in out)
    assert "Enjoying ad-free content?" not in out[-1]["body"]


def test_jsonl_gz_in_and_out(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl.gz", records())
    assert main(["clean", str(source), "-o", str(tmp_path / "out.jsonl.gz"), "--quiet"]) == 0
    assert len(read_jsonl(tmp_path / "out.jsonl.gz")) == len(SEEDS)
    assert not list(tmp_path.glob("*.partial")) and not list(tmp_path.glob("*.resume"))


def test_jsonl_stdin_to_stdout():
    data = "".join(json.dumps(r) + "\n" for r in records()).encode()
    done = subprocess.run([sys.executable, "-m", "cleaner", "clean", "-", "--jsonl"], input=data, capture_output=True)
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [row["id"] for row in out] == list(range(len(SEEDS)))
    assert f"documents: {len(SEEDS)} read, {len(SEEDS)} cleaned" in done.stderr.decode()


def test_bad_jsonl_lines_are_reported_with_line_numbers_and_the_rest_completes(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", records()[:2], ('{"id": 7, "text": ', '{"id": 8}', '{"id": 9, "text": 5}'))
    code = main(["clean", str(source), "-o", str(tmp_path / "out.jsonl"), "--report", str(tmp_path / "r.json"), "--quiet"])
    assert code == 1
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["documents"] == {"read": 5, "cleaned": 2, "extracted": 0, "unchanged": 0, "failed": 3, "resumed": 0, "skipped": 0}
    assert [(f["input"], f["line"]) for f in report["failures"]] == [(str(source), 3), (str(source), 4), (str(source), 5)]
    assert "not valid JSON" in report["failures"][0]["error"]
    assert report["failures"][1]["error"] == "no field 'text'"
    out = read_jsonl(tmp_path / "out.jsonl")
    assert [row["id"] for row in out] == [0, 1, 8, 9]  # valid records that failed pass through, marked
    assert out[2]["cleaner_error"] == "no field 'text'"


def test_a_record_the_cleaner_fails_on_passes_through_as_it_came(tmp_path, monkeypatch, breaking_cleaner):
    """The worker lets a record's text go while it is cleaned (``take_text``): a record whose
    cleaning, or writing (a lone surrogate in another field), fails is read again, and passes
    through whole, marked, whether the main process sent it or the worker read it from the file
    (a Span), its text at the top or nested."""
    good = records()[0]
    rows = [{"id": 1, "text": "BREAK\n\nShare this article\n", "meta": {"lang": "en"}}, good, {"id": "\ud800", "text": good["text"]}]
    for field, nest in (("text", lambda row: row), ("doc.text", lambda row: {"id": row["id"], "doc": {"text": row["text"]}})):
        source = write_jsonl(tmp_path / "in.jsonl", [nest(row) for row in rows])
        for left_in_file in (None, 0):
            monkeypatch.setattr(clean_command, "LEFT_IN_FILE", left_in_file)
            output = tmp_path / "out.jsonl"
            output.unlink(missing_ok=True)
            assert main(["clean", str(source), "-o", str(output), "--text-field", field, "-j", "1", "--quiet"]) == 1
            broken, cleaned, unwritable = read_jsonl(output)
            assert broken.pop("cleaner_error") == "could not be cleaned (RuntimeError: a detector broke)"
            assert broken == nest(rows[0])
            assert unwritable.pop("cleaner_error").startswith("cannot be written as UTF-8")
            assert unwritable == nest(rows[2])
            assert "cleaner_error" not in cleaned and cleaned["id"] == good["id"]


# Folders -------------------------------------------------------------------------------------


def test_folder_output_is_the_same_with_one_or_two_jobs(tmp_path):
    corpus = corpus_folder(tmp_path / "in", copies=40)
    for jobs in ("1", "2"):
        assert main(["clean", str(corpus), "-o", str(tmp_path / f"out{jobs}"), "-j", jobs, "--quiet"]) == 0
    assert tree(tmp_path / "out1") == tree(tmp_path / "out2")
    assert len(tree(tmp_path / "out1")) == 40 * len(SEEDS)


def test_jsonl_output_is_the_same_with_one_or_two_jobs(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", records() * 200)
    for jobs in ("1", "2"):
        assert main(["clean", str(source), "-o", str(tmp_path / f"out{jobs}.jsonl"), "-j", jobs, "--quiet"]) == 0
    assert (tmp_path / "out1.jsonl").read_bytes() == (tmp_path / "out2.jsonl").read_bytes()


def test_large_records_left_in_their_file_give_the_same_output(tmp_path, monkeypatch):
    """A record over LEFT_IN_FILE bytes is read by the worker from the file (a Span), not sent
    by the main process: same output and report, a bad line among them still reported."""
    source = write_jsonl(tmp_path / "in.jsonl", records() * 20, extra_lines=("not json",))
    spans = list(read_records(source, left_in_file=0))
    assert [item.data.read() for item in spans] == source.read_bytes().splitlines(keepends=True)
    runs = []
    for left_in_file, jobs in ((None, "1"), (0, "1"), (0, "2")):
        monkeypatch.setattr(clean_command, "LEFT_IN_FILE", left_in_file)
        output, report = tmp_path / f"out-{left_in_file}-{jobs}.jsonl", tmp_path / f"report-{left_in_file}-{jobs}.json"
        code = main(["clean", str(source), "-o", str(output), "-j", jobs, "--report", str(report), "--quiet"])
        runs.append((code, output.read_bytes(), json.loads(report.read_text())["failures"]))
    assert runs[0][2] == [{"input": str(source), "error": runs[0][2][0]["error"], "line": 20 * len(SEEDS) + 1}]
    assert runs[0] == runs[1] == runs[2]


def test_input_tree_is_never_written_without_in_place(tmp_path):
    corpus = corpus_folder(tmp_path / "in", copies=2)
    before = tree(corpus)
    assert main(["clean", str(corpus), "-o", str(tmp_path / "out"), "--quiet"]) == 0
    assert tree(corpus) == before


def test_in_place_normalised_rewrites_only_what_cleaning_changes(tmp_path, cleaner):
    corpus = corpus_folder(tmp_path / "in", copies=1)
    golden = next((ROOT / "golden" / "bbc").glob("*.txt"))
    already_clean = corpus / "bbc" / "clean.txt"
    already_clean.write_bytes(golden.read_bytes())
    os.utime(already_clean, (1_000_000, 1_000_000))
    assert main(["clean", str(corpus), "--in-place", "--normalise", "--quiet"]) == 0
    assert already_clean.stat().st_mtime == 1_000_000
    for seed in SEEDS:
        cleaned = (corpus / seed.parent.name / f"00000-{seed.name}").read_text(encoding="utf-8")
        assert cleaned == (ROOT / "golden" / seed.relative_to(ROOT / "seeds")).read_text(encoding="utf-8")
    assert not (corpus / ".cleaner-resume").exists()


def test_include_and_exclude_globs(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name in ("a.txt", "b.md", "c.txt", "notes.json"):
        (corpus / name).write_text("Headline\n\nSome body text of the article.\n\nRead more\n")
    assert main(["clean", str(corpus), "-o", str(tmp_path / "d"), "--quiet"]) == 0
    assert sorted(tree(tmp_path / "d")) == ["a.txt", "c.txt"]
    assert (
        main(["clean", str(corpus), "-o", str(tmp_path / "e"), "--include", "*.md", "--include", "*.txt", "--exclude", "c.*", "--quiet"])
        == 0
    )
    assert sorted(tree(tmp_path / "e")) == ["a.txt", "b.md"]


def test_bad_files_are_reported_and_the_rest_of_the_batch_completes(tmp_path, monkeypatch):
    corpus = corpus_folder(tmp_path / "in", copies=1)
    bad = corpus / "bad"
    bad.mkdir()
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (bad / "unknown-encoding.txt").write_bytes(bytes(range(128, 256)) * 4)
    (bad / "empty.txt").write_bytes(b"")
    (bad / "huge.txt").write_text("Headline\n\n" + "word " * 5000)
    (bad / "unreadable.txt").write_text("Headline\n")
    real_open = Path.open

    def open_(path, *args, **kwargs):
        if path.name == "unreadable.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_)
    args = ["clean", str(corpus), "-o", str(tmp_path / "out"), "--max-bytes", "20000", "-j", "1"]
    assert main([*args, "--report", str(tmp_path / "r.json"), "--quiet"]) == 1
    errors = {Path(f["input"]).name: f["error"] for f in json.loads((tmp_path / "r.json").read_text())["failures"]}
    assert errors == {
        "binary.txt": "binary data (NUL bytes), not text",
        "unknown-encoding.txt": "not text in any encoding the cleaner recognises",
        "empty.txt": "empty document",
        "huge.txt": "larger than --max-bytes (25010 > 20000 bytes)",
        "unreadable.txt": "cannot read: Permission denied",
    }
    assert len([p for p in tree(tmp_path / "out") if not p.startswith("bad/")]) == len(SEEDS)
    assert not any(p.startswith("bad/") for p in tree(tmp_path / "out"))


def test_guarded_documents_are_flagged_in_the_report(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "mostly-chrome.txt").write_text("Share this article\nFacebook\nTwitter\nEmail\nFire contained\n")
    (corpus / "fine.txt").write_text("Fire contained\n\nFirefighters contained the fire on Sunday.\n\nShare this article\n")
    assert main(["clean", str(corpus), "-o", str(tmp_path / "out"), "--report", str(tmp_path / "r.json"), "--quiet"]) == 0
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["guarded"] == [str(corpus / "mostly-chrome.txt")]
    assert (tmp_path / "out" / "mostly-chrome.txt").read_text().startswith("Share this article")


def test_summary_counts_per_outlet_and_rule(tmp_path, capsys):
    corpus = corpus_folder(tmp_path / "in", copies=3)
    assert main(["clean", str(corpus), "-o", str(tmp_path / "out"), "--report", str(tmp_path / "r.json")]) == 0
    err = capsys.readouterr().err
    assert f"documents: {3 * len(SEEDS)} read, {3 * len(SEEDS)} cleaned, 0 unchanged, 0 failed" in err
    assert "\r" not in err  # no progress bar off a terminal
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["outlets"]["moscowtimes"]["documents"] == 3
    assert report["rules"]["moscowtimes/ad-free-banner"] == {"documents": 3, "chars_removed": 3 * 290}


# Interruptions -------------------------------------------------------------------------------


def _start_and_kill(args: list[str], ready) -> None:
    """Start a cleaning run, and kill it (SIGKILL) once ``ready()`` holds."""
    process = subprocess.Popen([sys.executable, "-m", "cleaner", "clean", *args, "--quiet"], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while not ready() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert process.poll() is None, "the run finished before it could be killed; make the corpus larger"
    process.send_signal(signal.SIGKILL)
    process.wait()


def test_killed_folder_run_leaves_no_truncated_file_and_resume_finishes_it(tmp_path):
    corpus = corpus_folder(tmp_path / "in", copies=400)
    out = tmp_path / "out"
    _start_and_kill([str(corpus), "-o", str(out), "-j", "1"], lambda: len(list(out.rglob("*.txt"))) >= 200)
    expected_dir = tmp_path / "expected"
    assert main(["clean", str(corpus), "-o", str(expected_dir), "--quiet"]) == 0
    expected = tree(expected_dir)
    partial = {name: data for name, data in tree(out).items() if not name.startswith(".") and "/." not in name}
    assert 200 <= len(partial) < len(expected)
    assert all(partial[name] == expected[name] for name in partial)  # complete, never truncated

    assert main(["clean", str(corpus), "-o", str(out), "--resume", "--report", str(tmp_path / "r.json"), "--quiet"]) == 0
    assert json.loads((tmp_path / "r.json").read_text())["documents"]["resumed"] >= 200
    assert tree(out) == expected  # and no temporary file of the killed run is left


def test_killed_jsonl_run_leaves_no_output_and_resume_finishes_it(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", records() * 1000)
    out = tmp_path / "out.jsonl"
    partial = tmp_path / "out.jsonl.partial"
    _start_and_kill([str(source), "-o", str(out), "-j", "1"], lambda: partial.exists() and partial.stat().st_size > 1_000_000)
    assert not out.exists()

    assert main(["clean", str(source), "-o", str(out), "--resume", "--report", str(tmp_path / "r.json"), "--quiet"]) == 0
    assert json.loads((tmp_path / "r.json").read_text())["documents"]["resumed"] > 0
    assert main(["clean", str(source), "-o", str(tmp_path / "fresh.jsonl"), "--quiet"]) == 0
    assert out.read_bytes() == (tmp_path / "fresh.jsonl").read_bytes()
    assert not partial.exists()


def test_resume_refuses_a_jsonl_input_that_changed(tmp_path, capsys, monkeypatch):
    from cleaner.batch import writers

    rows = records()
    source = write_jsonl(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out.jsonl"

    def stop(log, item, wrote):  # interrupted as the first record is done
        raise KeyboardInterrupt

    monkeypatch.setattr(writers.ResumeLog, "add", stop)
    assert main(["clean", str(source), "-o", str(out), "--quiet", "-j", "1"]) == 130  # as after Ctrl-C
    monkeypatch.undo()
    log = tmp_path / "out.jsonl.resume"
    log.write_text(log.read_text() + "1\tdeadbeef\twritten\n")
    (tmp_path / "out.jsonl.partial").write_text(json.dumps(rows[0]) + "\n")
    assert main(["clean", str(source), "-o", str(out), "--resume", "--quiet"]) == 2
    assert "changed since the interrupted run" in capsys.readouterr().err


def test_progress_bar_on_a_terminal(tmp_path):
    """On a terminal (a pseudo-terminal here) stderr shows a progress bar: count, rate and ETA."""
    import fcntl
    import pty
    import struct
    import termios

    corpus = corpus_folder(tmp_path / "in", copies=20)
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a 100-column terminal
    done = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", str(corpus), "-o", str(tmp_path / "out"), "-j", "1"],
        stderr=follower,
        stdout=subprocess.DEVNULL,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert done.returncode == 0
    text = shown.decode("utf-8", "replace")
    total = 20 * len(SEEDS)
    assert f"{total}/{total}" in text and "doc/s" in text
    assert f"documents: {total} read" in text
