from pathlib import Path

import pytest

from cleaner import Cleaner
from cleaner.document import split_lines
from cleaner.write import render

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def cleaner() -> Cleaner:
    return Cleaner()


@pytest.fixture(scope="session")
def generic_only() -> Cleaner:
    """The generic detectors alone, as for an outlet with no rule file."""
    return Cleaner(builtin=False)


def normalised(text: str) -> str:
    """Text in the output form, lines unchanged: what a case's ``expect`` means."""
    return render([line.strip() for line in split_lines(text)])
