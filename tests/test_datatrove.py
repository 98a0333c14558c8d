"""The datatrove step in real datatrove pipelines: local executor, bad records, options (the Ray
executor: tests/test_ray.py, with the ray extra)."""

import io
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("datatrove", reason="the datatrove extra: pip install -e '.[test,datatrove]' (the README's test command)")

from conftest import ROOT
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.extractors import Trafilatura
from datatrove.pipeline.readers import JsonlReader, WarcReader
from datatrove.pipeline.writers import JsonlWriter
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaner import Cleaner, RuleFileError
from cleaner.datatrove import CleanerStep

SEEDS = sorted((ROOT / "seeds").glob("*/*.txt"))


def seed_records() -> list[dict]:
    """Each seed twice: with a URL on its outlet's first domain (if it has one), and with no URL
    (outlet by signatures)."""
    outlets = Cleaner().outlets
    records = []
    for path in SEEDS:
        outlet, text = path.parent.name, path.read_text(encoding="utf-8")
        if outlets[outlet].domains:
            url = f"https://www.{outlets[outlet].domains[0]}/2022/01/{path.stem}"
            records.append({"id": f"{outlet}/{path.stem}-url", "text": text, "url": url})
        records.append({"id": f"{outlet}/{path.stem}-bare", "text": text})
    return records


def write_shards(folder: Path, records: list[dict], shards: int) -> Path:
    folder.mkdir(parents=True)
    for shard in range(shards):
        lines = [json.dumps(record) + "\n" for record in records[shard::shards]]
        (folder / f"shard-{shard}.jsonl").write_text("".join(lines), encoding="utf-8")
    return folder


def pipeline(source: Path, output: Path, **options) -> list:
    return [
        JsonlReader(str(source)),
        CleanerStep(**options),
        JsonlWriter(str(output), output_filename="${rank}.jsonl", compression=None),
    ]


def read_output(folder: Path) -> dict[str, dict]:
    documents = [json.loads(line) for path in sorted(folder.glob("*.jsonl")) for line in path.open(encoding="utf-8")]
    return {document["id"]: document for document in documents}


def expected(records: list[dict], cleaner: Cleaner) -> dict[str, tuple]:
    """What the cleaner gives record by record: text, outlet, rules fired."""
    results = {record["id"]: cleaner.clean(record["text"], url=record.get("url")) for record in records}
    return {doc_id: (result.text, result.outlet, result.rules_fired) for doc_id, result in results.items()}


def cleaned(output: dict[str, dict]) -> dict[str, tuple]:
    return {doc_id: (doc["text"], doc["metadata"]["cleaner_outlet"], doc["metadata"]["cleaner_rules"]) for doc_id, doc in output.items()}


def step_stats(logs: Path) -> dict[str, float]:
    """The cleaner step's stats in the executor's merged stats.json, each as its total
    (a count is written as a number, or as {"total": ...} once merged from the tasks' files)."""
    stats = json.loads((logs / "stats.json").read_text(encoding="utf-8"))
    step = next(step["stats"] for step in stats if "cleaner" in step["name"])
    return {label: value if isinstance(value, (int, float)) else value["total"] for label, value in step.items()}


def rules_by_documents(records: list[dict], cleaner: Cleaner) -> Counter:
    return Counter(rule for text, outlet, rules in expected(records, cleaner).values() for rule in rules)


def cli_cleaned(records: list[dict], folder: Path) -> dict[str, tuple]:
    """What `cleaner clean records.jsonl -o out.jsonl` gives: text, outlet, rules fired."""
    source, out = folder / "records.jsonl", folder / "cli.jsonl"
    source.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "cleaner", "clean", str(source), "-o", str(out), "--quiet"], check=True)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return {row["id"]: (row["text"], row["cleaner_outlet"], row["cleaner_rules"]) for row in rows}


def assert_same_as_cleaner(records: list[dict], output: Path, logs: Path) -> None:
    cleaner = Cleaner()
    assert cleaned(read_output(output)) == expected(records, cleaner) == cli_cleaned(records, logs.parent)
    stats = step_stats(logs)
    by_rule = {label.removeprefix("rule/"): count for label, count in stats.items() if label.startswith("rule/")}
    assert by_rule == rules_by_documents(records, cleaner)
    assert stats["cleaned"] + stats.get("unchanged", 0) == len(records)
    assert "failed" not in stats


