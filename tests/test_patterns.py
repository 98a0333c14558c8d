"""The literal prefilter of rule patterns: it must never turn away a line the pattern matches."""

import pytest
import regex
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.outlet_rules import PATTERN_TIMEOUT, LinePattern, required_literals
from cleaner.rulefiles import builtin_rules_dir, load_outlets

LITERALS = {
    r"Enjoying ad-free content\?": (("Enjoying ad-free content?",), False),
    r"Newspapers (?:in|from) \p{Lu}[\p{L} ]+": (("Newspapers ",), False),
    r".*\[Photo(?:/[^\]]+)?\]": (("[Photo",), False),
    r"(?i)skip to (?:main )?content": (("skip to ",), True),
    r"Remind me later\.?": (("Remind me later",), False),
    r".{10,300}[^.!?]": ((), False),
    r"(?:Related Topics|Top Stories)": (("Related Topics", "Top Stories"), False),
    r"(?:Image source|Image caption), .+": (("Image source", "Image caption"), False),
    r"(?:Related|More)?x": (("x",), False),
    r"(?:a(b)|c)d": (("d",), False),
    r"a|b": ((), False),
    r"ab+c": (("ab",), False),
    r"ab{2}c": (("ab",), False),
    r"ab{0,2}c": (("a",), False),
    r"(?i:Top) Stories": ((" Stories",), False),
    r"(?>Top|Most) Read": ((" Read",), False),
    r"[^\]]x y[a]": (("x y",), False),
    r"x(?i)abc": ((), False),
    r"(?x)a b": ((), False),
    r"\p{Lu}ondon": (("ondon",), False),
}


@pytest.mark.parametrize("source", LITERALS)
def test_required_literal(source):
    assert required_literals(source) == LITERALS[source]


PATTERNS = sorted(
    {rule.pattern.pattern for outlet in load_outlets([builtin_rules_dir()]).values() for rule in outlet.rules} | set(LITERALS)
)
LINES = sorted({line.strip() for p in (ROOT / "seeds").rglob("*.txt") for line in p.read_text(encoding="utf-8").splitlines()})


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(PATTERNS), st.one_of(st.sampled_from(LINES), st.text(max_size=60)))
def test_prefilter_agrees_with_the_regex(source, line):
    assert LinePattern.compile(source).fullmatch(line) == (regex.fullmatch(source, line) is not None)


def test_prefilter_agrees_on_every_seed_line():
    for source in PATTERNS:
        pattern = LinePattern.compile(source)
        for line in LINES:
            assert pattern.fullmatch(line) == (regex.fullmatch(source, line) is not None), (source, line)


@pytest.mark.parametrize(
    ("pattern", "timed"),
    [
        ("Check Also", False),
        (r"(?i)skip to (?:main )?content", False),
        (r".*Read more", False),
        (r"(\w+\s?)+", True),
        (r"(a|aa)+", True),
        (r"\?\? [^?]+ \?\? .+", True),
        (r"(?=Photo).*", True),
        (r"(a)\1.*", True),
    ],
)
def test_only_patterns_that_can_backtrack_far_run_under_the_timeout(pattern, timed):
    """The timeout's clock costs more than a plain pattern's match: those run without it."""
    assert (LinePattern.compile(pattern).timeout == PATTERN_TIMEOUT) is timed
