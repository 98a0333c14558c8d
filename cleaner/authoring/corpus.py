"""Proposing a rule file for every site of a corpus (``cleaner learn --corpus``).

A first pass counts each site's lines with the site-furniture core (``cleaner.furniture``); a second
collects the documents of the sites that have furniture (at most ``max_documents`` a site, those
with the smallest content hash, so the choice does not depend on the corpus's order), and each
site's documents go through ``learn`` as a folder of one outlet's articles would.
"""

from __future__ import annotations

import hashlib
import heapq
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..corpus.furniture import site_and_hashes, site_of_text
from ..pipeline import Cleaner
from ..sitecounts import FurnitureCounter
from .learn import MIN_DOCUMENTS, Sample
from .rulewriter import OutletHeader, proposed_rule_file

#: Documents of one site given to ``learn`` at most.
MAX_DOCUMENTS = 500


@dataclass(frozen=True)
class SiteProposal:
    site: str
    header: OutletHeader
    text: str  # the rule file
    documents: int
    rules: int
    outlet_file: Path | None = None  # the rule file of the outlet the site is, which this proposal would replace


def site_id(site: str) -> str:
    """A rule file id for a site: an outlet's id as it is, a domain with dots as dashes."""
    return re.sub(r"[^a-z0-9_-]+", "-", site.lower()).strip("-")


def propose_for_sites(
    read: Callable[[], Iterable[tuple[str, str | None]]],
    cleaner: Cleaner,
    share: float,
    max_documents: int = MAX_DOCUMENTS,
) -> Iterator[SiteProposal]:
    """A proposal for each site with furniture, in the order of the sites' names; ``read()``
    yields (text, url) and is called twice."""
    counter = FurnitureCounter()
    for text, url in read():
        counted = site_and_hashes(cleaner, text, url, None, None)
        if counted is not None:
            counter.add(*counted)
    table = counter.table(MIN_DOCUMENTS)
    learned = {site for site in table.sites if table.furniture(site, share, MIN_DOCUMENTS)}
    chosen: dict[str, list[tuple[bytes, str, str]]] = {site: [] for site in learned}
    for n, (text, url) in enumerate(read(), 1):
        site = site_of_text(cleaner, text, url, None, None)
        if site in chosen:
            entry = (bytes(255 - b for b in hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()), url or f"document {n}", text)
            (heapq.heappush if len(chosen[site]) < max_documents else heapq.heappushpop)(chosen[site], entry)
    for site in sorted(chosen):
        samples = [Sample(name, text) for _, name, text in chosen[site]]
        outlet = cleaner.outlets.get(site)
        # an outlet's proposal keeps its name and domains: loaded in its place, it still finds the outlet's pages
        header = OutletHeader(site_id(site), outlet.name, tuple(outlet.domains)) if outlet else OutletHeader(site_id(site), site, (site,))
        text, proposal = proposed_rule_file(samples, header, share)
        if proposal.rules:
            yield SiteProposal(site, header, text, len(samples), len(proposal.rules), outlet.path if outlet else None)
