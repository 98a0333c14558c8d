"""The hooks in .pre-commit-hooks.yaml, run by the real pre-commit framework (`pre-commit try-repo`),
and the README's .pre-commit-config.yaml, pinned by the README's own command to a clone's commit.

pre-commit installs this project into its own environment the first time (from the package
registry's cache), so this test is slow; .ci/run runs it.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow

MT_SEED = next((ROOT / "seeds" / "moscowtimes").glob("*.txt"))
MT_GOLDEN = ROOT / "golden" / MT_SEED.relative_to(ROOT / "seeds")
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def articles(tmp_path) -> Path:
    """A git repository of articles: one carrying boilerplate, one clean, both staged."""
    repo = tmp_path / "articles"
    (repo / "moscowtimes").mkdir(parents=True)
    shutil.copy(MT_SEED, repo / "moscowtimes" / "dirty.txt")
    shutil.copy(MT_GOLDEN, repo / "moscowtimes" / "clean.txt")
    for args in (["init", "-q"], ["add", "."]):
        subprocess.run(["git", *args], cwd=repo, check=True)
    return repo


def pre_commit(args: list[str], repo: Path, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*PRE_COMMIT, *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(home), "PRE_COMMIT_HOME": str(home)},
    )


def try_repo(hook: str, repo: Path, home: Path) -> subprocess.CompletedProcess:
    return pre_commit(["try-repo", str(ROOT), hook, "--all-files"], repo, home)


def test_check_hook_fails_naming_the_file_and_rules_then_passes_once_clean(articles, pre_commit_home):
    first = try_repo("cleaner-check", articles, pre_commit_home)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "would clean moscowtimes/dirty.txt: G002, G009, moscowtimes/ad-free-banner" in first.stdout
    assert "clean.txt" not in first.stdout.replace("would clean moscowtimes/dirty.txt", "")
    assert (articles / "moscowtimes" / "dirty.txt").read_bytes() == MT_SEED.read_bytes()

    shutil.copy(MT_GOLDEN, articles / "moscowtimes" / "dirty.txt")
    rerun = try_repo("cleaner-check", articles, pre_commit_home)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr


def test_fix_hook_rewrites_the_dirty_file_then_passes(articles, pre_commit_home):
    first = try_repo("cleaner-fix", articles, pre_commit_home)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert (articles / "moscowtimes" / "dirty.txt").read_bytes() == MT_GOLDEN.read_bytes()
    assert (articles / "moscowtimes" / "clean.txt").read_bytes() == MT_GOLDEN.read_bytes()

    rerun = try_repo("cleaner-fix", articles, pre_commit_home)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr


def test_the_readme_config_pinned_by_the_readme_command_runs_the_hook(articles, pre_commit_home, tmp_path):
    """No tag is published with the repository: the README's config names a commit, which its
    `pre-commit autoupdate --bleeding-edge --freeze` sets to the newest one of the repository
    (here a clone of this one, as a user's would be), and the hook then runs."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    config = re.search(r"```yaml\n(# \.pre-commit-config\.yaml.+?)```", readme, re.S).group(1)
    assert not re.search(r"rev: v\d", config)
    command = next(block for block in re.findall(r"```sh\n(.+?)\n```", readme) if block.startswith("pre-commit autoupdate"))
    clone = tmp_path / "cleaner"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=clone, capture_output=True, text=True, check=True).stdout.strip()
    (articles / ".pre-commit-config.yaml").write_text(config.replace("https://github.com/YOUR-ORG/cleaner", str(clone)))
    update, run = (step.split()[1:] for step in command.split(" && "))
    updated = pre_commit(update, articles, pre_commit_home)
    assert updated.returncode == 0, updated.stdout + updated.stderr
    assert f"rev: {head}" in (articles / ".pre-commit-config.yaml").read_text()
    first = pre_commit(run, articles, pre_commit_home)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "would clean moscowtimes/dirty.txt: G002, G009, moscowtimes/ad-free-banner" in first.stdout
