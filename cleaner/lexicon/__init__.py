"""The phrase lexicons: one TOML file a language (``en.toml``, ``de.toml``, …), each a set of
named phrase lists; every list a detector asks for must exist, or be asked for as optional.
Beside them, ``stopwords.json``: the commonest words of many languages (written by
``bench/realworld/stopwords.py`` from jusText's stop lists)."""

from __future__ import annotations

import difflib
import json
import tomllib
from functools import cache
from pathlib import Path

from ..text import fold_case, phrase_key

LEXICON_DIR = Path(__file__).parent

STOPWORDS_FILE = LEXICON_DIR / "stopwords.json"

#: List-name endings of phrases found inside a line; any other list holds whole lines.
PART_LISTS = ("_terms", "_prefixes", "_suffixes")


class LexiconError(LookupError):
    """A detector asked for a phrase list that no language file defines."""


@cache
def stopwords() -> frozenset[str]:
    """The commonest words of many languages (``by``, ``von``, ``de``, ``the``…), case-folded."""
    return frozenset(json.loads(STOPWORDS_FILE.read_text(encoding="utf-8")))


@cache
def lexicon_files() -> dict[str, dict[str, list[str]]]:
    """Every language file (``en``, ``de``, …) and its lists."""
    files = {}
    for path in sorted(LEXICON_DIR.glob("*.toml")):
        try:
            files[path.stem] = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"{path}: {exc}") from exc
    return files


@cache
def list_names() -> frozenset[str]:
    """The names of the lists some language file defines."""
    return frozenset(name for lists in lexicon_files().values() for name in lists)


@cache
def phrases(name: str) -> frozenset[str]:
    """The phrases of a defined list in every language, normalised as lines are compared with
    them: phrase keys for whole-line lists, ``fold_case`` text for part lists."""
    normalise = fold_case if name.endswith(PART_LISTS) else phrase_key
    found = {normalise(phrase) for lists in lexicon_files().values() for phrase in lists.get(name, [])}
    found.discard("")
    return frozenset(found)


#: Every list name a detector asked for, and whether it was asked for as optional.
ASKED: dict[str, bool] = {}


def lexicon(name: str, *, optional: bool = False) -> frozenset[str]:
    """The phrases listed under ``name`` (see ``phrases``). A name no language defines raises
    LexiconError, unless the list is ``optional`` (a kind of phrase no language has yet)."""
    ASKED[name] = optional
    if name not in list_names():
        if optional:
            return frozenset()
        close = difflib.get_close_matches(name, list_names(), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise LexiconError(f"no lexicon list {name!r} in {LEXICON_DIR}{hint}")
    return phrases(name)
