"""docs/adding-an-outlet.md stays true: every command in it runs, in order, in a fresh git repository.

Each ```sh block's lines are run one by one and must exit 0. A ```text block is an excerpt of what
the command just before it printed (spacing aside); a ```toml block is an excerpt of the rule file the tutorial makes.
"""

import os
import re
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

from cleaner.rulefiles import load_rule_file

TUTORIAL = (ROOT / "docs" / "adding-an-outlet.md").read_text(encoding="utf-8")
SAMPLES = ROOT / "docs" / "examples" / "fenwick-courier"
BODIES = ROOT / "tests" / "fixtures" / "fenwick-courier"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```$", re.S | re.M)


def blocks(kind: str) -> list[str]:
    return [body for found, body in BLOCK.findall(TUTORIAL) if found == kind]


@pytest.fixture(scope="module")
def walkthrough(tmp_path_factory):
    """Run the tutorial; return the working folder and each command with its output."""
    base = tmp_path_factory.mktemp("tutorial")
    work, shims = base / "work", base / "bin"
    shims.mkdir()
    (shims / "cleaner").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m cleaner "$@"\n', encoding="utf-8")
    (shims / "cleaner").chmod(0o755)
    shutil.copytree(SAMPLES, work / "samples")
    env = {
        **os.environ,
        "PATH": f"{shims}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(ROOT),
        "GIT_AUTHOR_NAME": "Tutorial",
        "GIT_AUTHOR_EMAIL": "tutorial@example.com",
        "GIT_COMMITTER_NAME": "Tutorial",
        "GIT_COMMITTER_EMAIL": "tutorial@example.com",
    }
    env.pop("NO_COLOR", None)
    subprocess.run(["git", "init", "-q"], cwd=work, check=True, env=env)
    runs = []
    for kind, body in BLOCK.findall(TUTORIAL):
        if kind == "sh":
            for command in body.splitlines():
                done = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True, text=True)
                assert done.returncode == 0, f"{command}\n{done.stderr}"
                runs.append((command, done.stdout))
        elif kind == "text":
            runs.append(("(excerpt)", body))
    return work, runs


def test_the_tutorial_has_commands_for_every_step():
    commands = [line for body in blocks("sh") for line in body.splitlines()]
    for tool in (
        "cleaner learn",
        "cleaner rules new",
        "cleaner detect",
        "cleaner clean",
        "cleaner explain",
        "cleaner rules check",
        "git commit",
    ):
        assert any(command.startswith(tool) for command in commands), tool


def test_every_command_runs(walkthrough):
    work, runs = walkthrough
    assert len([command for command, _ in runs if command != "(excerpt)"]) == sum(len(b.splitlines()) for b in blocks("sh"))


def test_each_output_shown_is_what_the_command_printed(walkthrough):
    _, runs = walkthrough
    for (command, output), (marker, excerpt) in zip(runs, runs[1:], strict=False):
        if marker == "(excerpt)":
            assert spaced(excerpt) in spaced(output), command


def spaced(text: str) -> str:
    """Text with each line's runs of spaces made one, as column widths depend on the other outlets."""
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


def test_the_rule_file_shown_is_the_one_made(walkthrough):
    work, _ = walkthrough
    made = (work / "rules" / "fenwick-courier.toml").read_text(encoding="utf-8")
    for excerpt in blocks("toml"):
        assert excerpt in made


def test_the_outlet_is_committed_with_seeds_and_goldens(walkthrough):
    work, _ = walkthrough

    def git(*args):
        return subprocess.run(["git", *args], cwd=work, capture_output=True, text=True, check=True).stdout

    assert git("log", "--format=%s") == "Add The Fenwick Courier\n"
    committed = sorted(git("ls-files").split())
    seeds = [p.name for p in SAMPLES.glob("*.txt")]
    expected = ["rules/fenwick-courier.toml"] + [f"{folder}/fenwick-courier/{n}" for folder in ("seeds", "golden") for n in seeds]
    assert committed == sorted(expected)
    assert git("status", "--porcelain", "rules", "seeds", "golden") == ""
    assert len(load_rule_file(work / "rules" / "fenwick-courier.toml").own_rules) == 3


def test_goldens_and_cleaned_samples_are_the_article_bodies(walkthrough):
    work, _ = walkthrough
    bodies = sorted(BODIES.glob("*.txt"))
    assert [p.name for p in bodies] == sorted(p.name for p in SAMPLES.glob("*.txt"))
    for body in bodies:
        expected = body.read_text(encoding="utf-8")
        assert (work / "golden" / "fenwick-courier" / body.name).read_text(encoding="utf-8") == expected
        assert (work / "cleaned" / body.name).read_text(encoding="utf-8") == expected


#: The tests that look at every built-in rule file, seed and golden: an outlet added to the
#: repository as the tutorial says must pass them with no test code.
COUNTING_TESTS = [
    "tests/test_golden.py",
    "tests/test_rule_cases.py",
    "tests/test_rules_check.py::test_builtin_rules_pass_as_ci_runs_them",
    "tests/test_rules_check.py::test_builtin_rules_folder_given_explicitly_finds_its_seeds",
    "tests/test_rules_new.py::test_list_shows_outlets_platforms_domains_and_rule_counts",
    "tests/test_batch.py::test_jsonl_stdin_to_stdout",
    "tests/test_batch.py::test_summary_counts_per_outlet_and_rule",
    "tests/test_datatrove.py::test_local_executor_output_and_stats_equal_the_cleaner",
]


@pytest.mark.slow
def test_an_outlet_added_inside_the_repository_needs_no_test_code(tmp_path):
    """The tutorial's outlet made in a copy of this repository, as a contributor would: the tests
    that count the built-in outlets, seeds and goldens still pass there."""
    repo = tmp_path / "repo"
    skip = shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.egg-info", "build", "dist")
    for name in ("cleaner", "rules", "seeds", "golden", "tests", "docs", "bench", "README.md", "pyproject.toml", ".ci"):
        source = ROOT / name
        (shutil.copytree(source, repo / name, ignore=skip) if source.is_dir() else shutil.copy(source, repo / name))
    env = {**os.environ, "PYTHONPATH": str(repo)}
    samples = sorted(str(p) for p in SAMPLES.glob("*.txt"))

    def run(*args):
        done = subprocess.run([sys.executable, *args], cwd=repo, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"

    run(
        "-m",
        "cleaner",
        "rules",
        "new",
        "fenwick-courier",
        "--name",
        "The Fenwick Courier",
        "--domain",
        "fenwickcourier.example",
        "--from",
        *samples,
    )
    run("-m", "cleaner", "clean", "seeds/fenwick-courier", "-o", "golden/fenwick-courier", "--quiet")
    run("-m", "pytest", "-q", "-p", "no:cacheprovider", *COUNTING_TESTS)
