"""G020, localisation: remove the page around the article, the lines the line model
(``cleaner.linemodel``) puts out of it (``p_article < THRESHOLDS.remove_below``).

The step engages only when it would remove a good share of the text, so a document that is all
article loses nothing; the decision step keeps the headline.
"""

from __future__ import annotations

from .detectors.base import Detector
from .document import Document
from .linemodel import THRESHOLDS, article_probabilities, headline, outside_article

#: The localiser's code, as the registry and the pipeline name it.
CODE = "G020"


class ArticleLocaliser(Detector):
    """The page around the article in whole-page text: menus, teasers, comments and footers that the line model puts out of the article, once the detectors have taken what they know by shape.

    Why: Scrapers often store a page's whole text (get_text, inscriptis, copy-paste), where the article is one block among the page's furniture; a line model trained on real pages (dev split) tells the article's lines from the rest in any language.

    Example:
        Home
        World
        … the article …
        Follow us
        © 2025 Harbour Gazette

    Leaves alone: A document that is all article (it engages only when it would remove a good share of the text); the lines the model is unsure of; the headline.
    """

    def find(self, doc: Document) -> list[int]:
        return outside_article(doc)


#: Documents whose confidence is under this may hold more than the article (the batch report lists them).
DOUBTFUL = 0.5


#: The article block begins at its headline or its first line the model is this sure is article…
SURELY_ARTICLE = 0.9
#: … and ends at its last line that the model finds likelier article than not.
LIKELIER_ARTICLE = 0.5


def article_block(doc: Document) -> list[int]:
    """The article block of a page's whole text: its live lines from the headline (or the first
    line the model is sure is article) to the last line more likely article than not, less those
    the model puts out of the article; none when it is sure of no line."""
    p = article_probabilities(doc)
    live = doc.live()
    sure = [i for i in live if p[i] >= SURELY_ARTICLE]
    if not sure:
        return []
    top = headline(doc)
    first = sure[0] if top is None else min(top, sure[0])
    last = max(i for i in live if p[i] >= LIKELIER_ARTICLE)
    return [i for i in live if first <= i <= last and (p[i] >= THRESHOLDS.remove_below or i == top)]
