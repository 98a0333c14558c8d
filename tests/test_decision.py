"""The decision step: every removal goes through it, outlet rules propose binding, the rest not."""

import json
from pathlib import Path

import numpy as np

from cleaner import Cleaner, decision
from cleaner.cli import main
from cleaner.cli.explain import kept_against
from cleaner.decision import Decision, Overruling, Proposal
from cleaner.document import Document
from cleaner.linemodel import THRESHOLDS

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


class Recording(Decision):
    """Accepts as the shipped Decision does, and keeps every proposal it was given."""

    def __init__(self):
        self.seen: list[Proposal] = []

    def decide(self, doc, proposal):
        self.seen.append(proposal)
        super().decide(doc, proposal)


class Refusing(Decision):
    """Accepts nothing."""

    def decide(self, doc, proposal):
        pass


def test_every_removal_was_a_proposal_and_only_outlet_rules_bind():
    cleaner = Cleaner()
    cleaner.decision = recording = Recording()
    rule_ids = {rule.id for outlet in cleaner.outlets.values() for rule in outlet.rules}
    fired = set()
    for seed in sorted(SEEDS.rglob("*.txt")):
        recording.seen.clear()
        result = cleaner.clean_bytes(seed.read_bytes(), path=seed.relative_to(SEEDS.parent).as_posix())
        proposed = {(p.rule, p.why) for p in recording.seen if p.lines}
        assert {(r.rule, r.why) for r in result.removals} <= proposed
        for proposal in recording.seen:
            assert proposal.binding == (proposal.rule in rule_ids), proposal.rule
        fired |= {r.rule for r in result.removals}
    assert fired & rule_ids and fired - rule_ids  # the seeds exercise both kinds


def test_a_decision_that_accepts_nothing_removes_nothing():
    cleaner = Cleaner()
    cleaner.decision = Refusing()
    seed = next(iter(sorted(SEEDS.rglob("*.txt"))))
    text = seed.read_text(encoding="utf-8")
    result = cleaner.clean(text, path=seed.relative_to(SEEDS.parent).as_posix(), normalise=False)
    assert result.removals == [] and result.text == text


LINES = ["Home", "Council approves budget", "The council approved the new budget on Tuesday after a long debate.", "Most read"]


def scored(monkeypatch, p: list[float]) -> Document:
    """A document of ``LINES`` whose lines the line model scores ``p``."""
    monkeypatch.setattr(decision, "article_probabilities", lambda doc: np.array(p))
    return Document.from_text("\n".join(LINES))


def test_a_generic_proposal_of_a_line_the_model_is_sure_of_is_overruled(monkeypatch):
    doc = scored(monkeypatch, [0.01, 0.5, 0.97, 0.02])
    Decision().decide(doc, Proposal("G003", "a story list", [2, 3], binding=False))
    assert doc.removed == {3}
    assert doc.overruled == [Overruling("G003", 2, LINES[2], 0.97, "article")]
    assert kept_against(doc.overruled[0]) == "G003 proposed, kept: article p=0.97"


def test_a_lexicon_class_asks_the_model_to_be_surer_before_it_is_overruled(monkeypatch):
    p = (max(THRESHOLDS.keep_above, THRESHOLDS.keep_above_short) + decision.SURE_BAR) / 2
    for code, removed in (("G003", set()), (sorted(decision.SURE_CODES)[0], {2})):
        doc = scored(monkeypatch, [0.01, 0.5, p, 0.02])
        Decision().decide(doc, Proposal(code, "a proposal", [2], binding=False))
        assert doc.removed == removed, code


def test_a_copy_of_a_line_that_stays_is_removed_however_sure_the_model_is(monkeypatch):
    monkeypatch.setattr(decision, "article_probabilities", lambda doc: np.array([0.9, 0.97, 0.97, 0.9]))
    monkeypatch.setattr(decision, "headline", lambda doc, among=None: 0)
    doc = Document.from_text("\n".join([LINES[1], LINES[2], LINES[2], "The end."]))
    Decision().decide(doc, Proposal("G008", "a repeated line", [2], binding=False))
    assert doc.removed == {2} and doc.overruled == []
    both = Document.from_text("\n".join([LINES[1], LINES[2], LINES[2], "The end."]))
    Decision().decide(both, Proposal("G008", "a repeated line", [1, 2], binding=False))
    assert both.removed == set()  # no copy would stay: the model keeps both


