"""The article's header (headline, deck, byline, date), where a run of page chrome above the
article ends: G003's lists and G017's menus stop there, so they never take the headline."""

from __future__ import annotations

from bisect import bisect_right
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
    lines = doc.lines
    first = live[start] if start < len(live) else len(lines)
    last = live[end + HEADER_LINES] if end + HEADER_LINES < len(live) else len(lines) - 1
    marks = [i for i in range(first, last + 1) if marks_header(doc, i)]  # ascending
    for n in range(start, end):
        within = live[n + HEADER_LINES] if n + HEADER_LINES < len(live) else len(lines)
        after = bisect_right(marks, live[n])  # the first mark after line n
        if word_count(lines[live[n]]) >= 2 and not (chrome and chrome(lines[live[n]])) and after < len(marks) and marks[after] <= within:
            return n
    return end


def marks_header(doc: Document, i: int) -> bool:
    """Whether line ``i`` (live or not) is a date (even one G016 has taken), or a live byline or paragraph."""
    if i in TimestampLine.stamps(doc):
        return True
    return i in doc.position() and (doc.table.has(i, "byline_prefixes") or looks_like_prose(doc.lines[i]))
