"""HTML pages and web archives through the command line."""

import gzip
import json
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT
from test_warc import URL, build_warc

from cleaner import Cleaner
from cleaner.cli import main
from cleaner.html import clean_html

FIXTURES = ROOT / "tests" / "fixtures" / "html"


def expected(name: str) -> str:
    return (FIXTURES / f"{name}.expected.txt").read_text(encoding="utf-8")


def test_html_file_to_stdout(capsys):
    assert main(["clean", str(FIXTURES / "moscowtimes.html"), "--url", URL["moscowtimes"]]) == 0
    assert capsys.readouterr().out == expected("moscowtimes")


def test_html_recognised_by_content_on_stdin():
    page = (FIXTURES / "bbc.html").read_bytes()
    done = subprocess.run([sys.executable, "-m", "cleaner", "clean", "-", "--url", URL["bbc"]], input=page, capture_output=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode("utf-8") == expected("bbc")


def test_folder_of_pages_becomes_text_files(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(FIXTURES / "chinadaily.html", pages / "chinadaily.html")
    (pages / "eurasiareview.html.gz").write_bytes(gzip.compress((FIXTURES / "eurasiareview.html").read_bytes()))
    (pages / "note.txt").write_text("Fire contained\n\nCrews contained the fire on Sunday.\n\nRead more\n")
    assert main(["clean", str(pages), "-o", str(tmp_path / "out"), "--quiet"]) == 0
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == ["chinadaily.txt", "eurasiareview.txt", "note.txt"]
    assert (out / "chinadaily.txt").read_text(encoding="utf-8") == expected("chinadaily")
    assert (out / "eurasiareview.txt").read_text(encoding="utf-8") == expected("eurasiareview")


def test_format_json_carries_metadata_and_removals(capsys):
    assert main(["clean", str(FIXTURES / "moscowtimes.html"), "--url", URL["moscowtimes"], "--format", "json"]) == 0
    page = json.loads(capsys.readouterr().out)
    assert page["url"] == URL["moscowtimes"] and page["outlet"] == "moscowtimes"
    assert page["title"] and page["date"]
    assert page["text"] == expected("moscowtimes")
    assert all({"rule", "why", "first_line", "last_line", "text"} <= set(removal) for removal in page["removals"])
    from_python = clean_html(Cleaner(), (FIXTURES / "moscowtimes.html").read_bytes(), url=URL["moscowtimes"]).to_json()
    assert page == from_python  # one JSON shape of a cleaned document, whichever way it is made


@pytest.mark.parametrize(
    ("output", "options", "shown"),
    [
        ("page.txt", [], False),
        ("page.md", ["--format", "markdown"], False),
        ("page.json", ["--format", "json"], True),
        ("out.jsonl", [], True),  # annotated: cleaner_date
        ("out.jsonl", ["--no-annotate"], False),
        ("out.jsonl", ["--format", "json", "--no-annotate"], False),
    ],
)
def test_a_pages_date_and_author_are_searched_for_only_where_the_output_shows_them(tmp_path, monkeypatch, output, options, shown):
    import trafilatura.metadata

    searches = []
    find_date = trafilatura.metadata.find_date

    def recorded(tree, **settings):
        searches.append(settings["extensive_search"])
        return find_date(tree, **settings)

    monkeypatch.setattr(trafilatura.metadata, "find_date", recorded)
    page = str(FIXTURES / "moscowtimes.html")
    assert main(["clean", page, "--url", URL["moscowtimes"], "-o", str(tmp_path / output), "-j1", "--quiet", *options]) == 0
    assert searches == ([True] if shown else [])  # extensive, or none at all
    written = (tmp_path / output).read_text(encoding="utf-8")
    assert ('"2024-03-28"' in written) == shown  # the page's date, where the output has a place for it
    assert ("Anna Petrova" in written) == shown  # and its author


def test_in_place_refuses_html_pages(tmp_path, capsys):
    page = tmp_path / "page.html"
    shutil.copy(FIXTURES / "bbc.html", page)
    assert main(["clean", str(tmp_path), "--in-place", "--include", "*.html", "--quiet"]) == 1
    assert "not rewritten in place" in capsys.readouterr().err
    assert page.read_bytes() == (FIXTURES / "bbc.html").read_bytes()


def test_jsonl_records_holding_html(tmp_path):
    rows = [
        {"id": name, "url": URL[name], "html": (FIXTURES / f"{name}.html").read_text(encoding="utf-8")} for name in ("bbc", "moscowtimes")
    ]
    source = tmp_path / "pages.jsonl"
    source.write_text("".join(json.dumps(row) + "\n" for row in rows))
    assert main(["clean", str(source), "-o", str(tmp_path / "out.jsonl"), "--html-field", "html", "--quiet"]) == 0
    out = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [row["text"] for row in out] == [expected("bbc"), expected("moscowtimes")]
    assert out[0]["cleaner_outlet"] == "bbc" and out[0]["cleaner_title"]
    assert out[0]["html"] == rows[0]["html"]


def test_warc_to_jsonl(tmp_path, capsys):
    archive = tmp_path / "crawl.warc.gz"
    archive.write_bytes(build_warc(gzipped=True))
    assert main(["clean", str(archive), "-o", str(tmp_path / "out.jsonl")]) == 1  # one record is not HTML
    pages = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    by_url = {page["url"]: page for page in pages}
    assert by_url[URL["moscowtimes"]]["text"] == expected("moscowtimes")
    assert {"url", "date", "outlet", "title", "text", "removals"} <= set(pages[0])
    err = capsys.readouterr().err
    assert "5 pages cleaned, 5 skipped, 1 failed, 0 broken" in err
    assert "https://www.bbc.co.uk/api/feed): not an HTML page" in err


def test_broken_warc_record_is_reported_and_the_rest_completes(tmp_path, capsys):
    data = build_warc(gzipped=False)
    cut = data.index(b"WARC/1", data.index(URL["moscowtimes"].encode()))
    archive = tmp_path / "crawl.warc"
    archive.write_bytes(data[: cut + 200] + b"\x00garbage\x00" + data[cut + 200 :])
    code = main(["clean", str(archive), "-o", str(tmp_path / "out.jsonl")])
    err = capsys.readouterr().err
    assert code == 1 and "broken" in err
    assert (tmp_path / "out.jsonl").read_text().count("\n") >= 2
