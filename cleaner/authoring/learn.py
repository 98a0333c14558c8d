"""Learning an outlet's furniture from a folder of its articles (``cleaner learn``).

Furniture is what the outlet's pages carry around every article: lines that recur across
documents. A line is furniture when it stands, unchanged, in at least ``share`` of the
documents and in two at the least. Lines are counted once per document and every tie is
broken by the text itself, so the proposal depends on the set of documents only, never on
their order or names.

Proposed, in the order they run:

1. ``cut-to-end`` rules, at a furniture line in the second half of pages after which come only
   furniture and short lines (another story's headline, not a sentence of this one);
2. ``block`` rules, for runs of three or more furniture lines that recur together;
3. ``line`` rules, one per furniture line left, its text escaped and matched whole.

A rule is kept only if, run on every document after the rules before it, it removes no line
that reads like prose and stands in that one document alone.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from functools import cached_property

import regex

from ..document import Document
from ..outlet_rules import KINDS, LinePattern, Rule
from ..pipeline import Cleaner
from ..sitecounts import count_texts, line_hash, threshold_for
from ..text import looks_like_prose

#: Share of the documents a line must stand in to count as furniture.
DEFAULT_SHARE = 0.5
#: Fewest documents a furniture line stands in.
MIN_DOCUMENTS = 2
#: Fewest recurring lines worth one ``block`` rule rather than a ``line`` rule each.
MIN_BLOCK_LINES = 3
#: How many signatures to propose.
SIGNATURES = 3


def escape(line: str) -> str:
    """A pattern matching exactly this line, spaces left readable."""
    return regex.escape(line, special_only=True, literal_spaces=True)


@dataclass(frozen=True)
class Sample:
    """One article of the outlet: a name for messages, and its text."""

    name: str
    text: str

    @cached_property
    def lines(self) -> list[str]:
        """Its non-blank lines, stripped."""
        return [line for line in Document.from_text(self.text).lines if line]


def lone_prose(samples: list[Sample]) -> set[str]:
    """Lines that read like prose and stand in one document only: no proposed rule may remove one."""
    counts = Counter(line for sample in samples for line in set(sample.lines))
    return {line for line, count in counts.items() if count == 1 and looks_like_prose(line)}


@dataclass(frozen=True)
class ProposedRule:
    slug: str
    kind: str
    pattern: str
    why: str
    documents: int  # how many documents it removes something from (cut-to-end, block) or stands in (line)
    end: str | None = None
    max_lines: int | None = None

    def options(self) -> dict[str, object]:
        """The kind's own keys, as the rule file writes them."""
        found = {"end": self.end, "max_lines": self.max_lines}
        return {key: value for key, value in found.items() if value is not None}

    def build(self, outlet: str) -> Rule:
        compiled = {key: LinePattern.compile(value) if key == "end" else value for key, value in self.options().items()}
        return KINDS[self.kind](id=f"{outlet}/{self.slug}", why=self.why, pattern=LinePattern.compile(self.pattern), **compiled)


@dataclass(frozen=True)
class Proposal:
    documents: int
    threshold: int
    rules: list[ProposedRule]
    signatures: list[tuple[str, int]]  # (text, how many documents hold it)


