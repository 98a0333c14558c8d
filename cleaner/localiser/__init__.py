"""G020: find the article block(s) in a page's text and remove the page around them.

A model of article lines (``model.py``, over the features of ``features.py``) scores each line;
a Viterbi pass finds the article blocks. The step engages only when it would remove a good
share of the text, so a document that is all article loses nothing.
"""

from __future__ import annotations

from ..detectors.base import Detector
from ..document import Document
from .model import probabilities, shipped

#: The localiser's code, as the registry and the pipeline name it.
CODE = "G020"


class ArticleLocaliser(Detector):
    """The page around the article in whole-page text: menus, teasers, comments and footers, outside the article block(s) that a model of article lines finds.

    Why: Scrapers often store a page's whole text (get_text, inscriptis, copy-paste), where the article is one block among the page's furniture; a model trained on real pages (dev split) tells the block from the rest in any language.

    Example:
        Home
        World
        … the article …
        Most read
        Council approves budget for new school building

    Leaves alone: A document that is all article (it engages only when it would remove a good share of the text); a short line inside the article (a subheading, a one-line quote); the headline, deck, byline and dateline just above the article.
    """

    def find(self, doc: Document) -> list[int]:
        live = doc.live()
        lines = tuple(doc.lines[i] for i in live)
        return [live[n] for n in shipped().decision.remove(list(lines), list(probabilities(lines)))]


#: Documents whose confidence is under this may hold more than the article (the batch report lists them).
DOUBTFUL = 0.5


def article_lines(doc: Document) -> list[int]:
    """The live lines of a document that the model puts in the article, whether or not the step
    would engage (none when it finds no article)."""
    live = doc.live()
    lines = [doc.lines[i] for i in live]
    kept = shipped().decision.article(lines, list(probabilities(tuple(lines))))
    return [i for i, keep in zip(live, kept, strict=True) if keep]


def confidence(lines: list[str]) -> float:
    """How sure the model is that these lines are all article: the mean of their article
    probabilities, weighted by length (1.0 for no text)."""
    kept = tuple(line for line in lines if line)
    total = sum(map(len, kept))
    if not total:
        return 1.0
    return sum(p * len(line) for p, line in zip(probabilities(kept), kept, strict=True)) / total
