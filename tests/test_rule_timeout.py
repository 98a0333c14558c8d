"""A user rule whose pattern backtracks catastrophically is reported and skipped; the rest still runs."""

from cleaner import Cleaner
from cleaner.cli import main

RULES = """
[outlet]
name = "Slow Gazette"
signatures = ["Slow Gazette"]

[[rule]]
id = "masthead"
kind = "line"
why = "The paper's name above every article"
pattern = 'Slow Gazette'

[[rule]]
id = "runaway"
kind = "line"
why = "A rule written with a catastrophic pattern"
pattern = '(?:a|aa)+b'

[[rule]]
id = "footer"
kind = "line"
why = "The footer under every article"
pattern = 'All rights reserved\\.'
"""

PAGE = (
    "Slow Gazette\n\nHarbour reopens\n\nThe harbour reopened on Monday after repairs.\n\n{}\n\nShare this article\n\nAll rights reserved.\n"
)
RUNAWAY_LINE = "a" * 60 + "b!"  # (?:a|aa)+b tries every way to split the a's before failing at "!"


def write_rules(tmp_path):
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "slow.toml").write_text(RULES, encoding="utf-8")
    return folder


def test_the_rule_that_times_out_is_skipped_and_reported(tmp_path):
    result = Cleaner([write_rules(tmp_path)]).clean(PAGE.format(RUNAWAY_LINE))
    assert result.outlet == "slow"
    assert result.text == f"Harbour reopens\n\nThe harbour reopened on Monday after repairs.\n\n{RUNAWAY_LINE}\n"
    assert result.rules_fired == ["G006", "slow/footer", "slow/masthead"]
    assert len(result.warnings) == 1
    assert "rule slow/runaway: pattern timed out" in result.warnings[0] and "skipped" in result.warnings[0]


def test_the_batch_goes_on_past_documents_where_a_rule_times_out(tmp_path, capsys):
    rules = write_rules(tmp_path)
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(PAGE.format(RUNAWAY_LINE if n != 1 else "The ferry resumed its service."), encoding="utf-8")
    assert main(["clean", str(folder), "-o", str(tmp_path / "out"), "--rules", str(rules), "--allow-slow-patterns"]) == 0
    err = capsys.readouterr().err
    assert err.count("rule slow/runaway: pattern timed out") == 2
    for n in range(3):
        cleaned = (tmp_path / "out" / f"{n}.txt").read_text(encoding="utf-8")
        assert "Slow Gazette" not in cleaned and "All rights reserved." not in cleaned
