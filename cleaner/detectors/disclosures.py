"""G023 and G024: lines the site adds to every article: affiliate and sponsorship disclosures,
and the author's contact line."""

from __future__ import annotations

import re

from ..document import Document
from .base import Detector, contains_any, has_quote, per_line, starts_with_any

#: Longest line still taken for a disclosure (they run to two or three sentences).
MAX_DISCLOSURE_CHARS = 500
#: Longest line still taken for a contact line.
MAX_CONTACT_CHARS = 200
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\[email\s*protected\]", re.IGNORECASE)


class AffiliateDisclosure(Detector):
    code = "G023"
    name = "affiliate-disclosure"
    what = 'An affiliate or sponsorship disclosure: "This post may contain affiliate links", "we may earn a commission", "As an Amazon Associate I earn from qualifying purchases".'
    why = "The site's standing notice about its links, put on every article; it is not the article."
    example = "When you buy through our links, we may earn a commission. This doesn't affect our editorial independence."

    def find(self, doc: Document) -> list[int]:
        return [i for i in doc.live() if _is_disclosure(doc.lines[i], doc.folded[i])]


class AuthorContact(Detector):
    code = "G024"
    name = "author-contact"
    what = 'The author\'s contact line with an e-mail address: "Write to the author at name@example.com", "Contact the reporter at …".'
    why = "The outlet's contact line under every article; the article's own text is above it."
    example = "Write to Jane Doe at jane.doe@example.com"

    def find(self, doc: Document) -> list[int]:
        return [i for i in doc.live() if _is_contact(doc.lines[i], doc.folded[i])]


@per_line
def _is_disclosure(line: str, folded: str) -> bool:
    return len(line) <= MAX_DISCLOSURE_CHARS and contains_any(folded, "disclosure_terms") and not has_quote(line)


@per_line
def _is_contact(line: str, folded: str) -> bool:
    """A short line that opens like a contact line and gives an e-mail address."""
    return len(line) <= MAX_CONTACT_CHARS and starts_with_any(folded, "author_contact_prefixes") and _EMAIL.search(line) is not None