def test_a_line_of_glyphs_alone_is_never_kept_for_the_article(monkeypatch):
    monkeypatch.setattr(decision, "article_probabilities", lambda doc: np.array([0.9, 0.9, 0.97]))
    monkeypatch.setattr(decision, "headline", lambda doc, among=None: 1)
    doc = Document.from_text("\n".join(["×", LINES[1], LINES[2]]))
    Decision().decide(doc, Proposal("G009", "a close glyph", [0], binding=False))
    assert doc.removed == {0} and doc.overruled == []


def test_an_outlet_rule_is_binding(monkeypatch):
    doc = scored(monkeypatch, [0.01, 0.5, 0.97, 0.02])
    Decision().decide(doc, Proposal("bbc/x", "the outlet's", [2, 3], binding=True))
    assert doc.removed == {2, 3} and doc.overruled == []


def test_the_headline_stays_whatever_proposes_it(monkeypatch):
    doc = scored(monkeypatch, [0.01, 0.05, 0.97, 0.02])
    monkeypatch.setattr(decision, "headline", lambda doc, among=None: 1)
    Decision().decide(doc, Proposal("G008", "a repeated line", [0, 1], binding=False))
    assert doc.removed == {0}
    assert [o.line for o in doc.overruled] == [1]
    assert kept_against(doc.overruled[0]) == "G008 proposed, kept: headline p=0.05"


def test_explain_says_why_a_line_the_model_is_unsure_of_stayed(monkeypatch):
    # a short document overrules only from keep_above_short: a line kept under it is kept as
    # the headline, or as the first copy of a repeated headline, never as "article"
    p = round((THRESHOLDS.keep_above + THRESHOLDS.keep_above_short) / 2, 2)  # shown as it is: no rounding at the edge
    doc = scored(monkeypatch, [0.01, p, 0.97, 0.02])
    monkeypatch.setattr(decision, "headline", lambda doc, among=None: 1)
    Decision().decide(doc, Proposal("G008", "a repeated line", [0, 1], binding=False))
    assert kept_against(doc.overruled[0]) == f"G008 proposed, kept: headline p={p:.2f}"
    monkeypatch.setattr(decision, "article_probabilities", lambda doc: np.array([p, p, 0.97]))
    monkeypatch.setattr(decision, "headline", lambda doc, among=None: None)
    copies = Document.from_text("\n".join([LINES[1], LINES[1].upper(), LINES[2]]))
    Decision().decide(copies, Proposal("G008", "a repeated line", [0, 1], binding=False))
    assert copies.removed == {1}
    assert [kept_against(o) for o in copies.overruled] == [f"G008 proposed, kept: first copy p={p:.2f}"]


def test_an_overruled_line_another_rule_removes_is_no_longer_recorded(monkeypatch):
    doc = scored(monkeypatch, [0.01, 0.5, 0.97, 0.02])
    Decision().decide(doc, Proposal("G003", "a story list", [2], binding=False))
    Decision().decide(doc, Proposal("bbc/x", "the outlet's", [2], binding=True))
    assert doc.removed == {2} and doc.overruled == []


PAGE = [
    "Council approves budget",
    "The council approved the new budget on Tuesday after a debate that lasted more than four hours.",
    "Most read",
    "Storm warning issued for the coast on Friday",
    "Museum reopens its gallery of maritime history",
    "Local team wins regional final after extra time",
]


def test_explain_tells_of_the_lines_kept_against_a_proposal(monkeypatch, tmp_path, capsys):
    page = tmp_path / "page.txt"
    page.write_text("\n".join(PAGE) + "\n", encoding="utf-8")
    sure = [0.6, 0.99, 0.01, 0.2, 0.97, 0.2]  # the model sure of the museum line, say
    monkeypatch.setattr(decision, "article_probabilities", lambda doc: np.array(sure))
    assert main(["explain", str(page), "--select", "G003", "--color", "never"]) == 0
    out = capsys.readouterr().out
    assert "      >>> G003 proposed, kept: article p=0.97\n    5   Museum reopens its gallery of maritime history" in out
    assert "-  Storm warning issued for the coast on Friday" in out or "- Storm warning issued for the coast on Friday" in out
    assert main(["clean", str(page), "--select", "G003", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["overruled"] == [{"rule": "G003", "line": 4, "text": PAGE[4], "p_article": 0.97, "kept_as": "article"}]
    assert PAGE[4] in data["text"]
