"""G005, G006, G007, G009, G015: lines of page chrome that stand alone."""

from __future__ import annotations

from .base import LabelOrPrompt, StandaloneLabel


class SkipLink(StandaloneLabel):
    code = "G005"
    name = "skip-link"
    what = 'Skip links and navigation chrome: "Skip to main content", "Back to top", "Menu".'
    why = "Accessibility and navigation links of the page, not of the article."
    example = "skip to main content"
    lexicon_name = "skip_links"


class SharePrompt(LabelOrPrompt):
    code = "G006"
    name = "share-prompt"
    what = 'Share prompts and lone social labels: "Share this article", "Facebook", "Twitter", "Email".'
    why = "Share buttons turned into text by the scraper."
    example = "Share this article"
    lexicon_name = "share_labels"
    prefix_lexicon_name = "share_prefixes"


class AdvertisementLabel(StandaloneLabel):
    code = "G007"
    name = "advertisement-label"
    what = 'Advertisement labels: "Advertisement", "Sponsored", "Story continues below advertisement".'
    why = "The label of an ad slot whose ad the scraper did not keep."
    example = "Advertisement"
    lexicon_name = "ad_labels"


class CloseGlyph(StandaloneLabel):
    code = "G009"
    name = "close-glyph"
    what = 'Close buttons of overlays: a lone "×", "✕" or "Close".'
    why = "The close button of a banner or modal, left as a line of its own."
    example = "×"
    lexicon_name = "close_glyphs"


class ReadingTools(LabelOrPrompt):
    code = "G015"
    name = "reading-tools"
    what = 'Reading-tool chrome: "Listen to this article", "4 min read", "Font size", "Print this page", "Report an error".'
    why = "Buttons of the page's reading tools, turned into text by the scraper."
    example = "Font size\nPrint this page"
    lexicon_name = "reading_tools"
    prefix_lexicon_name = "reading_tool_prefixes"
    with_counts = True
