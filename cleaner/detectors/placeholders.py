"""G027 and G028: what the page says in place of what it could not show: the consent
placeholder of embedded content, and the notice about the reader's browser."""

from __future__ import annotations

from ..text import has_quote
from .base import ShortLineWith

#: Longest line still taken for a browser notice (they run to two sentences).
MAX_NOTICE_CHARS = 300
#: Longest line still taken for a placeholder: a consent placeholder runs to three sentences ("I agree
#: to external content being displayed. Personal data may be transferred … You can change this in …").
MAX_PLACEHOLDER_CHARS = 500
#: Marks of code: a line that holds one is a code sample of the article, not the page's notice.
_CODE_MARKS = ("<", ">", "`", "{", "}", "();", "=")


class EmbedPlaceholder(ShortLineWith):
    """The placeholder of embedded content held back until the reader consents: "Click to load content from YouTube", "Externen Inhalt anzeigen", "View this post on Instagram".

    Why: The page shows it instead of a video or a post from another site; it is no part of the article.

    Example:
        An dieser Stelle findest du einen externen Inhalt von YouTube, der den Artikel ergänzt.
        Externen Inhalt anzeigen

    Leaves alone: A sentence about embedded videos in other words, one that quotes the placeholder, and a line of code.
    """

    lists = ("embed_placeholder_terms",)
    max_chars = MAX_PLACEHOLDER_CHARS

    def holds(self, line: str) -> bool:
        return is_notice(line)


class BrowserNotice(ShortLineWith):
    """A notice about the reader's browser or JavaScript: "Please enable JavaScript to view this page", "Your browser is out of date", "JavaScript aktivieren".

    Why: The page's own warning, shown when a script did not run; it says nothing of the story.

    Example:
        To view this video please enable JavaScript, and consider upgrading to a web browser that supports HTML5 video

    Leaves alone: A sentence about browsers or JavaScript in other words, a quoted notice, and a line of code.
    """

    lists = ("browser_notice_terms",)
    max_chars = MAX_NOTICE_CHARS

    def holds(self, line: str) -> bool:
        return is_notice(line)


def is_notice(line: str) -> bool:
    """Whether a line can be the page's notice: it quotes no one and holds no code."""
    return not has_quote(line) and not any(mark in line for mark in _CODE_MARKS)
