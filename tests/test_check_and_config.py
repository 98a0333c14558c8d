"""--check, --diff, filter mode, and settings from the user's repository."""

import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

from cleaner.cli import main

MT_SEED = next((ROOT / "seeds" / "moscowtimes").glob("*.txt"))
MT_GOLDEN = ROOT / "golden" / MT_SEED.relative_to(ROOT / "seeds")


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A user's repository of articles: one dirty (a Moscow Times seed), one already clean."""
    articles = tmp_path / "articles" / "moscowtimes"
    articles.mkdir(parents=True)
    shutil.copy(MT_SEED, articles / "dirty.txt")
    shutil.copy(MT_GOLDEN, articles / "clean.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_check_lists_files_that_would_change_with_their_rules(project, capsys):
    assert main(["clean", "--check", "articles"]) == 1
    out = capsys.readouterr().out
    assert "would clean articles/moscowtimes/dirty.txt: G002, G009, moscowtimes/ad-free-banner" in out
    assert "clean.txt" not in out
    assert (project / "articles/moscowtimes/dirty.txt").read_bytes() == MT_SEED.read_bytes()


def test_check_passes_on_clean_files_and_fails_with_2_on_bad_ones(project, capsys):
    assert main(["clean", "--check", "articles/moscowtimes/clean.txt"]) == 0
    (project / "articles/moscowtimes/broken.txt").write_bytes(b"\x00\x01" * 10)
    assert main(["clean", "--check", "articles/moscowtimes/clean.txt", "articles/moscowtimes/broken.txt"]) == 2


def test_diff_shows_what_would_be_removed(project, capsys):
    assert main(["clean", "--diff", "articles/moscowtimes/dirty.txt"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("--- articles/moscowtimes/dirty.txt\n+++ articles/moscowtimes/dirty.txt (cleaned)\n")
    assert "-Enjoying ad-free content?\n" in out and "-Remind me later.\n" in out
    assert not any(line.startswith("+") and not line.startswith("+++") and line.strip("+\n") for line in out.splitlines(True))
    assert main(["clean", "--diff", "articles/moscowtimes/clean.txt"]) == 0


def test_check_and_in_place_do_not_go_together(project, capsys):
    assert main(["clean", "--check", "--in-place", "articles"]) == 2


def test_in_place_then_check_passes(project):
    assert main(["clean", "--in-place", "--quiet", "articles"]) == 0
    assert (project / "articles/moscowtimes/dirty.txt").read_bytes() == MT_GOLDEN.read_bytes()
    assert main(["clean", "--check", "articles"]) == 0


def test_settings_from_pyproject(project, capsys):
    rules = project / "house-rules"
    rules.mkdir()
    (rules / "house.toml").write_text(
        '[outlet]\nname = "House"\nsignatures = ["House Gazette"]\n'
        '[[rule]]\nid = "footer"\nkind = "line"\nwhy = "footer"\npattern = "House Gazette, all editions"\n'
    )
    (project / "articles/house.txt").write_text("Fire contained\n\nCrews contained the fire on Sunday.\n\nHouse Gazette, all editions\n")
    (project / "articles/skip.txt").write_text("Fire contained\n\nShare this article\n")
    (project / "pyproject.toml").write_text(
        '[project]\nname = "my-corpus"\n\n[tool.cleaner]\nrules = ["house-rules"]\nexclude = ["articles/skip.txt"]\ndisable = ["G002"]\n'
    )
    assert main(["clean", "--check", "articles"]) == 1
    out = capsys.readouterr().out
    assert "would clean articles/house.txt: house/footer" in out
    assert "skip.txt" not in out
    assert "dirty.txt: G009, moscowtimes/ad-free-banner" in out  # G002 disabled


def test_cleaner_toml_and_unknown_keys(project, capsys):
    (project / "cleaner.toml").write_text("gaurd = 0.3\n")
    assert main(["clean", "--check", "articles"]) == 2
    err = capsys.readouterr().err
    assert f"{project / 'cleaner.toml'}: unknown key 'gaurd'" in err
    (project / "cleaner.toml").write_text('include = ["*.md"]\n')
    assert main(["clean", "--check", "articles"]) == 0  # no .md files to look at
    (project / "pyproject.toml").write_text("[tool.cleaner]\nguard = 2\n")
    (project / "cleaner.toml").unlink()
    assert main(["clean", "--check", "articles"]) == 2
    assert "guard must be a number above 0 and at most 1" in capsys.readouterr().err


def test_stdin_filename_gives_the_outlet_hint_and_honours_excludes(project):
    done = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", "-", "--stdin-filename", "articles/moscowtimes/new.txt"],
        input=MT_SEED.read_bytes(),
        capture_output=True,
        cwd=project,
    )
    assert done.returncode == 0 and done.stdout == MT_GOLDEN.read_bytes()
    (project / "cleaner.toml").write_text('exclude = ["articles/moscowtimes/raw-*"]\n')
    done = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", "-", "--stdin-filename", "articles/moscowtimes/raw-1.txt"],
        input=MT_SEED.read_bytes(),
        capture_output=True,
        cwd=project,
    )
    assert done.returncode == 0 and done.stdout == MT_SEED.read_bytes()


def git(repo, *args):
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def test_git_clean_filter(tmp_path):
    """A clean filter without --no-normalise: git stores the normalised text; the working tree keeps what was scraped."""
    repo = tmp_path / "corpus"
    (repo / "moscowtimes").mkdir(parents=True)
    git(repo, "init", "-q")
    git(repo, "config", "filter.cleaner.clean", f"{sys.executable} -m cleaner clean - --stdin-filename %f --quiet")
    (repo / ".gitattributes").write_text("*.txt filter=cleaner\n")
    shutil.copy(MT_SEED, repo / "moscowtimes" / "article.txt")
    git(repo, "add", ".")
    assert git(repo, "show", ":moscowtimes/article.txt") == MT_GOLDEN.read_text(encoding="utf-8")
    assert (repo / "moscowtimes" / "article.txt").read_bytes() == MT_SEED.read_bytes()
