"""G013: copyright, rights and reprint notices, and the footer links after them."""

from __future__ import annotations

from ..document import Document
from .base import Detector, contains_any, ends_sentence, has_quote, per_line, starts_with_any, word_count

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

    def find(self, doc: Document) -> list[int]:
        live = doc.live()
        total = len(live)
        kinds = [_notice(doc.lines[i], doc.folded[i]) for i in live]
        notices = [
            n for n, kind in enumerate(kinds) if kind == "marked" or (kind == "worded" and (n < EDGE_LINES or n >= total - EDGE_LINES))
        ]
        if not notices:
            return []
        found = [live[n] for n in notices]
        last = notices[-1]
        if last >= total - EDGE_LINES and all(self._is_footer_link(doc.lines[i]) for i in live[last + 1 :]):
            found.extend(live[last + 1 :])
        return found

    @staticmethod
    def _is_footer_link(line: str) -> bool:
        return len(line) <= MAX_FOOTER_CHARS and word_count(line) <= MAX_FOOTER_WORDS and not ends_sentence(line)


@per_line
def _notice(line: str, folded: str) -> str | None:
    """ "marked" for a notice that opens with "©" or "Copyright ©", "worded" for one found by its
    words (it counts only near the head or foot), None for other lines."""
    if len(line) > MAX_NOTICE_CHARS:
        return None
    if starts_with_any(folded, "copyright_prefixes"):
        return "marked"
    return "worded" if contains_any(folded, "copyright_terms") and not has_quote(line) else None
