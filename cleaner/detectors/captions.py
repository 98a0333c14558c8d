"""G008: captions the page repeats twice in a row."""

from __future__ import annotations

from ..document import Document
from ..outlet_rules import fold
from .base import Detector

#: Longest line still taken for a caption.
MAX_CAPTION_CHARS = 400
_SENTENCE_END = (".", "!", "?", "…", '"', "”", "’", "»", ")")


class RepeatedCaption(Detector):
    code = "G008"
    name = "repeated-caption"
    what = "A caption line the page repeats twice in a row (image alt text, then the caption)."
    why = (
        "Pages render a caption twice; both copies are image furniture. When the line reads like "
        "prose (it ends a sentence), only the second copy goes, so no sentence of the story is lost."
    )
    example = "Ukrainian President Volodymyr Zelensky visiting the frontline in December 2021\n(the same line again)"

    def find(self, doc: Document) -> list[int]:
        live = doc.live()
        folds: dict[int, str] = {}  # each line folded once, as it is compared with both neighbours

        def folded(index: int) -> str:
            if index not in folds:
                folds[index] = fold(doc.lines[index])
            return folds[index]

        found: list[int] = []
        for first, second in zip(live, live[1:]):
            line = doc.lines[first]
            if len(line) > MAX_CAPTION_CHARS or not folded(first) or folded(first) != folded(second):
                continue
            found.append(second)
            if not line.endswith(_SENTENCE_END):
                found.append(first)
        return found
