"""The user's timings of this tree against an older commit, interleaved in one run.

    .venv/bin/python bench/against.py [--commit a058409] [--rounds 3] [--quick]

The older commit (default: the first release) is installed once in its own venv under
``bench/out/against/<commit>/`` (from ``git archive``; pip fetches its dependencies). Then every
measure runs round after round, this tree and the older one in turn (the order flips each round),
so that the ratios hold on a shared, noisy machine; each ratio is the median of the rounds' ratios.

Measures:
- ``folder_j1``: ``cleaner clean DIR -o OUT -j1`` on 5,000 seed-sized files (bench/batch.py's corpus),
  against the release and against ``floor_files``: a bare Python process that reads, splits and
  writes the same files;
- ``jsonl_j1`` / ``jsonl_j2``: the same on a JSONL of 20,000 records; and -j2's gain over -j1;
- ``first_output``: seconds from the start of a folder run to its first output file;
- ``one_file``: wall time of ``cleaner clean FILE -o OUT`` on one small file;
- ``article`` / ``whole_page``: in process, ms per page of real text (dev split, trafilatura's
  text and the whole page by inscriptis), the confidence asked for (when the commit has one);
- ``html``: in process, ms per page of ``clean_html`` against trafilatura's own extraction alone,
  on the same pages (dev split), each interpreter with its own trafilatura;
- ``html_cli``: ``cleaner clean PAGES/ -o OUT -j1`` against ``trafilatura --input-dir`` (one process);
- ``huge``: summed peak RSS (and PSS) of the process tree on 40 records of 12.5 MB at -j2 (``--huge N`` records), the
  parent's and the largest worker's peak RSS (this tree only, in the first round; ``--huge-release`` for the older commit's too: minutes).

``--files``/``--records`` shrink the corpora on a loaded machine (the ratios hold). Results in
``bench/results/against-<commit>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "against"
HERE = Path(sys.executable).parent  # this tree's venv
#: Real pages of each corpus's dev split timed in process as text, and as HTML.
TEXTS_PER_CORPUS, PAGES_PER_CORPUS = 200, 40


def release_python(commit: str) -> Path:
    """The python of a venv holding ``commit``, installed on first use."""
    sha = subprocess.run(["git", "rev-parse", commit], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    home = OUT / sha[:12]
    python = home / "venv" / "bin" / "python"
    if (home / "ready").exists():
        return python
    shutil.rmtree(home, ignore_errors=True)
    (home / "src").mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "--format=tar", sha], cwd=ROOT, capture_output=True, check=True).stdout
    tar = home / "src.tar"
    tar.write_bytes(archive)
    with tarfile.open(tar) as opened:
        opened.extractall(home / "src", filter="data")
    tar.unlink()
    subprocess.run([sys.executable, "-m", "venv", str(home / "venv")], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(home / "src")], check=True)
    (home / "ready").write_text(sha + "\n")
    return python


# --- the data --------------------------------------------------------------------------------


def build_data(files: int, records: int, huge: int, quick: bool) -> dict[str, Path]:
    """The corpora every measure reads, built once (keyed by size)."""
    sys.path.insert(0, str(ROOT))
    from bench.batch import build_corpus

    texts_per_corpus, pages_per_corpus = (60, 15) if quick else (TEXTS_PER_CORPUS, PAGES_PER_CORPUS)
    data = OUT / "data" / f"{files}-{records}-{huge}-{texts_per_corpus}-{pages_per_corpus}"
    paths = {
        "folder": data / "small" / "corpus",
        "jsonl": data / "large" / "corpus.jsonl",
        "one_file": data / "one.txt",
        "huge": data / "huge.jsonl",
        "pages": data / "pages",
        "texts": data / "texts.json",
        "html": data / "html.json",
    }
    if (data / "ready").exists():
        return paths
    shutil.rmtree(data, ignore_errors=True)
    (data / "small").mkdir(parents=True)
    (data / "large").mkdir(parents=True)
    build_corpus(data / "small", files)
    build_corpus(data / "large", records)
    first = sorted(paths["folder"].rglob("*.txt"))[0]
    shutil.copy(first, paths["one_file"])
    # records of 12.5 MB: the seeds' documents repeated
    docs = [p.read_text(encoding="utf-8") for p in sorted(paths["folder"].rglob("*.txt"))[:400]]
    with paths["huge"].open("w", encoding="utf-8") as out:
        for n in range(huge):
            text, size = [], 0
            while size < 12_500_000:
                doc = docs[(n + len(text)) % len(docs)]
                text.append(doc)
                size += len(doc.encode("utf-8")) + 1
            out.write(json.dumps({"id": n, "text": "\n".join(text)}, ensure_ascii=False) + "\n")
    from bench.realworld.corpora import CORPORA, pages

    texts: dict[str, list] = {"article": [], "whole_page": []}
    html = []
    paths["pages"].mkdir()
    for corpus in CORPORA:
        found = list(pages(corpus, split="dev"))[:texts_per_corpus]
        for page in found:
            for name, track in (("article", "text-recall"), ("whole_page", "text-full-inscriptis")):
                text = page.track(track)
                if text.strip():
                    texts[name].append([text, page.url])
        for page in found[:pages_per_corpus]:
            html.append([page.html, page.url])
            (paths["pages"] / f"{corpus}-{len(html):04d}.html").write_text(page.html, encoding="utf-8")
    paths["texts"].write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    paths["html"].write_text(json.dumps(html, ensure_ascii=False), encoding="utf-8")
    (data / "ready").write_text("")
    return paths


# --- the measures ----------------------------------------------------------------------------


def cleaner_cli(python: Path) -> list[str]:
    return [str(python), "-m", "cleaner", "clean", "--quiet"]


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def wall(command: list[str], target: Path | None = None) -> float:
    if target is not None:
        remove(target)
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=OUT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def first_output(command: list[str], target: Path) -> float:
    """Seconds until the run's first output file appears (the run is then let finish)."""
    remove(target)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=OUT, stdout=subprocess.DEVNULL)
    seen = None
    while seen is None:
        if _any_file(target):
            seen = time.perf_counter() - start
        elif process.poll() is not None:
            seen = time.perf_counter() - start if _any_file(target) else float("nan")
        else:
            time.sleep(0.005)
    process.wait()
    return seen


