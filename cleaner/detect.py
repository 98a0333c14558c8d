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

import ahocorasick
import regex

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


class UnknownSource(KeyError):
    pass


class OutletDetector:
    def __init__(self, outlets: dict[str, Outlet]):
        self.outlets = outlets
        self.hosts: dict[str, list[tuple[str, str]]] = {}
        for outlet in outlets.values():
            for domain in outlet.domains:
                host, _, prefix = domain.lower().partition("/")
                self.hosts.setdefault(host.removeprefix("www."), []).append(("/" + prefix, outlet.id))
        self.automaton = ahocorasick.Automaton()
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
        for signature, ids in owners.items():
            self.automaton.add_word(signature, (signature, frozenset(ids)))
        if len(self.automaton):
            self.automaton.make_automaton()

    def detect(self, text: str, url: str | None = None, path: str | None = None, source: str | None = None) -> Detection:
        if source is not None:
            if source not in self.outlets:
                raise UnknownSource(source)
            return Detection(self.outlets[source], "source", [source])
        if url:
            found = self._by_url(url)
            if found:
                return Detection(self.outlets[found[0]], "url", [found[1]])
        if path:
            found = self._by_path(path)
            if found:
                return Detection(self.outlets[found[0]], "path", [found[1]])
        return self._by_signature(text)

    def _by_url(self, url: str) -> tuple[str, str] | None:
        parts = urlsplit(url if "//" in url else "//" + url)
        host = (parts.hostname or "").removeprefix("www.")
        labels = host.split(".")
        for start in range(len(labels) - 1):
            suffix = ".".join(labels[start:])
            entries = [(prefix, oid) for prefix, oid in self.hosts.get(suffix, []) if parts.path.startswith(prefix)]
            if entries:
                prefix, outlet_id = max(entries, key=lambda entry: len(entry[0]))
                return outlet_id, suffix + prefix.rstrip("/")
        return None

    def _by_path(self, path: str) -> tuple[str, str] | None:
        posix = "/" + PurePath(path).as_posix().lstrip("/")
        folders = posix.split("/")[1:-1]
        matches = [match for folder in folders for match in self.folder_globs.get(folder, ())]
        matches += [(glob, outlet_id) for glob, outlet_id in self.other_globs if fnmatchcase(posix, glob)]
        if not matches:
            return None
        glob, outlet_id = max(matches, key=lambda match: (len(match[0]), match[1]))
        return outlet_id, glob

    def _by_signature(self, text: str) -> Detection:
        if not len(self.automaton):
            return Detection(None, "none")
        hits: dict[str, set[str]] = {}
        for _, (signature, owners) in self.automaton.iter(text):
            for owner in owners:
                hits.setdefault(owner, set()).add(signature)
        if not hits:
            return Detection(None, "none")
        scores = Counter({oid: self._score(oid, hits) for oid in self.outlets})
        ranked = sorted((item for item in scores.items() if item[1]), key=lambda item: (-item[1], item[0]))
        best = ranked[0][0]
        evidence = sorted(set().union(*(hits.get(oid, set()) for oid in self._lineage(best))))
        return Detection(self.outlets[best], "signature", evidence, ranked[1:])

    def _score(self, outlet_id: str, hits: dict[str, set[str]]) -> int:
        return sum(len(hits.get(oid, ())) for oid in self._lineage(outlet_id))

    def _lineage(self, outlet_id: str) -> list[str]:
        """The outlet and every outlet it extends."""
        order = [outlet_id]
        for parent in self.outlets[outlet_id].extends:
            order.extend(self._lineage(parent))
        return order
