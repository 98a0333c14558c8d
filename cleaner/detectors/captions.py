"""G008: captions the page repeats twice in a row."""

from __future__ import annotations

from ..document import Document, repeats
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
        found: list[int] = []
        for first, second in zip(live, live[1:]):
            line = doc.lines[first]
            if len(line) > MAX_CAPTION_CHARS or not repeats(line, doc.lines[second]):
                continue
            found.append(second)
            if not line.endswith(_SENTENCE_END):
                found.append(first)
        return found
