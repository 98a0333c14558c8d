"""What a new user trips over (issue 15): file modes, --check semantics, output names and kinds,
explain/detect inputs, pipes and interrupts, the version."""

import os
import stat

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
