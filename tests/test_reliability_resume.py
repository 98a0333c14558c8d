"""Two runs never mix in one output (issue 16, item 5): the output's resume log is locked while
a run writes, and --resume goes on only with the state (version, rule set, options) it began with."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import interrupted

from cleaner.cli import main

ARTICLE = "The council approved the budget on Monday, the mayor said.\n\nRead more: the budget in full"


def write_jsonl(path: Path, count: int) -> Path:
    path.write_text("".join(json.dumps({"id": n, "text": ARTICLE}) + "\n" for n in range(count)), encoding="utf-8")
    return path


@pytest.mark.slow
def test_a_second_run_into_the_same_jsonl_output_is_refused(tmp_path):
    source, output = write_jsonl(tmp_path / "in.jsonl", 20_000), tmp_path / "out.jsonl"
    first = subprocess.Popen([sys.executable, "-m", "cleaner", "clean", str(source), "-o", str(output), "-j", "1", "--quiet"])
    log = tmp_path / "out.jsonl.resume"
    deadline = time.monotonic() + 120
    while not log.exists() and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    second = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", str(source), "-o", str(output), "--no-annotate", "-j", "1", "--quiet"],
        capture_output=True,
        text=True,
    )
    assert first.wait() == 0
    assert second.returncode == 2 and "another cleaner run is writing the same output" in second.stderr
    lines = output.read_text().splitlines()
    assert len(lines) == 20_000 and all("cleaner_outlet" in line for line in lines)  # the first run's records


def test_a_second_run_into_the_same_folder_is_refused(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE)
    out = tmp_path / "out"
    out.mkdir()
    from filelock import FileLock

    with FileLock(out / ".cleaner-resume.lock"):  # as a running batch holds it
        assert main(["clean", str(folder), "-o", str(out), "--quiet"]) == 2
    assert "another cleaner run is writing the same output" in capsys.readouterr().err
    assert not (out / "a.txt").exists()


@pytest.mark.parametrize("change", [["--no-annotate"], ["--ignore", "G003"], ["--text-field", "body"], "rules"])
def test_resume_with_other_options_or_rules_is_refused(tmp_path, monkeypatch, capsys, change):
    source, output = write_jsonl(tmp_path / "in.jsonl", 5), tmp_path / "out.jsonl"
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "mine.toml").write_text('[outlet]\nname = "Mine"\ndomains = ["mine.example"]\n')
    argv = ["clean", str(source), "-o", str(output), "-j", "1", "--quiet", "--rules", str(rules)]
    interrupted(monkeypatch, argv)
    if change == "rules":
        (rules / "mine.toml").write_text('[outlet]\nname = "Mine, renamed"\ndomains = ["mine.example"]\n')
        change = []
    assert main([*argv, "--resume", *change]) == 2
    assert "the interrupted run used other" in capsys.readouterr().err
    assert main([*argv, "--resume"]) == (2 if change == [] else 0)  # the rules changed for good, or it goes on


def test_resume_with_the_same_options_finishes_the_run(tmp_path, monkeypatch):
    source, output = write_jsonl(tmp_path / "in.jsonl", 5), tmp_path / "out.jsonl"
    argv = ["clean", str(source), "-o", str(output), "-j", "1", "--quiet"]
    interrupted(monkeypatch, argv)
    assert main([*argv, "--resume"]) == 0
    assert main(["clean", str(source), "-o", str(tmp_path / "fresh.jsonl"), "-j", "1", "--quiet"]) == 0
    assert output.read_bytes() == (tmp_path / "fresh.jsonl").read_bytes()


def test_the_package_needs_no_fcntl_so_it_imports_on_windows(tmp_path):
    """fcntl and SIGPIPE exist on POSIX only: with them gone, every module imports and a resumable
    batch runs (filelock takes the lock as it can), and leaves no lock file behind."""
    import pkgutil

    import cleaner

    modules = sorted(name for _, name, _ in pkgutil.walk_packages(cleaner.__path__, "cleaner.") if "datatrove" not in name)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE)
    script = (
        "import importlib, sys\n"
        "sys.modules['fcntl'] = None  # import fcntl raises ImportError, as on Windows\n"
        "import signal\n"
        "del signal.SIGPIPE  # nor is there a SIGPIPE\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "from cleaner.cli import main\n"
        f"sys.exit(main(['clean', {str(folder)!r}, '-o', {str(tmp_path / 'out')!r}, '--quiet', '-j', '1']))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["a.txt"]
