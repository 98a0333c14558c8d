"""Step 4: generic detectors, for every document whatever its outlet.

Each detector is one class with a stable code; ``DETECTORS`` lists them in the order they run
(prompt blocks first, then lists, sections and notices, then lines of chrome that stand alone,
and menus last, once the chrome around them is gone).
"""

from .appeals import DonationAppeal
from .base import Detector
from .blogs import BlogChrome
from .captions import PhotoCredit, RepeatedCaption
from .chrome import AdvertisementLabel, CloseGlyph, ReadingTools, SharePrompt, SkipLink
from .comments import CommentSection
from .disclosures import AffiliateDisclosure, AuthorContact
from .footers import FooterLegal
from .forms import CommentForm
from .links import ReadMoreLink, TeaserAtEnd
from .lists import StoryList
from .markup import MarkupToken
from .navigation import NavigationMenu
from .notices import CopyrightNotice
from .pleas import SupportAppeal
from .prompts import CookieConsent, NewsletterSignup, PaywallPrompt
from .timestamps import TimestampLine

DETECTORS: list[Detector] = [
    CookieConsent(),
    DonationAppeal(),
    SupportAppeal(),
    NewsletterSignup(),
    PaywallPrompt(),
    ReadMoreLink(),
    StoryList(),
    TeaserAtEnd(),
    CommentSection(),
    CommentForm(),
    CopyrightNotice(),
    FooterLegal(),
    AffiliateDisclosure(),
    AuthorContact(),
    BlogChrome(),
    SkipLink(),
    SharePrompt(),
    AdvertisementLabel(),
    ReadingTools(),
    TimestampLine(),
    MarkupToken(),
    RepeatedCaption(),
    PhotoCredit(),
    CloseGlyph(),
    NavigationMenu(),
]

__all__ = ["DETECTORS", "Detector"]
