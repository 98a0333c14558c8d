"""G021: the comment or contact form of a page, left as lines of text."""

from __future__ import annotations

from ..document import Document
from ..lexicon import lexicon
from ..text import has_quote
from .base import Detector

#: Longest line still taken for a form's notice ("Your email address will not be published.").
MAX_NOTICE_CHARS = 300
#: A notice's words start this close to the start of its line ("This site uses Akismet …"); a
#: sentence that reports them has them further in.
MAX_NOTICE_START = 12
#: Fields are taken only this close (in lines) to a notice of the form, or to a field that is.
FIELD_GAP = 2


class CommentForm(Detector):
    """A comment or contact form: its notices ("Your email address will not be published", "Required fields are marked *", anti-spam lines), the fields and buttons next to them ("Name *", "Post Comment"), and "N thoughts on …" headings.

    Why: The page's form, turned into text by the scraper; it is not the article.

    Example:
        3 thoughts on “How we rebuilt the old barn”
        Your email address will not be published. Required fields are marked *
        Name *
        Email *
        Post Comment

    Leaves alone: A sentence that reports a form's words further in, or quotes them; a field name ("Name") far from any notice.
    """

    lists = ("comment_form_terms", "comment_form_fields", "comment_count_prefixes")

    def find(self, doc: Document) -> list[int]:
        notices = self._notices(doc)
        if not notices:
            return []
        live, position = doc.live(), doc.position()
        taken = [i in notices for i in live]
        fields = {position[i] for i in doc.table.lines_with("comment_form_fields") if i in position}
        # fields next to a notice, and next to such fields, in both directions
        for order in (sorted(fields), sorted(fields, reverse=True)):
            for n in order:
                if not taken[n]:
                    taken[n] = any(taken[max(n - FIELD_GAP, 0) : n] + taken[n + 1 : n + 1 + FIELD_GAP])
        return [i for n, i in enumerate(live) if taken[n]]

    @staticmethod
    def _notices(doc: Document) -> set[int]:
        """The form's notices, live or not: lines that open with its words, and "12 thoughts on …"."""
        table, lines, folded = doc.table, doc.lines, doc.folded
        memo = table.memo(CommentForm)
        if "notices" not in memo:
            terms = lexicon("comment_form_terms")
            worded = {
                i
                for i in table.lines_with("comment_form_terms")
                if not has_quote(lines[i]) and any(end - len(term) < MAX_NOTICE_START for end, term in table.terms(i) if term in terms)
            }
            heads = tuple(lexicon("comment_count_prefixes"))
            counted = {i for i, line in enumerate(folded) if line[:1].isdigit() and line.lstrip("0123456789 ").startswith(heads)}
            memo["notices"] = {i for i in worded | counted if len(lines[i]) <= MAX_NOTICE_CHARS}
        return memo["notices"]
