"""G017: navigation menus: runs of one- or two-word lines at the head or foot of the page."""

from __future__ import annotations

import re

from ..document import Document
from ..lexicon import lexicon
from ..text import ends_sentence, has_unspaced_script, is_bullet, phrase_key, strip_bullet
from .base import Detector
from .headers import header_start, marks_header

#: A menu item has at most this many words and characters (Chinese and Japanese: characters).
MAX_ITEM_WORDS = 2
MAX_ITEM_CHARS = 24
MAX_UNSPACED_ITEM_CHARS = 6
#: What separates the items of a breadcrumb trail.
_TRAIL = re.compile(r"\s+[>›»/|•·]\s+|\s*[>›»]\s*")
#: A run this long opening the page is a menu; a shorter one only when it names a known section.
MIN_HEAD_RUN = 3
#: A run closing the page must be longer: a sign-off ("Marcus Bell") may stand there.
MIN_TAIL_RUN = 4


class NavigationMenu(Detector):
    """A menu: a run of one- or two-word lines (or "- Word" items) opening or closing the page; a shorter run, or a breadcrumb trail ("Home > News"), opening it when it names a section.

    Why: Section menus and breadcrumbs of the site, saved as lines before the headline or after the story.

    Example:
        Home
        News
        Local
        Politics

    Leaves alone: A short headline and a bare byline at the head of the page (when a date, a byline or a paragraph ends the run, the menu ends at its first line of two words that one of them follows within five lines); the short items that end a longer bulleted list of the article's (contributors' names below "- Emily A. Bellows").
    """

    lists = ("nav_sections", "byline_prefixes")

    def find(self, doc: Document) -> list[int]:
        live, lines, table = doc.live(), doc.lines, doc.table
        items = table.memo(NavigationMenu)  # line index → whether it reads as a menu item

        def is_item(i: int) -> bool:
            if i not in items:
                items[i] = _is_item(lines[i])
            return items[i]

        head = 0
        while head < len(live) and (is_item(live[head]) or _is_breadcrumb(lines[live[head]])):
            head += 1
        names_section = any(table.has(i, "nav_sections") or _is_breadcrumb(lines[i]) for i in live[:head])
        menu = head
        if head < len(live) and marks_header(doc, live[head]):  # the run ends in the article's header: a short headline stays
            menu = header_start(doc, live, 0, head, chrome=_is_breadcrumb)
        found = live[:menu] if head >= MIN_HEAD_RUN or names_section else []
        tail = len(live)
        while tail > head and is_item(live[tail - 1]):
            tail -= 1
        if head < tail < len(live) and is_bullet(lines[live[tail]]) and is_bullet(lines[live[tail - 1]]):
            tail = len(live)  # the end of a longer bulleted list of the article's (names of three words and more above)
        return found + (live[tail:] if len(live) - tail >= MIN_TAIL_RUN else [])


_SECTIONS = lexicon("nav_sections")


def _is_breadcrumb(line: str) -> bool:
    """A trail of menu items on one line that names a section: "Home > News > UK", "Accueil / Société"."""
    parts = _TRAIL.split(line)
    return len(parts) >= 2 and all(_is_item(part) for part in parts) and any(phrase_key(part) in _SECTIONS for part in parts)


def _is_item(line: str) -> bool:
    item = strip_bullet(line)
    if not item or ends_sentence(item) or item.endswith((":", "：")):
        return False
    if has_unspaced_script(item):
        return len(item) <= MAX_UNSPACED_ITEM_CHARS
    return len(item) <= MAX_ITEM_CHARS and len(item.split()) <= MAX_ITEM_WORDS
