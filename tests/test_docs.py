"""The README stays true: its test command is CI's, and its table of codes is the registry's."""

import re

from conftest import ROOT

from cleaner.registry import CODES, markdown_table

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_exactly_the_readme_test_command():
    commands = re.findall(r"```sh\n(.+?)\n```", README)
    test_command = next(c for c in commands if "pytest" in c)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci


def test_readme_table_of_codes_is_the_generated_one():
    """Regenerate it with `cleaner rule --all --format markdown`."""
    assert markdown_table(sorted(CODES, key=lambda code: code.code)) in README


def test_the_readme_test_command_installs_what_every_test_needs():
    """The test extra stays small for contributors; the command CI runs adds the datatrove
    extra, so that the datatrove and Ray tests run there instead of being skipped."""
    commands = re.findall(r"```sh\n(.+?)\n```", README)
    assert "pip install -q -e '.[test,datatrove]'" in next(c for c in commands if "pytest" in c)
