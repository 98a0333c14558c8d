"""G005, G006, G007, G009, G015: lines of page chrome that stand alone."""

from __future__ import annotations

from .base import LabelOrPrompt, StandaloneLabel


class SkipLink(StandaloneLabel):
    """Skip links and navigation chrome: "Skip to main content", "Back to top", "Menu".

    Why: Accessibility and navigation links of the page, not of the article.

    Example:
        skip to main content

    Leaves alone: Any line that says more than the link label.
    """

    lexicon_name = "skip_links"


class SharePrompt(LabelOrPrompt):
    """Share prompts and lone social labels: "Share this article", "Facebook", "Twitter", "Email".

    Why: Share buttons turned into text by the scraper.

    Example:
        Share this article

    Leaves alone: A sentence about sharing on Facebook: a line that opens like a prompt but runs over 80 characters or quotes someone.
    """

    lexicon_name = "share_labels"
    prefix_lexicon_name = "share_prefixes"


class AdvertisementLabel(LabelOrPrompt):
    """Advertisement labels: "Advertisement", "Advertisement 2", "Sponsored", "Story continues below advertisement", and a short line that opens with a label and a mark ("Anzeige | …", "Sponsored: …").

    Why: The label of an ad slot whose ad the scraper did not keep, or that it glued to the ad's title.

    Example:
        Advertisement
        Anzeige | Unser Laufschuh-Tipp

    Leaves alone: Prose about advertising: only the label alone on a line, or a short line that opens with it and a mark, goes.
    """

    lexicon_name = "ad_labels"
    prefix_lexicon_name = "ad_prefixes"
    with_counts = True


class CloseGlyph(StandaloneLabel):
    """Close buttons of overlays: a lone "×", "✕" or "Close".

    Why: The close button of a banner or modal, left as a line of its own.

    Example:
        ×

    Leaves alone: A multiplication sign inside text ("3 × 4").
    """

    lexicon_name = "close_glyphs"


class ReadingTools(LabelOrPrompt):
    """Reading-tool chrome: "Listen to this article", "4 min read", "Font size", "Print this page", "Report an error".

    Why: Buttons of the page's reading tools, turned into text by the scraper.

    Example:
        Font size
        Print this page

    Leaves alone: Prose that opens like a reading tool: a line over 80 characters, or one that quotes someone.
    """

    lexicon_name = "reading_tools"
    prefix_lexicon_name = "reading_tool_prefixes"
    with_counts = True
