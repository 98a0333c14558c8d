"""The decision step: the only place that turns proposals into removals.

Outlet rules, generic detectors and the site's furniture (S001) each propose lines to remove, and
why; ``Decision.decide`` removes what it accepts (``doc.remove``) and records what it overrules
(``doc.overruled``, read beside ``doc.removals`` by explain and the JSON output). Today's Decision
accepts every proposal.
"""

from __future__ import annotations

from dataclasses import dataclass

from .document import Document, Overruling

__all__ = ["Decision", "Overruling", "Proposal"]


@dataclass(frozen=True)
class Proposal:
    """Lines a rule or detector would remove (0-based document indices), and why. ``binding``: an
    outlet rule file's, which is never overruled; generic detectors and S001 propose unbound."""

    rule: str
    why: str
    lines: list[int]
    binding: bool


class Decision:
    """Accepts every proposal: each is removed as proposed."""

    def decide(self, doc: Document, proposal: Proposal) -> None:
        doc.remove(proposal.lines, proposal.rule, proposal.why)
