"""``cleaner clean --site-furniture``: folders, JSONL (plain and gzip) and web archives, in two passes."""

from __future__ import annotations

import gzip
import html
import io
import json
import random

import pytest
from conftest import interrupted
from sites import WIRE, corpus, template
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaner import Cleaner
from cleaner.cli import main

DOCUMENTS = corpus(sites=3, pages=12)
#: Template lines in every page of their site (the rotating teasers are left out: some are rare).
EVERYWHERE = {line for _, _, furniture, _ in DOCUMENTS for line in furniture if not line.startswith("Read next")}


def write_jsonl(path, documents):
    lines = [json.dumps({"id": n, "url": url, "text": text}) + "\n" for n, (url, text, *_) in documents]
    data = "".join(lines).encode()
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)


def read_jsonl(path):
    data = path.read_bytes()
    return {record["id"]: record for record in map(json.loads, (gzip.decompress(data) if path.suffix == ".gz" else data).splitlines())}


def check(texts: dict[int, str]) -> None:
    """Every template line is gone, every article line kept, the wire story whole."""
    for n, (url, _, _, article) in enumerate(DOCUMENTS):
        kept = set(texts[n].splitlines())
        assert set(article) <= kept, url
        assert not kept & EVERYWHERE, (url, kept & EVERYWHERE)
    assert all(line in texts[len(DOCUMENTS) - 1] for line in WIRE)


@pytest.mark.parametrize("name", ["corpus.jsonl", "corpus.jsonl.gz"])
def test_jsonl(tmp_path, name):
    source = tmp_path / name
    write_jsonl(source, list(enumerate(DOCUMENTS)))
    output = tmp_path / f"out-{name}"
    assert main(["clean", str(source), "-o", str(output), "--site-furniture", "--quiet", "-j", "1"]) == 0
    records = read_jsonl(output)
    check({n: record["text"] for n, record in records.items()})
    assert "S001" in records[0]["cleaner_rules"]
    assert (tmp_path / f"out-{name}.furniture.npz").is_file()


def test_the_output_is_the_same_for_any_order_and_any_jobs(tmp_path):
    numbered = list(enumerate(DOCUMENTS))
    shuffled = numbered[:]
    random.Random(3).shuffle(shuffled)
    outputs = []
    for n, (documents, jobs) in enumerate([(numbered, "1"), (shuffled, "2"), (shuffled[::-1], "1")]):
        write_jsonl(tmp_path / f"in{n}.jsonl", documents)
        assert (
            main(
                ["clean", str(tmp_path / f"in{n}.jsonl"), "-o", str(tmp_path / f"out{n}.jsonl"), "--site-furniture", "--quiet", "-j", jobs]
            )
            == 0
        )
        outputs.append(read_jsonl(tmp_path / f"out{n}.jsonl"))
    assert outputs[0] == outputs[1] == outputs[2]


def test_a_folder_learns_each_subfolder_as_a_site(tmp_path):
    source = tmp_path / "scraped"
    for n, (url, text, *_) in enumerate(DOCUMENTS):
        site = url.split("/")[2]
        (source / site).mkdir(parents=True, exist_ok=True)
        (source / site / f"{n:03d}.txt").write_text(text)
    assert main(["clean", str(source), "-o", str(tmp_path / "out"), "--site-furniture", "--quiet", "-j", "2"]) == 0
    texts = {int(path.stem): path.read_text() for path in (tmp_path / "out").rglob("*.txt")}
    check(texts)
    assert (tmp_path / "out" / ".cleaner-furniture.npz").is_file()


def test_a_folder_of_several_outlets_is_no_site_for_its_unknown_files(tmp_path):
    """One folder, four sites' pages, no URLs: the two outlets a rule file knows (by signature)
    learn their furniture; the pages of the two others are not lumped together as "the folder"."""
    rules = tmp_path / "rules"
    rules.mkdir()
    for site in (0, 1):
        name = template(site)["top"][1]
        (rules / f"site{site}.toml").write_text(f'[outlet]\nname = "{name}"\nsignatures = ["{name}"]\n', encoding="utf-8")
    source = tmp_path / "scraped"
    source.mkdir()
    documents = corpus(sites=4, pages=12)
    for n, (_, text, *_) in enumerate(documents):
        (source / f"{n:03d}.txt").write_text(text)
    out = tmp_path / "out"
    assert (
        main(["clean", str(source), "-o", str(out), "--site-furniture", "--rules", str(rules), "--quiet", "-j", "1", "--ignore", "G"]) == 0
    )
    for n, (url, _, furniture, article) in enumerate(documents):
        kept = set((out / f"{n:03d}.txt").read_text().splitlines())
        assert set(article) <= kept, url
        if "site0" in url or "site1" in url:
            assert not set(furniture[:2]) & kept, url  # the masthead goes
        else:  # "Home", "News", "Contact us": the unknown sites share them, but no site was learned for them
            assert set(furniture) <= kept, url