def _any_file(folder: Path) -> bool:
    stack = [folder]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except FileNotFoundError:
            continue
        for entry in entries:
            if entry.is_dir():
                stack.append(Path(entry.path))
            elif not entry.name.startswith("."):
                return True
    return False


def tree_memory(pid: int) -> dict[int, tuple[int, int]]:
    """Resident and proportional (PSS: a page shared by n processes counts 1/n in each) bytes of a
    process and of each of its descendants, by process id."""
    found, stack = {}, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            rss = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))) * 1024
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            found[current] = rss, int(next(line.split()[1] for line in rollup.splitlines() if line.startswith("Pss:"))) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(child) for child in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, StopIteration, ValueError):
            continue
    return found


def peak_rss(command: list[str], target: Path) -> tuple[float, float, float, float, float]:
    """(seconds, the parent's peak MB, the largest peak MB of any other process (a worker), the
    summed peak MB of the tree, the same in PSS, which counts the pages the forkserver and its
    workers share once)."""
    remove(target)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=OUT, stdout=subprocess.DEVNULL)
    parent = other = summed = proportional = 0
    while process.poll() is None:
        found = tree_memory(process.pid)
        parent = max(parent, found.get(process.pid, (0, 0))[0])
        other = max(other, *(rss for pid, (rss, _) in found.items() if pid != process.pid), 0)
        summed = max(summed, sum(rss for rss, _ in found.values()))
        proportional = max(proportional, sum(pss for _, pss in found.values()))
        time.sleep(0.02)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    return time.perf_counter() - start, parent / 1e6, other / 1e6, summed / 1e6, proportional / 1e6


FLOOR = """import sys
from pathlib import Path
source, out = Path(sys.argv[1]), Path(sys.argv[2])
for path in sorted(source.rglob("*.txt")):
    target = out / path.relative_to(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\\n".join(path.read_text(encoding="utf-8").splitlines()) + "\\n", encoding="utf-8")
"""

