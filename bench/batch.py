"""Batch speed and memory of `cleaner clean`, against a bare read/split/write floor.

    .venv/bin/python bench/batch.py [--docs 20000] [--big-mb 1000] [--rounds 3] [--work DIR]

Builds a synthetic corpus from the seeds, as files in outlet folders and as one JSONL: each
seed's furniture kept in place, repeated from document to document as in a crawl of the outlet,
around body paragraphs drawn from all the goldens, every one made unique by a word of its own
(so that nothing learnt about one document's prose serves another's). Then measures in one run,
the measures interleaved round after round (best of ``--rounds``), so that their ratios hold on a
shared machine:
- documents/s and MB/s of `cleaner clean` with -j1 and -j2, on the folder and on the JSONL;
- the floor: a bare Python read, splitlines and write of the same data;
- peak memory (main process plus workers) on a JSONL of --big-mb megabytes;
- per-document time with the built-in rules plus 1,000 generated outlet rule files, against the
  built-in rules alone, and the time to load those rule files.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import Cleaner  # noqa: E402
from cleaner.text import split_lines  # noqa: E402

CLEANER = [sys.executable, "-m", "cleaner", "clean", "--quiet"]
URLS = {
    "moscowtimes": "https://www.themoscowtimes.com/2022/01/11/a",
    "bbc": "https://www.bbc.co.uk/news/world-1",
    "chinadaily": "https://www.chinadaily.com.cn/a/202201/12/a.html",
    "milwaukee-journal-sentinel": "https://www.pressreader.com/usa/milwaukee-journal-sentinel/20220112/a",
    "eurasiareview": "https://www.eurasiareview.com/11012022-a/",
}


def templates() -> list[tuple[str, list[str | None]]]:
    """Per seed: its outlet and its lines, with the article's lines replaced by None slots."""
    result = []
    for seed in sorted((ROOT / "seeds").rglob("*.txt")):
        kept = set((ROOT / "golden" / seed.relative_to(ROOT / "seeds")).read_text(encoding="utf-8").splitlines())
        lines = split_lines(seed.read_text(encoding="utf-8"))
        result.append((seed.parent.name, [None if line.strip() in kept and line.strip() else line for line in lines]))
    return result


