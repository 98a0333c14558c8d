"""What every generic detector shares: its documentation fields, the phrase lexicons (every
list a detector asks for must exist, or be asked for as optional), and the detectors that drop
lines matching a phrase list."""

from __future__ import annotations

import difflib
import tomllib
from functools import cache
from pathlib import Path

from ..document import Document
from ..text import fold_case, has_quote, phrase_key

LEXICON_DIR = Path(__file__).parent / "lexicon"

#: List-name endings of phrases found inside a line; any other list holds whole lines.
PART_LISTS = ("_terms", "_prefixes", "_suffixes")


class LexiconError(LookupError):
    """A detector asked for a phrase list that no language file defines."""


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


class Detector:
    """A generic detector: ``find`` returns the indices of the lines to drop. Its code, name and
    state are its row in ``registry.CODES``; its docstring is its doc, in the sections that
    ``registry.DetectorDoc`` reads (what it removes, ``Why:``, ``Example:``, ``Leaves alone:``).

    ``lists`` and ``optional_lists`` name the lexicon lists it reads (asked for when it is made,
    so a name no language defines fails at once, unless the list is optional). ``line_local``:
    the verdict on a line depends on that line alone, never on the lines around it, so the
    detector finds all it will ever find in its first run (the pipeline runs it once)."""

    lists: tuple[str, ...] = ()
    optional_lists: tuple[str, ...] = ()
    line_local = False

    def __init__(self) -> None:
        for name in self.lists:
            lexicon(name)
        for name in self.optional_lists:
            lexicon(name, optional=True)

    def find(self, doc: Document) -> list[int]:
        raise NotImplementedError


class StandaloneLabel(Detector):
    """Drops lines that consist of nothing but one of the phrases in a lexicon list."""

    lexicon_name: str
    line_local = True

    def __init__(self) -> None:
        super().__init__()
        lexicon(self.lexicon_name)

    def find(self, doc: Document) -> list[int]:
        removed = doc.removed
        return [i for i in doc.table.lines_with(self.lexicon_name) if i not in removed]


class LabelOrPrompt(StandaloneLabel):
    """Drops lines that are one of the labels of a lexicon list (with ``with_counts``, also with a
    number: "4 min"), or short lines, quoting no one, that open with one of the prompts of a
    ``*_prefixes`` list ("Share on …", "Follow us on …")."""

    prefix_lexicon_name: str
    with_counts = False
    #: Longest line still taken for a prompt.
    max_prompt_chars = 80

    def __init__(self) -> None:
        super().__init__()
        lexicon(self.prefix_lexicon_name)

    def find(self, doc: Document) -> list[int]:
        table, removed = doc.table, doc.removed
        found = table.lines_with(self.lexicon_name)
        if self.with_counts:
            found = found + table.lines_counted(self.lexicon_name)
        folded = table.folded
        prompts = [
            i for i in table.lines_with(self.prefix_lexicon_name) if len(folded[i]) <= self.max_prompt_chars and not has_quote(folded[i])
        ]
        return [i for i in found + prompts if i not in removed]


class ShortLineWith(Detector):
    """Drops the short lines in which its one part list (``lists``) has a hit and that pass ``holds``."""

    max_chars: int
    line_local = True

    def find(self, doc: Document) -> list[int]:
        lines, removed = doc.lines, doc.removed
        return [
            i for i in doc.table.lines_with(self.lists[0]) if i not in removed and len(lines[i]) <= self.max_chars and self.holds(lines[i])
        ]

    def holds(self, line: str) -> bool:
        raise NotImplementedError
