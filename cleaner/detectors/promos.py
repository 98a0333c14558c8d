"""G029 and G030: the site promoting itself: its app, and its pages on social networks."""

from __future__ import annotations

import regex

from ..document import Document
from ..lexicon import lexicon
from ..text import ends_sentence, has_quote
from .base import Detector, LabelOrPrompt

#: Longest line still taken for a title that ends like an app link ("BR24-App downloaden").
MAX_SUFFIXED_CHARS = 60
#: Longest line still taken for a follow prompt.
MAX_FOLLOW_CHARS = 200
#: Shortest network name still recognised at the start of a longer word.
MIN_INFLECTED_CHARS = 5
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_HANDLE = regex.compile(r"(?<![\w.])@\w{2,}")


class AppPromo(LabelOrPrompt):
    """A line that sends the reader to the site's app: "Download the app", "Get our app", "BR24-App downloaden", "Get it on Google Play".

    Why: The site's advertisement for itself, left where its badge or button stood.

    Example:
        Download our app for the latest news

    Leaves alone: A sentence about an app in other words, a line over 120 characters, or one that quotes someone.
    """

    lexicon_name = "app_promo_labels"
    prefix_lexicon_name = "app_promo_prefixes"
    lists = ("app_promo_suffixes",)
    max_prompt_chars = 120

    def find(self, doc: Document) -> list[int]:
        lines, removed = doc.lines, doc.removed
        titles = [
            i
            for i in doc.table.lines_with("app_promo_suffixes")
            if len(lines[i]) <= MAX_SUFFIXED_CHARS and not ends_sentence(lines[i]) and i not in removed
        ]
        return sorted({*super().find(doc), *titles})


class FollowPrompt(Detector):
    """A line that asks the reader to follow the site or the author on a social network: "Follow us on Instagram", "Follow Jane Doe on X", "Folgen Sie uns auf Facebook".

    Why: The site's or the author's social links, put under every article; not the article.

    Example:
        Follow Metro on Twitter and Facebook for the latest news updates.

    Leaves alone: A line that opens with "Follow" but names no network or handle ("Follow the steps below"), one over 200 characters, and one that quotes someone.
    """

    lists = ("follow_prefixes", "follow_networks")
    line_local = True

    def find(self, doc: Document) -> list[int]:
        lines, folded, removed = doc.lines, doc.folded, doc.removed
        return [
            i
            for i in doc.table.lines_with("follow_prefixes")
            if i not in removed and len(lines[i]) <= MAX_FOLLOW_CHARS and not has_quote(lines[i]) and _names_a_network(folded[i])
        ]


def _names_a_network(folded: str) -> bool:
    """Whether a line names a network (also inflected: "Facebooku", "Instagramie") or a handle."""
    if _HANDLE.search(folded):
        return True
    words = _WORD.findall(folded)
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    return not _NETWORKS.isdisjoint(words + pairs) or any(word.startswith(_LONG_NETWORKS) for word in words)


_NETWORKS = lexicon("follow_networks")
#: Names long enough to be told apart at the start of an inflected word.
_LONG_NETWORKS = tuple(name for name in _NETWORKS if len(name) >= MIN_INFLECTED_CHARS)
