"""G008 and G019: image captions: repeated ones, and those that credit a photo."""

from __future__ import annotations

from ..document import Document, repeats
from .base import Detector, contains_any, has_quote, lexicon, per_line, starts_with_any, term_finder

#: Longest line still taken for a caption.
MAX_CAPTION_CHARS = 400
_SENTENCE_END = (".", "!", "?", "…", '"', "”", "’", "»", ")")


class RepeatedCaption(Detector):
    """A caption line the page repeats twice in a row (image alt text, then the caption).

    Why: Pages render a caption twice; both copies are image furniture. When the line reads like prose (it ends a sentence), only the second copy goes, so no sentence of the story is lost.

    Example:
        Ukrainian President Volodymyr Zelensky visiting the frontline in December 2021
        (the same line again)

    Leaves alone: A line said once; of a repeated sentence, the first copy.
    """

    def find(self, doc: Document) -> list[int]:
        live = doc.live()
        found: list[int] = []
        for first, second in zip(live, live[1:], strict=False):
            line = doc.lines[first]
            if len(line) > MAX_CAPTION_CHARS or not repeats(line, doc.lines[second]):
                continue
            found.append(second)
            if not line.endswith(_SENTENCE_END):
                found.append(first)
        return found


#: Longest line still taken for a credited caption.
MAX_CREDITED_CHARS = 250
#: A credit ends its caption: it starts at most this many characters before the line's end,
#: after a sentence or a separator.
MAX_CREDIT_CHARS = 60
_CREDIT_AFTER = (".", "!", "?", "|", "/", "–", "—", "-", "·", "。", "）", ")")


class PhotoCredit(Detector):
    """A caption that credits a photo ("Photo: …", "… Photograph: Leo Grant/Agency"), or a picture-gallery label.

    Why: Image furniture: the caption of a picture the scraper did not keep, and its credit.

    Example:
        Jess Hale celebrates after crossing the finish line. Photograph: Leo Grant/Harbourside Press

    Leaves alone: Prose about photographs.
    """

    def find(self, doc: Document) -> list[int]:
        return [i for i in doc.live() if _is_credit_or_label(doc.lines[i], doc.keys[i], doc.folded[i])]


@per_line
def _is_credit_or_label(line: str, key: str, folded: str) -> bool:
    if key in lexicon("caption_labels"):
        return True
    if len(line) > MAX_CREDITED_CHARS:
        return False
    return (starts_with_any(folded, "credit_prefixes") or _ends_with_credit(folded)) and not has_quote(line)


def _ends_with_credit(folded: str) -> bool:
    """Whether a credit ends the line, after the caption's last sentence or in brackets."""
    if not contains_any(folded, "credit_terms"):
        return False
    tail = folded[-MAX_CREDIT_CHARS:]
    for end, term in term_finder("credit_terms").iter(tail):
        before = folded[: len(folded) - len(tail) + end - len(term) + 1].rstrip()
        if term.startswith(("(", "（")) or before.endswith(_CREDIT_AFTER):
            return True
    return False