PROBE = r"""import json, sys, time
kind, data, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
from cleaner import Cleaner
cleaner = Cleaner()
def best(run, docs, repeats=rounds):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run(docs)
        times.append(time.perf_counter() - start)
    return min(times) / len(docs) * 1000
if kind == "text":
    texts = json.load(open(data, encoding="utf-8"))
    def clean(docs):
        for text, url in docs:
            result = cleaner.clean(text, url=url)
            getattr(result, "confidence", None)
    print(json.dumps({name: best(clean, docs) for name, docs in texts.items()}))
else:
    import trafilatura
    from cleaner.html import clean_html
    pages = json.load(open(data, encoding="utf-8"))
    def ours(docs):
        for html, url in docs:
            try:
                result = clean_html(cleaner, html, url=url)
                getattr(result.result, "confidence", None)
            except Exception:
                pass
    def alone(docs):
        for html, url in docs:
            trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False, include_tables=True)
    found = {}
    for _ in range(rounds):  # the two interleaved
        for name, run in (("html", ours), ("trafilatura", alone)):
            found[name] = min(found.get(name, float("inf")), best(run, pages, 1))
    print(json.dumps(found))
"""


def probe(python: Path, kind: str, data: Path, rounds: int) -> dict[str, float]:
    done = subprocess.run([str(python), "-c", PROBE, kind, str(data), str(rounds)], check=True, capture_output=True, text=True, cwd=OUT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--commit", default="a058409", help="the older commit to time against (default: the first release)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="small corpora, to try the script")
    parser.add_argument("--files", type=int, default=5000, help="files of the folder runs (default: %(default)s)")
    parser.add_argument("--records", type=int, default=20000, help="records of the JSONL runs (default: %(default)s)")
    parser.add_argument("--huge", type=int, default=40, help="records of 12.5 MB of the memory run (default: %(default)s)")
    parser.add_argument("--huge-release", action="store_true", help="also the older commit's memory on huge records (slow)")
    parser.add_argument("--only", help="comma list of measures to run (default: all)")
    args = parser.parse_args()
    # both sides start as a user's install does, from cached bytecode: pip compiled the older
    # commit's, and an editable tree under PYTHONDONTWRITEBYTECODE would compile every module anew
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    OUT.mkdir(parents=True, exist_ok=True)
    old = release_python(args.commit)
    paths = build_data(*((500, 2000, 4) if args.quick else (args.files, args.records, args.huge)), args.quick)
    sides = {"this": HERE / "python", "release": old}
    work = OUT / f"run-{os.getpid()}"
    work.mkdir()
    samples: dict[str, list[float]] = {}

    def note(name: str, value: float) -> None:
        samples.setdefault(name, []).append(value)
        print(f"  {name}: {value:.4g}", flush=True)

    measures = {
        "floor_files": lambda side, python: (
            note("floor_files", wall([str(HERE / "python"), "-I", "-c", FLOOR, str(paths["folder"]), str(work / "floor")], work / "floor"))
            if side == "this"
            else None
        ),
        "folder_j1": lambda side, python: note(
            f"folder_j1.{side}", wall([*cleaner_cli(python), str(paths["folder"]), "-o", str(work / "f1"), "-j", "1"], work / "f1")
        ),
        "first_output": lambda side, python: note(
            f"first_output.{side}",
            first_output([*cleaner_cli(python), str(paths["folder"]), "-o", str(work / "fo"), "-j", "1"], work / "fo"),
        ),
        "jsonl_j1": lambda side, python: note(
            f"jsonl_j1.{side}",
            wall([*cleaner_cli(python), str(paths["jsonl"]), "-o", str(work / "j1.jsonl"), "-j", "1"], work / "j1.jsonl"),
        ),
        "jsonl_j2": lambda side, python: note(
            f"jsonl_j2.{side}",
            wall([*cleaner_cli(python), str(paths["jsonl"]), "-o", str(work / "j2.jsonl"), "-j", "2"], work / "j2.jsonl"),
        ),
        "one_file": lambda side, python: note(
            f"one_file.{side}", wall([*cleaner_cli(python), str(paths["one_file"]), "-o", str(work / "one.txt")], work / "one.txt")
        ),
        "text": lambda side, python: [note(f"{k}.{side}", v) for k, v in probe(python, "text", paths["texts"], 3).items()],
        "html": lambda side, python: [note(f"{k}.{side}", v) for k, v in probe(python, "html", paths["html"], 2).items()],
        "html_cli": lambda side, python: (
            note(f"html_cli.{side}", wall([*cleaner_cli(python), str(paths["pages"]), "-o", str(work / "h"), "-j", "1"], work / "h")),
            note(
                f"trafilatura_cli.{side}",
                wall(
                    [str(python.parent / "trafilatura"), "--input-dir", str(paths["pages"]), "-o", str(work / "t"), "--parallel", "1"],
                    work / "t",
                ),
            ),
        ),
        "huge": lambda side, python: [
            note(f"huge_{k}.{side}", v)
            for k, v in zip(
                ("s", "parent_mb", "worker_mb", "summed_mb", "summed_pss_mb"),
                peak_rss([*cleaner_cli(python), str(paths["huge"]), "-o", str(work / "huge.jsonl"), "-j", "2"], work / "huge.jsonl"),
                strict=True,
            )
        ],
    }
    chosen = args.only.split(",") if args.only else list(measures)
    try:
        for round_ in range(args.rounds):
            order = list(sides.items()) if round_ % 2 == 0 else list(sides.items())[::-1]
            print(f"round {round_ + 1}/{args.rounds}", flush=True)
            for name in chosen:
                if name == "huge" and round_:
                    continue  # minutes a run: once is enough for a memory figure
                for side, python in order:
                    if name == "huge" and side == "release" and not args.huge_release:
                        continue
                    measures[name](side, python)
            results = summarise(samples, args, round_ + 1)  # written after every round: a cut run keeps its figures
            if not args.quick:
                (ROOT / "bench" / "results").mkdir(exist_ok=True)
                name = "against-" + args.commit[:12] + (f"-{args.only.replace(',', '-')}" if args.only else "")
                (ROOT / "bench" / "results" / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(results, indent=2))


