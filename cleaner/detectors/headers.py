"""The article's header (headline, deck, byline, date), where a run of page chrome above the
article ends: G003's lists and G017's menus stop there, so they never take the headline."""

from __future__ import annotations

from collections.abc import Callable

from ..document import Document
from ..text import looks_like_prose, word_count
from .timestamps import TimestampLine

#: The header's first line has two words or more, and a date, a byline or a paragraph follows it within this many lines.
HEADER_LINES = 5


def header_start(doc: Document, live: list[int], start: int, end: int, chrome: Callable[[str], bool] | None = None) -> int:
    """Where the article's header begins among the run of lines ``start`` to ``end`` (positions
    in ``live``): at the run's first line of two words or more that a date, a byline or a
    paragraph follows within ``HEADER_LINES`` lines, and that is no ``chrome`` (a breadcrumb
    trail); else ``end``. The detectors that call it declare the ``byline_prefixes`` list."""
    lines, table = doc.lines, doc.table
    stamps, position = TimestampLine.stamps(doc), doc.position()  # a date counts even once G016 has taken it
    first = live[start] if start < len(live) else len(lines)
    last = live[end + HEADER_LINES] if end + HEADER_LINES < len(live) else len(lines) - 1
    marks = [
        i
        for i in range(first, last + 1)
        if i in stamps or i in position and (table.has(i, "byline_prefixes") or looks_like_prose(lines[i]))
    ]
    for n in range(start, end):
        within = live[n + HEADER_LINES] if n + HEADER_LINES < len(live) else len(lines)
        if word_count(lines[live[n]]) >= 2 and not (chrome and chrome(lines[live[n]])) and any(live[n] < i <= within for i in marks):
            return n
    return end
