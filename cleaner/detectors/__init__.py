"""Step 4: generic detectors, for every document whatever its outlet.

Each detector is one class with a stable code; ``DETECTORS`` lists them in the order they run.
"""

from .appeals import DonationAppeal
from .base import Detector
from .captions import RepeatedCaption
from .chrome import AdvertisementLabel, CloseGlyph, SharePrompt, SkipLink
from .links import ReadMoreLink, TeaserAtEnd
from .lists import StoryList

DETECTORS: list[Detector] = [
    DonationAppeal(),
    ReadMoreLink(),
    StoryList(),
    TeaserAtEnd(),
    SkipLink(),
    SharePrompt(),
    AdvertisementLabel(),
    RepeatedCaption(),
    CloseGlyph(),
]

__all__ = ["DETECTORS", "Detector"]
