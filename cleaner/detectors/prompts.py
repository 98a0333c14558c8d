"""G010, G011, G012: blocks that prompt the reader: cookie banners, newsletter boxes, paywalls."""

from __future__ import annotations

from enum import Enum

from ..document import Document
from ..table import LineTable
from ..text import ends_sentence, has_quote, near_edge
from .base import Detector

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
    #: How many anchors with no button are enough at the very end of the page (0: none are): two for
    #: a paywall that cut the article off, one for a newsletter's plug that ends it ("… sign up for
    #: our newsletters").
    closing_anchors = 0
    #: Whether a line that quotes someone is prose, never an anchor or a pitch (consent banners
    #: quote their own buttons: 'By clicking "Accept all" …'; they keep to the page's edges instead).
    quotes_are_prose = True
    #: Longest line still taken for a title; longest line still taken for prompt text.
    max_title_chars = 80
    max_text_chars = 400
    #: The lists of this kind no language has yet ("prefixes", "suffixes", "pitch_terms").
    lists_not_yet_written: tuple[str, ...] = ()

    def __init__(self) -> None:
        self._labels, self._buttons = f"{self.kind}_labels", f"{self.kind}_buttons"
        self._prefixes, self._suffixes = f"{self.kind}_prefixes", f"{self.kind}_suffixes"
        self._terms, self._pitch_terms = f"{self.kind}_terms", f"{self.kind}_pitch_terms"
        names = (self._labels, self._buttons, self._prefixes, self._suffixes, self._terms, self._pitch_terms)
        self.optional_lists = tuple(f"{self.kind}_{part}" for part in self.lists_not_yet_written)
        self.lists = tuple(name for name in names if name not in self.optional_lists)
        super().__init__()

    def find(self, doc: Document) -> list[int]:
        roles = self._roles(doc)
        if not roles:
            return []
        live, position = doc.live(), doc.position()
        roles = {n: role for i, role in roles.items() if (n := position.get(i)) is not None}
        if not roles:
            return []
        for k in sorted(roles):
            if roles[k] is Role.PITCH and not self._next_to_anchor(roles, k):
                del roles[k]
        for k in [k + 1 for k, role in roles.items() if role in (Role.LABEL, Role.ANCHOR)]:
            if k not in roles and k < len(live) - 1 and self._bridges(doc.lines[live[k]], roles, k):
                roles[k] = Role.PITCH
        found: list[int] = []
        total = len(live)
        starts = sorted(k for k in roles if k - 1 not in roles)
        for start in starts:
            end = start
            while end + 1 in roles:
                end += 1
            if self._holds([roles[k] for k in range(start, end + 1)], start, end, total):
                found.extend(live[start : end + 1])
        return found

    def _roles(self, doc: Document) -> dict[int, Role]:
        """The lines, live or not, that have a role in a prompt (worked out once per document)."""
        table = doc.table
        memo = table.memo(self)
        if "roles" not in memo:
            candidates = {i for name in self.lists + self.optional_lists for i in table.lines_with(name)}
            memo["roles"] = {i: role for i in candidates if (role := self._role(table, i)) is not None}
        return memo["roles"]

    def _role(self, table: LineTable, i: int) -> Role | None:
        line = table.lines[i]
        if table.has(i, self._labels):
            return Role.LABEL
        if table.has(i, self._buttons):
            return Role.BUTTON
        if len(line) > self.max_text_chars:
            return None
        role = None
        if len(line) <= self.max_title_chars and (table.has(i, self._prefixes) or table.has(i, self._suffixes)):
            role = None if ends_sentence(line) else Role.ANCHOR
        if role is None:
            role = Role.ANCHOR if table.has(i, self._terms) else Role.PITCH if table.has(i, self._pitch_terms) else None
        return None if role is None or (self.quotes_are_prose and has_quote(line)) else role

    @staticmethod
    def _bridges(line: str, roles: dict[int, Role], k: int) -> bool:
        """Whether an unclassified line between a title and a button reads as the prompt's pitch
        ("Newsletter Lyon Matin" / "Un tour de l'actualité …" / "Je m'inscris")."""
        if roles.get(k - 1) not in (Role.LABEL, Role.ANCHOR) or roles.get(k + 1) is not Role.BUTTON:
            return False
        return len(line) <= MAX_BRIDGED_CHARS and not has_quote(line)

    @staticmethod
    def _next_to_anchor(roles: dict[int, Role], k: int) -> bool:
        return roles.get(k - 1) in (Role.LABEL, Role.BUTTON) or roles.get(k + 1) in (Role.LABEL, Role.BUTTON)

    def _holds(self, roles: list[Role | None], start: int, end: int, total: int) -> bool:
        if Role.LABEL in roles:
            return True
        anchors = roles.count(Role.ANCHOR)
        with_button = anchors and Role.BUTTON in roles
        closing = 0 < self.closing_anchors <= anchors and end == total - 1
        if not (with_button or closing):
            return False
        return self.edge is None or near_edge(start, end, total, self.edge)


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
    lists_not_yet_written = ("prefixes", "suffixes", "pitch_terms")


class NewsletterSignup(PromptBlock):
    """A newsletter sign-up box and its confirmation: "Sign up for our newsletter", "Enter your email", "You're subscribed!".

    Why: A form of the site, not of the article, even when it sits between two paragraphs.

    Example:
        Sign up for The Morning Briefing
        Get the day's news in your inbox.
        Enter your email
        Sign up

    Leaves alone: An article about newsletters: their words in prose, with no sign-up button and not
    the page's last line (a line in the box's own words that ends the page is the site's plug: "For
    the latest news, sign up for our newsletters").
    """

    kind = "newsletter"
    closing_anchors = 1


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
    closing_anchors = 2
    lists_not_yet_written = ("prefixes", "suffixes")
