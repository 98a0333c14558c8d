"""The README stays true: its test command is CI's, and its detector table lists every detector."""

import re

from conftest import ROOT

from cleaner.detectors import DETECTORS
from cleaner.localiser import ARTICLE_LOCALISER

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_exactly_the_readme_test_command():
    commands = re.findall(r"```sh\n(.+?)\n```", README)
    test_command = next(c for c in commands if "pytest" in c)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci


def test_readme_lists_every_detector():
    for detector in (ARTICLE_LOCALISER, *DETECTORS):
        assert f"| {detector.code} | `{detector.name}` | {detector.what} |" in README
