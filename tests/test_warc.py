"""Web archives: WARCs written here with warcio, read back by cleaner.warc.

HTML responses become cleaned pages; other records are skipped and counted; a broken
record is reported with its offset and the records after it are still cleaned.
"""

import gzip
import io
import json

import pytest
from conftest import ROOT
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaner.cli import main
from cleaner.html import clean_html
from cleaner.warc import WarcPage, WarcProblem, iter_warc

FIXTURES = ROOT / "tests" / "fixtures" / "html"
PAGE = {name: (FIXTURES / f"{name}.html").read_bytes() for name in ("bbc", "chinadaily", "eurasiareview", "moscowtimes")}
URL = {
    "moscowtimes": "https://www.themoscowtimes.com/2024/03/28/siberian-regions-brace-for-record-spring-floods-a84671",
    "bbc": "https://www.bbc.co.uk/news/uk-england-62412345",
    "chinadaily": "https://www.chinadaily.com.cn/a/202405/14/WS6642c1a3a31082fc043c7d11.html",
    "eurasiareview": "https://www.eurasiareview.com/12022024-study-finds-mangroves-store-more-carbon-than-thought/",
}
CYRILLIC = "Москва заявила во вторник, что переговоры не дали поводов для оптимизма."


def response(writer, url, payload, headers, status="200 OK"):
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=http))


