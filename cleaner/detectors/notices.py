"""G013: copyright, rights and reprint notices, and the footer links after them."""

from __future__ import annotations

from ..document import Document
from ..text import ends_sentence, has_quote, taken_near_edges, word_count
from .base import Detector

#: Rights terms without a "©" count only this close to the page's head or tail.
EDGE_LINES = 10
#: Longest line still taken for a notice.
MAX_NOTICE_CHARS = 400
#: After a notice at the foot, lines this short (words, characters) are footer links.
MAX_FOOTER_WORDS = 6
MAX_FOOTER_CHARS = 60


class CopyrightNotice(Detector):
    """A copyright, rights or reprint notice ("© 2024 …", "All rights reserved", "Alle Rechte vorbehalten", "版权所有"), and the footer links after it.

    Why: The site's legal footer; a story that quotes such words (they are in quotation marks) is left alone.

    Example:
        © 2024 Example Media Group. All rights reserved.
        This material may not be published, broadcast, rewritten or redistributed.

    Leaves alone: An article about copyright that quotes a notice (in quotation marks).
    """

    lists = ("copyright_prefixes", "copyright_terms")

    def find(self, doc: Document) -> list[int]:
        kinds = self._kinds(doc)
        if not kinds:
            return []
        live, position = doc.live(), doc.position()
        found = sorted(n for i in kinds if (n := position.get(i)) is not None)
        marked = {n for n in found if kinds[live[n]] == "marked"}
        notices = sorted(taken_near_edges(found, len(live), EDGE_LINES, marked))
        if not notices:
            return []
        found = [live[n] for n in notices]
        last = notices[-1]
        if last >= len(live) - EDGE_LINES and all(self._is_footer_link(doc.lines[i]) for i in live[last + 1 :]):
            found.extend(live[last + 1 :])
        return found

    @staticmethod
    def _kinds(doc: Document) -> dict[int, str]:
        """The notices, live or not: "marked" for one that opens with "©" or "Copyright ©", "worded"
        for one found by its words (it counts only near the head or foot)."""
        table, lines = doc.table, doc.lines
        memo = table.memo(CopyrightNotice)
        if "kinds" not in memo:
            worded = (i for i in table.lines_with("copyright_terms") if not has_quote(lines[i]))
            kinds = dict.fromkeys(worded, "worded") | dict.fromkeys(table.lines_with("copyright_prefixes"), "marked")
            memo["kinds"] = {i: kind for i, kind in kinds.items() if len(lines[i]) <= MAX_NOTICE_CHARS}
        return memo["kinds"]

    @staticmethod
    def _is_footer_link(line: str) -> bool:
        return len(line) <= MAX_FOOTER_CHARS and word_count(line) <= MAX_FOOTER_WORDS and not ends_sentence(line)
