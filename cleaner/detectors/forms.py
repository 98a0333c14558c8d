"""G021: the comment or contact form of a page, left as lines of text."""

from __future__ import annotations

from ..document import Document
from .base import Detector, has_quote, lexicon, per_line, phrase_tuple, term_finder

#: Longest line still taken for a form's notice ("Your email address will not be published.").
MAX_NOTICE_CHARS = 300
#: A notice's words start this close to the start of its line ("This site uses Akismet …").
MAX_NOTICE_START = 12
#: Fields are taken only this close (in lines) to a notice of the form, or to another field that is.
FIELD_GAP = 2


class CommentForm(Detector):
    code = "G021"
    name = "comment-form"
    what = 'A comment or contact form: its notices ("Your email address will not be published", "Required fields are marked *", anti-spam lines), the fields and buttons next to them ("Name *", "Post Comment"), and "N thoughts on …" headings.'
    why = "The page's form, turned into text by the scraper; it is not the article."
    example = "Leave a Reply\nYour email address will not be published. Required fields are marked *\nName *\nEmail *\nPost Comment"

    def find(self, doc: Document) -> list[int]:
        live = doc.live()
        kinds = [_kind(doc.lines[i], doc.keys[i], doc.folded[i]) for i in live]
        taken = [kind == "notice" for kind in kinds]
        # fields next to a notice, and next to such fields, in both directions
        for order in (range(len(live)), range(len(live) - 1, -1, -1)):
            for n in order:
                if kinds[n] == "field" and not taken[n]:
                    near = taken[max(n - FIELD_GAP, 0) : n] + taken[n + 1 : n + 1 + FIELD_GAP]
                    taken[n] = any(near)
        return [i for n, i in enumerate(live) if taken[n]]


@per_line
def _kind(line: str, key: str, folded: str) -> str | None:
    """ "notice" (the form's own words, or "12 thoughts on …"), "field" (a field or button), or None."""
    if key in lexicon("comment_form_fields"):
        return "field"
    if len(line) > MAX_NOTICE_CHARS:
        return None
    if folded.lstrip("0123456789 ").startswith(phrase_tuple("comment_count_prefixes")) and folded[:1].isdigit():
        return "notice"
    return "notice" if _opens_with_notice(folded) and not has_quote(line) else None


def _opens_with_notice(folded: str) -> bool:
    """Whether the form's words open the line (a sentence that reports them has them further in)."""
    finder = term_finder("comment_form_terms")
    return finder is not None and any(end - len(term) < MAX_NOTICE_START for end, term in finder.iter(folded))
