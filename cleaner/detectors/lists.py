"""G003 and G031: lists of other stories' headlines, under a heading such as "Today's Top News",
or with no heading at the end of the page; and the run of teasers (headlines, decks, bylines)
after such a heading that ends the page."""

from __future__ import annotations

from itertools import accumulate

from ..document import Document
from ..text import ends_sentence, is_bullet, looks_like_headline, looks_like_prose, strip_bullet, word_count
from .base import Detector
from .headers import header_start

#: Longest line still taken for a heading.
MAX_HEADING_CHARS = 60
#: Longest line still taken for a line of topic tags ("Tags: Budget, Council").
MAX_TAG_LINE_CHARS = 200
#: Longest heading that opens with a prefix ("More from …"), in words.
MAX_PREFIXED_HEADING_WORDS = 5
#: Headlines that must follow the heading for the block to count as a list of stories.
MIN_HEADLINES = 2
#: A run of teasers to the end of the page: lines after its heading, at least; longest line in it.
MIN_TEASER_LINES = 3
MAX_TEASER_CHARS = 250
#: Words of a headline in a list with no heading (shorter items are more likely the article's own list).
MIN_HEADLINE_WORDS = 4
#: How the line before a list with no heading may end, besides a sentence: a credit in brackets.
_CLOSING_BRACKETS = (")", "）", "】", "]")
#: A list longer than this many lines is no box of stories but the page's menus: the article's header ends it.
MAX_BOX_LINES = 12
#: How a list item that is part of the article may end: items of a sentence, not headlines.
_ITEM_ENDS = (".", ";", ",", "。", "；", "，")


class StoryList(Detector):
    """A known heading (Top News, Most Read, Related, Lesen Sie auch, 相关新闻, …) and the list of headlines or tags under it; bulleted headlines with no heading that end the page; a "Tags: …" line.

    Why: Lists of other stories are site navigation; their headlines are not part of this article.

    Example:
        Today's Top News
        - China pilots L3 vehicles on roads
        - Fiscal policy for 2026 to be more proactive

    Leaves alone: A bulleted list inside the body; a sentence that mentions "Today's Top News"; the article's own list at its end, after a subheading or a line ending in a colon; the article's header (headline, deck, byline) below a list that opens the page or runs over twelve lines: the list ends at the first line that a date, a byline or a paragraph follows within five lines.
    """

    lists = ("story_list_headings", "story_list_heading_prefixes", "tag_line_prefixes", "byline_prefixes")
    reads_layout = True

    def find(self, doc: Document) -> list[int]:
        live, position, table = doc.live(), doc.position(), doc.table
        headings = story_list_headings(doc)
        found: list[int] = []
        first_prose = next((n for n, i in enumerate(live) if looks_like_prose(doc.lines[i])), len(live))
        for n in sorted(position[i] for i in headings if i in position):
            i = live[n]
            end = n + 1
            spaced = end < len(live) and doc.blank_between(i, live[end])
            while end < len(live) and looks_like_headline(doc.lines[live[end]]) and live[end] not in headings:
                if end > n + 1 and not spaced and doc.blank_between(live[end - 1], live[end]):
                    break  # the list ended at the blank line; a subheading of the article follows
                end += 1
            if n < first_prose or end - n > MAX_BOX_LINES:  # the page's head, not a box of stories: the article's header ends it
                end = header_start(doc, live, n + 1, end)
            if end - n - 1 >= MIN_HEADLINES or end == len(live):
                found.extend(live[n:end])
        tag_lines = [i for i in table.lines_with("tag_line_prefixes") if i in position and len(doc.lines[i]) <= MAX_TAG_LINE_CHARS]
        return found + tag_lines + self._headless_list_at_end(doc, live)

    @staticmethod
    def _headless_list_at_end(doc: Document, live: list[int]) -> list[int]:
        """Bulleted headlines that end the page right after the article's last sentence (a list
        of the article follows a line such as "Officials advise residents to:" or a subheading)."""
        start = len(live)
        while start > 1 and _is_headline_item(doc.lines[live[start - 1]]):
            start -= 1
        if len(live) - start < MIN_HEADLINES:
            return []
        before = doc.lines[live[start - 1]]
        return live[start:] if ends_sentence(before) or before.endswith(_CLOSING_BRACKETS) else []


def story_list_headings(doc: Document) -> frozenset[int]:
    """The lines, live or not, that read as the heading of a list of stories."""
    memo = doc.table.memo(story_list_headings)
    if "headings" not in memo:
        table, lines = doc.table, doc.lines
        # "More from Education", "Mais de Economia"; not a subheading such as "More than 300 evacuated"
        prefixed = (
            i
            for i in table.lines_with("story_list_heading_prefixes")
            if word_count(lines[i]) <= MAX_PREFIXED_HEADING_WORDS and not any(char.isdigit() for char in lines[i])
        )
        memo["headings"] = frozenset(i for i in (*table.lines_with("story_list_headings"), *prefixed) if len(lines[i]) <= MAX_HEADING_CHARS)
    return memo["headings"]


class TeaserRun(Detector):
    """A list-of-stories heading in the second half of the page ("More from …", "Related", "Mehr aus …") and the run of teasers after it to the end: headlines, their decks and bylines.

    Why: The site's teasers for other stories; each headline comes with a deck and a name, so the list is not headlines alone.

    Example:
        More from The Ledger
        Council approves savings plan
        Councillors cut £14 million from spending after a long night.
        Jane Doe
        Rail strike called off
        Talks resume on Monday.

    Leaves alone: Such a heading in the first half of the page, a run with a line long enough to be a paragraph, and a run with fewer than two headlines.
    """

    lists = ("story_list_headings", "story_list_heading_prefixes")

    def find(self, doc: Document) -> list[int]:
        """From the first heading after which the page runs to its end in teasers (no line after it
        too long), in the second half of the page."""
        headings = story_list_headings(doc)
        if not headings:
            return []
        live, lines = doc.live(), doc.lines
        lengths = [len(lines[i]) for i in live]
        before = list(accumulate(lengths, initial=0))
        start = None
        for n in range(len(live) - 1, -1, -1):
            if lengths[n] > MAX_TEASER_CHARS or before[-1] - before[n] > before[n]:
                break
            if live[n] in headings and len(live) - n - 1 >= MIN_TEASER_LINES and self._headlines(doc, live[n + 1 :]) >= MIN_HEADLINES:
                start = n
        return [] if start is None else live[start:]

    @staticmethod
    def _headlines(doc: Document, run: list[int]) -> int:
        return sum(1 for i in run if looks_like_headline(doc.lines[i]) and word_count(doc.lines[i]) >= MIN_HEADLINE_WORDS)


def _is_headline_item(line: str) -> bool:
    return (
        is_bullet(line)
        and looks_like_headline(line)
        and not line.endswith(_ITEM_ENDS)
        and word_count(strip_bullet(line)) >= MIN_HEADLINE_WORDS
    )
