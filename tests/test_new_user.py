"""What a new user trips over (issue 15): file modes, --check semantics, output names and kinds,
explain/detect inputs, pipes and interrupts, the version."""

import gzip
import io
import json
import os
import re
import signal
import stat
import subprocess
import sys
import time

import pytest
from conftest import ROOT

from cleaner.cli import main

MT_SEED = next((ROOT / "seeds" / "moscowtimes").glob("*.txt"))


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


# Modes ---------------------------------------------------------------------------------------


def test_a_rewrite_keeps_the_files_mode(tmp_path, umask_022):
    for n, wanted in enumerate((0o644, 0o640, 0o664)):
        article = tmp_path / f"article{n}.txt"
        article.write_bytes(MT_SEED.read_bytes())
        article.chmod(wanted)
        assert main(["clean", "--in-place", "--quiet", str(article)]) == 0
        assert article.read_bytes() != MT_SEED.read_bytes()
        assert mode(article) == wanted


def test_new_outputs_get_the_usual_mode_under_the_umask(tmp_path, umask_022):
    seeds = tmp_path / "in"
    seeds.mkdir()
    (seeds / "a.txt").write_bytes(MT_SEED.read_bytes())
    assert main(["clean", str(seeds), "-o", str(tmp_path / "out"), "--report", str(tmp_path / "report.json"), "--quiet"]) == 0
    assert mode(tmp_path / "out" / "a.txt") == 0o644
    assert mode(tmp_path / "report.json") == 0o644
    os.umask(0o077)
    assert main(["clean", str(seeds / "a.txt"), "-o", str(tmp_path / "private.txt"), "--quiet"]) == 0
    assert mode(tmp_path / "private.txt") == 0o600


# --check, --diff and --in-place find boilerplate; the layout is left alone unless --normalise --------

ARCHIVED = "Headline of the story\r\nFirst paragraph of the story, the mayor said.\r\n  An indented second paragraph.\r\n"
DIRTY = "Headline of the story\r\nFirst paragraph, the mayor said.\r\nRead more\r\n\r\nAdvertisement\r\n\r\n  Second paragraph.\r\n\r\n\r\nLast one."