def build_corpus(work: Path, docs: int) -> tuple[Path, Path]:
    pool = [p for g in sorted((ROOT / "golden").rglob("*.txt")) for p in g.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    rng = random.Random(1)
    layouts = templates()
    folder, jsonl = work / "corpus", work / "corpus.jsonl"
    shutil.rmtree(folder, ignore_errors=True)
    with jsonl.open("w", encoding="utf-8") as out:
        for n in range(docs):
            outlet, lines = layouts[n % len(layouts)]
            text = "\n".join(line if line is not None else unique(rng.choice(pool).strip(), rng) for line in lines)
            path = folder / outlet / f"{n:06d}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            out.write(json.dumps({"id": n, "url": URLS[outlet], "text": text}, ensure_ascii=False) + "\n")
    return folder, jsonl


def unique(paragraph: str, rng: random.Random) -> str:
    """The paragraph with a made-up word of its own after its first word (letters only: digits
    would read as dates), so that no two documents share a prose line."""
    first, _, rest = paragraph.partition(" ")
    word = "".join(rng.choice("bcdfghjklmnpqrstvwxz") + rng.choice("aeiou") for _ in range(5))
    return f"{first} {word} {rest}" if rest else f"{first} {word}"


def floor(folder: Path, jsonl: Path, work: Path) -> dict[str, float]:
    """Seconds for a bare read, splitlines and write of the same data."""
    out = work / "floor"
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    for path in sorted(folder.rglob("*.txt")):
        target = out / path.relative_to(folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(path.read_text(encoding="utf-8").splitlines()) + "\n", encoding="utf-8")
    files = time.perf_counter() - start
    start = time.perf_counter()
    with jsonl.open(encoding="utf-8") as source, (work / "floor.jsonl").open("w", encoding="utf-8") as sink:
        for line in source:
            record = json.loads(line)
            record["text"] = "\n".join(record["text"].splitlines()) + "\n"
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")
    return {"files": files, "jsonl": time.perf_counter() - start}


def remove(path: Path) -> None:
    """A previous round's output, a file or a folder, gone."""
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([*CLEANER, *args], check=True, cwd=ROOT)
    return time.perf_counter() - start


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(child) for child in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            continue
    return total


def peak_memory(jsonl: Path, work: Path, megabytes: int) -> tuple[float, int, float]:
    """Build a JSONL of about ``megabytes`` MB; clean it with -j2; return (MB, peak RSS, seconds)."""
    big = work / "big.jsonl"
    chunk = jsonl.read_bytes()
    with big.open("wb") as out:
        for _ in range(max(1, round(megabytes * 1e6 / len(chunk)))):
            out.write(chunk)
    process = subprocess.Popen([*CLEANER, str(big), "-o", str(work / "big.out.jsonl"), "-j", "2"], cwd=ROOT)
    peak = 0
    start = time.perf_counter()
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    size = big.stat().st_size / 1e6
    big.unlink()
    (work / "big.out.jsonl").unlink()
    return size, peak, seconds


def many_rule_files(work: Path, count: int) -> Path:
    """``count`` outlet rule files, each with domains, signatures, a path glob and three rules."""
    folder = work / f"rules{count}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for n in range(count):
        (folder / f"outlet{n:04d}.toml").write_text(
            f"""[outlet]
name = "Outlet {n}"
domains = ["outlet{n}.example"]
signatures = ["Outlet {n} Gazette ©", "Subscribe to Outlet {n}"]
paths = ["*/outlet{n}/*"]

[[rule]]
id = "footer"
kind = "line"
why = "footer"
pattern = 'Outlet {n} Gazette © \\d{{4}}'

[[rule]]
id = "appeal"
kind = "block"
why = "appeal"
pattern = 'Support Outlet {n}'
end = 'Thank you\\.?'

[[rule]]
id = "related"
kind = "cut-to-end"
why = "related"
pattern = 'More from Outlet {n}'
""",
            encoding="utf-8",
        )
    return folder


def per_document_ms(cleaner: Cleaner, docs: list[tuple[str, str]]) -> float:
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        for path, text in docs:
            cleaner.clean(text, path=path)
        runs.append((time.perf_counter() - start) / len(docs) * 1000)
    return min(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--big-mb", type=int, default=1000, help="size of the peak-memory JSONL (0: skip)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the interleaved measures; the best of each is kept")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    folder, jsonl = build_corpus(args.work, args.docs)
    megabytes = jsonl.stat().st_size / 1e6
    text_mb = sum(p.stat().st_size for p in folder.rglob("*.txt")) / 1e6
    results: dict = {"documents": args.docs, "folder_mb": round(text_mb, 1), "jsonl_mb": round(megabytes, 1)}

    best: dict[str, float] = {}
    for _ in range(args.rounds):
        for kind, seconds in floor(folder, jsonl, args.work).items():
            best[f"floor_{kind}"] = min(best.get(f"floor_{kind}", float("inf")), seconds)
        for jobs in (1, 2):
            for kind, source, target in (("folder", folder, f"out-j{jobs}"), ("jsonl", jsonl, f"out-j{jobs}.jsonl")):
                remove(args.work / target)
                seconds = timed([str(source), "-o", str(args.work / target), "-j", str(jobs)])
                best[f"{kind}_j{jobs}"] = min(best.get(f"{kind}_j{jobs}", float("inf")), seconds)
    base = {"files": best["floor_files"], "jsonl": best["floor_jsonl"]}
    results["rounds"] = args.rounds
    results["floor_s"] = {k: round(v, 2) for k, v in base.items()}
    for jobs in (1, 2):
        seconds = best[f"folder_j{jobs}"]
        results[f"folder_j{jobs}"] = {
            "s": round(seconds, 2),
            "docs_per_s": round(args.docs / seconds),
            "mb_per_s": round(text_mb / seconds, 2),
        }
        seconds = best[f"jsonl_j{jobs}"]
        results[f"jsonl_j{jobs}"] = {
            "s": round(seconds, 2),
            "docs_per_s": round(args.docs / seconds),
            "mb_per_s": round(megabytes / seconds, 2),
        }
    results["ratio_j1_to_floor"] = {
        "files": round(results["folder_j1"]["s"] / base["files"], 1),
        "jsonl": round(results["jsonl_j1"]["s"] / base["jsonl"], 1),
    }
    results["speedup_j2"] = {
        "files": round(results["folder_j1"]["s"] / results["folder_j2"]["s"], 2),
        "jsonl": round(results["jsonl_j1"]["s"] / results["jsonl_j2"]["s"], 2),
    }

    sample = sorted(folder.rglob("*.txt"))[:2000]
    docs = [(str(p), p.read_text(encoding="utf-8")) for p in sample]
    extra = many_rule_files(args.work, 1000)
    loads = []
    for _ in range(3):
        start = time.perf_counter()
        with_extra = Cleaner([extra])
        loads.append(time.perf_counter() - start)
    builtin_ms, extra_ms = per_document_ms(Cleaner(), docs), per_document_ms(with_extra, docs)
    results["rules_1000"] = {
        "load_s": round(statistics.median(loads), 3),
        "per_doc_ms_builtin": round(builtin_ms, 3),
        "per_doc_ms_with_1000": round(extra_ms, 3),
        "ratio": round(extra_ms / builtin_ms, 2),
    }
    if args.big_mb:
        size, peak, seconds = peak_memory(jsonl, args.work, args.big_mb)
        results["big_jsonl"] = {
            "mb": round(size),
            "peak_rss_mb": round(peak / 1e6),
            "s": round(seconds, 1),
            "mb_per_s": round(size / seconds, 2),
        }
    print(json.dumps(results, indent=2))
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "batch.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
