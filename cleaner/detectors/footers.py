"""G022: the site's legal and contact footer: "Impressum", "Privacy policy · Terms of use",
company-register lines."""

from __future__ import annotations

import re

from ..document import Document
from ..lexicon import lexicon
from ..text import ends_sentence, has_digit, has_quote, phrase_key, strip_list_mark, word_count
from .base import Detector

#: A list item's mark, as HTML-to-text tools write them at each level ("*", "+", "o").
#: What joins the links of one footer line: "Privacy policy · Terms of use | Imprint".
_JOINS = re.compile(r"\s+[|·•/–—]\s+|\s*[|·•]\s*")
_JOINERS = frozenset("|·•/–—")
#: Longest line still taken for a footer line of joined links.
MAX_JOINED_CHARS = 200
#: Longest line still taken for a company-register line.
MAX_REGISTER_CHARS = 250
#: Register lines count only in this last share of the page.
TAIL_SHARE = 1 / 3
#: A site link that a page may also use as a heading ("Contact", "About us") counts only in a run
#: of footer lines holding a legal link; a line of this many words at most may stand between two.
MAX_MENU_ITEM_WORDS = 4


class FooterLegal(Detector):
    """The legal and contact footer: legal links alone or joined on a line ("Impressum", "Privacy policy · Terms of use"), the site links next to them ("Contact us", "Careers"), and company-register lines near the foot ("Registered in England No. 1234", "Amtsgericht München HRB 1234").

    Why: Every page of a site ends with the same legal footer; it is not the article.

    Example:
        About us
        Contact
        Privacy policy · Terms of use
        Impressum

    Leaves alone: A site link ("Contact", "Careers") standing as a subheading away from any legal link; a sentence that names a court or a company number but gives no number.
    """

    lists = ("footer_legal_links", "footer_site_links", "company_register_terms")

    def find(self, doc: Document) -> list[int]:
        kinds = self._kinds(doc)
        if not kinds:
            return []
        live, position = doc.live(), doc.position()
        at = {n: kind for i, kind in kinds.items() if (n := position.get(i)) is not None}
        tail = len(live) - max(1, int(len(live) * TAIL_SHARE))
        found = [live[n] for n, kind in at.items() if kind == "legal" or (kind == "register" and n >= tail)]
        for start, end in self._runs(doc, live, at):
            if any(at.get(n) == "legal" for n in range(start, end)):
                found.extend(live[n] for n in range(start, end) if at.get(n) == "link")
        return found

    @staticmethod
    def _runs(doc: Document, live: list[int], at: dict[int, str]) -> list[tuple[int, int]]:
        """Runs of footer links (legal or not), with at most one short other line (another link of
        the menu) between two of them."""
        links = sorted(n for n, kind in at.items() if kind in ("legal", "link"))
        runs: list[tuple[int, int]] = []
        for n in links:
            if runs and (n == runs[-1][1] or n == runs[-1][1] + 1 and _is_menu_item(doc.lines[live[n - 1]])):
                runs[-1] = (runs[-1][0], n + 1)
            else:
                runs.append((n, n + 1))
        return runs

    @staticmethod
    def _kinds(doc: Document) -> dict[int, str]:
        """The footer's lines, live or not: "legal" (legal links, alone or joined), "link" (a site
        link that footers hold), "register" (a company-register line, with its number)."""
        table, lines = doc.table, doc.lines
        memo = table.memo(FooterLegal)
        if "kinds" not in memo:
            kinds: dict[int, str] = {}
            candidates = set(table.lines_with("footer_legal_links")) | set(table.lines_with("footer_site_links"))
            candidates.update(i for i, line in enumerate(lines) if len(line) <= MAX_JOINED_CHARS and _JOINERS.intersection(line))
            candidates.update(i for i, line in enumerate(lines) if line[:2] in ("+ ", "o "))
            for i in candidates:
                kind = _links_kind(lines[i])
                if kind:
                    kinds[i] = kind
            for i in table.lines_with("company_register_terms"):
                line = lines[i]
                if i not in kinds and len(line) <= MAX_REGISTER_CHARS and has_digit(line) and not has_quote(line):
                    kinds[i] = "register"
            memo["kinds"] = kinds
        return memo["kinds"]


def _links_kind(line: str) -> str | None:
    """ "legal" for a line of footer links holding a legal one (or several site links joined),
    "link" for one site link alone, None for other lines."""
    parts = [key for part in _JOINS.split(strip_list_mark(line)) if (key := phrase_key(part))]
    legal, links = lexicon("footer_legal_links"), lexicon("footer_site_links")
    if not parts or not all(part in legal or part in links for part in parts):
        return None
    if len(parts) > 1 or parts[0] in legal:
        return "legal"
    return "link"


def _is_menu_item(line: str) -> bool:
    return word_count(line) <= MAX_MENU_ITEM_WORDS and not ends_sentence(line)
