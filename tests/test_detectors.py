"""The generic detectors: the cases of each (tests/detector_cases/CODE-NAME.toml), and the guard.

Each case runs twice: with its detector alone, so that a case passes only on that detector's
work, and with every detector on, as a document is cleaned.
"""

import inspect
import tomllib

import pytest
from conftest import ROOT, normalised

from cleaner import Cleaner
from cleaner.decision import Unarbitrated
from cleaner.furniture.step import CODE as SITE_FURNITURE
from cleaner.localisation import CODE as LOCALISER
from cleaner.registry import CODES

CASE_FILES = sorted((ROOT / "tests" / "detector_cases").glob("*.toml"))
CASES = [(path.stem.split("-", 1)[0], case) for path in CASE_FILES for case in tomllib.loads(path.read_text(encoding="utf-8"))["case"]]


def case_cleaner(**options) -> Cleaner:
    """The cases are short, so the guard (tested on its own below) is lifted for them; and the line
    model, trained on real pages, is rarely sure of a few lines either way, so they run without its
    arbitration (tested in test_decision.py, measured on real pages by bench/realworld)."""
    cleaner = Cleaner(builtin=False, guard=1.0, **options)
    cleaner.decision = Unarbitrated()
    return cleaner


PIPELINE = case_cleaner()
ALONE = {code.code: case_cleaner(select=[code.code]) for code in CODES}
#: A preview code runs only when selected: its cases run in the pipeline with it selected too.
WITH_PREVIEW = {code.code: case_cleaner(select=["G", code.code]) for code in CODES if not code.on_by_default}


@pytest.mark.parametrize("run", ["alone", "pipeline"])
@pytest.mark.parametrize(("code", "case"), CASES, ids=[f"{code}: {case['name']}" for code, case in CASES])
def test_detector_case(code, case, run):
    result = (ALONE[code] if run == "alone" else WITH_PREVIEW.get(code, PIPELINE)).clean(case["input"])
    if "expect" in case:
        assert result.text == normalised(case["expect"])
        assert code in result.rules_fired or run == "pipeline" and code == LOCALISER  # G020 runs last: the detectors may take its lines
    else:
        assert result.removals == []


def test_case_files_are_named_for_a_code_and_every_code_has_one_that_fires():
    detectors = [code for code in CODES if code.code != SITE_FURNITURE]  # S001 needs a corpus: tests/test_furniture.py
    assert [path.stem for path in CASE_FILES] == sorted(f"{code.code}-{code.name}" for code in detectors)
    fired = {code for code, case in CASES if "expect" in case}
    assert {code.code for code in detectors} <= fired


def test_guard_keeps_a_document_the_detectors_would_mostly_remove():
    text = "Share this article\nFacebook\nTwitter\nEmail\nWildfire contained\n"
    result = Cleaner(builtin=False).clean(text)
    assert result.guarded and result.removals == []
    assert result.text == normalised(text)
    assert Cleaner(builtin=False, guard=1.0).clean(text).text == "Wildfire contained\n"


def test_the_detectors_that_ask_where_empty_lines_fall_say_they_read_the_layout():
    """The pipeline reruns only those when it turns to the normalised layout (``Detector.reads_layout``)."""
    callers = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "cleaner").rglob("*.py")
        if ".blank_between(" in path.read_text(encoding="utf-8")
    }
    assert callers == {"cleaner/detectors/lists.py", "cleaner/render.py"}
    for code in CODES:
        classes = [cls for cls in type(code.detector).__mro__ if cls.__module__.startswith("cleaner.")]
        assert code.detector.reads_layout == any(".blank_between(" in inspect.getsource(cls) for cls in classes), code.code