def test_resume_reuses_the_saved_counts(tmp_path, capsys, monkeypatch):
    source = tmp_path / "corpus.jsonl"
    write_jsonl(source, list(enumerate(DOCUMENTS)))
    argv = ["clean", str(source), "-o", str(tmp_path / "whole.jsonl"), "--site-furniture", "-j", "1"]
    assert main(argv) == 0
    assert "reused" not in capsys.readouterr().err
    argv[3] = str(tmp_path / "out.jsonl")
    interrupted(monkeypatch, argv, after=5)  # Ctrl-C once five records are done
    assert (tmp_path / "out.jsonl.furniture.npz").is_file() and not (tmp_path / "out.jsonl").exists()
    capsys.readouterr()
    assert main([*argv, "--resume"]) == 0
    assert "reused" in capsys.readouterr().err
    assert (tmp_path / "out.jsonl").read_bytes() == (tmp_path / "whole.jsonl").read_bytes()
    assert main([*argv, "--resume", "--furniture-min-documents", "2"]) == 0  # the saved counts lack those in 2 documents
    assert "reused" not in capsys.readouterr().err


def test_a_web_archive(tmp_path):
    stream = io.BytesIO()
    writer = WARCWriter(stream, gzip=True)
    for url, text, *_ in DOCUMENTS:
        paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n\n") if line.strip())
        page = f"<html><head><title>page</title></head><body><article>{paragraphs}</article></body></html>".encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(page), http_headers=http))
    (tmp_path / "crawl.warc.gz").write_bytes(stream.getvalue())
    assert main(["clean", str(tmp_path / "crawl.warc.gz"), "-o", str(tmp_path / "pages.jsonl"), "--site-furniture", "--quiet"]) == 0
    pages = [json.loads(line) for line in (tmp_path / "pages.jsonl").read_text().splitlines()]
    assert len(pages) == len(DOCUMENTS)
    assert any(removal["rule"] == "S001" for removal in pages[0]["removals"])
    check({n: page["text"] for n, page in enumerate(pages)})


def test_stdin_is_refused(capsys):
    assert main(["clean", "-", "--site-furniture"]) == 2
    assert "not stdin" in capsys.readouterr().err


def test_learn_corpus_proposes_a_rule_file_per_site(tmp_path, capsys):
    """Each page also has a "Read more" teaser of its own, which G002 takes: the rule files' cases, run
    with the outlets' rules alone, still pass `rules check` as written."""
    source = tmp_path / "corpus.jsonl"
    teased = [(url, f"Read more: the ferry timetable changes, part {n}\n\n{text}", *rest) for n, (url, text, *rest) in enumerate(DOCUMENTS)]
    write_jsonl(source, list(enumerate(teased)))
    with source.open("a") as stream:
        stream.write("not json\n")
    assert main(["learn", "--corpus", str(source), "-o", str(tmp_path / "proposed")]) == 1  # the bad line is reported
    assert f"{source}:{len(DOCUMENTS) + 1}: not valid JSON" in capsys.readouterr().err
    files = sorted(path.name for path in (tmp_path / "proposed").iterdir())
    assert files == ["site0-news-com.toml", "site1-news-com.toml", "site2-news-com.toml"]
    cleaner = Cleaner([tmp_path / "proposed"], builtin=False)
    url, text, furniture, article = DOCUMENTS[13]
    result = cleaner.clean(text, url=url)
    assert result.outlet == "site1-news-com"
    kept = set(result.text.splitlines())
    assert set(article) <= kept and not kept & EVERYWHERE
    capsys.readouterr()
    assert main(["rules", "check", str(tmp_path / "proposed")]) == 0, capsys.readouterr().out  # as written


def test_learn_corpus_for_a_builtin_outlet_keeps_its_domains_and_says_it_would_replace_it(tmp_path, capsys):
    source = tmp_path / "corpus.jsonl"
    bbc = [(url.replace("www.site0-news.com", "www.bbc.co.uk"), *rest) for url, *rest in DOCUMENTS if "site0" in url]
    write_jsonl(source, list(enumerate(bbc)))
    assert main(["learn", "--corpus", str(source), "-o", str(tmp_path / "proposed")]) == 0
    learned, builtin = tmp_path / "proposed" / "bbc.toml", Cleaner().outlets["bbc"]
    assert f"{learned} is a proposal for the outlet 'bbc' of {builtin.path}" in capsys.readouterr().err
    with pytest.warns(UserWarning, match=f"{learned}: replaces the outlet 'bbc' of {builtin.path}"):
        outlet = Cleaner([learned.parent]).outlets["bbc"]
    assert (outlet.name, outlet.domains) == (builtin.name, builtin.domains)


def test_learn_needs_a_folder_and_an_outlet_or_a_corpus(capsys):
    assert main(["learn"]) == 2
    assert "--corpus" in capsys.readouterr().err
