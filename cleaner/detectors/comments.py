"""G014: the comment section: its markers, and the reader comments after the article's end."""

from __future__ import annotations

from ..document import Document
from .base import Detector, contains_any, count_key, has_quote, lexicon

#: Longest line still taken for a line of the widget found by its words ("Oops, something went wrong").
MAX_MARKER_CHARS = 160
#: Reader comments are cut only when no line after the marker is longer than this: a longer
#: line is more likely the article going on.
MAX_COMMENT_CHARS = 300


class CommentSection(Detector):
    code = "G014"
    name = "comment-section"
    what = 'Comment-section markers ("Leave a comment", "34 comments") and notices ("Oops, something went wrong"); from a marker in the second half of the page, the reader comments to the end.'
    why = "Readers' comments and the widget around them follow the article; they are not part of it."
    example = "Comments\n34 comments\nSign in to comment\nGateEnder1979\nAbout time."

    def find(self, doc: Document) -> list[int]:
        live = doc.live()
        labels = lexicon("comment_labels")
        found: list[int] = []
        for n, i in enumerate(live):
            key = doc.keys[i]
            if key in labels or count_key(key) in labels:
                rest = live[n:]
                if n >= len(live) / 2 and all(len(doc.lines[k]) <= MAX_COMMENT_CHARS for k in rest):
                    return found + rest
                found.append(i)
            elif self._is_notice(doc.lines[i], doc.folded[i]):
                found.append(i)
        return found

    @staticmethod
    def _is_notice(line: str, folded: str) -> bool:
        """A line of the comment widget found by its words: a sign-in prompt, an error box."""
        return len(line) <= MAX_MARKER_CHARS and not has_quote(line) and contains_any(folded, "comment_terms")
