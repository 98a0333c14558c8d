"""S001, site furniture: the lines a site repeats in many of its documents, removed with the
counts of the corpus's first pass (``cleaner clean --site-furniture``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..decision import Proposal
from ..detectors.base import Detector
from ..document import Document
from ..sitecounts import DEFAULT_MIN_DOCUMENTS, DEFAULT_SHARE, WIRE_MIN_WORDS, WIRE_SITES, CountTable, SiteCounts, line_hash, site_of
from ..text import looks_like_headline, looks_like_prose, word_count

CODE = "S001"
#: Live lines above the article block searched for its headline.
HEADLINE_REACH = 3
#: Words of a line of the document's own that marks the article block when it has no sentence of its own.
MIN_OWN_WORDS = 3


class SiteFurniture(Detector):
    """Lines the document's site repeats in many of its documents (menus, footers, boxes), counted over the corpus in a first pass: a line in at least max(3, 0.3 × the site's documents) of them.

    Why: No rule file or lexicon knows every site, but the corpus does: what recurs on most pages of one site is that site's furniture. It runs only with --site-furniture, on the counts of the document's site (its outlet, else its URL's registered domain or, with no public suffix, its host, else its folder).

    Example:
        Get the Harbour Ledger morning briefing in your inbox every day.

    Leaves alone: A line of one or two common words ("Von", "By": a byline's first word on a line of its own); shared copy (a line of four words or more that also stands in the pages of two other sites: a wire story, a quote everyone prints); a line that reads like prose between the first and last sentences of the document's own prose (in a document with no sentence of its own, between its first and last own lines of three words or more), and every line of prose in a document with no line of its own (a copy); the nearest headline above the article, even one the site's live-blog pages share.
    """

    code = id = CODE  # ``id``: as the pipeline's steps name themselves

    def find(self, doc: Document) -> list[int]:
        return sorted(self._hits(doc))

    def _hits(self, doc: Document) -> dict[int, int]:
        """The live lines to remove, each with the number of the site's documents it stands in."""
        site: SiteCounts | None = doc.site
        if site is None:
            return {}
        live = doc.live()
        hits: dict[int, int] = {}
        for i in live:
            found = site.counts.get(line_hash(doc.lines[i]))
            if found is None or found[0] < site.threshold:
                continue
            if found[1] >= WIRE_SITES and word_count(doc.lines[i]) >= WIRE_MIN_WORDS:
                continue  # shared copy
            hits[i] = found[0]
        if not hits:
            return hits
        prose = [n for n, i in enumerate(live) if looks_like_prose(doc.lines[i])]
        own = [n for n in prose if live[n] not in hits]
        if not own:  # no sentence of its own (a table, a list): its own lines of a few words
            own = [n for n, i in enumerate(live) if i not in hits and word_count(doc.lines[i]) >= MIN_OWN_WORDS]
        if own:  # the article block: from its first line of its own to its last
            block = live[own[0] : own[-1] + 1]
        else:  # a copy of another document: all its prose is kept
            block = [live[n] for n in prose]
        for i in block:
            if i in hits and looks_like_prose(doc.lines[i]):
                del hits[i]
        start = (own or prose or [len(live)])[0]
        for i in reversed(live[max(0, start - HEADLINE_REACH) : start]):
            if looks_like_headline(doc.lines[i]) and word_count(doc.lines[i]) >= WIRE_MIN_WORDS:
                hits.pop(i, None)
                break
        return hits

    def proposals(self, doc: Document) -> list[Proposal]:
        """The hits, one proposal per count, the most recurring first, each saying how often its
        lines stand in the site."""
        by_count: dict[int, list[int]] = {}
        for i, count in self._hits(doc).items():
            by_count.setdefault(count, []).append(i)
        why = "site furniture: in {} of {} documents of {}"
        # Binding: the corpus's own evidence, with its own guards of article lines (prose inside the
        # article, wire copy, the headline); the line model was trained with no site counts to weigh it.
        return [
            Proposal(self.code, why.format(count, doc.site.documents, doc.site.site), indices, binding=True)
            for count, indices in sorted(by_count.items(), reverse=True)
        ]


@dataclass
class Furniture:
    """A corpus's count table, and how much a line must recur to be a site's furniture."""

    table: CountTable
    share: float = DEFAULT_SHARE
    min_documents: int = DEFAULT_MIN_DOCUMENTS

    def counts_for(self, outlet: str | None, url: str | None, path: str | None) -> SiteCounts | None:
        """The counts of a document's site, or None when its site learned no furniture."""
        return self.table.furniture(site_of(outlet, url, path), self.share, self.min_documents)


@dataclass(frozen=True)
class FurnitureOptions:
    """Where the first pass saved its counts, and the thresholds (picklable, for workers)."""

    counts: Path
    share: float = DEFAULT_SHARE
    min_documents: int = DEFAULT_MIN_DOCUMENTS

    def load(self) -> Furniture:
        return Furniture(CountTable.load(self.counts), self.share, self.min_documents)
