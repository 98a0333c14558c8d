"""What every generic detector shares: its documentation fields, the lexicon lists it asks for
(``cleaner.lexicon``), and the detectors that drop lines matching a phrase list."""

from __future__ import annotations

from ..document import Document
from ..lexicon import lexicon
from ..text import has_quote


class Detector:
    """A generic detector: ``find`` returns the indices of the lines to drop. Its code, name and
    state are its row in ``registry.CODES``; its docstring is its doc, in the sections that
    ``registry.DetectorDoc`` reads (what it removes, ``Why:``, ``Example:``, ``Leaves alone:``).

    ``lists`` and ``optional_lists`` name the lexicon lists it reads (asked for when it is made,
    so a name no language defines fails at once, unless the list is optional). ``line_local``:
    the verdict on a line depends on that line alone, never on the lines around it, so the
    detector finds all it will ever find in its first run (the pipeline runs it once).
    ``reads_layout``: it asks where the output has empty lines (``Document.blank_between``), so
    it may find more in the normalised layout than in the input's."""

    lists: tuple[str, ...] = ()
    optional_lists: tuple[str, ...] = ()
    line_local = False
    reads_layout = False

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
