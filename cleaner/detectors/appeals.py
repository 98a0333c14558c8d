"""G001: donation and subscription appeals."""

from __future__ import annotations

from ..document import Document
from .base import Detector

#: Share of the prose lines of a candidate block that must use appeal language.
MIN_DENSITY = 0.6
#: Longest line still taken for a button label.
MAX_BUTTON_CHARS = 40


class DonationAppeal(Detector):
    """A donation or subscription appeal: paragraphs dense in appeal language around a cluster of button labels.

    Why: Outlets put these appeals in or around every article; they are not the story.

    Example:
        Your support, no matter how small, makes a world of difference.
        Once
        Monthly
        Annual
        Continue

    Leaves alone: An appeal quoted in a story about a charity: appeal words in prose with no button labels around them.
    """

    lists = ("appeal_buttons", "appeal_terms")

    def find(self, doc: Document) -> list[int]:
        table, removed = doc.table, doc.removed
        if not any(len(doc.lines[i]) <= MAX_BUTTON_CHARS and i not in removed for i in table.lines_with("appeal_buttons")):
            return []
        live = doc.live()
        is_button = [len(doc.lines[i]) <= MAX_BUTTON_CHARS and table.has(i, "appeal_buttons") for i in live]
        is_appeal = [table.has(i, "appeal_terms") for i in live]
        found: list[int] = []
        n = 0
        while n < len(live):
            if not is_button[n]:
                n += 1
                continue
            first = last = n
            while last + 1 < len(live) and is_button[last + 1]:
                last += 1
            buttons = last - first + 1
            top = self._extend(first, -1, is_appeal, is_button)
            bottom = self._extend(last, +1, is_appeal, is_button)
            prose = [k for k in range(top, bottom + 1) if not is_button[k]]
            dense = sum(is_appeal[k] for k in prose) >= MIN_DENSITY * len(prose)
            appeal_lines = sum(is_appeal[k] for k in prose)
            if dense and (buttons >= 2 and appeal_lines >= 1 or appeal_lines >= 2):
                found.extend(live[top : bottom + 1])
            n = bottom + 1
        return found

    @staticmethod
    def _extend(edge: int, step: int, is_appeal: list[bool], is_button: list[bool]) -> int:
        """Grow the block from ``edge`` while lines read as appeals, bridging one odd line."""
        k = edge
        while True:
            nxt = k + step
            if 0 <= nxt < len(is_appeal) and (is_appeal[nxt] or is_button[nxt]):
                k = nxt
            elif 0 <= nxt + step < len(is_appeal) and is_appeal[nxt + step]:
                k = nxt + step
            else:
                return k