def test_check_diff_and_in_place_pass_files_with_no_boilerplate_whatever_their_layout(tmp_path, capsys):
    article = tmp_path / "article.txt"
    article.write_bytes(ARCHIVED.encode())
    assert main(["clean", "--check", str(article)]) == 0
    assert main(["clean", "--diff", str(article)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["clean", "--in-place", str(article)]) == 0
    assert article.read_bytes() == ARCHIVED.encode()
    assert main(["clean", "--check", "--normalise", str(article)]) == 1
    assert "layout only" in capsys.readouterr().out


def test_a_rewrite_changes_only_the_removed_lines_and_the_empty_lines_they_leave(tmp_path):
    article = tmp_path / "article.txt"
    article.write_bytes(DIRTY.encode())
    assert main(["clean", "--in-place", str(article)]) == 0
    expected = "Headline of the story\r\nFirst paragraph, the mayor said.\r\n\r\n  Second paragraph.\r\n\r\n\r\nLast one."
    assert article.read_bytes() == expected.encode()
    assert main(["clean", "--check", str(article)]) == 0


def test_normalise_as_a_setting(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "article.txt").write_bytes(ARCHIVED.encode())
    (tmp_path / "cleaner.toml").write_text("normalise = true\n")
    assert main(["clean", "--in-place", "article.txt"]) == 0
    assert (tmp_path / "article.txt").read_bytes() == ARCHIVED.replace("\r\n", "\n\n").replace("  ", "").removesuffix("\n").encode()
    (tmp_path / "cleaner.toml").write_text("normalise = 'yes'\n")
    assert main(["clean", "--check", "article.txt"]) == 2


# Output names ----------------------------------------------------------------------------------

HTML_FIXTURES = ROOT / "tests" / "fixtures" / "html"


def test_two_inputs_for_one_output_name_are_refused_before_anything_is_written(tmp_path, capsys):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "page.html").write_bytes((HTML_FIXTURES / "bbc.html").read_bytes())
    (pages / "page.html.gz").write_bytes(gzip.compress((HTML_FIXTURES / "moscowtimes.html").read_bytes()))
    (pages / "other.txt").write_bytes(MT_SEED.read_bytes())
    assert main(["clean", str(pages), "-o", str(tmp_path / "out"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "page.html" in err and "page.html.gz" in err and "page.txt" in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    # two files of the same name from two folders
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        (tmp_path / folder / "x.txt").write_bytes(MT_SEED.read_bytes())
    assert main(["clean", str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.txt"), "-o", str(tmp_path / "out2"), "--quiet"]) == 2


def test_extracted_pages_are_not_counted_unchanged(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    body = "".join(f"<p>Paragraph {n} of the council's budget story, which the mayor presented on Tuesday.</p>" for n in range(8))
    (pages / "plain.html").write_text(
        f"<!DOCTYPE html><html><head><title>Budget</title></head><body><article><h1>Budget passes</h1>{body}</article></body></html>"
    )
    assert main(["clean", str(pages), "-o", str(tmp_path / "out"), "--report", str(tmp_path / "r.json"), "--quiet"]) == 0
    assert "Paragraph 7" in (tmp_path / "out" / "plain.txt").read_text()
    documents = json.loads((tmp_path / "r.json").read_text())["documents"]
    assert (documents["cleaned"], documents["unchanged"], documents.get("extracted")) == (0, 0, 1)


# The output's kind follows its name ----------------------------------------------------------


def test_a_folder_into_a_jsonl_name_gives_one_jsonl_of_records(tmp_path):
    corpus = tmp_path / "in"
    (corpus / "pages").mkdir(parents=True)
    (corpus / "mt.txt").write_bytes(MT_SEED.read_bytes())
    (corpus / "pages" / "bbc.html").write_bytes((HTML_FIXTURES / "bbc.html").read_bytes())
    for name in ("all.jsonl", "all.jsonl.gz"):
        assert main(["clean", str(corpus), "-o", str(tmp_path / name), "--quiet"]) == 0
        assert (tmp_path / name).is_file()
        opener = gzip.open if name.endswith(".gz") else open
        with opener(tmp_path / name, "rt", encoding="utf-8") as stream:
            rows = [json.loads(line) for line in stream]
        assert [row["path"] for row in rows] == ["mt.txt", "pages/bbc.html"]
        assert rows[0]["text"] == main_text(MT_SEED) and rows[0]["cleaner_outlet"] == "moscowtimes"
        assert rows[1]["url"].startswith("https://www.bbc.co.uk/") and rows[1]["cleaner_outlet"] == "bbc"


def main_text(seed) -> str:
    return (ROOT / "golden" / seed.relative_to(ROOT / "seeds")).read_text(encoding="utf-8")


def test_a_trailing_slash_means_a_folder_and_a_mismatch_is_an_error(tmp_path, capsys):
    assert main(["clean", str(MT_SEED), "-o", f"{tmp_path / 'out'}/", "--quiet"]) == 0
    assert (tmp_path / "out" / MT_SEED.name).read_text(encoding="utf-8") == main_text(MT_SEED)
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"text": MT_SEED.read_text(encoding="utf-8")}) + "\n")
    assert main(["clean", str(corpus), "-o", f"{tmp_path / 'records'}/", "--quiet"]) == 2
    assert main(["clean", str(corpus), "-o", str(tmp_path / "out"), "--quiet"]) == 2  # an existing folder
    assert "not a folder" in capsys.readouterr().err
    assert not (tmp_path / "records").exists()


def test_a_web_archive_into_a_folder_is_an_error(tmp_path, capsys):
    archive = tmp_path / "crawl.warc.gz"
    archive.write_bytes(b"")
    assert main(["clean", str(archive), "-o", f"{tmp_path / 'pages'}/", "--quiet"]) == 2
    assert "not a folder" in capsys.readouterr().err
    assert not (tmp_path / "pages").exists()


def test_jsonl_on_stdin_is_known_by_its_stdin_filename(monkeypatch, capsysbinary):
    record = {"id": 7, "text": MT_SEED.read_text(encoding="utf-8"), "url": "https://www.themoscowtimes.com/2022/01/11/a"}
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO((json.dumps(record) + "\n").encode())))
    assert main(["clean", "-", "--stdin-filename", "corpus.jsonl", "--quiet"]) == 0
    row = json.loads(capsysbinary.readouterr().out)
    assert row["id"] == 7 and row["text"] == main_text(MT_SEED) and row["cleaner_outlet"] == "moscowtimes"


# explain and detect read inputs as clean does --------------------------------------------------


def test_explain_and_detect_read_an_html_page_as_clean_does(tmp_path, capsys):
    page = tmp_path / "story.html"  # not under an outlet folder: only the canonical URL can tell
    page.write_bytes((HTML_FIXTURES / "bbc.html").read_bytes())
    assert main(["detect", str(page)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"{page}: bbc (BBC News) by url"
    assert main(["explain", str(page), "--color", "never"]) == 0
    out = capsys.readouterr().out
    assert "<!DOCTYPE" not in out and "<html" not in out
    cleaned = tmp_path / "story.txt"
    assert main(["clean", str(page), "-o", str(cleaned), "--quiet"]) == 0
    kept = [line[8:] for line in out.splitlines()[1:] if line[5:8] == "   " and line[8:]]
    assert kept == [line for line in cleaned.read_text(encoding="utf-8").splitlines() if line]


def test_explain_and_detect_read_each_record_of_a_jsonl_file(tmp_path, capsys):
    corpus = tmp_path / "corpus.jsonl"
    rows = [{"text": MT_SEED.read_text(encoding="utf-8"), "url": "https://www.themoscowtimes.com/2022/01/11/a"}, {"text": "Plain words."}]
    corpus.write_text("".join(json.dumps(row) + "\n" for row in rows) + "not json\n")
    assert main(["detect", str(corpus)]) == 1  # the third line is not JSON
    captured = capsys.readouterr()
    assert f"{corpus}:1: moscowtimes (The Moscow Times) by url" in captured.out
    assert f"{corpus}:2: no outlet" in captured.out
    assert f"{corpus}:3: not valid JSON" in captured.err
    assert main(["explain", str(corpus), "--color", "never"]) == 1
    out = capsys.readouterr().out
    assert f"== {corpus}:1: outlet moscowtimes by url" in out and f"== {corpus}:2: outlet - by none" in out


# Pipes and interrupts ------------------------------------------------------------------------


def big_jsonl(path, copies: int):
    line = json.dumps({"text": MT_SEED.read_text(encoding="utf-8"), "url": "https://www.themoscowtimes.com/2022/01/11/a"}) + "\n"
    path.write_text(line * copies)
    return path


def cleaner_process(*args: str, **options) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cleaner", *args], stderr=subprocess.PIPE, text=True, **options)


@pytest.mark.parametrize(
    "args",
    [
        ["clean", "{jsonl}", "-j", "2"],
        ["clean", "--diff", "{folder}"],
        ["explain", "{folder}"],
        ["detect", "{folder}"],
        ["clean", "{folder}/0.txt"],
    ],
)
def test_a_closed_pipe_ends_the_run_quietly(tmp_path, args):
    folder = tmp_path / "folder"
    folder.mkdir()
    for n in range(300):
        (folder / f"{n}.txt").write_bytes(MT_SEED.read_bytes())
    (folder / "0.txt").write_text("".join(f"Paragraph {n} of a long story, the mayor said.\n" for n in range(5000)))
    jsonl = big_jsonl(tmp_path / "in.jsonl", 2000)
    process = cleaner_process(*(arg.format(jsonl=jsonl, folder=folder) for arg in args), stdout=subprocess.PIPE)
    process.stdout.close()  # the reader is gone before the first write (as `| head` is, after its lines)
    assert process.wait() == 141  # 128 + SIGPIPE, as a shell shows a tool that a closed pipe stopped
    assert process.stderr.read() == ""


@pytest.mark.parametrize("signum, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupt_ends_in_one_line_that_names_the_resume_command(tmp_path, signum, status):
    source = big_jsonl(tmp_path / "in.jsonl", 6000)
    out = tmp_path / "out.jsonl"
    partial = tmp_path / "out.jsonl.partial"
    process = cleaner_process("clean", str(source), "-o", str(out), "-j", "2", "--quiet", cwd=tmp_path, start_new_session=True)
    deadline = time.monotonic() + 300
    while not (partial.exists() and partial.stat().st_size > 100_000) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert process.poll() is None, "the run finished before it could be interrupted; make the corpus larger"
    if signum == signal.SIGINT:
        os.killpg(process.pid, signum)  # Ctrl-C goes to the whole group: the workers too
    else:
        process.send_signal(signum)
    assert process.wait(timeout=120) == status
    command = f"cleaner clean {source} -o {out} -j 2 --quiet --resume"
    # one line: no traceback from the workers, no warning of leaked semaphores
    assert process.stderr.read() == f"cleaner: interrupted; to finish the job: {command}\n"
    assert not out.exists()
    assert main(command.split()[1:]) == 0
    assert out.read_text().count("\n") == 6000


# The version ---------------------------------------------------------------------------------


def test_the_version_has_one_home(capsys):
    import tomllib

    import cleaner

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert cleaner.__version__ == version
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"cleaner {version}\n"


# Corpora as they come ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["corpus.jsonl.zst", "corpus.jsonl.bz2", "corpus.jsonl.xz", "corpus.json.gz"])
def test_compressed_corpora_are_read_and_written_by_their_names(tmp_path, name):
    from xopen import xopen

    rows = [{"id": n, "text": MT_SEED.read_text(encoding="utf-8"), "url": "https://www.themoscowtimes.com/2022/01/11/a"} for n in range(3)]
    with xopen(tmp_path / name, "wb") as stream:
        stream.write("".join(json.dumps(row) + "\n" for row in rows).encode())
    out = tmp_path / f"out-{name}"
    assert main(["clean", str(tmp_path / name), "-o", str(out), "--quiet"]) == 0
    assert (out.read_bytes()[:4] != b'{"id') and b'{"id' not in out.read_bytes()  # compressed as named
    with xopen(out, "rb") as stream:
        cleaned = [json.loads(line) for line in stream]
    assert [row["id"] for row in cleaned] == [0, 1, 2]
    assert all(row["text"] == main_text(MT_SEED) for row in cleaned)


def test_nested_field_paths(tmp_path):
    row = {
        "id": "a",
        "metadata": {"url": "https://www.themoscowtimes.com/2022/01/11/a"},
        "content": {"body": MT_SEED.read_text(encoding="utf-8")},
    }
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(row) + "\n")
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(source), "-o", str(out), "--url-field", "metadata.url", "--text-field", "content.body", "--quiet"]) == 0
    cleaned = json.loads(out.read_text())
    assert cleaned["content"] == {"body": main_text(MT_SEED)}
    assert cleaned["metadata"] == row["metadata"] and cleaned["cleaner_outlet"] == "moscowtimes"


# --check for machines ------------------------------------------------------------------------


def removed_spans(text: str):
    from cleaner import Cleaner

    return [(r.first_line, r.last_line, r.rule) for r in Cleaner().clean(text, path=str(MT_SEED), normalise=False).removals]


def test_check_lists_every_removed_span_as_json_github_annotations_or_sarif(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "moscowtimes").mkdir()
    article = tmp_path / "moscowtimes" / "a.txt"
    article.write_bytes(MT_SEED.read_bytes())
    (tmp_path / "clean.txt").write_text("Nothing to remove here, the mayor said.\n")
    spans = removed_spans(MT_SEED.read_text(encoding="utf-8"))
    assert len(spans) >= 3

    assert main(["clean", "--check", "--output-format", "json", "moscowtimes/a.txt", "clean.txt"]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert [(f["first_line"], f["last_line"], f["rule"]) for f in findings] == spans
    assert {f["path"] for f in findings} == {"moscowtimes/a.txt"}
    lines = MT_SEED.read_text(encoding="utf-8").splitlines()
    assert all(f["text"].split("\n")[0] == lines[f["first_line"] - 1].strip() for f in findings)

    assert main(["clean", "--check", "--output-format", "github", "moscowtimes/a.txt"]) == 1
    annotations = capsys.readouterr().out.splitlines()
    assert len(annotations) == len(spans)
    first, last, rule = spans[0]
    assert annotations[0].startswith(f"::warning file=moscowtimes/a.txt,line={first},endLine={last},title={rule.replace(':', '%3A')}::")
    assert all("\n" not in line for line in annotations)

    assert main(["clean", "--diff", "--output-format", "sarif", "moscowtimes/a.txt"]) == 1
    sarif = json.loads(capsys.readouterr().out)
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]
    assert {rule["id"] for rule in run["tool"]["driver"]["rules"]} == {rule for _, _, rule in spans}
    regions = [
        (
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["endLine"],
            r["ruleId"],
        )
        for r in run["results"]
    ]
    assert regions == spans

    assert main(["clean", "--check", "--output-format", "json", "clean.txt"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["clean", "--output-format", "json", "clean.txt"]) == 2  # not without --check/--diff


def test_settings_are_found_from_the_files_folder(tmp_path, monkeypatch, capsys):
    project = tmp_path / "project"
    (project / "articles").mkdir(parents=True)
    (project / "articles" / "a.txt").write_text("The council voted on Tuesday, the mayor said.\nRead more\n")
    (project / "cleaner.toml").write_text('ignore = ["G002"]\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["clean", "--check", str(project / "articles" / "a.txt")]) == 0  # G002 is ignored there
    assert main(["clean", "--check", str(project / "articles")]) == 0
    assert main(["clean", "--check", "--config", str(elsewhere / "none.toml"), str(project / "articles")]) == 2
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"The council voted, the mayor said.\nRead more\n")))
    assert main(["clean", "-", "--stdin-filename", str(project / "articles" / "b.txt")]) == 0
    assert "Read more" in capsys.readouterr().out


