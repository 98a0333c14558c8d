"""G023 and G024: lines the site adds to every article: affiliate and sponsorship disclosures,
and the author's contact line."""

from __future__ import annotations

import re

from ..text import has_quote
from .base import ShortLineWith

#: Longest line still taken for a disclosure (they run to two or three sentences).
MAX_DISCLOSURE_CHARS = 500
#: Longest line still taken for a contact line.
MAX_CONTACT_CHARS = 200
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\[email\s*protected\]", re.IGNORECASE)


class AffiliateDisclosure(ShortLineWith):
    """An affiliate or sponsorship disclosure: "This post may contain affiliate links", "we may earn a commission", "As an Amazon Associate I earn from qualifying purchases".

    Why: The site's standing notice about its links, put on every article; it is not the article.

    Example:
        When you buy through our links, we may earn a commission. This doesn't affect our editorial independence.

    Leaves alone: A story about affiliate marketing that quotes a disclosure, or names affiliate links in other words.
    """

    lists = ("disclosure_terms",)
    max_chars = MAX_DISCLOSURE_CHARS

    def holds(self, line: str) -> bool:
        return not has_quote(line)


class AuthorContact(ShortLineWith):
    """The author's contact line with an e-mail address: "Write to the author at name@example.com", "Contact the reporter at …".

    Why: The outlet's contact line under every article; the article's own text is above it.

    Example:
        Write to Jane Doe at jane.doe@example.com

    Leaves alone: A sentence that opens the same way but gives no e-mail address ("Write to a stranger, the teacher said").
    """

    lists = ("author_contact_prefixes",)
    max_chars = MAX_CONTACT_CHARS

    def holds(self, line: str) -> bool:
        return _EMAIL.search(line) is not None
