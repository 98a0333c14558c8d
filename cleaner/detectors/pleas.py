"""G026: a donation appeal left without its buttons: an appeal heading and the paragraphs under it."""

from __future__ import annotations

from ..document import Document
from ..text import ends_sentence, has_quote
from .base import Detector

#: Longest line still taken for the appeal's heading.
MAX_HEADING_CHARS = 80
#: Longest line still taken for one of the appeal's paragraphs.
MAX_PARAGRAPH_CHARS = 600


class SupportAppeal(Detector):
    """A donation appeal with no buttons left: a heading such as "Support independent journalism" and the paragraphs under it that ask the reader to contribute.

    Why: The appeal's buttons are often gone from scraped text (or taken by another step first); its heading and pitch still are not the story.

    Example:
        Support independent journalism
        Our reporting is free for everyone. Your support keeps our newsroom going.

    Leaves alone: An appeal heading over prose that asks for nothing ("Support us" over a story about a charity).
    """

    lists = ("appeal_headings", "appeal_terms", "appeal_buttons")

    def find(self, doc: Document) -> list[int]:
        table, lines = doc.table, doc.lines
        position = doc.position()
        headings = [
            n
            for i in table.lines_with("appeal_headings")
            if (n := position.get(i)) is not None and len(lines[i]) <= MAX_HEADING_CHARS and not ends_sentence(lines[i])
        ]
        if not headings:
            return []
        live = doc.live()

        def is_appeal(i: int) -> bool:
            return table.has(i, "appeal_terms") and len(lines[i]) <= MAX_PARAGRAPH_CHARS and not has_quote(lines[i])

        found: list[int] = []
        for n in sorted(headings):
            end = n + 1
            while end < len(live) and (table.has(live[end], "appeal_buttons") or is_appeal(live[end])):
                end += 1
            if any(is_appeal(i) for i in live[n + 1 : end]):
                found.extend(live[n:end])
        return found
