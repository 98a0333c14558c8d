"""G002 and G004: links to the rest of a story or to other stories."""

from __future__ import annotations

from ..document import Document
from ..text import is_bullet, looks_like_headline, looks_like_prose
from .base import Detector

#: A teaser block may hold at most this many lines after its heading.
MAX_TEASER_LINES = 6
#: Bulleted items after the heading that make it the article's list of further reading, not a teaser.
MIN_LIST_ITEMS = 2


class ReadMoreLink(Detector):
    """A standalone "Read more" / "Continue reading" link line, or "Read more: <headline>".

    Why: Link labels left by the scraper; they point elsewhere and say nothing of the story.

    Example:
        Read more: Kremlin rejects talks deadline

    Leaves alone: "Read more about …" inside a sentence; "Read more: <headline>" between two
    paragraphs of prose (a link the article makes in its body, which it keeps; at its end or in a
    run of such links, it goes).
    """

    lists = ("read_more", "read_more_prefixes")

    def find(self, doc: Document) -> list[int]:
        table, lines, removed = doc.table, doc.lines, doc.removed
        live, position = doc.live(), doc.position()

        def in_body(i: int) -> bool:
            n = position[i]
            return 0 < n < len(live) - 1 and looks_like_prose(lines[live[n - 1]]) and looks_like_prose(lines[live[n + 1]])

        prompts = [
            i for i in table.lines_with("read_more_prefixes") if i not in removed and looks_like_headline(lines[i]) and not in_body(i)
        ]
        return [i for i in table.lines_with("read_more") if i not in removed] + prompts


class TeaserAtEnd(Detector):
    """A "Check Also"-style heading in the second half of the page and the short teaser after it, to the end.

    Why: Themes append a teaser for another article after the story; it is another story's text.

    Example:
        Check Also
        A Look At IS-Khorasan – Analysis
        The United States is assigning …

    Leaves alone: A "See also" heading near the top of the page: a subheading, not a teaser; a heading
    followed, to the end, by a bulleted list (two items or more): the article's own list of further
    reading (a teaser is one story's headline and deck; G003 takes a list under a heading of the
    site's story lists, "Related", "Most read").
    """

    lists = ("teaser_headings",)

    def find(self, doc: Document) -> list[int]:
        """The teaser that ends the page; then, as long as the page ends with another teaser now,
        that one too (a chain of them is taken in one run, not one per pass of the pipeline)."""
        headings = doc.table.lines_with("teaser_headings")
        if not headings:
            return []
        live, position = doc.live(), doc.position()
        headings = {position[i] for i in headings if i in position}
        end = len(live)
        while True:
            first = next((n for n in range(max(end - 1 - MAX_TEASER_LINES, 0), end - 1) if n in headings and n >= end / 2), None)
            if first is None or self._is_list(doc, live[first + 1 : end]):
                return live[end:]
            end = first

    @staticmethod
    def _is_list(doc: Document, items: list[int]) -> bool:
        return len(items) >= MIN_LIST_ITEMS and all(is_bullet(doc.lines[i]) for i in items)
