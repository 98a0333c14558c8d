"""G002 and G004: links to the rest of a story or to other stories."""

from __future__ import annotations

from ..document import Document
from .base import Detector, lexicon, looks_like_headline, starts_with_any

#: A teaser block may hold at most this many lines after its heading.
MAX_TEASER_LINES = 6


class ReadMoreLink(Detector):
    """A standalone "Read more" / "Continue reading" link line, or "Read more: <headline>".

    Why: Link labels left by the scraper; they point elsewhere and say nothing of the story.

    Example:
        Read more: Kremlin rejects talks deadline

    Leaves alone: "Read more about …" inside a sentence.
    """

    def find(self, doc: Document) -> list[int]:
        labels = lexicon("read_more")
        return [
            i
            for i in doc.live()
            if doc.keys[i] in labels or (starts_with_any(doc.folded[i], "read_more_prefixes") and looks_like_headline(doc.lines[i]))
        ]


class TeaserAtEnd(Detector):
    """A "Check Also"-style heading in the second half of the page and the short teaser after it, to the end.

    Why: Themes append a teaser for another article after the story; it is another story's text.

    Example:
        Check Also
        A Look At IS-Khorasan – Analysis
        The United States is assigning …

    Leaves alone: A "See also" heading near the top of the page: a subheading, not a teaser.
    """

    def find(self, doc: Document) -> list[int]:
        live = doc.live()
        headings = lexicon("teaser_headings")
        for n, i in enumerate(live):
            tail = len(live) - n - 1
            if 1 <= tail <= MAX_TEASER_LINES and n >= len(live) / 2 and doc.keys[i] in headings:
                return live[n:]
        return []
