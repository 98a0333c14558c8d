"""The phrase lexicons: one TOML file a language (``en.toml``, ``de.toml``, …), each a set of
named phrase lists; every list a detector asks for must exist, or be asked for as optional.
Beside them, ``stopwords.json``: the commonest words of many languages (written by
``bench/realworld/stopwords.py`` from jusText's stop lists)."""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import tomllib
from contextlib import suppress
from functools import cache
from pathlib import Path

from .. import text
from ..files import atomic_write
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


def _normalised() -> dict[str, list[str]]:
    """Every defined list and its phrases in every language, normalised as lines are compared
    with them: phrase keys for whole-line lists, ``fold_case`` text for part lists."""
    names = {name for lists in lexicon_files().values() for name in lists}
    found = {}
    for name in sorted(names):
        normalise = fold_case if name.endswith(PART_LISTS) else phrase_key
        phrases = {normalise(phrase) for lists in lexicon_files().values() for phrase in lists.get(name, [])}
        phrases.discard("")
        found[name] = sorted(phrases)
    return found


def cache_file() -> Path:
    """Where the normalised lists are kept between runs (parsing the TOML files and normalising
    their phrases is most of the cleaner's start-up): named by a hash of the language files and of
    the code that normalises them, so that a change to either is a new file."""
    digest = hashlib.sha256()
    for path in [*sorted(LEXICON_DIR.glob("*.toml")), Path(__file__), Path(text.__file__)]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cleaner"
    return home / f"lexicon-{digest.hexdigest()[:20]}.json"


@cache
def normalised_lists() -> dict[str, frozenset[str]]:
    """``_normalised``, read from ``cache_file`` when an earlier run wrote it (else written
    there, when the cache folder can be written: else only computed)."""
    path = cache_file()
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        found = _normalised()
        with suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, json.dumps(found, ensure_ascii=False))  # whole or not at all, whatever runs at the same time
    return {name: frozenset(phrases) for name, phrases in found.items()}


@cache
def list_names() -> frozenset[str]:
    """The names of the lists some language file defines."""
    return frozenset(normalised_lists())


def phrases(name: str) -> frozenset[str]:
    """The phrases of a defined list in every language, normalised (see ``_normalised``)."""
    return normalised_lists().get(name, frozenset())


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