def test_local_executor_output_and_stats_equal_the_cleaner(tmp_path):
    records = seed_records()
    source = write_shards(tmp_path / "in", records, shards=2)
    logs, output = tmp_path / "logs", tmp_path / "out"
    LocalPipelineExecutor(pipeline(source, output), tasks=2, workers=2, logging_dir=str(logs)).run()
    assert sorted(path.name for path in output.iterdir()) == ["00000.jsonl", "00001.jsonl"]
    assert_same_as_cleaner(records, output, logs)
    outlets = {doc_id: doc["metadata"]["cleaner_outlet"] for doc_id, doc in read_output(output).items()}
    by_url = {doc_id: outlet for doc_id, outlet in outlets.items() if doc_id.endswith("-url")}
    assert by_url and all(outlet == doc_id.split("/")[0] for doc_id, outlet in by_url.items())  # picked by the URL


def run_in_process(tmp_path: Path, records: list[dict], **options) -> tuple[dict[str, dict], dict, Path]:
    """One task in this process: the output by id, the step's stats, and the logging folder."""
    source = write_shards(tmp_path / "in", records, shards=1)
    logs, output = tmp_path / "logs", tmp_path / "out"
    LocalPipelineExecutor(pipeline(source, output, **options), tasks=1, workers=1, logging_dir=str(logs)).run()
    return read_output(output), step_stats(logs), logs


def test_bad_records_are_logged_counted_and_passed_on(tmp_path, breaking_cleaner):
    good = seed_records()[0]
    records = [
        {"id": "list", "text": ["not", "a", "string"]},
        {"id": "blank", "text": "  \n  "},
        {"id": "breaks", "text": "BREAK\n\nShare this article\n"},
        good,
    ]
    output, stats, logs = run_in_process(tmp_path, records)
    assert set(output) == {"list", "blank", "breaks", good["id"]}
    assert output["list"]["text"] == ["not", "a", "string"]
    assert output["list"]["metadata"]["cleaner_error"] == "text is list, not a string"
    assert output["blank"]["metadata"]["cleaner_error"] == "empty document"
    assert output["breaks"]["text"] == "BREAK\n\nShare this article\n"
    assert output["breaks"]["metadata"]["cleaner_error"] == "RuntimeError: a detector broke"
    assert output[good["id"]]["text"] == Cleaner().clean(good["text"], url=good["url"]).text  # no "BREAK": cleaned as it is
    assert stats["failed"] == 3 and stats["cleaned"] == 1
    log = (logs / "logs" / "task_00000.log").read_text(encoding="utf-8")
    for doc_id in ("list", "blank", "breaks"):
        assert f"cleaner: document {doc_id}: " in log
    assert "Traceback" in log and 'raise RuntimeError("a detector broke")' in log  # a bug comes with its traceback


def test_short_documents_go_to_the_exclusion_writer(tmp_path):
    records = seed_records()[:2] + [{"id": "stub", "text": "Share this article\n\nMarkets closed higher.\n"}]
    excluded = tmp_path / "excluded"
    writer = JsonlWriter(str(excluded), output_filename="${rank}.jsonl", compression=None)
    output, stats, _ = run_in_process(tmp_path, records, min_length=100, exclusion_writer=writer)
    assert set(output) == {records[0]["id"], records[1]["id"]}
    stub = read_output(excluded)["stub"]
    assert stub["text"] == "Markets closed higher.\n"  # cleaned before it was measured
    assert stub["metadata"]["filter_reason"] == "too_short"
    assert stub["metadata"]["cleaner_rules"] == ["G006"]
    assert stats["dropped_too_short"] == 1 and stats["forwarded"] == 2


def as_html(text: str) -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in text.split("\n") if line.strip())
    return f"<html><body><article>{paragraphs}</article></body></html>"


