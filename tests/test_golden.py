"""Every seed under seeds/ cleans to its golden file; a new seed needs no test code."""

from pathlib import Path

import pytest
from conftest import ROOT

SEEDS = sorted((ROOT / "seeds").rglob("*.txt"))


def _id(path: Path) -> str:
    return path.relative_to(ROOT / "seeds").as_posix()


def golden_path(seed: Path) -> Path:
    return ROOT / "golden" / seed.relative_to(ROOT / "seeds")


def test_seeds_are_there():
    assert len(SEEDS) >= 5


@pytest.mark.parametrize("seed", SEEDS, ids=_id)
def test_seed_cleans_to_golden(seed, cleaner, file_regression):
    result = cleaner.clean_bytes(seed.read_bytes(), path=seed.relative_to(ROOT).as_posix())
    file_regression.check(result.text, fullpath=golden_path(seed), encoding="utf-8", newline="\n")


@pytest.mark.parametrize("seed", SEEDS, ids=_id)
def test_golden_is_a_fixed_point(seed, cleaner):
    """Cleaning a golden file again changes nothing."""
    golden = golden_path(seed).read_text(encoding="utf-8")
    again = cleaner.clean(golden, path=seed.relative_to(ROOT).as_posix())
    assert again.text == golden
    assert again.removals == []
