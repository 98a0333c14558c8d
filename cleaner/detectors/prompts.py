"""G010, G011, G012: blocks that prompt the reader: cookie banners, newsletter boxes, paywalls."""

from __future__ import annotations

from enum import Enum
from functools import cached_property

from ..document import Document
from .base import Detector, ends_sentence, has_quote, lexicon, per_line, phrase_tuple, term_lists

#: Longest unclassified line still taken as a pitch between a prompt's title and its button.
MAX_BRIDGED_CHARS = 200


class Role(Enum):
    LABEL = "label"  # a prompt's title or link alone on a line: enough on its own
    ANCHOR = "anchor"  # a line in the prompt's own words: needs a button in its block
    BUTTON = "button"  # a button or form field: needs an anchor or a label in its block
    PITCH = "pitch"  # a line selling the prompt: only right next to a label or a button


class PromptBlock(Detector):
    """A block of consecutive prompt lines holding a label, or an anchor and a button, with the
    pitch lines next to them. A label alone on a line is a block of its own.

    Lines are classified with the lexicon lists ``<kind>_labels`` (whole lines), ``<kind>_prefixes``
    and ``<kind>_suffixes`` (the start or end of a short title), ``<kind>_terms`` (the prompt's
    own words), ``<kind>_buttons`` (whole lines) and ``<kind>_pitch_terms``.
    """

    kind: str
    #: Anchors count only in a block that starts or ends within this many lines of the page's
    #: head or tail (None: anywhere).
    edge: int | None = None
    #: Whether two anchors with no button are enough at the very end of the page (a paywall that
    #: cut the article off).
    anchors_close_page = False
    #: Whether a line that quotes someone is prose, never an anchor or a pitch (consent banners
    #: quote their own buttons: 'By clicking "Accept all" …'; they keep to the page's edges instead).
    quotes_are_prose = True
    #: Longest line still taken for a title; longest line still taken for prompt text.
    max_title_chars = 80
    max_text_chars = 400

    def find(self, doc: Document) -> list[int]:
        live = doc.live()
        roles = [self._role(doc.lines[i], doc.keys[i], doc.folded[i]) for i in live]
        if not any(roles):
            return []
        for k, role in enumerate(roles):
            if role is Role.PITCH and not self._next_to_anchor(roles, k):
                roles[k] = None
            elif role is None and self._bridges(doc.lines[live[k]], roles, k):
                roles[k] = Role.PITCH
        found: list[int] = []
        start = 0
        while start < len(live):
            if roles[start] is None:
                start += 1
                continue
            end = start
            while end + 1 < len(live) and roles[end + 1] is not None:
                end += 1
            if self._holds(roles[start : end + 1], start, end, len(live)):
                found.extend(live[start : end + 1])
            start = end + 1
        return found

    @per_line
    def _role(self, line: str, key: str, folded: str) -> Role | None:
        if key in self._labels:
            return Role.LABEL
        if key in self._buttons:
            return Role.BUTTON
        if len(line) > self.max_text_chars:
            return None
        role = None
        if len(line) <= self.max_title_chars and (folded.startswith(self._prefixes) or folded.endswith(self._suffixes)):
            role = None if ends_sentence(line) else Role.ANCHOR
        if role is None:
            lists = term_lists(folded)
            role = Role.ANCHOR if self._terms in lists else Role.PITCH if self._pitch_terms in lists else None
        return None if role is None or (self.quotes_are_prose and has_quote(line)) else role

    @cached_property
    def _labels(self) -> frozenset[str]:
        return lexicon(f"{self.kind}_labels")

    @cached_property
    def _buttons(self) -> frozenset[str]:
        return lexicon(f"{self.kind}_buttons")

    @cached_property
    def _prefixes(self) -> tuple[str, ...]:
        return phrase_tuple(f"{self.kind}_prefixes")

    @cached_property
    def _suffixes(self) -> tuple[str, ...]:
        return phrase_tuple(f"{self.kind}_suffixes")

    @cached_property
    def _terms(self) -> str:
        return f"{self.kind}_terms"

    @cached_property
    def _pitch_terms(self) -> str:
        return f"{self.kind}_pitch_terms"

    def _bridges(self, line: str, roles: list[Role | None], k: int) -> bool:
        """Whether an unclassified line between a title and a button reads as the prompt's pitch
        ("Newsletter Lyon Matin" / "Un tour de l'actualité …" / "Je m'inscris")."""
        if not 0 < k < len(roles) - 1 or roles[k - 1] not in (Role.LABEL, Role.ANCHOR) or roles[k + 1] is not Role.BUTTON:
            return False
        return len(line) <= MAX_BRIDGED_CHARS and not has_quote(line)

    @staticmethod
    def _next_to_anchor(roles: list[Role | None], k: int) -> bool:
        neighbours = roles[max(k - 1, 0) : k] + roles[k + 1 : k + 2]
        return any(role in (Role.LABEL, Role.BUTTON) for role in neighbours)

    def _holds(self, roles: list[Role | None], start: int, end: int, total: int) -> bool:
        if Role.LABEL in roles:
            return True
        anchors = roles.count(Role.ANCHOR)
        with_button = anchors and Role.BUTTON in roles
        closing = self.anchors_close_page and anchors >= 2 and end == total - 1
        if not (with_button or closing):
            return False
        return self.edge is None or start < self.edge or end >= total - self.edge


class CookieConsent(PromptBlock):
    """A cookie or privacy consent banner at the head or foot of the page, with its buttons: "We use cookies …", "Accept all", "Manage consent".

    Why: The site's consent banner, saved with the page; it says nothing of the story.

    Example:
        We use cookies to give you the best experience on our website.
        Accept all
        Cookie settings

    Leaves alone: An article about cookie banners, quoting their buttons, away from the page's head and foot.
    """

    kind = "consent"
    edge = 10
    quotes_are_prose = False


class NewsletterSignup(PromptBlock):
    """A newsletter sign-up box and its confirmation: "Sign up for our newsletter", "Enter your email", "You're subscribed!".

    Why: A form of the site, not of the article, even when it sits between two paragraphs.

    Example:
        Sign up for The Morning Briefing
        Get the day's news in your inbox.
        Enter your email
        Sign up

    Leaves alone: An article about newsletters: their words in prose, with no sign-up button.
    """

    kind = "newsletter"


class PaywallPrompt(PromptBlock):
    """A paywall prompt: "Subscribe to continue reading", "You have read 3 of 3 free articles", "Already a subscriber? Log in".

    Why: The paywall's sales text, left where the rest of the article was cut off.

    Example:
        Subscribe to continue reading
        Subscribe now
        Already a subscriber? Log in

    Leaves alone: An article about paywalls: their words in prose, with no button and not at the page's cut-off end.
    """

    kind = "paywall"
    anchors_close_page = True
