"""The generic detectors on the labelled corpus (bench/quality/): deletion precision and
boilerplate recall must stay above floors, on the held-out test split and on the dev split the
detectors were tuned on, so that a regression fails."""

import importlib.util
import sys

import pytest
from conftest import ROOT

#: Floors set a little under the figures measured (see bench/quality/README.md).
FLOORS = {"test": (0.99, 0.85), "dev": (0.995, 0.97)}


@pytest.fixture(scope="module")
def quality():
    spec = importlib.util.spec_from_file_location("quality_evaluate", ROOT / "bench" / "quality" / "evaluate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_precision_and_recall_stay_above_their_floors(quality, split):
    result = quality.evaluate(split)
    precision, recall = FLOORS[split]
    lost = "\n".join(f"{name}:{number} [{rule}] {text}" for name, number, rule, text in result.lost)
    assert result.overall.precision >= precision, f"article lines deleted:\n{lost}"
    assert result.overall.recall >= recall


def test_the_split_is_by_file_and_covers_every_language(quality):
    dev, test = quality.corpus("dev"), quality.corpus("test")
    assert not {d.path for d in dev} & {d.path for d in test}
    assert len(dev) + len(test) == len(quality.corpus("all"))
    assert {d.language for d in test} == {d.language for d in dev} == {"en", "de", "fr", "es", "pt", "it", "ru", "zh", "ja", "ko"}


def test_a_file_with_an_unlabelled_line_is_refused_with_its_name(quality, tmp_path):
    bad = tmp_path / "en" / "en-01-bad.txt"
    bad.parent.mkdir()
    bad.write_text("K|Headline\nno label here\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"en-01-bad\.txt:2"):
        quality.read_labelled(bad)
