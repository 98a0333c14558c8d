"""The static check for patterns prone to catastrophic backtracking."""

import pytest
import regex

from cleaner.authoring.backtracking import backtracking_risk
from cleaner.outlet_rules import BlockRule
from cleaner.rulefiles import builtin_rules_dir, load_outlets

RISKY = [
    r"(\w+\s?)+",  # a word can end one repetition or run on into the next
    r"(a|a)*",  # two alternatives for the same text
    r"(.*)*",
    r"(a+)+b",
    r"(?:a|aa)+b",
    r"(x\w*)+",  # the tail \w* can take the next repetition's x
    r"(?:\s*\w+)+",
    r"^(\d+)*$",
    r"(?:[^,]+,?)+$",
    r"(?:\w{1,3})+",
    r"(?i)(?:[a-z]|[A-Z])+!",  # overlap only under (?i)
    r"(?i:[a-z]|[A-Z])+!",
    r"(?=(a+)+)b",  # inside a lookahead it backtracks all the same
    r"(?P<word>\w+\s?)+",
    r"Share: (?:\p{L}+ ?)+",
]
SAFE = [
    r"(\w+\s)+",  # each repetition must end on a space the word cannot take
    r"(?:, \w+)*",
    r"(?:\s+\w+)*",
    r"(?:[^,]+,)+",
    r"(?:a|b)+",
    r"(a|ab)*",
    r"(a+)++",  # possessive: gives nothing back
    r"(?>a+)+",  # atomic
    r"(?:a+b){0,3}",  # a few repeats at most
    r"[(a+)+]",  # a class, not a group
    r"\(a+\)+",  # escaped parentheses
    r"(?i)(?:[a-z]|\d)+",
    r".{10,300}[^.!?]",
    r"Newspapers (?:in|from) \p{Lu}[\p{L} ]+",
]


@pytest.mark.parametrize("pattern", RISKY)
def test_risky_patterns_are_flagged(pattern):
    regex.compile(pattern)
    assert backtracking_risk(pattern)


@pytest.mark.parametrize("pattern", SAFE)
def test_safe_patterns_pass(pattern):
    regex.compile(pattern)
    assert backtracking_risk(pattern) is None


def test_the_reason_names_the_repeat_and_the_part():
    assert backtracking_risk(r"Tags: (\w+\s?)+") == r"in '(\\w+\\s?)+', '\\w+' can also match the start of the next repetition"
    assert "alternatives 'a' and 'a'" in backtracking_risk("(a|a)*")


def test_no_false_alarm_on_the_builtin_rules():
    patterns = [
        pattern.pattern
        for outlet in load_outlets([builtin_rules_dir()]).values()
        for rule in outlet.own_rules
        for pattern in [rule.pattern] + ([rule.end] if isinstance(rule, BlockRule) else [])
    ]
    assert len(patterns) >= 13
    assert [p for p in patterns if backtracking_risk(p)] == []


def test_a_flagged_pattern_really_backtracks():
    """The check's reason for being: this pattern runs past the timeout on 60 characters."""
    with pytest.raises(TimeoutError):
        regex.compile(r"(?:a|aa)+b").fullmatch("a" * 60, timeout=0.1)
