"""The generic detectors: their cases (tests/detector_cases.toml), their docs, and the guard."""

import tomllib

import pytest
from conftest import ROOT, normalised

from cleaner import Cleaner
from cleaner.detectors import CODES

CASES = tomllib.loads((ROOT / "tests" / "detector_cases.toml").read_text(encoding="utf-8"))["case"]


#: The cases are short, so the guard (tested on its own below) is lifted for them.
UNGUARDED = Cleaner(builtin=False, guard=1.0)


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case['code']}: {case['name']}")
def test_detector_case(case):
    result = UNGUARDED.clean(case["input"])
    if "expect" in case:
        assert result.text == normalised(case["expect"])
        assert case["code"] in result.rules_fired
    else:
        assert result.removals == []


def test_every_detector_has_a_case_that_fires():
    fired = {case["code"] for case in CASES if "expect" in case}
    assert {code.code for code in CODES} <= fired


def test_disabled_detector_does_not_run():
    text = "Wildfire contained\nShare this article\nFirefighters contained the fire on Sunday.\n"
    assert "Share this article" in Cleaner(builtin=False, ignore=["G006"]).clean(text).text


def test_guard_keeps_a_document_the_detectors_would_mostly_remove():
    text = "Share this article\nFacebook\nTwitter\nEmail\nWildfire contained\n"
    result = Cleaner(builtin=False).clean(text)
    assert result.guarded and result.removals == []
    assert result.text == normalised(text)
    assert Cleaner(builtin=False, guard=1.0).clean(text).text == "Wildfire contained\n"
