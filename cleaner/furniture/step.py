"""The pipeline step S001: remove the lines a site repeats in many of its documents.

What protects the article, line by line:

- shared copy: a line of four words or more that also stands in the pages of two other sites or more
  (a wire story, a quote everyone prints) is not any one site's furniture;
- the article block: a line that reads like prose and stands between the first and the last
  sentence of prose this document does not share is the article's, wherever else it stands; a
  document with no such sentence (a copy of another) keeps every line that reads like prose;
- the headline: the nearest headline above the article block stays, even when the site's other
  pages share it (the pages of one live blog).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..detectors.base import looks_like_headline, looks_like_prose, word_count
from ..document import Document
from .count import DEFAULT_MIN_DOCUMENTS, DEFAULT_SHARE, WIRE_MIN_WORDS, WIRE_SITES, CountTable, SiteFurniture, line_hash, site_of

CODE = "S001"
#: Live lines above the article block searched for its headline.
HEADLINE_REACH = 3


@dataclass(frozen=True)
class FurnitureStep:
    """Removes one site's furniture from a document, each line with its own count."""

    furniture: SiteFurniture
    id: str = CODE

    def find(self, doc: Document) -> dict[int, int]:
        """The live lines to remove, each with the number of the site's documents it stands in."""
        site = self.furniture
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
        if own:  # the article block: from its first sentence of its own prose to its last
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

    def apply(self, doc: Document) -> None:
        site = self.furniture
        by_count: dict[int, list[int]] = {}
        for i, count in self.find(doc).items():
            by_count.setdefault(count, []).append(i)
        for count, indices in sorted(by_count.items(), reverse=True):
            doc.remove(indices, self.id, f"site furniture: in {count} of {site.documents} documents of {site.site}")


@dataclass
class Furniture:
    """A corpus's count table, and how much a line must recur to be a site's furniture."""

    table: CountTable
    share: float = DEFAULT_SHARE
    min_documents: int = DEFAULT_MIN_DOCUMENTS

    def step(self, outlet: str | None, url: str | None, path: str | None) -> FurnitureStep | None:
        """The step for a document's site, or None when its site learned no furniture."""
        furniture = self.table.furniture(site_of(outlet, url, path), self.share, self.min_documents)
        return FurnitureStep(furniture) if furniture else None


@dataclass(frozen=True)
class FurnitureOptions:
    """Where the first pass saved its counts, and the thresholds (picklable, for workers)."""

    counts: Path
    share: float = DEFAULT_SHARE
    min_documents: int = DEFAULT_MIN_DOCUMENTS

    def load(self) -> Furniture:
        return Furniture(CountTable.load(self.counts), self.share, self.min_documents)
