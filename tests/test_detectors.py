"""The generic detectors: their cases (tests/detector_cases.toml), their docs, and the guard."""

import tomllib

import pytest
from conftest import ROOT, normalised

from cleaner import Cleaner
from cleaner.detectors import DETECTORS

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


def test_every_detector_has_a_case_that_fires_and_one_documented():
    fired = {case["code"] for case in CASES if "expect" in case}
    for detector in DETECTORS:
        assert detector.code in fired
        assert detector.name and detector.what and detector.why and detector.example


def test_codes_are_unique_and_stable():
    codes = [detector.code for detector in DETECTORS]
    assert codes == sorted(set(codes), key=codes.index)
    assert {"G001", "G002", "G003", "G004", "G005", "G006", "G007", "G008", "G009"} <= set(codes)


def test_disabled_detector_does_not_run():
    text = "Wildfire contained\nShare this article\nFirefighters contained the fire on Sunday.\n"
    assert "Share this article" in Cleaner(builtin=False, disabled=["G006"]).clean(text).text


def test_guard_keeps_a_document_the_detectors_would_mostly_remove():
    text = "Share this article\nFacebook\nTwitter\nEmail\nWildfire contained\n"
    result = Cleaner(builtin=False).clean(text)
    assert result.guarded and result.removals == []
    assert result.text == normalised(text)
    assert Cleaner(builtin=False, guard=1.0).clean(text).text == "Wildfire contained\n"