def _ratio(samples: dict[str, list[float]], a: str, b: str) -> float | None:
    """The median of the rounds' ratios a/b (pair by pair: the machine's drift cancels)."""
    if a not in samples or b not in samples:
        return None
    return round(statistics.median(x / y for x, y in zip(samples[a], samples[b], strict=False)), 3)


def summarise(samples: dict[str, list[float]], args, rounds: int) -> dict:
    results: dict = {"commit": args.commit, "rounds": rounds, "files": args.files, "records": args.records, "median": {}, "ratios": {}}
    for name, values in sorted(samples.items()):
        results["median"][name] = round(statistics.median(values), 4)
    pairs = {
        "folder_j1 / floor": ("folder_j1.this", "floor_files"),
        "folder_j1 / release": ("folder_j1.this", "folder_j1.release"),
        "release folder_j1 / floor": ("folder_j1.release", "floor_files"),
        "jsonl_j1 / release": ("jsonl_j1.this", "jsonl_j1.release"),
        "jsonl_j2 / release": ("jsonl_j2.this", "jsonl_j2.release"),
        "jsonl j1/j2 (gain of -j2)": ("jsonl_j1.this", "jsonl_j2.this"),
        "release jsonl j1/j2": ("jsonl_j1.release", "jsonl_j2.release"),
        "first_output / release": ("first_output.this", "first_output.release"),
        "one_file / release": ("one_file.this", "one_file.release"),
        "article / release": ("article.this", "article.release"),
        "whole_page / release": ("whole_page.this", "whole_page.release"),
        "html / trafilatura (in process)": ("html.this", "trafilatura.this"),
        "release html / trafilatura": ("html.release", "trafilatura.release"),
        "html_cli / trafilatura_cli": ("html_cli.this", "trafilatura_cli.this"),
        "release html_cli / trafilatura_cli": ("html_cli.release", "trafilatura_cli.release"),
        "huge summed_mb / release": ("huge_summed_mb.this", "huge_summed_mb.release"),
    }
    for label, (a, b) in pairs.items():
        ratio = _ratio(samples, a, b)
        if ratio is not None:
            results["ratios"][label] = ratio
    return results


if __name__ == "__main__":
    main()
