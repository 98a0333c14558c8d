"""Line shapes (cleaner/text.py): one definition of a list item and its bullet."""

import pytest

from cleaner import text
from cleaner.text import fold, folds, is_bullet, is_list_item, strip_bullet, strip_list_mark


@pytest.mark.parametrize("bullet", ["- ", "* ", "• ", "– ", "· ", "▪ ", "► ", "+ ", "o ", "・"])
def test_a_bulleted_item_is_a_list_item_with_its_bullet_stripped(bullet):
    line = f"{bullet}Council approves budget"
    assert is_bullet(line) and is_list_item(line)
    assert strip_bullet(line) == strip_list_mark(line) == "Council approves budget"


@pytest.mark.parametrize("line", ["1. First step", "12) Second step"])
def test_a_numbered_item_is_a_list_item_without_a_bullet(line):
    assert is_list_item(line) and not is_bullet(line)
    assert strip_bullet(line) == line and strip_list_mark(line) == line.split(maxsplit=1)[1]


@pytest.mark.parametrize(
    "line", ["-5 degrees overnight", "+44 20 7946 0000", "on Monday", "Oslo is cold", "2024 was a year", "1.5 million"]
)
def test_a_line_that_only_opens_with_a_mark_is_no_list_item(line):
    assert not is_list_item(line) and not is_bullet(line)
    assert strip_bullet(line) == strip_list_mark(line) == line


@pytest.mark.parametrize("run", [text.FOLD_CHARS, 1, 20])
def test_the_lines_fold_together_as_each_folds_alone(monkeypatch, run):
    monkeypatch.setattr(text, "FOLD_CHARS", run)  # in runs of lines too
    lines = ["ΟΔΟΣ ΣΟΦΟΚΛΕΟΥΣ", "", "Straße: İstanbul", "— — —", "« Newsletter » 2025!", "東京 の ニュース", "a\u2028b\x85c", "😀 𠀀 𝐀1"]
    assert (
        folds(lines)
        == [fold(line) for line in lines]
        == ["οδοσσοφοκλεουσ", "", "strasseistanbul", "", "newsletter2025", "東京のニュース", "abc", "𠀀𝐀1"]
    )
