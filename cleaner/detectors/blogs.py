"""G025: the chrome of blog platforms: share bars, "Newer post / Older post", "Posted by … at 9:14 PM"."""

from __future__ import annotations

from functools import cache

import regex

from ..document import Document
from ..lexicon import lexicon
from ..text import word_count
from .base import Detector

#: Longest line still taken for a bar of buttons.
MAX_BAR_CHARS = 200
#: Network names a share bar must name ("Share to Facebook Share to Pinterest").
MIN_NETWORKS = 2
#: Most words of a "Posted by NAME at 9:14 PM" line.
MAX_POSTED_WORDS = 12

_NOT_LETTER = regex.compile(r"[^\p{L}]+")
_CLOCK_AT_END = regex.compile(r"\b\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?$", regex.IGNORECASE)


class BlogChrome(Detector):
    """Blog-platform chrome: a share bar naming several networks ("Email This BlogThis! Share to X Share to Facebook"), post navigation ("Newer Post Older Post Home"), "Posted by NAME at 9:14 PM", "Subscribe to: Post Comments (Atom)".

    Why: The buttons and links that a blog platform puts around every post.

    Example:
        Posted by Jane at 9:14 PM
        Email ThisBlogThis!Share to XShare to FacebookShare to Pinterest
        Newer Post Older Post Home

    Leaves alone: A line naming one network ("Users of Facebook could not log in"); a "Posted by …" sentence that does not end on the time.
    """

    lists = ("blog_chrome_labels", "blog_posted_prefixes", "share_bar_words", "share_network_terms", "blog_nav_terms")
    line_local = True

    def find(self, doc: Document) -> list[int]:
        table, lines, folded, removed = doc.table, doc.lines, doc.folded, doc.removed
        found = set(table.lines_with("blog_chrome_labels"))
        found.update(
            i
            for i in table.lines_with("blog_posted_prefixes")
            if word_count(lines[i]) <= MAX_POSTED_WORDS and _CLOCK_AT_END.search(lines[i])
        )
        found.update(i for i in table.lines_with("share_network_terms") if len(lines[i]) <= MAX_BAR_CHARS and _is_share_bar(folded[i]))
        found.update(i for i in table.lines_with("blog_nav_terms") if len(lines[i]) <= MAX_BAR_CHARS and _is_nav_bar(folded[i]))
        return sorted(found - removed)


def _is_share_bar(folded: str) -> bool:
    """A line of nothing but share words and at least two networks, glued or not."""
    bar = _bar("share_bar_words", "share_network_terms").fullmatch(_NOT_LETTER.sub("", folded))
    return bool(bar) and len(set(bar.captures(1)) & _letters("share_network_terms")) >= MIN_NETWORKS


def _is_nav_bar(folded: str) -> bool:
    """A line of nothing but post-navigation words, two at least ("Newer Post Older Post Home")."""
    bar = _bar("blog_nav_terms").fullmatch(_NOT_LETTER.sub("", folded))
    return bool(bar) and len(bar.captures(1)) >= 2


@cache
def _letters(name: str) -> frozenset[str]:
    """The phrases of a list, their letters only ("pin it" → "pinit")."""
    return frozenset(_NOT_LETTER.sub("", phrase) for phrase in lexicon(name)) - {""}


@cache
def _bar(*names: str) -> regex.Pattern:
    """A line, its letters only, made of nothing but the phrases of these lists:
    "emailthisblogthissharetoxsharetofacebook"."""
    words = sorted(set().union(*map(_letters, names)), key=lambda word: (-len(word), word))
    return regex.compile("(?:(" + "|".join(map(regex.escape, words)) + "))+")
