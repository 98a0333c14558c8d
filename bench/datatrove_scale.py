"""How the datatrove step scales: ~200 MB of JSONL through LocalPipelineExecutor with 1 and 2
workers, the same through the CLI (-j1, -j2) and through RayPipelineExecutor, and what starting
Ray and a Ray run cost on a tiny input.

    python bench/datatrove_scale.py [--mb 200] [--shards 8] [--workdir DIR] [--no-cli] [--no-ray]

The corpus is the seeds recombined: every document is one outlet's seed page, furniture in place,
with its article paragraphs replaced by paragraphs from all the seeds' goldens, taken in turn.
Deterministic, and every document keeps its outlet's furniture and URL. Outputs are uncompressed
JSONL in every run, so that the runs write the same bytes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from itertools import cycle
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from datatrove.executor import LocalPipelineExecutor, RayPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from cleaner import Cleaner  # noqa: E402
from cleaner.datatrove import CleanerStep  # noqa: E402
from cleaner.text import split_lines  # noqa: E402

MB = 1_000_000


def templates(cleaner: Cleaner) -> list[tuple[list[str | None], str]]:
    """Each seed as its lines, article lines replaced by None (slots), and its outlet's URL."""
    result = []
    for path in sorted((ROOT / "seeds").glob("*/*.txt")):
        text, outlet = path.read_text(encoding="utf-8"), path.parent.name
        url = f"https://www.{cleaner.outlets[outlet].domains[0]}/2022/01/"
        removed = {n for r in cleaner.clean(text, url=url).removals for n in range(r.first_line, r.last_line + 1)}
        lines = [line if number in removed or not line.strip() else None for number, line in enumerate(split_lines(text), 1)]
        result.append((lines, url))
    return result


def documents(cleaner: Cleaner) -> Iterator[dict]:
    """Endless, deterministic documents: seed furniture around paragraphs from all the goldens."""
    paragraphs = cycle(
        paragraph for path in sorted((ROOT / "golden").glob("*/*.txt")) for paragraph in path.read_text(encoding="utf-8").split("\n\n")
    )
    for number, (lines, url) in enumerate(cycle(templates(cleaner))):
        text = "\n".join(next(paragraphs) if line is None else line for line in lines)
        yield {"id": f"doc-{number}", "text": text, "url": f"{url}story-{number}"}


def build_corpus(folder: Path, megabytes: int, shards: int) -> tuple[int, int]:
    """``shards`` JSONL files of ``megabytes`` MB in all; returns the bytes and documents written."""
    folder.mkdir(parents=True)
    streams = [(folder / f"shard-{n:03d}.jsonl").open("wb") for n in range(shards)]
    written = 0
    for number, record in enumerate(documents(Cleaner())):
        if written >= megabytes * MB:
            break
        line = json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"
        streams[number % shards].write(line)
        written += len(line)
    for stream in streams:
        stream.close()
    return written, number


def pipeline(source: Path, output: Path) -> list:
    return [JsonlReader(str(source)), CleanerStep(), JsonlWriter(str(output), output_filename="${rank}.jsonl", compression=None)]


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