def write_warc(path: Path, records: list[dict], html: bool) -> None:
    """The records as HTML responses (a WARC) or as extracted text (a WET), at their URLs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        warc = WARCWriter(stream, gzip=True)
        for record in records:
            if html:
                body = as_html(record["text"])
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
                kind, payload_type = "response", "text/html"
            else:
                body, http, kind, payload_type = record["text"], None, "conversion", "text/plain"
            warc.write_record(
                warc.create_warc_record(
                    record["url"],
                    kind,
                    payload=io.BytesIO(body.encode("utf-8")),
                    http_headers=http,
                    warc_headers_dict={"WARC-Identified-Payload-Type": payload_type},
                )
            )


@pytest.mark.parametrize("html", [True, False], ids=["warc-html", "wet-text"])
def test_warc_pipeline(tmp_path, html):
    records = [record for record in seed_records() if "url" in record]
    write_warc(tmp_path / "in" / "crawl.warc.gz", records, html)
    logs, output = tmp_path / "logs", tmp_path / "out"
    extract = [Trafilatura(favour_precision=True)] if html else []
    steps = [WarcReader(str(tmp_path / "in")), *extract, CleanerStep(), JsonlWriter(str(output), compression=None)]
    LocalPipelineExecutor(steps, tasks=1, logging_dir=str(logs)).run()
    documents = [json.loads(line) for path in output.glob("*.jsonl") for line in path.open(encoding="utf-8")]
    assert len(documents) == len(records)
    cleaner = Cleaner()
    for record, document in zip(records, documents, strict=False):
        text = extract[0].extract(as_html(record["text"])) if html else record["text"]
        assert document["metadata"]["url"] == record["url"]
        assert document["text"] == cleaner.clean(text, url=record["url"]).text
        assert document["metadata"]["cleaner_outlet"] == record["id"].split("/")[0]


def test_options_reach_the_cleaner(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "example.toml").write_text(
        '[outlet]\nname = "Example News"\ndomains = ["example.com"]\n\n'
        '[[rule]]\nid = "kicker"\nkind = "line"\nwhy = "Section label"\npattern = "WORLD NEWS"\nhead = 1\n',
        encoding="utf-8",
    )
    text = "WORLD NEWS\n\nTalks ended without a deal.\n\nShare this article\n\n×\n"
    records = seed_records() + [{"id": "example", "text": text, "url": "https://example.com/talks"}]
    options = {"rules": [str(rules)], "disabled": ["G006"], "guard": 0.2}
    output, _, _ = run_in_process(tmp_path, records, **options)
    configured = Cleaner([rules], disabled=["G006"], guard=0.2)
    assert cleaned(output) == expected(records, configured)
    assert cleaned(output) != expected(records, Cleaner())
    assert output["example"]["metadata"]["cleaner_rules"] == ["G009", "example/kicker"]


def test_a_bad_rule_file_fails_when_the_pipeline_is_built(tmp_path):
    (tmp_path / "broken.toml").write_text("[outlet\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="broken.toml"):
        CleanerStep(rules=[tmp_path])


def test_importing_cleaner_imports_neither_datatrove_nor_ray():
    code = "import sys, cleaner, cleaner.cli; print(cleaner.__file__); print(sorted({'datatrove', 'ray'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    path, imported = done.stdout.splitlines()
    assert Path(path).is_relative_to(ROOT)
    assert imported == "[]"


def test_site_furniture_as_two_pipelines_equals_the_command(tmp_path):
    from sites import corpus

    from cleaner.cli import main
    from cleaner.datatrove import FurnitureCountStep

    records = [{"id": str(n), "text": text, "url": url} for n, (url, text, *_) in enumerate(corpus(sites=3, pages=12))]
    source = write_shards(tmp_path / "in", records, shards=3)
    counts, output = tmp_path / "counts", tmp_path / "out"
    count = [JsonlReader(str(source)), FurnitureCountStep(str(counts))]
    counting = LocalPipelineExecutor(count, tasks=3, workers=2, logging_dir=str(tmp_path / "logs-count"))
    clean = pipeline(source, output, furniture=str(counts))
    LocalPipelineExecutor(clean, tasks=3, workers=2, logging_dir=str(tmp_path / "logs"), depends=counting).run()  # as docs/datatrove.md
    assert sorted(path.name for path in counts.iterdir()) == [f"0000{n}.furniture.npz" for n in range(3)]
    documents = read_output(output)

    whole = tmp_path / "whole.jsonl"
    whole.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    assert main(["clean", str(whole), "-o", str(tmp_path / "cleaned.jsonl"), "--site-furniture", "--quiet", "-j", "1"]) == 0
    cleaned = [json.loads(line) for line in (tmp_path / "cleaned.jsonl").read_text(encoding="utf-8").splitlines()]
    assert any("S001" in record["cleaner_rules"] for record in cleaned)
    for record in cleaned:
        assert documents[record["id"]]["text"] == record["text"]
        assert documents[record["id"]]["metadata"]["cleaner_rules"] == record["cleaner_rules"]


def test_cleaning_before_counting_says_what_is_missing(tmp_path):
    (tmp_path / "counts").mkdir()
    step = CleanerStep(furniture=str(tmp_path / "counts"))
    with pytest.raises(FileNotFoundError, match="run the FurnitureCountStep pipeline first"):
        step.cleaner  # noqa: B018
