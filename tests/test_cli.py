"""The command line: files, folders, stdin/stdout, options and exit codes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from cleaner.cli import main

MT_SEED = ROOT / "seeds" / "moscowtimes" / "2022-01-11-us-says-too-early-to-tell.txt"
MT_GOLDEN = ROOT / "golden" / MT_SEED.relative_to(ROOT / "seeds")
DIRTY = "Wildfire contained\n\nFirefighters contained the fire on Sunday, officials said.\n\nShare this article\n"
CLEAN = "Wildfire contained\n\nFirefighters contained the fire on Sunday, officials said.\n"


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cleaner", *args], input=stdin, capture_output=True, cwd=ROOT)


def test_stdin_to_stdout_with_python_m():
    done = run("clean", "-", "--source", "moscowtimes", stdin=MT_SEED.read_bytes())
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode("utf-8") == MT_GOLDEN.read_text(encoding="utf-8")


def test_file_to_stdout(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    assert main(["clean", str(tmp_path / "a.txt")]) == 0
    assert capsys.readouterr().out == CLEAN


def test_file_to_output_file(tmp_path):
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    assert main(["clean", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out.txt")]) == 0
    assert (tmp_path / "out.txt").read_bytes() == CLEAN.encode("utf-8")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == DIRTY


def test_folder_is_mirrored_and_outlets_hinted_by_path(tmp_path):
    out = tmp_path / "cleaned"
    assert main(["clean", str(ROOT / "seeds"), "-o", str(out)]) == 0
    for seed in (ROOT / "seeds").rglob("*.txt"):
        relative = seed.relative_to(ROOT / "seeds")
        assert (out / relative).read_text(encoding="utf-8") == (ROOT / "golden" / relative).read_text(encoding="utf-8")
    assert not list(out.rglob(".*.cleaner-tmp"))


def test_folder_needs_an_output(tmp_path, capsys):
    assert main(["clean", str(ROOT / "seeds")]) == 2
    assert "-o/--output" in capsys.readouterr().err


def test_output_inside_input_folder_is_refused(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    assert main(["clean", str(tmp_path), "-o", str(tmp_path / "out")]) == 2
    assert "inside the input folder" in capsys.readouterr().err


def test_output_over_the_input_is_refused(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    assert main(["clean", str(tmp_path / "a.txt"), "-o", str(tmp_path / "a.txt")]) == 2
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == DIRTY


def test_unknown_source_is_a_usage_error(capsys):
    assert main(["clean", str(MT_SEED), "--source", "nowhere"]) == 2
    assert "unknown --source 'nowhere'" in capsys.readouterr().err


def test_explain_lists_each_removal_on_stderr(capsys):
    assert main(["clean", str(MT_SEED), "--explain"]) == 0
    err = capsys.readouterr().err
    assert "outlet moscowtimes by path" in err
    assert "      >>> moscowtimes/ad-free-banner (lines 2-6): Support banner" in err
    assert "      - Enjoying ad-free content?" in err
    assert "      >>> G002 (line 48): " in err


def test_user_rules_folder(tmp_path, capsys):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "example.toml").write_text(
        '[outlet]\nname = "Example"\nsignatures = ["Example Gazette"]\n'
        '[[rule]]\nid = "footer"\nkind = "line"\nwhy = "footer"\npattern = "Example Gazette, all editions"\n',
        encoding="utf-8",
    )
    (tmp_path / "a.txt").write_text(CLEAN + "\nExample Gazette, all editions\n", encoding="utf-8")
    assert main(["clean", str(tmp_path / "a.txt"), "--rules", str(rules), "--explain"]) == 0
    captured = capsys.readouterr()
    assert captured.out == CLEAN
    assert "example/footer" in captured.err


def test_bad_rule_file_is_a_usage_error_naming_it(tmp_path, capsys):
    (tmp_path / "broken.toml").write_text("[outlet]\nname = 'x'\n[[rule]]\nid = 'a'\nkind = 'line'\nwhy = 'w'\npattern = '('\n")
    assert main(["clean", str(MT_SEED), "--rules", str(tmp_path)]) == 2
    assert "broken.toml:7: rule 'broken/a': pattern does not compile" in capsys.readouterr().err


def test_bad_file_is_reported_and_the_batch_goes_on(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(DIRTY, encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "empty.txt").write_bytes(b"")
    assert main(["clean", str(folder), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"{folder / 'binary.txt'}: binary data" in err
    assert f"{folder / 'empty.txt'}: empty document" in err
    assert (tmp_path / "out" / "good.txt").read_text(encoding="utf-8") == CLEAN


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "cleaner"
    done = subprocess.run([str(script), "clean", "-"], input=DIRTY.encode(), capture_output=True)
    assert done.returncode == 0 and done.stdout.decode() == CLEAN


def test_no_command_is_a_usage_error():
    assert run().returncode == 2


#: What cleaning one small text file has no use for: the worker pool, the resume log's lock,
#: the installed metadata (the version), numpy's masked arrays, the HTML libraries, the statistics
#: module (``learn``'s) and uuid.
NOT_FOR_ONE_TEXT_FILE = ("concurrent.futures", "filelock", "importlib.metadata", "numpy.ma", "trafilatura", "bs4", "statistics", "uuid")


def test_cleaning_one_text_file_imports_nothing_it_does_not_need(tmp_path):
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    code = (
        "import sys; from cleaner.cli import main; "
        f"code = main(['clean', sys.argv[1], '-o', sys.argv[2]]); print(sorted(set({NOT_FOR_ONE_TEXT_FILE!r}) & set(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "a.txt"), str(tmp_path / "out.txt")], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == CLEAN
    assert done.stdout.strip() == "[]"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir() or (os.cpu_count() or 1) < 2, reason="counts threads in Linux's /proc")
def test_the_program_loads_numpy_with_one_blas_thread(tmp_path):
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    code = (
        "import atexit, os, sys; atexit.register(lambda: print(len(os.listdir('/proc/self/task')), 'numpy' in sys.modules)); "
        "from cleaner.__main__ import command; command()"
    )
    env = {name: value for name, value in os.environ.items() if not name.endswith("_NUM_THREADS")}
    done = subprocess.run(
        [sys.executable, "-c", code, "clean", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out.txt")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "True"]  # numpy loaded (the model scored), and no BLAS thread beside the main one
