"""G003: lists of other stories' headlines under a heading such as "Today's Top News"."""

from __future__ import annotations

from ..document import Document
from .base import Detector, lexicon, looks_like_headline, starts_with_any

#: Longest line still taken for a heading.
MAX_HEADING_CHARS = 60
#: Headlines that must follow the heading for the block to count as a list of stories.
MIN_HEADLINES = 2


class StoryList(Detector):
    code = "G003"
    name = "story-list"
    what = "A known heading (Top News, Most Read, Trending, Related stories, …) and the list of headlines under it."
    why = "Lists of other stories are site navigation; their headlines are not part of this article."
    example = "Today's Top News\n- China pilots L3 vehicles on roads\n- Fiscal policy for 2026 to be more proactive"

    def find(self, doc: Document) -> list[int]:
        live = doc.live()
        found: list[int] = []
        for n, i in enumerate(live):
            if not self._is_heading(doc, i):
                continue
            end = n + 1
            while end < len(live) and looks_like_headline(doc.lines[live[end]]) and not self._is_heading(doc, live[end]):
                end += 1
            if end - n - 1 >= MIN_HEADLINES or end == len(live):
                found.extend(live[n:end])
        return found

    @staticmethod
    def _is_heading(doc: Document, i: int) -> bool:
        if len(doc.lines[i]) > MAX_HEADING_CHARS:
            return False
        return doc.keys[i] in lexicon("story_list_headings") or starts_with_any(doc.folded[i], "story_list_heading_prefixes")
