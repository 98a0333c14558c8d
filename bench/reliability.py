"""Limits that must hold whatever comes in (issue 16): memory on large JSONL records, and the
time to load a rule file of many rules.

    .venv/bin/python bench/reliability.py [--records 24] [--record-mb 12.5] [--rules 1000 2000 4000 10000] [--work DIR] [--rules-only]

- peak memory (main process plus workers, -j2) on a JSONL of --records records of --record-mb
  MB each, against the same megabytes in small records;
- the time `Cleaner` takes to load one rule file of N generated rules (a fresh process each
  time, so no regex is cached; wall and CPU seconds, the CPU's the fairer on a shared machine),
  and to unpickle it as a worker does. The load is linear in N (issue 23): 10,000 rules in
  under 5 s.
Results go to bench/results/reliability.json (with --rules-only, the memory figures kept).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from batch import CLEANER, ROOT, tree_rss

PARAGRAPH = "The council approved the budget on Monday after a long debate, the mayor said in a statement. "


def write_jsonl(path: Path, records: int, record_bytes: int) -> None:
    text = "\n\n".join([PARAGRAPH * 8] * max(1, record_bytes // (len(PARAGRAPH) * 8 + 2)))
    with path.open("w", encoding="utf-8") as out:
        for number in range(records):
            out.write(json.dumps({"id": number, "url": "https://example.com/a", "text": text}) + "\n")


def peak_memory(source: Path, output: Path) -> tuple[int, float]:
    """Peak resident memory (bytes) of `cleaner clean SOURCE -o OUTPUT -j 2`, and its seconds."""
    process = subprocess.Popen([*CLEANER, str(source), "-o", str(output), "-j", "2"], cwd=ROOT)
    peak, start = 0, time.perf_counter()
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.02)
    assert process.returncode == 0, f"cleaner failed on {source}"
    return peak, time.perf_counter() - start


def rule_file(folder: Path, rules: int) -> Path:
    parts = ['[outlet]\nname = "Many rules"\ndomains = ["many.example"]\n']
    parts += [
        f'\n[[rule]]\nid = "r{n}"\nkind = "line"\nwhy = "furniture {n}"\npattern = \'^Sponsored item {n} (?:here|there)$\'\n'
        for n in range(rules)
    ]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "many.toml"
    path.write_text("".join(parts), encoding="utf-8")
    return path


LOAD = """
import pickle, sys, time
from cleaner import Cleaner
start, cpu = time.perf_counter(), time.process_time()
cleaner = Cleaner([sys.argv[1]])
loaded, cpu = time.perf_counter() - start, time.process_time() - cpu
data = pickle.dumps(cleaner)
print(loaded, cpu, len(cleaner.outlets['many'].rules))
sys.stdout.flush()
open(sys.argv[2], 'wb').write(data)
"""
UNPICKLE = "import pickle, sys, time; import cleaner.pipeline; start = time.perf_counter(); pickle.load(open(sys.argv[1], 'rb')); print(time.perf_counter() - start)"


def rule_load(work: Path, rules: int) -> dict:
    folder = work / f"rules{rules}"
    rule_file(folder, rules)
    done = subprocess.run(
        [sys.executable, "-c", LOAD, str(folder), str(work / "c.pickle")], capture_output=True, text=True, check=True, cwd=ROOT
    )
    seconds, cpu, loaded = done.stdout.split()
    assert int(loaded) == rules
    shared = subprocess.run([sys.executable, "-c", UNPICKLE, str(work / "c.pickle")], capture_output=True, text=True, check=True, cwd=ROOT)
    return {
        "rules": rules,
        "load_s": round(float(seconds), 2),
        "load_cpu_s": round(float(cpu), 2),
        "worker_unpickle_s": round(float(shared.stdout), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=24)
    parser.add_argument("--record-mb", type=float, default=12.5)
    parser.add_argument("--rules", type=int, nargs="*", default=[1000, 2000, 4000, 10000])
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    parser.add_argument("--rules-only", action="store_true", help="measure the rule loads only")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="cleaner-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    out = ROOT / "bench" / "results" / "reliability.json"
    results: dict = {"memory": json.loads(out.read_text())["memory"] if args.rules_only else [], "rule_load": []}
    record_bytes = int(args.record_mb * 1e6)
    for label, records, size in (
        ()
        if args.rules_only
        else (
            ("large records", args.records, record_bytes),
            ("small records", args.records * record_bytes // 5000, 5000),
        )
    ):
        source = work / "in.jsonl"
        write_jsonl(source, records, size)
        peak, seconds = peak_memory(source, work / "out.jsonl")
        results["memory"].append(
            {
                "input": label,
                "records": records,
                "input_mb": round(source.stat().st_size / 1e6),
                "peak_rss_mb": round(peak / 1e6),
                "s": round(seconds, 1),
            }
        )
        print(results["memory"][-1], flush=True)
        source.unlink()
        (work / "out.jsonl").unlink()
    for rules in args.rules:
        results["rule_load"].append(rule_load(work, rules))
        print(results["rule_load"][-1], flush=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
