"""The generic codes, in one table: code → detector, in the order the detectors run.

A code is never reused: a detector that goes away keeps its row, with the state ``REMOVED``.
The order is the run order (prompt blocks first, then lists, sections and notices, then lines of
chrome that stand alone, and menus last, once the chrome around them is gone).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from .detectors.appeals import DonationAppeal
from .detectors.base import Detector
from .detectors.blogs import BlogChrome
from .detectors.captions import PhotoCredit, RepeatedCaption
from .detectors.chrome import AdvertisementLabel, CloseGlyph, ReadingTools, SharePrompt, SkipLink
from .detectors.comments import CommentSection
from .detectors.disclosures import AffiliateDisclosure, AuthorContact
from .detectors.footers import FooterLegal
from .detectors.forms import CommentForm
from .detectors.links import ReadMoreLink, TeaserAtEnd
from .detectors.lists import StoryList, TeaserRun
from .detectors.markup import MarkupToken, ScriptText
from .detectors.navigation import NavigationMenu
from .detectors.notices import CopyrightNotice
from .detectors.placeholders import BrowserNotice, EmbedPlaceholder
from .detectors.pleas import SupportAppeal
from .detectors.promos import AppPromo, FollowPrompt
from .detectors.prompts import CookieConsent, NewsletterSignup, PaywallPrompt
from .detectors.timestamps import TimestampLine
from .furniture.step import SiteFurniture
from .localisation import ArticleLocaliser


class State(StrEnum):
    STABLE = "stable"  # on by default
    PREVIEW = "preview"  # on only when selected by its exact code
    DEPRECATED = "deprecated"  # still on by default; going away
    REMOVED = "removed"  # never runs; the code stays taken


#: The headings of a detector's doc, after its first paragraph (what it removes).
SECTIONS = ("Why", "Example", "Leaves alone")
_HEADING = re.compile(rf"^({'|'.join(SECTIONS)}):\s*(.*)$")


@dataclass(frozen=True)
class DetectorDoc:
    """A detector's documentation, read from its class docstring: a first paragraph saying what it
    removes, then ``Why:``, ``Example:`` (indented lines, as on the page) and ``Leaves alone:``."""

    removes: str
    why: str
    example: str
    leaves_alone: str

    @classmethod
    def of(cls, detector: type) -> DetectorDoc:
        text = inspect.cleandoc(detector.__dict__.get("__doc__") or "")
        parts: dict[str, list[str]] = {"": []}
        heading = ""
        for line in text.splitlines():
            match = _HEADING.match(line)
            if match:
                heading = match[1]
                parts[heading] = [match[2]] if match[2] else []
            else:
                parts[heading].append(line)
        missing = [name for name in ("", *SECTIONS) if not "".join(parts.get(name, [])).strip()]
        if missing:
            names = ", ".join(repr(name or "first paragraph") for name in missing)
            raise ValueError(f"{detector.__name__}: its docstring lacks {names}")
        prose = {name: " ".join(" ".join(lines).split()) for name, lines in parts.items()}
        example = inspect.cleandoc("\n".join(parts["Example"]))
        return cls(prose[""], prose["Why"], example, prose["Leaves alone"])


@dataclass(frozen=True)
class Code:
    """One row of the table: a code, the detector's name, the class, and its state."""

    code: str
    name: str
    detector_class: type[Detector]
    state: State = State.STABLE
    detector: Detector = field(init=False, repr=False, compare=False)
    doc: DetectorDoc = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "detector", self.detector_class())
        object.__setattr__(self, "doc", DetectorDoc.of(self.detector_class))

    @property
    def on_by_default(self) -> bool:
        return self.state in (State.STABLE, State.DEPRECATED)

    def to_json(self) -> dict:
        doc = self.doc
        return {
            "code": self.code,
            "name": self.name,
            "state": str(self.state),
            "removes": doc.removes,
            "why": doc.why,
            "example": doc.example,
            "leaves_alone": doc.leaves_alone,
        }


CODES: tuple[Code, ...] = (
    Code("G010", "cookie-consent", CookieConsent),
    Code("G027", "embed-placeholder", EmbedPlaceholder),
    Code("G028", "browser-notice", BrowserNotice),
    Code("G001", "donation-appeal", DonationAppeal),
    Code("G026", "support-appeal", SupportAppeal),
    Code("G011", "newsletter-signup", NewsletterSignup),
    Code("G012", "paywall-prompt", PaywallPrompt),
    Code("G002", "read-more-link", ReadMoreLink),
    Code("G003", "story-list", StoryList),
    Code("G004", "teaser-at-end", TeaserAtEnd),
    Code("G031", "teaser-run", TeaserRun),
    Code("G014", "comment-section", CommentSection),
    Code("G021", "comment-form", CommentForm),
    Code("G013", "copyright-notice", CopyrightNotice),
    Code("G022", "footer-legal", FooterLegal),
    # preview: WCXB's gold keeps the disclosure as part of the post on 7 of 522 dev pages
    Code("G023", "affiliate-disclosure", AffiliateDisclosure, State.PREVIEW),
    Code("G024", "author-contact", AuthorContact),
    Code("G025", "blog-chrome", BlogChrome),
    Code("G005", "skip-link", SkipLink),
    Code("G006", "share-prompt", SharePrompt),
    Code("G029", "app-promo", AppPromo),
    Code("G030", "follow-prompt", FollowPrompt),
    Code("G007", "advertisement-label", AdvertisementLabel),
    Code("G015", "reading-tools", ReadingTools),
    Code("G016", "timestamp-line", TimestampLine),
    Code("G018", "markup-token", MarkupToken),
    Code("G032", "script-text", ScriptText),
    Code("G008", "repeated-caption", RepeatedCaption),
    Code("G019", "photo-credit", PhotoCredit),
    Code("G009", "close-glyph", CloseGlyph),
    Code("G017", "navigation-menu", NavigationMenu),
    Code("G020", "article-localiser", ArticleLocaliser),  # last: what the detectors' shapes did not catch, by the line model
    Code("S001", "site-furniture", SiteFurniture),  # runs last, and only with the counts of --site-furniture
)

BY_CODE: dict[str, Code] = {code.code: code for code in CODES}


def markdown_table(codes: Iterable[Code]) -> str:
    """A table of codes, as the README's (``cleaner rule --all --format markdown``)."""
    rows = ["| code | name | state | removes |", "|---|---|---|---|"]
    for code in codes:
        rows.append(f"| {code.code} | `{code.name}` | {code.state} | {code.doc.removes} |")
    return "\n".join(rows) + "\n"
