"""A dead worker never hangs a batch (issue 23, item 3): the run ends with an error naming
--resume, which finishes it; no process outlives the run, not even after kill -9 of the main
process; Ctrl-C to the main process alone ends it too. Real processes, found under /proc."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT

from cleaner.batch.items import Item
from cleaner.batch.work import CleanOptions, WorkerDied, clean_items
from cleaner.cli import main

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers in /proc (Linux)")

ARTICLE = (ROOT / "seeds" / "moscowtimes" / "2022-01-11-us-says-too-early-to-tell.txt").read_text(encoding="utf-8")
URL = "https://www.themoscowtimes.com/2022/01/11/a"
#: Generous bounds for a loaded machine: a run that hangs exceeds them, a working one never nears them.
PATIENCE = 180


def _parent(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def descendants(pid: int) -> list[int]:
    """Every process under ``pid`` (the forkserver, the resource tracker and the workers)."""
    parents = {int(name): _parent(int(name)) for name in os.listdir("/proc") if name.isdigit()}
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def running(pid: int) -> bool:
    """The process exists and is not a zombie (dead, waiting to be reaped)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def all_end(pids: list[int]) -> bool:
    deadline = time.monotonic() + PATIENCE
    while any(running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(running(pid) for pid in pids)


def start(argv: list[str], ready) -> tuple[subprocess.Popen, list[int]]:
    """A cleaning run with -j2, once ``ready()`` holds and both workers run; and its workers."""
    process = subprocess.Popen([sys.executable, "-m", "cleaner", *argv], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline and process.poll() is None:
        workers = [pid for pid in descendants(process.pid) if _parent(pid) != process.pid]  # the forkserver's children
        if len(workers) == 2 and ready():
            return process, workers
        time.sleep(0.01)
    process.kill()
    pytest.fail("the run finished (or never got going) before it could be disturbed; make the corpus larger")


def jsonl_corpus(tmp_path: Path) -> tuple[list[str], callable]:
    source = tmp_path / "in.jsonl"
    source.write_text((json.dumps({"text": ARTICLE, "url": URL}) + "\n") * 6000, encoding="utf-8")
    partial = tmp_path / "out.jsonl.partial"
    argv = ["clean", str(source), "-o", str(tmp_path / "out.jsonl"), "-j", "2", "--quiet"]
    return argv, lambda: partial.exists() and partial.stat().st_size > 0


def folder_corpus(tmp_path: Path) -> tuple[list[str], callable]:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    for n in range(3000):
        (folder / f"{n:05d}.txt").write_text(ARTICLE, encoding="utf-8")
    argv = ["clean", str(folder), "-o", str(out), "-j", "2", "--quiet"]
    return argv, lambda: out.exists() and any(out.glob("*.txt"))


CORPORA = {"jsonl": jsonl_corpus, "folder": folder_corpus}


def outputs(tmp_path: Path, name: str) -> dict[str, bytes]:
    path = tmp_path / name
    files = [path] if path.is_file() else sorted(path.rglob("*"))
    return {str(p.relative_to(tmp_path / name)): p.read_bytes() for p in files if p.is_file()}


@pytest.mark.slow
@pytest.mark.parametrize("kind", CORPORA)
def test_a_killed_worker_ends_the_run_with_an_error_and_resume_finishes_it(tmp_path, kind):
    argv, ready = CORPORA[kind](tmp_path)
    process, workers = start(argv, ready)
    everyone = descendants(process.pid)
    os.kill(workers[0], signal.SIGKILL)
    try:
        status = process.wait(timeout=PATIENCE)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("the run hung after one of its workers was killed")
    command = [*argv, "--resume"]
    assert status == 1
    # Before reading stderr to its end: a process that outlived the run would hold it open.
    assert all_end(everyone), "a process of the run outlived it"
    assert process.stderr.read() == (
        f"cleaner: error: a worker process ended abruptly (killed, or out of memory); to finish the job: cleaner {' '.join(command)}\n"
    )
    assert not (tmp_path / "out.jsonl").exists()  # a JSONL output stays .partial
    assert main(command) == 0
    fresh = [arg.replace(str(tmp_path / "out"), str(tmp_path / "fresh")) for arg in argv]
    assert main(fresh) == 0
    assert outputs(tmp_path, "out" + (".jsonl" if kind == "jsonl" else "")) == outputs(
        tmp_path, "fresh" + (".jsonl" if kind == "jsonl" else "")
    )


@pytest.mark.slow
@pytest.mark.parametrize("kind", CORPORA)
def test_no_worker_outlives_a_main_process_killed_with_sigkill(tmp_path, kind):
    argv, ready = CORPORA[kind](tmp_path)
    process, _ = start(argv, ready)
    everyone = descendants(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert all_end(everyone), "workers kept running after the main process was killed"
    assert "Traceback" not in process.stderr.read()  # the workers end quietly


@pytest.mark.slow
def test_ctrl_c_to_the_main_process_alone_ends_the_run(tmp_path):
    argv, ready = jsonl_corpus(tmp_path)
    process, _ = start(argv, ready)
    everyone = descendants(process.pid)
    process.send_signal(signal.SIGINT)  # the workers ignore it; the main process stops them
    assert process.wait(timeout=PATIENCE) == 130
    assert all_end(everyone)
    assert process.stderr.read().startswith("cleaner: interrupted; to finish the job:")


def kill_own_worker(task: tuple) -> None:
    """A task whose worker dies under it, as one the kernel's out-of-memory killer picks."""
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_worker_that_dies_under_its_task_raises_worker_died(tmp_path):
    items = [Item(f"doc{n}", b"An article, the mayor said.\n", size=30) for n in range(8)]
    with pytest.raises(WorkerDied, match="--resume|ended abruptly"):
        list(clean_items(items, CleanOptions(), jobs=2, task=kill_own_worker))


def blas_setting(task: tuple) -> str | None:
    """A task that tells what its worker's numpy was loaded with."""
    return os.environ.get("OPENBLAS_NUM_THREADS")


def test_workers_run_one_blas_thread_each_and_the_main_process_keeps_its_environment(monkeypatch):
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    items = [Item(f"doc{n}", b"An article, the mayor said.\n", size=30) for n in range(8)]
    assert {outcome for _, outcome in clean_items(items, CleanOptions(), jobs=2, task=blas_setting)} == {"1"}
    assert "OPENBLAS_NUM_THREADS" not in os.environ
