"""G014: the comment section: its markers, and the reader comments after the article's end."""

from __future__ import annotations

from ..document import Document
from .base import Detector, contains_any, count_key, has_quote, lexicon, per_line

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

    def find(self, doc: Document) -> list[int]:
        live = doc.live()
        kinds = [_kind(doc.lines[i], doc.keys[i], doc.folded[i]) for i in live]
        found: list[int] = []
        for n, kind in enumerate(kinds):
            if kind is None or (kind == "marker" and not self._next_to_widget(kinds, n)):
                continue
            if kind != "notice" and self._opens_section(doc, live, kinds, n):
                return found + live[n:]
            found.append(live[n])
        return found

    @staticmethod
    def _next_to_widget(kinds: list[str | None], n: int) -> bool:
        """Whether a bare marker ("Comments") has another line of the widget close by, or ends the
        page: else it may be a subheading of the article."""
        return n == len(kinds) - 1 or any(kinds[max(n - WIDGET_GAP, 0) : n] + kinds[n + 1 : n + 1 + WIDGET_GAP])

    @staticmethod
    def _opens_section(doc: Document, live: list[int], kinds: list[str | None], n: int) -> bool:
        """Whether the marker at ``n`` opens the comments that end the page: it gives a count or
        another line of the widget follows it closely, it stands in the second half of the text,
        and no line after it is long enough to be the article going on."""
        if kinds[n] != "count" and not any(kinds[n + 1 : n + 1 + WIDGET_GAP]):
            return False  # a bare marker with the widget only above it
        rest = [len(doc.lines[i]) for i in live[n:]]
        if max(rest) > MAX_COMMENT_CHARS:
            return False
        return sum(len(doc.lines[i]) for i in live[:n]) >= sum(rest)


@per_line
def _kind(line: str, key: str, folded: str) -> str | None:
    """ "count" ("34 comments"), "marker" ("Comments"), "notice" (a sign-in prompt, an error box)."""
    labels = lexicon("comment_labels")
    if key in labels:
        return "marker"
    if count_key(key) in labels:
        return "count"
    if len(line) <= MAX_NOTICE_CHARS and contains_any(folded, "comment_terms") and not has_quote(line):
        return "notice"
    return None