class Runs:
    """Times runs, each into a fresh folder (datatrove skips tasks it finds done), and keeps each
    kind's best time: on a shared machine the fastest of several runs is the least disturbed."""

    def __init__(self, work: Path, size: int):
        self.work, self.size = work, size
        self.best: dict[str, float] = {}
        self.count = 0

    def folder(self) -> Path:
        self.count += 1
        return self.work / "runs" / str(self.count)

    def record(self, label: str, seconds: float, rate: bool = True) -> None:
        self.best[label] = min(seconds, self.best.get(label, seconds))
        throughput = f"{self.size / MB / seconds:6.2f} MB/s" if rate else " " * 11
        print(f"{label:<46} {seconds:7.1f} s  {throughput}  (load {os.getloadavg()[0]:.1f})", flush=True)

    def local(self, source: Path, tasks: int, workers: int) -> float:
        run = self.folder()
        executor = LocalPipelineExecutor(pipeline(source, run / "out"), tasks=tasks, workers=workers, logging_dir=str(run / "logs"))
        return timed(executor.run)

    def ray(self, source: Path, tasks: int, workers: int) -> float:
        run = self.folder()
        executor = RayPipelineExecutor(
            pipeline(source, run / "out"), tasks=tasks, workers=workers, logging_dir=str(run / "logs"), mem_per_cpu_gb=0.5
        )
        return timed(executor.run)

    def cli(self, corpus: Path, jobs: int) -> float:
        output = self.folder() / "out.jsonl"
        command = [sys.executable, "-m", "cleaner", "clean", str(corpus), "-o", str(output), f"-j{jobs}", "--quiet"]
        return timed(lambda: subprocess.run(command, check=True, cwd=ROOT))

    def summary(self) -> None:
        print("\nbest of each:")
        for label, seconds in self.best.items():
            rate = "ray.init" not in label and "x 10 documents" not in label
            print(f"{label:<46} {seconds:7.1f} s" + (f"  {self.size / MB / seconds:6.2f} MB/s" if rate else ""))


def one_file(source: Path, corpus: Path) -> None:
    """The shards joined, for the CLI, which reads one JSONL file."""
    with corpus.open("wb") as joined:
        for shard in sorted(source.iterdir()):
            joined.write(shard.read_bytes())


def tiny_copy(source: Path, tiny: Path, documents: int = 10) -> None:
    """The first documents of each shard: a run over them is nearly all overhead."""
    tiny.mkdir()
    for shard in sorted(source.iterdir()):
        with shard.open("rb") as stream:
            (tiny / shard.name).write_bytes(b"".join(stream.readline() for _ in range(documents)))


def measure_ray(runs: Runs, source: Path, tiny: Path, shards: int) -> None:
    """Starting a local Ray, a run over the tiny input (against the local executor's), the corpus."""
    import ray

    runs.record("ray.init(num_cpus=2)", timed(lambda: ray.init(num_cpus=2, include_dashboard=False)), rate=False)
    try:
        runs.record(f"{shards} x 10 documents on Ray, 2 workers", runs.ray(tiny, shards, 2), rate=False)
        runs.record(f"{shards} x 10 documents locally, 2 workers", runs.local(tiny, shards, 2), rate=False)
        runs.record(f"RayPipelineExecutor, {shards} tasks, 2 workers", runs.ray(source, shards, 2))
    finally:
        ray.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, default=200, help="corpus size in MB (default %(default)s)")
    parser.add_argument("--shards", type=int, default=8, help="JSONL files, one datatrove task each (default %(default)s)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of runs; the best of each is summed up (default %(default)s)")
    parser.add_argument("--workdir", type=Path, help="where the corpus and outputs go (default: a temporary folder)")
    parser.add_argument("--no-cli", dest="cli", action="store_false", help="skip the cleaner clean -j1/-j2 runs")
    parser.add_argument("--no-ray", dest="ray", action="store_false", help="skip the Ray runs")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="datatrove-scale-", dir=args.workdir))
    try:
        source, corpus, tiny = work / "corpus", work / "corpus.jsonl", work / "tiny"
        size, count = build_corpus(source, args.mb, args.shards)
        one_file(source, corpus)
        tiny_copy(source, tiny)
        print(f"corpus: {size / MB:.0f} MB, {count} documents in {args.shards} JSONL files, {work}", flush=True)
        runs = Runs(work, size)
        for _ in range(args.repeat):
            for workers in (1, 2):
                runs.record(f"LocalPipelineExecutor, {args.shards} tasks, {workers} worker(s)", runs.local(source, args.shards, workers))
            if args.cli:
                for jobs in (1, 2):
                    runs.record(f"cleaner clean -j{jobs} (one JSONL file)", runs.cli(corpus, jobs))
            if args.ray:
                measure_ray(runs, source, tiny, args.shards)
            shutil.rmtree(work / "runs", ignore_errors=True)
        if args.repeat > 1:
            runs.summary()
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