def test_spans_of_a_jsonl_corpus_give_the_cleaned_text_when_applied(tmp_path):
    seeds = sorted((ROOT / "seeds").rglob("*.txt"))
    rows = [{"id": n, "text": seed.read_text(encoding="utf-8").replace("\n", "\r\n" if n % 2 else "\n")} for n, seed in enumerate(seeds)]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(row) + "\n" for row in rows))
    assert main(["clean", str(source), "-o", str(tmp_path / "spans.jsonl"), "--format", "spans", "--quiet"]) == 0
    assert main(["clean", str(source), "-o", str(tmp_path / "cleaned.jsonl"), "--quiet"]) == 0
    spans = [json.loads(line) for line in (tmp_path / "spans.jsonl").read_text().splitlines()]
    cleaned = [json.loads(line) for line in (tmp_path / "cleaned.jsonl").read_text().splitlines()]
    assert any(row["cleaner_spans"] for row in spans)
    for row, spanned, clean in zip(rows, spans, cleaned, strict=True):
        assert spanned["text"] == row["text"]  # kept as it came
        assert sorted({rule for _, _, rule in spanned["cleaner_spans"]}) == clean["cleaner_rules"]
        kept, position = [], 0
        for start, end, _ in spanned["cleaner_spans"]:
            assert position <= start < end <= len(row["text"])
            kept.append(row["text"][position:start])
            position = end
        kept.append(row["text"][position:])
        lines = [line.strip() for line in "".join(kept).splitlines() if line.strip()]
        assert lines == [line for line in clean["text"].splitlines() if line]
    assert main(["clean", str(ROOT / "README.md"), "--format", "spans"]) == 2  # JSONL only


