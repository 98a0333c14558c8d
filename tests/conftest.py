from pathlib import Path

import pytest

from cleaner import Cleaner
from cleaner.batch import writers
from cleaner.cli import main
from cleaner.render import normalised  # noqa: F401  (what a case's ``expect`` means; used by tests)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def cleaner() -> Cleaner:
    return Cleaner()


@pytest.fixture(scope="session")
def rules_only() -> Cleaner:
    """The outlets' rules alone, no generic detector: how a rule file's [[case]]s run."""
    return Cleaner(select=())


@pytest.fixture(scope="session")
def generic_only() -> Cleaner:
    """The generic detectors alone, as for an outlet with no rule file."""
    return Cleaner(builtin=False)


@pytest.fixture
def breaking_cleaner(monkeypatch) -> None:
    """``Cleaner.clean`` raising on a text that holds "BREAK", as a detector's bug would."""
    original = Cleaner.clean

    def clean_or_break(self, text, **hints):
        if "BREAK" in text:
            raise RuntimeError("a detector broke")
        return original(self, text, **hints)

    monkeypatch.setattr(Cleaner, "clean", clean_or_break)


def interrupted(monkeypatch, argv: list[str], after: int = 2) -> None:
    """Run ``argv`` and stop it (as Ctrl-C does) once ``after`` inputs are logged as done."""
    real_add, added = writers.ResumeLog.add, []

    def add(log, item, wrote):
        if len(added) == after:
            raise KeyboardInterrupt
        added.append(item)
        real_add(log, item, wrote)

    monkeypatch.setattr(writers.ResumeLog, "add", add)
    assert main(argv) == 130  # as after Ctrl-C
    monkeypatch.undo()
