"""G017: navigation menus: runs of one- or two-word lines at the head or foot of the page."""

from __future__ import annotations

from ..document import Document
from .base import Detector, ends_sentence, has_unspaced_script, lexicon, strip_bullet

#: A menu item has at most this many words and characters (Chinese and Japanese: characters).
MAX_ITEM_WORDS = 2
MAX_ITEM_CHARS = 24
MAX_UNSPACED_ITEM_CHARS = 6
#: A run this long opening the page is a menu; a shorter one only when it names a known section.
MIN_HEAD_RUN = 3
#: A run closing the page must be longer: a sign-off ("Marcus Bell") may stand there.
MIN_TAIL_RUN = 4


class NavigationMenu(Detector):
    code = "G017"
    name = "navigation-menu"
    what = 'A menu: a run of one- or two-word lines (or "- Word" items) opening or closing the page; a shorter run opening it when it names a section ("Home", "World", "Sport").'
    why = "Section menus and breadcrumbs of the site, saved as lines before the headline or after the story."
    example = "Home\nNews\nLocal\nPolitics"

    def find(self, doc: Document) -> list[int]:
        live = doc.live()
        head = 0
        while head < len(live) and self._is_item(doc.lines[live[head]]):
            head += 1
        sections = lexicon("nav_sections")
        found: list[int] = []
        if head >= MIN_HEAD_RUN or any(doc.keys[i] in sections for i in live[:head]):
            found.extend(live[:head])
        tail = len(live)
        while tail > head and self._is_item(doc.lines[live[tail - 1]]):
            tail -= 1
        if len(live) - tail >= MIN_TAIL_RUN:
            found.extend(live[tail:])
        return found

    @staticmethod
    def _is_item(line: str) -> bool:
        item = strip_bullet(line)
        if not item or ends_sentence(item) or item.endswith((":", "：")):
            return False
        if has_unspaced_script(item):
            return len(item) <= MAX_UNSPACED_ITEM_CHARS
        return len(item) <= MAX_ITEM_CHARS and len(item.split()) <= MAX_ITEM_WORDS
