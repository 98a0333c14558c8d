"""``cleaner rules stats``: per outlet rule, its firings per month, and the flags of a stale rule file."""

from __future__ import annotations

import json
import random

from furniture import sentence

from cleaner.cli import main
from cleaner.corpus.drift import month_of

RULES = """[outlet]
name = "Harbour Ledger"
domains = ["ledger.example.org"]

[[rule]]
id = "appeal"
kind = "line"
why = "The appeal box of every page"
pattern = 'Support the Ledger: become a member today'

[[case]]
name = "the appeal goes"
input = "Harbour reopens\\n\\nSupport the Ledger: become a member today\\n\\nThe harbour reopened on Monday after repairs.\\n"
expect = "Harbour reopens\\n\\nThe harbour reopened on Monday after repairs.\\n"
"""
APP = "Download the Ledger app today for breaking news alerts"


def page(n: int, month: str) -> dict:
    rng = random.Random(n)
    chrome = ["Support the Ledger: become a member today"] if month < "2024-03" else [APP]
    text = "\n\n".join([f"Story {n} of the harbour", *chrome, sentence(rng, n), sentence(rng, n + 1)]) + "\n"
    return {"url": f"https://ledger.example.org/{n}", "text": text, "date": f"{month}-1{n % 9}T08:00:00Z"}


def test_a_rule_that_stopped_firing_and_new_recurring_lines_are_flagged(tmp_path, capsys):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "ledger.toml").write_text(RULES)
    corpus = tmp_path / "corpus.jsonl"
    records = [page(n, month) for n, month in enumerate(["2024-01"] * 5 + ["2024-02"] * 5 + ["2024-03"] * 5)]
    corpus.write_text("".join(json.dumps(record) + "\n" for record in records))
    assert main(["rules", "stats", str(corpus), "--rules", str(tmp_path / "rules"), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["outlets"]["ledger"]["rules"]["ledger/appeal"] == {"2024-01": 5, "2024-02": 5, "2024-03": 0}
    assert report["stopped"] == [{"outlet": "ledger", "rule": "ledger/appeal", "last_fired": "2024-02", "documents_since": 5}]
    assert [(entry["month"], entry["examples"]) for entry in report["gained"]] == [("2024-03", [APP])]
    assert main(["rules", "stats", str(corpus), "--rules", str(tmp_path / "rules")]) == 0
    out = capsys.readouterr().out
    assert "stopped: ledger/appeal last fired in 2024-02" in out and APP in out


def test_months_of_dates():
    assert month_of("2024-03-05T10:00:00Z") == "2024-03"
    assert month_of(0) == "1970-01"
    assert month_of("last week") == month_of(None) == "unknown"
