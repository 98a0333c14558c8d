"""G016: lines that hold nothing but a timestamp ("Published 3 March 2023", "Updated 10:12 AM EST")."""

from __future__ import annotations

import re

import regex

from ..document import Document
from ..lexicon import lexicon
from ..text import taken_near_edges, word_count
from .base import Detector

#: Timestamps without a "Published"/"Updated" label count only this close to the head or tail.
EDGE_LINES = 10
#: Longest line still taken for a timestamp.
MAX_CHARS = 100
#: Most words a timestamp may hold besides its date and labels (a place: "Santiago de Compostela").
MAX_OTHER_WORDS = 3
#: Bare dated lines this many or more, each at most ``SERIES_GAP`` lines from the next, are the rows of
#: a table, schedule or timeline: their bare dates and times are the article's data, not its stamp.
MIN_SERIES_ROWS = 3
SERIES_GAP = 3

_TOKEN = regex.compile(r"\p{L}+|\d+")
_DIGIT = re.compile(r"\d")
_YEAR = regex.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
#: A time of day: an hour (0-24) and its minutes (00-59), or an hour with "am"/"pm"/"時"; never a price ("$12.50").
_CLOCK = regex.compile(r"(?<!\d)(?<!\p{Sc}\s?)(?:[01]?\d|2[0-4])(?:[:.h][0-5]\d(?!\d)|\s?(?:[ap]\.?m\b|時|시|点))", regex.IGNORECASE)
#: What may stand between a place and its date: "Cáceres, 24/07/2024", "Santiago | Actualizado …".
_PLACE_END = regex.compile(r"[,|–—-]\s*\P{L}*$")


class TimestampLine(Detector):
    """A line that is only a timestamp, at the head or foot of the page or with a "Published"/"Updated" label: "Published 3 March 2023", "Updated 10:12 AM EST 03/04/2023".

    Why: The page's date stamp; a dateline that opens the first paragraph is part of the text and stays.

    Example:
        Updated 10:12 AM EST 03/04/2023

    Leaves alone: Datelines, bylines with a date, and sentences with a date in them; the bare dates and times of a table, schedule or timeline (three dated lines or more, each within three lines of the next).
    """

    lists = ("byline_prefixes",)

    def find(self, doc: Document) -> list[int]:
        stamps = self.stamps(doc)
        if not stamps:
            return []
        live, position = doc.live(), doc.position()
        found = sorted(n for i in stamps if (n := position.get(i)) is not None)
        labelled = {n for n in found if stamps[live[n]] == "labelled"}
        rows = _series([n for n in found if n not in labelled])
        found = [n for n in found if n not in rows]
        return [live[n] for n in taken_near_edges(found, len(live), EDGE_LINES, labelled)]

    @staticmethod
    def stamps(doc: Document) -> dict[int, str]:
        """The timestamp lines, live or not, and their verdicts (worked out once per document)."""
        table, lines = doc.table, doc.lines
        memo = table.memo(TimestampLine)
        if "stamps" not in memo:
            candidates = (i for i in table.digit_lines if len(lines[i]) <= MAX_CHARS)
            verdicts = ((i, _timestamp(lines[i], table.folded[i])) for i in candidates if not table.has(i, "byline_prefixes"))
            memo["stamps"] = {i: verdict for i, verdict in verdicts if verdict}
        return memo["stamps"]


def _series(found: list[int]) -> set[int]:
    """The positions (sorted) that stand in a series of dated rows: ``MIN_SERIES_ROWS`` or more,
    each at most ``SERIES_GAP`` lines from the next."""
    rows: set[int] = set()
    run: list[int] = []
    for n in [*found, None]:
        if run and (n is None or n - run[-1] > SERIES_GAP):
            if len(run) >= MIN_SERIES_ROWS:
                rows.update(run)
            run = []
        if n is not None:
            run.append(n)
    return rows


_RELATIVE, _WORDS, _LABELS = lexicon("timestamp_relative"), lexicon("timestamp_words"), lexicon("timestamp_labels")
#: The one-word byline prefixes ("by", "von", "par"): after a date, they name its author.
_BYLINE_WORDS = frozenset(prefix.strip() for prefix in lexicon("byline_prefixes") if prefix.strip().isalpha()) - _WORDS


def _timestamp(line: str, folded: str) -> str:
    """ "labelled" for a bare labelled timestamp, "plain" for another timestamp, "" for none: also
    for a line that ends in a colon (the date heads what follows: a changelog's entry) or names
    who wrote it ("Posted 15/12/2025 by Ana": a byline)."""
    if line.rstrip().endswith((":", "：")):
        return ""
    if not (_YEAR.search(line) or _CLOCK.search(line)):
        tokens = _TOKEN.findall(folded)
        if not set(tokens) & _RELATIVE:
            return ""
    other: list[str] = []
    labelled = False
    first_digit = _DIGIT.search(folded).start()  # in the folded line, whose tokens are read
    for match in _TOKEN.finditer(folded):
        token = match.group()
        if token.isdigit() or token in _WORDS:
            labelled = labelled or token in _LABELS
            continue
        if match.start() > first_digit and not labelled:
            return ""  # a word after the date that is no label: a sentence
        other.append(token)
    if set(other) & _BYLINE_WORDS:
        return ""
    if not other:
        return "labelled" if labelled else "plain"
    if sum(word_count(word) for word in other) > MAX_OTHER_WORDS:
        return ""
    if labelled or _PLACE_END.search(folded[:first_digit]):
        return "plain"
    return ""
