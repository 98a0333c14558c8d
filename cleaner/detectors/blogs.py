"""G025: the chrome of blog platforms: share bars, "Newer post / Older post", "Posted by … at 9:14 PM"."""

from __future__ import annotations

from functools import cache

import regex

from ..document import Document
from .base import Detector, lexicon, per_line, starts_with_any, word_count

#: Longest line still taken for a bar of buttons.
MAX_BAR_CHARS = 200
#: Network names a share bar must name ("Share to X Share to Facebook").
MIN_NETWORKS = 2
#: Most words of a "Posted by NAME at 9:14 PM" line.
MAX_POSTED_WORDS = 12

_NOT_LETTER = regex.compile(r"[^\p{L}]+")
_CLOCK_AT_END = regex.compile(r"\b\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?$", regex.IGNORECASE)


class BlogChrome(Detector):
    code = "G025"
    name = "blog-chrome"
    what = 'Blog-platform chrome: a share bar naming several networks ("Email This BlogThis! Share to X Share to Facebook"), post navigation ("Newer Post Older Post Home"), "Posted by NAME at 9:14 PM", "Subscribe to: Post Comments (Atom)".'
    why = "The buttons and links that a blog platform puts around every post."
    example = "Posted by Jane at 9:14 PM\nEmail ThisBlogThis!Share to XShare to FacebookShare to Pinterest\nNewer Post Older Post Home"

    def find(self, doc: Document) -> list[int]:
        return [i for i in doc.live() if _is_chrome(doc.lines[i], doc.keys[i], doc.folded[i])]


@per_line
def _is_chrome(line: str, key: str, folded: str) -> bool:
    if key in lexicon("blog_chrome_labels"):
        return True
    if len(line) > MAX_BAR_CHARS:
        return False
    if starts_with_any(folded, "blog_posted_prefixes") and word_count(line) <= MAX_POSTED_WORDS and _CLOCK_AT_END.search(line):
        return True
    letters = _NOT_LETTER.sub("", folded)
    if not letters:
        return False
    share = _bar("share_bar_words").fullmatch(letters)
    if share and len({word for word in share.captures(1) if word in lexicon("share_bar_networks")}) >= MIN_NETWORKS:
        return True
    nav = _bar("blog_nav_words").fullmatch(letters)
    return bool(nav) and len(nav.captures(1)) >= 2


@cache
def _bar(name: str) -> regex.Pattern:
    """A line, its letters only, made of nothing but the words of the list ``name`` (network names
    are words of a share bar too): "emailthisblogthissharetoxsharetofacebook"."""
    words = set(lexicon(name)) | (set(lexicon("share_bar_networks")) if name == "share_bar_words" else set())
    letters = sorted({_NOT_LETTER.sub("", word) for word in words} - {""}, key=lambda w: (-len(w), w))
    return regex.compile("(?:(" + "|".join(map(regex.escape, letters)) + "))+")
