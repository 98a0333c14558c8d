"""``cleaner detect`` and ``cleaner explain``: why an outlet was picked, and every removal in place."""

import subprocess
import sys

import pytest
from conftest import ROOT

from cleaner import Cleaner, outlets
from cleaner.cli import main

MT_SEED = ROOT / "seeds" / "moscowtimes" / "2022-01-11-us-says-too-early-to-tell.txt"
MJS_SEED = ROOT / "seeds" / "milwaukee-journal-sentinel" / "2022-01-12-kremlin-not-optimistic.txt"
MJS_URL = "https://www.pressreader.com/usa/milwaukee-journal-sentinel/20220112/281505049935063"


def rows(out: str) -> list[list[str]]:
    """The table under the first line: a '*' on the deciding row, method, outlet, score, evidence."""
    return [[line[0].strip(), *line[2:].split(None, 3)] for line in out.splitlines()[2:]]


def test_detect_shows_the_deciding_path_and_the_signatures_found(capsys):
    assert main(["detect", str(MT_SEED)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"{MT_SEED}: moscowtimes (The Moscow Times) by path"
    assert rows(out) == [
        ["*", "path", "moscowtimes", "15", "'*/moscowtimes/*'"],
        [
            "",
            "signature",
            "moscowtimes",
            "3",
            "'A Message from The Moscow Times', 'Enjoying ad-free content?', 'Our journalism is banned in Russia'",
        ],
    ]


def test_detect_by_url_lists_the_less_specific_domain_as_runner_up(capsys):
    assert main(["detect", str(MJS_SEED), "--url", MJS_URL]) == 0
    table = rows(capsys.readouterr().out)
    assert table[:2] == [
        ["*", "url", "milwaukee-journal-sentinel", "46", "'pressreader.com/usa/milwaukee-journal-sentinel'"],
        ["", "url", "pressreader", "15", "'pressreader.com'"],
    ]
    assert ["", "signature", "pressreader", "1", "'Newspapers in English'"] in table


def test_detect_by_signature_ranks_the_runners_up(tmp_path, capsys):
    text = "Milwaukee Journal Sentinel\n\nStory\n\nText of the story, which is long enough.\n\nNewspapers in English\n\nImage source, AP\n"
    (tmp_path / "page.txt").write_text(text, encoding="utf-8")
    assert main(["detect", str(tmp_path / "page.txt")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].endswith("milwaukee-journal-sentinel (Milwaukee Journal Sentinel) by signature")
    assert rows(out) == [
        ["*", "signature", "milwaukee-journal-sentinel", "2", "'Milwaukee Journal Sentinel', 'Newspapers in English'"],
        ["", "signature", "bbc", "1", "'Image source, '"],
        ["", "signature", "pressreader", "1", "'Newspapers in English'"],
    ]


@pytest.mark.parametrize("run", [5, 12])
def test_signatures_found_in_runs_of_the_text_are_those_found_in_the_whole(monkeypatch, run):
    text = "Milwaukee Journal Sentinel\n\nStory\n\nNewspapers in English\n\nImage source, AP\n" * 3
    finder = Cleaner().outlet_finder
    whole = finder.by_signature(text)
    monkeypatch.setattr(outlets, "SIGNATURE_CHARS", run)  # every signature across a run's end
    assert finder.by_signature(text) == whole
    assert [candidate.outlet for candidate in whole] == ["milwaukee-journal-sentinel", "bbc", "pressreader"]


def test_detect_with_no_evidence(tmp_path, capsys):
    (tmp_path / "page.txt").write_text("A story\n\nWith no outlet's furniture at all.\n", encoding="utf-8")
    assert main(["detect", str(tmp_path / "page.txt")]) == 0
    assert capsys.readouterr().out == f"{tmp_path / 'page.txt'}: no outlet (only the generic detectors run)\n"


def test_detect_reports_an_unreadable_file_and_goes_on(tmp_path, capsys):
    (tmp_path / "a.bin.txt").write_bytes(b"\x00" * 10)
    (tmp_path / "b.txt").write_text("A story\n", encoding="utf-8")
    assert main(["detect", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "a.bin.txt: binary data" in captured.err and "b.txt: no outlet" in captured.out


def test_explain_marks_every_removed_line_under_its_rule(capsys):
    assert main(["explain", str(MT_SEED), "--color", "never"]) == 0
    lines = capsys.readouterr().out.splitlines()
    head, confidence = lines[0].rsplit("; confidence ", 1)
    assert head == f"== {MT_SEED}: outlet moscowtimes by path (*/moscowtimes/*); 5 removals"
    assert 0.5 < float(confidence) <= 1  # a cleaned seed is not doubtful (the figure is the model's)
    assert lines[1:5] == [
        '      >>> G009: Close buttons of overlays: a lone "×", "✕" or "Close".',
        "    1 - ×",
        "      >>> moscowtimes/ad-free-banner: Support banner shown above every article since the site turned ads off",
        "    2 - Enjoying ad-free content?",
    ]
    assert "    8   U.S. Says 'Too Early To Tell' if Russia Serious on Security Talks" in lines
    assert "\033[" not in "\n".join(lines)
    source = MT_SEED.read_text(encoding="utf-8").splitlines()
    numbered = [line for line in lines if line[:5].strip().isdigit()]
    assert len(numbered) == len(source)
    assert all(line[8:] == text.strip() for line, text in zip(numbered, source, strict=False))


def test_explain_shows_what_clean_keeps(capsys):
    assert main(["explain", str(MT_SEED), "--color", "never"]) == 0
    kept = [line[8:] for line in capsys.readouterr().out.splitlines() if line[:5].strip().isdigit() and line[6:8] == "  "]
    golden = (ROOT / "golden" / MT_SEED.relative_to(ROOT / "seeds")).read_text(encoding="utf-8")
    assert kept == [line for line in golden.splitlines() if line]


def test_explain_colours_when_asked_and_not_in_a_pipe():
    always = main_output("explain", str(MT_SEED), "--color", "always")
    assert "\033[31m- Enjoying ad-free content?\033[0m" in always
    assert "\033[" not in main_output("explain", str(MT_SEED))  # auto, and stdout is a pipe


def test_explain_colours_a_terminal_unless_no_color(monkeypatch, capsys):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert main(["explain", str(MT_SEED)]) == 0
    assert "\033[31m" in capsys.readouterr().out
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["explain", str(MT_SEED)]) == 0
    assert "\033[" not in capsys.readouterr().out


def test_explain_shows_a_rule_timeout(tmp_path, capsys):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "slow.toml").write_text(
        "[outlet]\nname = 'Slow'\n[[rule]]\nid = 'runaway'\nkind = 'line'\nwhy = 'w'\npattern = '(?:a|aa)+b'\n", encoding="utf-8"
    )
    (tmp_path / "page.txt").write_text("Story\n\n" + "a" * 60 + "b!\n", encoding="utf-8")
    assert main(["explain", str(tmp_path / "page.txt"), "--rules", str(rules), "--source", "slow"]) == 0
    assert "!! rule slow/runaway: pattern timed out" in capsys.readouterr().out


def main_output(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "cleaner", *args], capture_output=True, cwd=ROOT, check=True)
    return done.stdout.decode("utf-8")
