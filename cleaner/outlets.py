"""Step 2: which outlet a document comes from.

In order of trust: a forced ``source``, the URL's host (and path prefix), the file's
path against the rule files' ``paths`` globs, then literal signatures in the text,
found for all rule files at once by one Aho-Corasick pass.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import PurePath
from urllib.parse import urlsplit

import regex
from ahocorasick_rs import AhoCorasick, Implementation

from .rulefiles import Outlet


@dataclass(frozen=True)
class Detection:
    """The outlet picked (or None), how, the evidence, and the other outlets' scores."""

    outlet: Outlet | None
    method: str  # "source", "url", "path", "signature" or "none"
    evidence: list[str] = field(default_factory=list)
    runners_up: list[tuple[str, int]] = field(default_factory=list)

    def describe(self) -> str:
        """How the outlet was found, e.g. "path (*/bbc/*)"."""
        return self.method + (f" ({', '.join(self.evidence)})" if self.evidence else "")


#: A path glob that only names a folder, such as "*/bbc/*": looked up by name, not matched.
_FOLDER_GLOB = regex.compile(r"\*/([^*?\[\]/]+)/\*")
#: Characters of a text searched for signatures at a time: the automaton lists every match of a
#: run at once (some 40 bytes each), and a huge record repeating its outlet's furniture has millions.
SIGNATURE_CHARS = 1 << 20


@dataclass(frozen=True)
class Candidate:
    """An outlet one method of detection points to, its score and the evidence found."""

    outlet: str
    score: int
    evidence: list[str]


class UnknownSource(KeyError):
    pass


class OutletFinder:
    def __init__(self, outlets: dict[str, Outlet]):
        self.outlets = outlets
        self.hosts: dict[str, list[tuple[str, str]]] = {}
        for outlet in outlets.values():
            for domain in outlet.domains:
                host, _, prefix = domain.lower().partition("/")
                self.hosts.setdefault(host.removeprefix("www."), []).append(("/" + prefix, outlet.id))
        self.folder_globs: dict[str, list[tuple[str, str]]] = {}  # "*/NAME/*" globs, by NAME
        self.other_globs: list[tuple[str, str]] = []
        for outlet in outlets.values():
            for glob in outlet.paths:
                folder = _FOLDER_GLOB.fullmatch(glob)
                if folder:
                    self.folder_globs.setdefault(folder.group(1), []).append((glob, outlet.id))
                else:
                    self.other_globs.append((glob, outlet.id))
        owners: dict[str, set[str]] = {}
        for outlet in outlets.values():
            for signature in outlet.signatures:
                owners.setdefault(signature, set()).add(outlet.id)
        self.signatures = sorted(owners)
        self.signature_owners = [frozenset(owners[signature]) for signature in self.signatures]
        self.automaton = self._signature_automaton()
        self.lineages_with: dict[str, set[str]] = {oid: set() for oid in outlets}  # outlet -> outlets it is in the lineage of
        for oid in outlets:
            for member in self._lineage(oid):
                self.lineages_with[member].add(oid)

    def find(self, text: str, url: str | None = None, path: str | None = None, source: str | None = None) -> Detection:
        if source is not None:
            if source not in self.outlets:
                raise UnknownSource(source)
            return Detection(self.outlets[source], "source", [source])
        for method, rank, hint in (("url", self.by_url, url), ("path", self.by_path, path)):
            ranked = rank(hint) if hint else []
            if ranked:
                return self._pick(method, ranked)
        ranked = self.by_signature(text)
        return self._pick("signature", ranked) if ranked else Detection(None, "none")

    def _pick(self, method: str, ranked: list[Candidate]) -> Detection:
        best, rest = ranked[0], ranked[1:]
        return Detection(self.outlets[best.outlet], method, best.evidence, [(c.outlet, c.score) for c in rest])

    def _signature_automaton(self) -> AhoCorasick | None:
        return AhoCorasick(self.signatures, implementation=Implementation.DFA) if self.signatures else None

    def __getstate__(self) -> dict:
        """Pickled (for the batch's workers) without the automaton, which does not pickle."""
        return {key: value for key, value in self.__dict__.items() if key != "automaton"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.automaton = self._signature_automaton()

    def by_url(self, url: str | None) -> list[Candidate]:
        """Outlets whose domains match the URL, the most specific first; the score is the
        length of the matching host and path prefix."""
        if not url:
            return []
        parts = urlsplit(url if "//" in url else "//" + url)
        host = (parts.hostname or "").removeprefix("www.")
        labels = host.split(".")
        matches = []
        for start in range(len(labels) - 1):
            suffix = ".".join(labels[start:])
            for prefix, outlet_id in self.hosts.get(suffix, []):
                if parts.path.startswith(prefix):
                    matches.append((len(suffix), len(prefix), outlet_id, suffix + prefix.rstrip("/")))
        matches.sort(key=lambda match: (-match[0], -match[1], match[2]))
        return _best_per_outlet(Candidate(oid, len(domain), [domain]) for _, _, oid, domain in matches)

    def by_path(self, path: str | None) -> list[Candidate]:
        """Outlets whose ``paths`` globs match the file path, the longest glob first; the score is its length."""
        if not path:
            return []
        posix = "/" + PurePath(path).as_posix().lstrip("/")
        folders = posix.split("/")[1:-1]
        matches = [match for folder in folders for match in self.folder_globs.get(folder, ())]
        matches += [(glob, outlet_id) for glob, outlet_id in self.other_globs if fnmatchcase(posix, glob)]
        matches.sort(key=lambda match: (-len(match[0]), match[1]))
        return _best_per_outlet(Candidate(outlet_id, len(glob), [glob]) for glob, outlet_id in matches)

    def by_signature(self, text: str) -> list[Candidate]:
        """Outlets whose signatures (or their platforms') occur in the text, the most found first."""
        if self.automaton is None:
            return []
        hits: dict[str, set[str]] = {}
        reach = max(map(len, self.signatures)) - 1  # a signature found across a run's end is found whole in the next
        for start in range(0, len(text), SIGNATURE_CHARS):
            for found, _, _ in self.automaton.find_matches_as_indexes(text[start : start + SIGNATURE_CHARS + reach], overlapping=True):
                for owner in self.signature_owners[found]:
                    hits.setdefault(owner, set()).add(self.signatures[found])
        if not hits:
            return []
        candidates = set().union(*(self.lineages_with[owner] for owner in hits))
        scores = Counter({oid: self._score(oid, hits) for oid in candidates})
        ranked = sorted((item for item in scores.items() if item[1]), key=lambda item: (-item[1], item[0]))
        return [Candidate(oid, score, sorted(set().union(*(hits.get(o, set()) for o in self._lineage(oid))))) for oid, score in ranked]

    def _score(self, outlet_id: str, hits: dict[str, set[str]]) -> int:
        return sum(len(hits.get(oid, ())) for oid in self._lineage(outlet_id))

    def _lineage(self, outlet_id: str) -> list[str]:
        """The outlet and every outlet it extends."""
        order = [outlet_id]
        for parent in self.outlets[outlet_id].extends:
            order.extend(self._lineage(parent))
        return order


def _best_per_outlet(ranked) -> list[Candidate]:
    """Each outlet once, at its best place in an already ranked sequence."""
    best: dict[str, Candidate] = {}
    for candidate in ranked:
        best.setdefault(candidate.outlet, candidate)
    return list(best.values())
