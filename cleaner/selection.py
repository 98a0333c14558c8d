"""Which generic codes and outlet rules run: ``select`` and ``ignore``, as the command line,
``[tool.cleaner]`` and ``Cleaner(...)`` take them.

A selector is a code (``G005``), a prefix of codes (``G01``, ``G``), a detector's name
(``share-prompt``), an outlet rule id (``bbc/skip-link``) or an outlet's rules (``bbc/``); a
value may hold several, separated by commas. ``select`` (codes only) replaces the default set, the
stable and deprecated codes; a preview code runs only when selected by its exact code. ``ignore``
takes away from it. A selector that matches nothing is an error, with the nearest known one.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .registry import CODES, Code, State

_PREFIX = re.compile(r"[A-Z]+\d*")


class SelectionError(ValueError):
    """A selector that names no code, detector or rule."""


def split(values: Iterable[str]) -> list[str]:
    """The selectors in a list of values, each value possibly a comma list."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@dataclass(frozen=True)
class Selection:
    codes: tuple[Code, ...]  # in run order
    ignored_rules: frozenset[str]  # outlet rule ids

    @classmethod
    def of(cls, select: Iterable[str] | None, ignore: Iterable[str], rule_ids: Iterable[str]) -> Selection:
        rule_ids = set(rule_ids)
        if select is None:
            chosen = {code.code for code in CODES if code.on_by_default}
        else:
            chosen = set()
            for selector in split(select):
                if "/" in selector:
                    raise SelectionError(f"select takes generic codes, not outlet rules ({selector!r}): outlet rules run unless ignored")
                chosen |= _codes(selector, rule_ids)
        ignored_rules: set[str] = set()
        for selector in split(ignore):
            if "/" in selector:
                ignored_rules |= _rules(selector, rule_ids)
            else:
                chosen -= _codes(selector, rule_ids, ignoring=True)
        return cls(tuple(code for code in CODES if code.code in chosen), frozenset(ignored_rules))


def _codes(selector: str, rule_ids: set[str], ignoring: bool = False) -> set[str]:
    exact = [code for code in CODES if selector in (code.code, code.name)]
    if exact:
        code = exact[0]
        if code.state is State.REMOVED and not ignoring:
            raise SelectionError(f"{code.code} ({code.name}) was removed; it no longer runs")
        return {code.code}
    if _PREFIX.fullmatch(selector):
        found = {code.code for code in CODES if code.code.startswith(selector) and code.on_by_default}
        if found:
            return found
    raise SelectionError(unknown(selector, rule_ids))


def _rules(selector: str, rule_ids: set[str]) -> set[str]:
    found = {rule for rule in rule_ids if rule.startswith(selector)} if selector.endswith("/") else {selector} & rule_ids
    if not found:
        raise SelectionError(unknown(selector, rule_ids))
    return found


def unknown(selector: str, rule_ids: set[str]) -> str:
    known = [code.code for code in CODES] + [code.name for code in CODES] + sorted(rule_ids)
    folded = {name.casefold(): name for name in known}
    guess = folded.get(selector.casefold()) or next(iter(difflib.get_close_matches(selector, known, n=1)), None)
    hint = f"; did you mean {guess!r}?" if guess else " (`cleaner rule --all` lists the codes, `cleaner rules list` the outlets)"
    return f"unknown code or rule id {selector!r}{hint}"
