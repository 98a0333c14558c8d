"""Runs the [[case]] tables of every built-in rule file: one parametrised test for all, each case
with its outlet's rules alone, or with the generic detectors too when it says ``detectors = true``."""

import pytest
from conftest import normalised

from cleaner.rulefiles import builtin_rules_dir, load_outlets

OUTLETS = load_outlets([builtin_rules_dir()])
CASES = [case for outlet in OUTLETS.values() for case in outlet.cases]


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.outlet}: {case.name}")
def test_rule_file_case(case, cleaner, rules_only):
    result = (cleaner if case.detectors else rules_only).clean(case.input, source=case.outlet)
    if case.expect is None:
        assert result.removals == [], "text that must be left alone was changed"
    else:
        assert result.text == normalised(case.expect)


def test_every_outlet_has_cases():
    assert all(len(outlet.cases) >= 1 for outlet in OUTLETS.values())


def test_every_rule_fires_on_one_of_its_cases(cleaner, rules_only):
    fired = set()
    for case in CASES:
        fired.update((cleaner if case.detectors else rules_only).clean(case.input, source=case.outlet).rules_fired)
    rules = {rule.id for outlet in OUTLETS.values() for rule in outlet.own_rules}
    assert rules - fired == set()
