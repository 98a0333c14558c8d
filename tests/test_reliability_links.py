"""--in-place and links (issue 16, item 9): a symlink's target is rewritten and the link stays;
the mode is kept; a file with other hard links, or a link out of the paths given, is refused."""

from __future__ import annotations

import json
import os
from pathlib import Path

from cleaner.cli import main

DIRTY = "The council approved the budget on Monday, the mayor said.\n\n\n\nWork starts in May.\n"
CLEAN = "The council approved the budget on Monday, the mayor said.\n\nWork starts in May.\n"


def dirty(path: Path, mode: int = 0o640) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(DIRTY, encoding="utf-8")
    path.chmod(mode)
    return path


def test_in_place_rewrites_a_symlinks_target_and_keeps_the_link_and_the_mode(tmp_path):
    folder = tmp_path / "in"
    real = dirty(folder / "real.txt", 0o640)
    (folder / "link.txt").symlink_to("real.txt")
    assert main(["clean", str(folder), "--in-place", "--normalise", "--quiet"]) == 0
    assert (folder / "link.txt").is_symlink() and os.readlink(folder / "link.txt") == "real.txt"
    assert real.read_text() == CLEAN and real.stat().st_mode & 0o777 == 0o640


def test_in_place_refuses_a_file_with_other_hard_links(tmp_path):
    folder = tmp_path / "in"
    real = dirty(folder / "a.txt")
    os.link(real, tmp_path / "elsewhere.txt")
    report = tmp_path / "r.json"
    assert main(["clean", str(folder), "--in-place", "--normalise", "--quiet", "--report", str(report)]) == 1
    assert real.read_text() == DIRTY and os.stat(real).st_ino == os.stat(tmp_path / "elsewhere.txt").st_ino
    assert "hard links" in json.loads(report.read_text())["failures"][0]["error"]


def test_in_place_refuses_a_link_to_a_file_outside_the_paths_given(tmp_path):
    outside = dirty(tmp_path / "outside" / "secret.txt")
    folder = tmp_path / "in"
    dirty(folder / "a.txt")
    (folder / "b.txt").symlink_to(outside)
    report = tmp_path / "r.json"
    assert main(["clean", str(folder), "--in-place", "--normalise", "--quiet", "--report", str(report)]) == 1
    assert outside.read_text() == DIRTY and (folder / "a.txt").read_text() == CLEAN
    assert "outside the paths given" in json.loads(report.read_text())["failures"][0]["error"]


def test_in_place_on_a_link_given_by_name_rewrites_its_target(tmp_path):
    real = dirty(tmp_path / "store" / "a.txt", 0o600)
    (tmp_path / "link.txt").symlink_to(real)
    assert main(["clean", str(tmp_path / "link.txt"), "--in-place", "--normalise", "--quiet"]) == 0
    assert (tmp_path / "link.txt").is_symlink() and real.read_text() == CLEAN and real.stat().st_mode & 0o777 == 0o600


def test_a_new_output_file_gets_the_usual_mode(tmp_path):
    source = dirty(tmp_path / "a.txt")
    previous = os.umask(0o022)
    try:
        assert main(["clean", str(source), "-o", str(tmp_path / "out.txt")]) == 0
    finally:
        os.umask(previous)
    assert (tmp_path / "out.txt").stat().st_mode & 0o777 == 0o644
