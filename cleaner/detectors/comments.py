"""G014: the comment section: its markers, and the reader comments after the article's end."""

from __future__ import annotations

from itertools import accumulate

from ..document import Document
from ..text import has_quote
from .base import Detector

#: Longest line still taken for a line of the widget found by its words ("Oops, something went wrong").
MAX_NOTICE_CHARS = 160
#: A marker opens the section when another line of the widget follows within this many lines.
WIDGET_GAP = 2
#: Reader comments are cut only when no line after the marker is longer than this: a longer
#: line is more likely the article going on.
MAX_COMMENT_CHARS = 300


class CommentSection(Detector):
    """Comment-section markers ("Leave a comment", "34 comments") and notices ("Oops, something went wrong"); from a section that opens in the second half of the page, the reader comments to the end.

    Why: Readers' comments and the widget around them follow the article; they are not part of it.

    Example:
        Comments
        34 comments
        Sign in to comment
        GateEnder1979
        About time.

    Leaves alone: Prose about comments and errors, and a story's short last paragraph.
    """

    lists = ("comment_labels", "comment_terms")

    def find(self, doc: Document) -> list[int]:
        kinds = self._kinds(doc)
        if not kinds:
            return []
        live = doc.live()
        position = doc.position()
        kinds = {position[i]: kind for i, kind in kinds.items() if i in position}
        if not kinds:
            return []
        found: list[int] = []
        section: _Section | None = None
        for n in sorted(kinds):
            kind = kinds[n]
            if kind == "marker" and not self._next_to_widget(kinds, n, len(live)):
                continue
            if kind != "notice" and (kind == "count" or any(m in kinds for m in range(n + 1, n + 1 + WIDGET_GAP))):
                section = section or _Section([len(doc.lines[i]) for i in live])
                if section.opens_at(n):
                    return found + live[n:]
            found.append(live[n])
        return found

    @staticmethod
    def _kinds(doc: Document) -> dict[int, str]:
        """Every line of the widget, live or not, and its kind (worked out once per document)."""
        table = doc.table
        memo = table.memo(CommentSection)
        if "kinds" not in memo:
            kinds = dict.fromkeys(table.lines_with("comment_terms"), "notice")
            kinds = {i: kind for i, kind in kinds.items() if len(doc.lines[i]) <= MAX_NOTICE_CHARS and not has_quote(doc.lines[i])}
            kinds.update(dict.fromkeys(table.lines_counted("comment_labels"), "count"))
            kinds.update(dict.fromkeys(table.lines_with("comment_labels"), "marker"))
            memo["kinds"] = kinds
        return memo["kinds"]

    @staticmethod
    def _next_to_widget(kinds: dict[int, str], n: int, total: int) -> bool:
        """Whether a bare marker ("Comments") has another line of the widget close by, or ends the
        page: else it may be a subheading of the article."""
        return n == total - 1 or any(m in kinds for m in range(n - WIDGET_GAP, n + 1 + WIDGET_GAP) if m != n)


class _Section:
    """Whether a marker that gives a count or has another line of the widget right after it
    opens the comments that end the page: it stands in the second half of the text, and no line
    after it is long enough to be the article going on (sums worked out once for all markers)."""

    def __init__(self, lengths: list[int]):
        self.before = list(accumulate(lengths, initial=0))
        self.longest_after = list(accumulate(reversed(lengths), max))[::-1]

    def opens_at(self, n: int) -> bool:
        if self.longest_after[n] > MAX_COMMENT_CHARS:
            return False
        return self.before[n] >= self.before[-1] - self.before[n]
