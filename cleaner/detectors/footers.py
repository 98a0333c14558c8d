"""G022: the site's legal and contact footer: "Impressum", "Privacy policy · Terms of use",
company-register lines."""

from __future__ import annotations

import re

from ..document import Document, phrase_key
from .base import Detector, contains_any, ends_sentence, has_quote, lexicon, per_line, word_count

#: A list item's mark, as HTML-to-text tools write them at each level ("*", "+", "o").
_BULLET = re.compile(r"^(?:[-*•–·▪►+o]|\d{1,3}[.)])\s+")
#: What joins the links of one footer line: "Privacy policy · Terms of use | Imprint".
_JOINS = re.compile(r"\s+[|·•/–—]\s+|\s*[|·•]\s*")
#: A register line gives a number (the register's, the VAT number).
_DIGIT = re.compile(r"\d")
#: Longest line still taken for a company-register or address line.
MAX_REGISTER_CHARS = 250
#: Register lines count only in this last share of the page.
TAIL_SHARE = 1 / 3
#: A site link that a page may also use as a heading ("Contact", "About us") counts only in a run
#: of footer lines holding a legal link; a line of this many words at most may stand between two.
MAX_MENU_ITEM_WORDS = 4


class FooterLegal(Detector):
    code = "G022"
    name = "footer-legal"
    what = 'The legal and contact footer: legal links alone or joined on a line ("Impressum", "Privacy policy · Terms of use"), the site links next to them ("Contact us", "Careers"), and company-register lines near the foot ("Registered in England No. 1234", "Amtsgericht München HRB 1234").'
    why = "Every page of a site ends with the same legal footer; it is not the article."
    example = "About us\nContact\nPrivacy policy · Terms of use\nImpressum"

    def find(self, doc: Document) -> list[int]:
        live = doc.live()
        kinds = [_kind(doc.lines[i]) for i in live]
        tail = len(live) - max(1, int(len(live) * TAIL_SHARE))
        found = [live[n] for n, kind in enumerate(kinds) if kind == "legal" or (kind == "register" and n >= tail)]
        for start, end in self._runs(doc, live, kinds):
            if "legal" in kinds[start:end]:
                found.extend(live[n] for n in range(start, end) if kinds[n] == "link")
        return found

    @staticmethod
    def _runs(doc: Document, live: list[int], kinds: list[str | None]) -> list[tuple[int, int]]:
        """Runs of footer lines: legal and site links, with at most one short other line (another
        link of the menu) between two of them."""
        runs: list[tuple[int, int]] = []
        n = 0
        while n < len(live):
            if kinds[n] not in ("legal", "link"):
                n += 1
                continue
            start = end = n
            while True:
                if end + 1 < len(live) and kinds[end + 1] in ("legal", "link"):
                    end += 1
                elif end + 2 < len(live) and kinds[end + 2] in ("legal", "link") and _is_menu_item(doc.lines[live[end + 1]]):
                    end += 2
                else:
                    break
            runs.append((start, end + 1))
            n = end + 1
        return runs


def _is_menu_item(line: str) -> bool:
    return word_count(line) <= MAX_MENU_ITEM_WORDS and not ends_sentence(line)


@per_line
def _kind(line: str) -> str | None:
    """ "legal" (legal links, alone or joined), "link" (a site link that footers hold),
    "register" (a company-register line, with its number), or None."""
    parts = [phrase_key(part) for part in _JOINS.split(_BULLET.sub("", line)) if phrase_key(part)]
    if parts:
        legal, links = lexicon("footer_legal_links"), lexicon("footer_site_links")
        if all(part in legal or part in links for part in parts):
            if any(part in legal for part in parts):
                return "legal"
            return "link" if len(parts) == 1 else "legal"
    if (
        len(line) <= MAX_REGISTER_CHARS
        and _DIGIT.search(line)
        and contains_any(line.casefold(), "company_register_terms")
        and not has_quote(line)
    ):
        return "register"
    return None
