"""G014: the comment section: its markers, and the reader comments after the article's end."""

from __future__ import annotations

from ..document import Document
from .base import Detector, contains_any, count_key, has_quote, lexicon

#: Longest line still taken for a marker found by its words ("Oops, something went wrong").
MAX_MARKER_CHARS = 160
#: Reader comments are cut only when no line after the marker is longer than this: a longer
#: line is more likely the article going on.
MAX_COMMENT_CHARS = 300


class CommentSection(Detector):
    code = "G014"
    name = "comment-section"
    what = 'Comment-section markers ("Leave a comment", "34 comments", "Oops, something went wrong"); from one in the second half of the page, the reader comments to the end.'
    why = "Readers' comments and the widget around them follow the article; they are not part of it."
    example = "Comments\n34 comments\nSign in to comment\nGateEnder1979\nAbout time."

    def find(self, doc: Document) -> list[int]:
        live = doc.live()
        markers = [n for n, i in enumerate(live) if self._is_marker(doc, i)]
        for n in markers:
            rest = live[n:]
            if n >= len(live) / 2 and all(len(doc.lines[i]) <= MAX_COMMENT_CHARS for i in rest):
                return [live[m] for m in markers if m < n] + rest
        return [live[n] for n in markers]

    @staticmethod
    def _is_marker(doc: Document, i: int) -> bool:
        key = doc.keys[i]
        labels = lexicon("comment_labels")
        if key in labels or count_key(key) in labels:
            return True
        line = doc.lines[i]
        return len(line) <= MAX_MARKER_CHARS and not has_quote(line) and contains_any(doc.folded[i], "comment_terms")