# Progress ------------------------------------------------------------------------------------


def test_the_progress_bar_counts_documents_for_jsonl_and_web_archives(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)  # the bar shows on a terminal only
    source = big_jsonl(tmp_path / "in.jsonl", 7)
    assert main(["clean", str(source), "-o", str(tmp_path / "out.jsonl"), "-j", "1"]) == 0
    err = capsys.readouterr().err
    assert re.search(r"\b7doc \[", err) and "B/s" not in err
    from test_warc import build_warc

    archive = tmp_path / "crawl.warc.gz"
    archive.write_bytes(build_warc(gzipped=True))
    main(["clean", str(archive), "-o", str(tmp_path / "pages.jsonl")])
    assert re.search(r"\b\d+doc \[", capsys.readouterr().err)  # the archive's records, counted


def test_markdown_of_the_kept_article(tmp_path):
    text = (
        "Council passes the budget\n\nThe council voted on Tuesday, the mayor said.\n# 5 reasons it matters, said one.\n"
        "> A quoted line of the story.\n• first item of the list\n• second item of the list\n- a plain item\n- another item\nRead more\n"
    )
    source = tmp_path / "in" / "a.txt"
    source.parent.mkdir()
    source.write_text(text)
    assert main(["clean", str(source.parent), "-o", str(tmp_path / "out"), "--format", "markdown", "--quiet"]) == 0
    lines = (tmp_path / "out" / "a.md").read_text().splitlines()
    assert main(["clean", str(source), "-o", str(tmp_path / "plain.txt"), "--quiet"]) == 0
    plain = (tmp_path / "plain.txt").read_text().splitlines()
    assert lines[0] == "# Council passes the budget"
    assert "\\# 5 reasons it matters, said one." in lines and "\\> A quoted line of the story." in lines
    assert "• first item of the list\\" in lines and "- a plain item" in lines  # a hard break where Markdown would join lines
    unmarked = [line.removeprefix("# ").removeprefix("\\").removesuffix("\\") for line in lines]
    assert unmarked == plain  # the words are the cleaned text's
    assert main(["clean", str(source), "--in-place", "--format", "markdown"]) == 2