class Learner:
    """Finds the furniture of a set of documents and proposes the rules that remove it."""

    def __init__(self, samples: list[Sample], share: float = DEFAULT_SHARE, name: str | None = None):
        if not 0 < share <= 1:
            raise ValueError("share must be above 0 and at most 1")
        self.samples = sorted(samples, key=lambda sample: (sample.text, sample.name))
        self.threshold = threshold_for(len(self.samples), share, MIN_DOCUMENTS)
        self.name = name
        self.furniture = (
            count_texts(("learned", sample.text) for sample in self.samples).table(MIN_DOCUMENTS).furniture("learned", share, MIN_DOCUMENTS)
        )
        self.lines = sorted({line for sample in self.samples for line in sample.lines})
        self.lone = lone_prose(self.samples)
        self.docs = [Document.from_text(sample.text) for sample in self.samples]
        self.slugs: set[str] = set()

    def count(self, line: str) -> int:
        """In how many documents the line stands (counted as the site furniture is: ``cleaner.sitecounts``),
        when that makes it furniture; 0 otherwise."""
        found = self.furniture.counts.get(line_hash(line)) if self.furniture else None
        return found[0] if found else 0

    def is_furniture(self, line: str) -> bool:
        return self.count(line) >= self.threshold

    def learn(self) -> Proposal:
        """The proposal; the documents are cleaned on the way, so this runs once."""
        rules = self._tail_rules() + self._block_rules() + self._line_rules()
        return Proposal(len(self.samples), self.threshold, rules, self._signatures())

    # -- cut-to-end -------------------------------------------------------------------------

    def _tail_rules(self) -> list[ProposedRule]:
        rules: list[ProposedRule] = []
        tried: set[str] = set()
        while True:
            tails = self._tails(tried)
            if not tails:
                return rules
            marker, lengths = min(tails.items(), key=lambda item: (-len(item[1]), -max(item[1]), item[0]))
            tried.add(marker)
            longest = max(lengths)
            why = f"Furniture: from this line to the end, pages carry only furniture and short lines ({len(lengths)} of {len(self.samples)} documents)"
            for max_lines in (longest + max(3, longest // 2), longest):  # with room for longer ends, else without
                if self._accept(ProposedRule(self._slug(marker), "cut-to-end", escape(marker), why, 0, max_lines=max_lines), rules):
                    break

    def _tails(self, tried: set[str]) -> dict[str, list[int]]:
        """Markers that open the end of pages: for each, the lengths of the ends it opens."""
        found: dict[str, list[int]] = {}
        varying: set[str] = set()
        for doc in self.docs:
            live = [doc.lines[i] for i in doc.live()]
            seen: set[str] = set()
            for position, line in enumerate(live):
                if position < len(live) / 2 or line in seen or line in tried or not self.is_furniture(line):
                    continue
                seen.add(line)
                tail = live[position + 1 :]
                if any(looks_like_prose(other) and not self.is_furniture(other) for other in tail):
                    continue
                found.setdefault(line, []).append(len(tail) + 1)
                if any(not self.is_furniture(other) for other in tail):
                    varying.add(line)
        return {line: lengths for line, lengths in found.items() if line in varying and len(lengths) >= self.threshold}

    # -- block -------------------------------------------------------------------------------

    def _block_rules(self) -> list[ProposedRule]:
        runs: Counter[tuple[str, ...]] = Counter()
        for doc in self.docs:
            runs.update(set(self._furniture_runs(doc)))
        candidates = [
            run for run, count in runs.items() if count >= self.threshold and len(run) >= MIN_BLOCK_LINES and run[-1] not in run[:-1]
        ]
        rules: list[ProposedRule] = []
        for run in sorted(candidates, key=lambda run: (-runs[run], -len(run), run)):
            why = f"Furniture: these {len(run)} lines recur together in {runs[run]} of {len(self.samples)} documents"
            self._accept(ProposedRule(self._slug(run[0]), "block", escape(run[0]), why, 0, end=escape(run[-1]), max_lines=len(run)), rules)
        return rules

    def _furniture_runs(self, doc: Document) -> list[tuple[str, ...]]:
        """Maximal runs of consecutive live furniture lines."""
        runs: list[list[str]] = [[]]
        for i in doc.live():
            if self.is_furniture(doc.lines[i]):
                runs[-1].append(doc.lines[i])
            elif runs[-1]:
                runs.append([])
        return [tuple(run) for run in runs if run]

    # -- line ----------------------------------------------------------------------------------

    def _line_rules(self) -> list[ProposedRule]:
        import statistics  # and with it fractions and decimal: not at the start-up of every command

        positions: dict[str, list[float]] = {}
        for doc in self.docs:
            live = doc.live()
            for n, i in enumerate(live):
                if self.is_furniture(doc.lines[i]):
                    positions.setdefault(doc.lines[i], []).append(n / len(live))
        rules: list[ProposedRule] = []
        for line in sorted(positions, key=lambda line: (statistics.median(positions[line]), line)):
            count = self.count(line)
            why = f"Furniture: this line recurs unchanged in {count} of {len(self.samples)} documents"
            self._accept(ProposedRule(self._slug(line), "line", escape(line), why, count), rules)
        return rules

    # -- shared ---------------------------------------------------------------------------------

    def _accept(self, rule: ProposedRule, rules: list[ProposedRule]) -> bool:
        """Run the rule on every document; keep it (and its removals) if it removes something,
        and no prose of one document."""
        built = rule.build("learned")
        found = [built.find(doc) for doc in self.docs]
        if not any(found) or any(doc.lines[i] in self.lone for doc, indices in zip(self.docs, found, strict=False) for i in indices):
            self.slugs.discard(rule.slug)
            return False
        for doc, indices in zip(self.docs, found, strict=False):
            doc.remove(indices, built.id, built.why)
        if rule.kind != "line":  # a line rule counts the documents its line stands in
            rule = replace(rule, documents=sum(1 for indices in found if indices))
        rules.append(rule)
        return True

    def _slug(self, line: str) -> str:
        ascii_text = unicodedata.normalize("NFKD", line).encode("ascii", "ignore").decode().lower()
        base = "-".join(regex.findall(r"[a-z0-9]+", ascii_text)[:5])[:40].strip("-") or "furniture"
        slug, n = base, 1
        while slug in self.slugs:
            n += 1
            slug = f"{base}-{n}"
        self.slugs.add(slug)
        return slug

    def _signatures(self) -> list[tuple[str, int]]:
        """The most frequent furniture lines that say who the outlet is: not generic chrome, not too short or long,
        and best without digits (a year in a copyright line changes)."""
        generic = Cleaner(builtin=False)
        chrome = {line for sample in self.samples for removal in generic.clean(sample.text).removals for line in removal.text.splitlines()}
        candidates = [
            line
            for line in self.lines
            if self.is_furniture(line) and line not in chrome and 10 <= len(line) <= 80 and len(line.split()) >= 2
        ]
        named = self.name.casefold() if self.name else None

        def rank(line: str):  # the outlet's name first, then the most frequent, free of dates, longer
            has_name = bool(named and named in line.casefold())
            return (not has_name, -self.count(line), any(ch.isdigit() for ch in line), -min(len(line.split()), 8), line)

        return [(line, self.count(line)) for line in sorted(candidates, key=rank)[:SIGNATURES]]


def learn(samples: list[Sample], share: float = DEFAULT_SHARE, name: str | None = None) -> Proposal:
    """Propose signatures and removal rules for the outlet these samples come from."""
    return Learner(samples, share, name).learn()
