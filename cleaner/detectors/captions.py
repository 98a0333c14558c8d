"""G008 and G019: image captions: repeated ones, and those that credit a photo."""

from __future__ import annotations

from ..document import Document
from ..lexicon import lexicon
from ..table import LineTable
from ..text import has_quote, is_bullet, repeats, word_count
from .base import Detector

#: Longest line still taken for a caption.
MAX_CAPTION_CHARS = 400
#: Most words of a label or heading the page repeats ("Best Overall", a subheading): its first copy stays.
MAX_HEADING_WORDS = 6
_SENTENCE_END = (".", "!", "?", "…", '"', "”", "’", "»", ")")


class RepeatedCaption(Detector):
    """A caption line the page repeats twice in a row (image alt text, then the caption).

    Why: Pages render a caption twice; both copies are image furniture. When the line reads like prose (it ends a sentence), or is as short as a heading or label (six words at most: "Best Overall"), only the second copy goes, so no sentence or subheading of the story is lost.

    Example:
        Ukrainian President Volodymyr Zelensky visiting the frontline in December 2021
        (the same line again)

    Leaves alone: A line said once; of a repeated sentence or a repeated short heading, the first copy.
    """

    def find(self, doc: Document) -> list[int]:
        live, lines = doc.live(), doc.lines
        ends = [lines[i][-4:] for i in live]
        found: list[int] = []
        # a repeat ends as the original does: only those pairs are compared
        for n in [n for n, (end, next_end) in enumerate(zip(ends, ends[1:], strict=False)) if end == next_end]:
            first, second = live[n], live[n + 1]
            line = lines[first]
            if len(line) > MAX_CAPTION_CHARS or not repeats(line, lines[second]):
                continue
            if line.endswith(_SENTENCE_END) or word_count(line) <= MAX_HEADING_WORDS:
                # one copy goes: of a heading and its copy in a menu ("- Building Department"), the menu's
                found.append(first if is_bullet(line) and not is_bullet(lines[second]) else second)
            else:
                found += [first, second]
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

    Leaves alone: Prose about photographs; a bulleted list item (a teaser or an item of the article's list, even with its picture's credit glued on: "- Which EVs have the longest ranges? … Photo: Hyundai").
    """

    lists = ("caption_labels", "credit_prefixes", "credit_terms")
    line_local = True

    def find(self, doc: Document) -> list[int]:
        table, removed, lines = doc.table, doc.removed, doc.lines
        labels = table.lines_with("caption_labels")
        credited = {*table.lines_with("credit_prefixes"), *(i for i in table.lines_with("credit_terms") if _ends_with_credit(table, i))}
        credited = [i for i in credited if len(lines[i]) <= MAX_CREDITED_CHARS and not has_quote(lines[i])]
        return [i for i in labels + credited if i not in removed and not is_bullet(lines[i])]


def _ends_with_credit(table: LineTable, i: int) -> bool:
    """Whether a credit ends the line, after the caption's last sentence or in brackets."""
    folded = table.folded[i]
    tail_start = len(folded) - MAX_CREDIT_CHARS
    for end, term in table.terms(i):
        start = end - len(term) + 1
        if start < tail_start or term not in _CREDIT_TERMS:
            continue
        if term.startswith(("(", "（")) or folded[:start].rstrip().endswith(_CREDIT_AFTER):
            return True
    return False


_CREDIT_TERMS = lexicon("credit_terms")
