"""G002 and G004: links to the rest of a story or to other stories."""

from __future__ import annotations

from ..document import Document
from .base import Detector, lexicon, looks_like_headline, starts_with_any

#: A teaser block may hold at most this many lines after its heading.
MAX_TEASER_LINES = 6


class ReadMoreLink(Detector):
    code = "G002"
    name = "read-more-link"
    what = 'A standalone "Read more" / "Continue reading" link line, or "Read more: <headline>".'
    why = "Link labels left by the scraper; they point elsewhere and say nothing of the story."
    example = "Read more: Kremlin rejects talks deadline"

    def find(self, doc: Document) -> list[int]:
        labels = lexicon("read_more")
        return [
            i
            for i in doc.live()
            if doc.keys[i] in labels or (starts_with_any(doc.folded[i], "read_more_prefixes") and looks_like_headline(doc.lines[i]))
        ]


class TeaserAtEnd(Detector):
    code = "G004"
    name = "teaser-at-end"
    what = 'A "Check Also"-style heading in the second half of the page and the short teaser after it, to the end.'
    why = "Themes append a teaser for another article after the story; it is another story's text."
    example = "Check Also\nA Look At IS-Khorasan – Analysis\nThe United States is assigning …"

    def find(self, doc: Document) -> list[int]:
        live = doc.live()
        headings = lexicon("teaser_headings")
        for n, i in enumerate(live):
            tail = len(live) - n - 1
            if 1 <= tail <= MAX_TEASER_LINES and n >= len(live) / 2 and doc.keys[i] in headings:
                return live[n:]
        return []
