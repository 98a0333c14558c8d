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
from cleaner.document import split_lines  # noqa: E402

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
        paragraph
        for path in sorted((ROOT / "golden").glob("*/*.txt"))
        for paragraph in path.read_text(encoding="utf-8").split("\n\n")
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


def local(source: Path, work: Path, tasks: int, workers: int) -> float:
    run = work / f"local-{workers}"
    executor = LocalPipelineExecutor(pipeline(source, run / "out"), tasks=tasks, workers=workers, logging_dir=str(run / "logs"))
    return timed(executor.run)


def ray_run(source: Path, work: Path, name: str, tasks: int, workers: int) -> float:
    run = work / name
    executor = RayPipelineExecutor(
        pipeline(source, run / "out"), tasks=tasks, workers=workers, logging_dir=str(run / "logs"), mem_per_cpu_gb=0.5
    )
    return timed(executor.run)


def cli(corpus: Path, work: Path, jobs: int) -> float:
    command = [sys.executable, "-m", "cleaner", "clean", str(corpus), "-o", str(work / f"cli-{jobs}.jsonl"), f"-j{jobs}", "--quiet"]
    return timed(lambda: subprocess.run(command, check=True, cwd=ROOT))


def report(label: str, seconds: float, size: int) -> None:
    """One line of figures, with the load average: other work on the machine skews them."""
    print(f"{label:<44} {seconds:7.1f} s  {size / MB / seconds:6.2f} MB/s  (load {os.getloadavg()[0]:.1f})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, default=200, help="corpus size in MB (default %(default)s)")
    parser.add_argument("--shards", type=int, default=8, help="JSONL files, one datatrove task each (default %(default)s)")
    parser.add_argument("--workdir", type=Path, help="where the corpus and outputs go (default: a temporary folder)")
    parser.add_argument("--no-cli", dest="cli", action="store_false", help="skip the cleaner clean -j1/-j2 runs")
    parser.add_argument("--no-ray", dest="ray", action="store_false", help="skip the Ray runs")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="datatrove-scale-", dir=args.workdir))
    try:
        source = work / "corpus"
        size, count = build_corpus(source, args.mb, args.shards)
        print(f"corpus: {size / MB:.0f} MB, {count} documents in {args.shards} JSONL files, {work}", flush=True)
        for workers in (1, 2):
            report(f"LocalPipelineExecutor, {args.shards} tasks, {workers} worker(s)", local(source, work, args.shards, workers), size)
        if args.cli:
            corpus = work / "corpus.jsonl"
            with corpus.open("wb") as joined:
                for shard in sorted(source.iterdir()):
                    joined.write(shard.read_bytes())
            for jobs in (1, 2):
                report(f"cleaner clean -j{jobs} (one JSONL file)", cli(corpus, work, jobs), size)
        if args.ray:
            measure_ray(source, work, args.shards, size)
    finally:
        shutil.rmtree(work)


def measure_ray(source: Path, work: Path, shards: int, size: int) -> None:
    """Ray's costs: starting a local instance, then a run over a tiny input (10 documents a shard,
    so nearly all of it is overhead) against the local executor on the same, then the full corpus."""
    import ray

    tiny = work / "tiny"
    tiny.mkdir()
    for shard in sorted(source.iterdir()):
        with shard.open("rb") as stream:
            (tiny / shard.name).write_bytes(b"".join(stream.readline() for _ in range(10)))
    started = timed(lambda: ray.init(num_cpus=2, include_dashboard=False))
    print(f"{'ray.init(num_cpus=2)':<44} {started:7.1f} s", flush=True)
    try:
        on_ray = ray_run(tiny, work, "tiny-ray", tasks=shards, workers=2)
        on_local = local(tiny, work / "tiny-local", tasks=shards, workers=2)
        print(f"{f'{shards} x 10 documents, {shards} tasks, 2 workers':<44} {on_ray:7.1f} s on Ray, {on_local:.1f} s local", flush=True)
        report(f"RayPipelineExecutor, {shards} tasks, 2 workers", ray_run(source, work, "ray-2", tasks=shards, workers=2), size)
    finally:
        ray.shutdown()


if __name__ == "__main__":
    main()
