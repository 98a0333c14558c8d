"""The decision step: every removal goes through it, outlet rules propose binding, the rest not."""

from pathlib import Path

from cleaner import Cleaner
from cleaner.decision import Decision, Proposal

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
