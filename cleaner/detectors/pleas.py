"""G026: a donation appeal left without its buttons: an appeal heading and the paragraphs under it."""

from __future__ import annotations

from ..document import Document
from .base import Detector, contains_any, ends_sentence, has_quote, lexicon

#: Longest line still taken for the appeal's heading.
MAX_HEADING_CHARS = 80
#: Longest line still taken for one of the appeal's paragraphs.
MAX_PARAGRAPH_CHARS = 600


class SupportAppeal(Detector):
    code = "G026"
    name = "support-appeal"
    what = 'A donation appeal with no buttons left: a heading such as "Support independent journalism" and the paragraphs under it that ask the reader to contribute.'
    why = "The appeal's buttons are often gone from scraped text; its heading and pitch still are not the story."
    example = "Support independent journalism\nOur reporting is free for everyone. Your support keeps our newsroom going."

    def find(self, doc: Document) -> list[int]:
        live = doc.live()
        headings, buttons = lexicon("appeal_headings"), lexicon("appeal_buttons")
        found: list[int] = []
        for n, i in enumerate(live):
            line = doc.lines[i]
            if len(line) > MAX_HEADING_CHARS or doc.keys[i] not in headings or ends_sentence(line):
                continue
            end = n + 1
            while end < len(live) and (doc.keys[live[end]] in buttons or _is_appeal(doc.lines[live[end]], doc.folded[live[end]])):
                end += 1
            if any(_is_appeal(doc.lines[k], doc.folded[k]) for k in live[n + 1 : end]):
                found.extend(live[n:end])
        return found


def _is_appeal(line: str, folded: str) -> bool:
    return len(line) <= MAX_PARAGRAPH_CHARS and contains_any(folded, "appeal_terms") and not has_quote(line)