def build_warc(gzipped: bool) -> bytes:
    """A crawl: HTML pages served in several ways, and the records a crawler writes around them."""
    stream = io.BytesIO()
    writer = WARCWriter(stream, gzip=gzipped)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "cleaner tests"}))
    request = StatusAndHeaders("GET /news HTTP/1.1", [("Host", "www.bbc.co.uk")], is_http_request=True)
    writer.write_record(writer.create_warc_record(URL["bbc"], "request", payload=io.BytesIO(b""), http_headers=request))
    response(writer, URL["moscowtimes"], PAGE["moscowtimes"], [("Content-Type", "text/html; charset=utf-8")])
    response(writer, URL["bbc"], gzip.compress(PAGE["bbc"]), [("Content-Type", "text/html"), ("Content-Encoding", "gzip")])
    response(writer, "https://www.bbc.co.uk/news", b"", [("Location", URL["bbc"])], status="301 Moved Permanently")
    response(writer, "https://www.bbc.co.uk/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), [("Content-Type", "image/png")])
    response(writer, URL["chinadaily"], PAGE["chinadaily"], [("Content-Type", "application/octet-stream")])
    response(writer, "https://www.bbc.co.uk/api/feed", b'{"items": []}', [("Content-Type", "text/html")])
    cyrillic_page = f"<html><head><title>Переговоры</title></head><body><article><p>{CYRILLIC}</p></article></body></html>"
    response(writer, "https://example.ru/news/1", cyrillic_page.encode("cp1251"), [("Content-Type", "text/html; charset=windows-1251")])
    writer.write_record(
        writer.create_warc_record(
            URL["eurasiareview"], "resource", payload=io.BytesIO(PAGE["eurasiareview"]), warc_content_type="text/html"
        )
    )
    writer.write_record(
        writer.create_warc_record(URL["bbc"], "metadata", payload=io.BytesIO(b"outlinks: 12"), warc_content_type="text/plain")
    )
    return stream.getvalue()


@pytest.fixture(params=[True, False], ids=["warc.gz", "warc"])
def archive(request, tmp_path):
    path = tmp_path / ("crawl.warc.gz" if request.param else "crawl.warc")
    path.write_bytes(build_warc(request.param))
    return path


def pages(entries):
    return [entry for entry in entries if isinstance(entry, WarcPage)]


def problems(entries, kind):
    return [entry for entry in entries if isinstance(entry, WarcProblem) and entry.kind == kind]


def test_html_responses_are_cleaned_and_the_rest_skipped(archive, cleaner):
    entries = list(iter_warc(cleaner, archive))
    assert [(page.url, page.page.outlet) for page in pages(entries)] == [
        (URL["moscowtimes"], "moscowtimes"),
        (URL["bbc"], "bbc"),
        (URL["chinadaily"], "chinadaily"),  # served as octet-stream: recognised by its content
        ("https://example.ru/news/1", None),
        (URL["eurasiareview"], "eurasiareview"),
    ]
    assert sorted(problem.reason for problem in problems(entries, "skipped")) == [
        "HTTP status 301",
        "metadata record",
        "not HTML (image/png)",
        "request record",
        "warcinfo record",
    ]
    (failed,) = problems(entries, "failed")
    assert failed.url == "https://www.bbc.co.uk/api/feed" and "not an HTML page" in failed.reason
    assert not problems(entries, "broken")


def test_a_page_cleans_as_it_does_outside_the_archive(archive, cleaner):
    by_url = {page.url: page for page in pages(iter_warc(cleaner, archive))}
    for name in ("moscowtimes", "bbc", "chinadaily"):
        assert by_url[URL[name]].page.text == clean_html(cleaner, PAGE[name], url=URL[name]).text
    assert CYRILLIC in by_url["https://example.ru/news/1"].page.text  # charset from the HTTP header


def test_offsets_and_record_ids_point_at_the_records(archive, cleaner):
    data = archive.read_bytes()
    for entry in iter_warc(cleaner, archive):
        head = data[entry.offset :]
        record = gzip.GzipFile(fileobj=io.BytesIO(head)).read(4096) if archive.suffix == ".gz" else head[:4096]
        assert record.startswith(b"WARC/1.")
        assert entry.record_id.encode() in record


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_warc_to_jsonl(archive, tmp_path, capsys, jobs):
    """The command line's JSONL of pages, the same with one job or a pool of them."""
    report = tmp_path / "report.json"
    assert main(["clean", str(archive), "-o", str(tmp_path / "out.jsonl"), "-j", jobs, "--report", str(report)]) == 1  # one is no page
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    summary = json.loads(report.read_text())
    assert len(lines) == summary["pages"] == 5
    first = lines[0]
    assert {"url", "date", "outlet", "title", "text", "removals"} <= set(first)
    assert (first["url"], first["outlet"], first["date"]) == (URL["moscowtimes"], "moscowtimes", "2024-03-28")
    assert first["title"] == "Siberian Regions Brace for Record Spring Floods"
    assert first["text"].startswith("Siberian Regions Brace for Record Spring Floods\n\nOfficials in three regions ")
    assert first["warc_record_id"].startswith("<urn:uuid:")
    assert any(CYRILLIC in line["text"] for line in lines)  # decoded with its HTTP charset
    assert sum(summary["skipped"].values()) == 5 and len(summary["failed"]) == 1 and not summary["broken"]
    assert "5 pages cleaned, 5 skipped, 1 failed, 0 broken" in capsys.readouterr().err


def test_an_interrupted_archive_is_finished_by_resume(archive, tmp_path, monkeypatch, capsys):
    from conftest import interrupted

    whole, output = tmp_path / "whole.jsonl", tmp_path / "out.jsonl"
    assert main(["clean", str(archive), "-o", str(whole), "-j", "1", "--quiet"]) == 1
    argv = ["clean", str(archive), "-o", str(output), "-j", "2", "--quiet"]
    interrupted(monkeypatch, argv)
    assert not output.exists() and "to finish the job: cleaner clean" in capsys.readouterr().err
    assert main([*argv[:-1], "--resume"]) == 1  # the page that is no page fails again
    assert ", 2 already done" in capsys.readouterr().err
    assert output.read_bytes() == whole.read_bytes()
    assert not list(tmp_path.glob("out.jsonl.*"))  # the partial output, its resume log and lock are gone
    assert main(["clean", str(archive), "--resume"]) == 2
    assert "--resume needs -o OUTPUT" in capsys.readouterr().err


def record_offsets(path, cleaner):
    return [entry.offset for entry in iter_warc(cleaner, path)]


@pytest.mark.parametrize("damage", ["garbage header", "flipped bytes"])
def test_a_broken_record_is_reported_and_the_rest_completes(archive, cleaner, damage):
    offsets = record_offsets(archive, cleaner)
    data = archive.read_bytes()
    third = offsets[3]  # the BBC page
    if damage == "garbage header":
        broken = data[:third] + b"NOT A WARC RECORD\r\n" * 8 + data[third + 60 :]
    else:
        broken = data[: third + 400] + bytes(b ^ 0x5A for b in data[third + 400 : third + 480]) + data[third + 480 :]
    archive.write_bytes(broken)
    entries = list(iter_warc(cleaner, archive))
    (problem,) = problems(entries, "broken")
    assert problem.offset == third
    assert URL["bbc"] not in [page.url for page in pages(entries)]
    assert [page.url for page in pages(entries)][-2:] == ["https://example.ru/news/1", URL["eurasiareview"]]
    assert len(pages(entries)) == 4


def test_a_truncated_archive_keeps_the_records_before_the_cut(archive, cleaner):
    offsets = record_offsets(archive, cleaner)
    data = archive.read_bytes()
    cut = offsets[6] + 700  # inside the China Daily page
    archive.write_bytes(data[:cut])
    entries = list(iter_warc(cleaner, archive))
    assert [page.url for page in pages(entries)] == [URL["moscowtimes"], URL["bbc"]]
    (problem,) = problems(entries, "broken")
    assert problem.offset == offsets[6]


@pytest.mark.parametrize(
    "content",
    [b"", b"<!DOCTYPE html><html><body><p>A page, not an archive.</p></body></html>", gzip.compress(b"just text\n")],
    ids=["empty", "html", "gzip of text"],
)
def test_a_file_that_is_no_warc_gives_a_problem_not_a_crash(tmp_path, cleaner, content):
    path = tmp_path / "not.warc.gz"
    path.write_bytes(content)
    entries = list(iter_warc(cleaner, path))
    assert not pages(entries)
    assert all(entry.kind == "broken" and entry.offset == 0 for entry in entries)
    assert len(entries) == (1 if content else 0)
