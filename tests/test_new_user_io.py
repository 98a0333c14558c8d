"""What a new user met with pages and outputs (issue 22): --diff and --check of HTML pages,
mojibake, --format with JSONL outputs, a file name for several inputs, the furniture table's
mode, warnings and the progress bar, and the as-written layout of a git clean filter."""

import gzip
import io
import json
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import warnings
from dataclasses import asdict
from pathlib import Path

import pytest
from conftest import ROOT
from sites import corpus

from cleaner.batch import work
from cleaner.cli import main
from cleaner.html import clean_html
from cleaner.render import as_markdown

PAGES = ROOT / "tests" / "fixtures" / "html"
MT_SEED = next((ROOT / "seeds" / "moscowtimes").glob("*.txt"))


# Pages: --diff and --check look at the article text, not the HTML -------------------------------


@pytest.mark.parametrize("name", ["page.html", "page.html.gz"])
def test_the_diff_of_a_page_is_its_article_text_against_the_cleaned_text(tmp_path, capsys, cleaner, name):
    data = (PAGES / "chinadaily.html").read_bytes()
    page = tmp_path / name
    page.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    found = clean_html(cleaner, data, normalise=False)
    assert found.result.removals  # a caption with its credit
    assert main(["clean", "--diff", str(page)]) == 1
    out = capsys.readouterr().out
    removed = [line[1:] for line in out.splitlines() if line.startswith("-") and not line.startswith("---") and line[1:].strip()]
    added = [line for line in out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert removed == [line for removal in found.result.removals for line in removal.text.split("\n") if line.strip()]
    assert added == []  # the kept lines are the article's own
    assert "<" not in "".join(removed)  # no markup: the text, not the page
    assert f"--- {page} (extracted text)\n" in out


def test_check_of_pages_reports_only_pages_with_removals(tmp_path, capsys, cleaner):
    for page in PAGES.glob("*.html"):
        shutil.copy(page, tmp_path / page.name)
    removing = sorted(p.name for p in tmp_path.iterdir() if clean_html(cleaner, p.read_bytes(), normalise=False).result.removals)
    assert removing and len(removing) < len(list(tmp_path.iterdir()))  # some pages have nothing to remove
    assert main(["clean", "--check", "--quiet", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "layout only" not in out  # a page is never rewritten: its layout is no finding
    assert sorted(Path(name).name for name in re.findall(r"would clean (\S+): ", out)) == removing
    quiet = next(p for p in sorted(tmp_path.iterdir()) if p.name not in removing)
    assert main(["clean", "--check", str(quiet)]) == 0
    assert capsys.readouterr().out == ""


# Mojibake is text; binary data is not ---------------------------------------------------------

STORY = (
    "Łódź: Ádám Ősz wins the city’s “Ídea” prize\n\n"
    "ŁÓDŹ — Ádám Ősz, 34, won the prize on Monday for a plan to reopen the old Łódka tram depot.\n\n"
    "“It is Łódź’s turn,” he said, standing beside the mayor, Ília Ďurková.\n"
)
_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}  # bytes Windows maps to the C1 controls of the same code


def as_mojibake(text: str) -> bytes:
    """UTF-8 read as windows-1252 (its five undefined bytes as C1 controls) and saved again as UTF-8."""
    raw = text.encode("utf-8")
    read = "".join(chr(byte) if byte in _CP1252_UNDEFINED else bytes([byte]).decode("cp1252") for byte in raw)
    return read.encode("utf-8")


@pytest.mark.parametrize("read_as", ["cp1252", "latin-1"])
def test_mojibake_is_cleaned_as_text_with_a_warning(tmp_path, capsys, read_as):
    data = as_mojibake(STORY) if read_as == "cp1252" else STORY.encode("utf-8").decode("latin-1").encode("utf-8")
    text = data.decode("utf-8")
    assert sum("\x80" <= char <= "\x9f" for char in text) > 0.01 * len(text)  # more C1 controls than binary data is allowed
    article = tmp_path / "article.txt"
    article.write_bytes(data)
    assert main(["clean", str(article)]) == 0
    done = capsys.readouterr()
    assert done.out == text  # every line kept, as it was
    assert "C1 control characters" in done.err and "mojibake" in done.err


@pytest.mark.parametrize(
    "data",
    [bytes(range(1, 32)) * 64 + STORY.encode(), b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4],
    ids=["C0 controls", "png"],
)
def test_binary_data_is_still_refused(tmp_path, capsys, data):
    article = tmp_path / "data.txt"
    article.write_bytes(data)
    assert main(["clean", str(article)]) == 1
    assert f"{article}: binary data" in capsys.readouterr().err


# --format with a JSONL output ----------------------------------------------------------------


def seeds_jsonl(path):
    seeds = sorted((ROOT / "seeds").rglob("*.txt"))[:6]
    rows = [{"id": n, "text": seed.read_text(encoding="utf-8")} for n, seed in enumerate(seeds)]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return rows


def test_format_json_puts_each_records_removals_and_warnings_in_it(tmp_path, cleaner):
    rows = seeds_jsonl(tmp_path / "in.jsonl")
    assert main(["clean", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out.jsonl"), "--format", "json", "--quiet"]) == 0
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert any(record["cleaner_removals"] for record in records)
    for row, record in zip(rows, records, strict=True):
        result = cleaner.clean(row["text"])
        assert record["text"] == result.text
        assert record["cleaner_removals"] == [asdict(removal) for removal in result.removals]
        assert record["cleaner_warnings"] == result.warnings
    files = tmp_path / "files"
    files.mkdir()
    shutil.copy(MT_SEED, files / "a.txt")
    assert main(["clean", str(files), "-o", str(tmp_path / "files.jsonl"), "--format", "json", "--quiet"]) == 0
    (record,) = map(json.loads, (tmp_path / "files.jsonl").read_text().splitlines())
    assert record["path"] == "a.txt" and record["cleaner_removals"]


def test_format_markdown_writes_each_records_text_as_markdown(tmp_path, cleaner):
    rows = seeds_jsonl(tmp_path / "in.jsonl")
    assert main(["clean", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out.jsonl"), "--format", "markdown", "--quiet"]) == 0
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [record["text"] for record in records] == [as_markdown(cleaner.clean(row["text"]).text) for row in rows]
    assert all(record["text"].startswith("# ") for record in records)


def test_a_web_archive_is_written_as_format_json_gives_it_and_refuses_other_formats(tmp_path, capsys):
    from test_warc import build_warc

    archive = tmp_path / "crawl.warc.gz"
    archive.write_bytes(build_warc(gzipped=True))
    for form in ("markdown", "spans"):
        assert main(["clean", str(archive), "-o", str(tmp_path / "pages.jsonl"), "--format", form]) == 2
        assert f"--format {form}: a web archive's pages" in capsys.readouterr().err
    assert not (tmp_path / "pages.jsonl").exists()
    main(["clean", str(archive), "-o", str(tmp_path / "pages.jsonl"), "--format", "json", "--quiet"])
    pages = [json.loads(line) for line in (tmp_path / "pages.jsonl").read_text().splitlines()]
    assert pages and all("removals" in page for page in pages)


# -o: a file name for several inputs ----------------------------------------------------------


def test_a_file_name_for_several_inputs_is_refused(tmp_path, capsys):
    one, two = tmp_path / "one.txt", tmp_path / "two-in.txt"
    one.write_bytes(MT_SEED.read_bytes())
    two.write_bytes(MT_SEED.read_bytes())
    assert main(["clean", str(one), str(two), "-o", str(tmp_path / "two.txt")]) == 2
    assert f"{tmp_path / 'two.txt'}: a file name for 2 inputs" in capsys.readouterr().err
    assert not (tmp_path / "two.txt").exists()
    assert main(["clean", str(one), str(two), "-o", f"{tmp_path / 'out.d'}/", "--quiet"]) == 0
    assert sorted(p.name for p in (tmp_path / "out.d").iterdir()) == ["one.txt", "two-in.txt"]
    (tmp_path / "existing.txt").mkdir()  # a folder that exists, whatever its name
    assert main(["clean", str(one), str(two), "-o", str(tmp_path / "existing.txt"), "--quiet"]) == 0
    assert sorted(p.name for p in (tmp_path / "existing.txt").iterdir()) == ["one.txt", "two-in.txt"]
    folder = tmp_path / "existing.txt"  # a folder of inputs, into a file that exists
    assert main(["clean", str(folder), "-o", str(one)]) == 2
    assert f"{one}: a file name for the folder {folder}" in capsys.readouterr().err


# The furniture table follows the umask ---------------------------------------------------------


def test_the_furniture_table_gets_the_mode_of_any_output(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"url": url, "text": text}) + "\n" for url, text, _, _ in corpus(sites=2, pages=6)))
    old = os.umask(0o022)
    try:
        assert main(["clean", str(source), "-o", str(tmp_path / "out.jsonl"), "--site-furniture", "--quiet", "-j", "1"]) == 0
    finally:
        os.umask(old)
    table = tmp_path / "out.jsonl.furniture.npz"
    assert stat.S_IMODE(table.stat().st_mode) == stat.S_IMODE((tmp_path / "out.jsonl").stat().st_mode) == 0o644


# Warnings go above the progress bar, not through it -----------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def lines_drawn_over(err: str, marker: str) -> list[str]:
    """The lines holding ``marker`` as a terminal shows them (what follows the last carriage
    return), that do not start with it: a bar drawn in front of it."""
    shown = [line.split("\r")[-1] for line in err.split("\n") if marker in line]
    assert shown
    return [line for line in shown if not line.startswith(marker)]


def test_warnings_are_written_above_the_progress_bar(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):  # a stray byte in UTF-8: a warning each
        (folder / f"{n}.txt").write_bytes(STORY.encode().replace(b"prize", b"pri\xffze", 1))
    monkeypatch.setattr(sys, "stderr", Terminal())
    assert main(["clean", str(folder), "-o", str(tmp_path / "out"), "-j", "1"]) == 0
    err = sys.stderr.getvalue()
    assert "doc/s" in err  # the bar was drawn
    assert lines_drawn_over(err, "cleaner: ") == []


def test_python_warnings_are_written_above_the_progress_bar(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        shutil.copy(MT_SEED, folder / f"{n}.txt")
    clean_text = work._clean_text

    def warning_library(*args, **kwargs):  # as a library warns while cleaning
        warnings.warn("a library's warning", UserWarning, stacklevel=1)
        return clean_text(*args, **kwargs)

    monkeypatch.setattr(work, "_clean_text", warning_library)
    monkeypatch.setattr(sys, "stderr", Terminal())
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        assert main(["clean", str(folder), "-o", str(tmp_path / "out"), "-j", "1"]) == 0
    err = sys.stderr.getvalue()
    assert "doc/s" in err
    assert lines_drawn_over(err, "cleaner: ") == []
    for n in range(3):  # each one the warning of the document it came with
        assert f"cleaner: {folder / f'{n}.txt'}: warning: UserWarning: a library's warning\n" in err


# A git clean filter stores the file as written, minus the removed lines -------------------------

ARTICLE = "Headline of the story\r\nFirst paragraph, the mayor said.\r\nRead more\r\n\r\nAdvertisement\r\n\r\n  Second paragraph.\r\n\r\n\r\nLast one."
AS_WRITTEN = "Headline of the story\r\nFirst paragraph, the mayor said.\r\n\r\n  Second paragraph.\r\n\r\n\r\nLast one."


def readme_filter() -> list[str]:
    """The README's git clean filter command, as words."""
    found = re.search(r"git config filter\.cleaner\.clean '([^']+)'", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert found, "the README shows the git clean filter"
    return shlex.split(found[1])


def git(repo, *args) -> bytes:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True).stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_readmes_git_clean_filter_stores_the_input_as_written_minus_removed_lines(tmp_path):
    command = readme_filter()
    assert command[:2] == ["cleaner", "clean"] and "--no-normalise" in command
    repo = tmp_path / "corpus"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "filter.cleaner.clean", shlex.join([sys.executable, "-m", "cleaner", *command[1:]]))
    git(repo, "config", "filter.cleaner.required", "true")  # a failing filter fails `git add`
    git(repo, "config", "core.autocrlf", "false")
    (repo / ".gitattributes").write_text("*.txt filter=cleaner\n")
    (repo / "article.txt").write_bytes(ARTICLE.encode())
    (repo / "clean.txt").write_bytes(AS_WRITTEN.encode())
    git(repo, "add", ".")
    assert git(repo, "cat-file", "blob", ":article.txt") == AS_WRITTEN.encode()  # its CRLF, spaces and empty lines kept
    assert git(repo, "cat-file", "blob", ":clean.txt") == AS_WRITTEN.encode()  # nothing to remove: stored as it is
    assert (repo / "article.txt").read_bytes() == ARTICLE.encode()  # the working tree keeps what was scraped


def test_no_normalise_is_the_as_written_layout_for_any_output(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode())))
    assert main(["clean", "-", "--no-normalise"]) == 0
    assert capsys.readouterr().out == AS_WRITTEN
    (tmp_path / "article.txt").write_bytes(ARTICLE.encode())
    assert main(["clean", str(tmp_path / "article.txt"), "-o", str(tmp_path / "out.txt"), "--no-normalise"]) == 0
    assert (tmp_path / "out.txt").read_bytes() == AS_WRITTEN.encode()
    assert main(["clean", str(tmp_path / "article.txt"), "--no-normalise", "--format", "markdown"]) == 2
