"""G018: class names and layout tokens leaked from the page's markup."""

from __future__ import annotations

import regex

from ..document import Document
from ..lexicon import lexicon
from ..text import strip_bullet
from .base import Detector

#: A class name: lower-case words joined by hyphens or underscores ("col-md-8-offset").
_CLASS_NAME = regex.compile(r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+")
_PART_SEPARATOR = regex.compile(r"[-_]")
#: Longest line still taken for a class name.
MAX_CHARS = 60


class MarkupToken(Detector):
    """A stray CSS class name or layout token, alone on a line or as a list item: "clearfix", "- col-md-8-offset", "- hidden-on-mobile".

    Why: Markup the scraper took for text; no sentence is written like a class name.

    Example:
        - col-md-8-offset

    Leaves alone: Hyphenated words in a list of the article.
    """

    lists = ("markup_tokens",)
    line_local = True

    def find(self, doc: Document) -> list[int]:
        table, lines = doc.table, doc.lines
        found = []
        for i in doc.live():
            line = lines[i]
            if len(line) > MAX_CHARS or " " in (item := strip_bullet(line)):
                continue
            if table.has(i, "markup_tokens") or (
                _CLASS_NAME.fullmatch(item) and any(part in _PARTS for part in _PART_SEPARATOR.split(item))
            ):
                found.append(i)
        return found


_PARTS = lexicon("markup_parts")
