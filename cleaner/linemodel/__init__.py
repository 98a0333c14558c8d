"""The line model: each line's probability of being article, and the settings that use it.

    from cleaner.linemodel import article_probabilities, confidence, outside_article, THRESHOLDS
    p = article_probabilities(doc)      # one float per doc.lines index; lines not live when scored: 1.0
    THRESHOLDS.remove_below             # localisation removes a live line when p < this…
    keep_bars(doc, p, lines)            # per line, a generic detector's proposal is overruled where p >= this
    outside_article(doc)                # the live lines localisation removes (engage rule, headline kept)
    confidence(doc)                     # length-weighted mean p of the live lines (the same scores)

Between the two thresholds a line is "unsure": localisation keeps it, a detector's proposal
stands. Out of the article's span (``article_span``) a proposal asks more of the model
(``keep_above_outside``). The scores are a function of the live lines' texts, in order, only (not of removed or
blank lines, nor of the layout). In a pass of the pipeline every decision reads the scores of
the document as the pass first asked for them (``hold_scores``), and every step that reads them
(localisation included) runs in every pass; the passes go on until one removes nothing, and that
last pass decides on the scores of the final state. So cleaning the output again starts from
that state and removes nothing more: idempotence holds by construction. (A decision made on the
scores of an earlier state and never checked on the final one would not have this.)

Scoring a state again is cheaper than the first time: the features of a line that depend on the
line alone (``features.line_features``: its shape, its lexicon hits, most of the cost) are kept
on the document, and only the features of where it stands and the forests are computed again.
A document is so scored at most once a pass (out of a pass: again when asked for after a
removal); the headline (``headline``) needs no scores. The model, its training data and its dev figures: MODEL.md.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import chain

import numpy as np

from ..document import Document
from ..table import whole_line_lists
from ..text import headline_shaped, is_list_item, looks_like_headline, looks_like_prose, phrase_key, word_count
from .features import SCORE_WINDOWS, OwnRows, best_run, densest_block, long_words, long_words_among, own_rows, row_blocks
from .model import WEIGHTS_FILE, shipped


@dataclass(frozen=True)
class Thresholds:
    """Where a line's article probability decides (chosen on dev by ``train_linemodel.py``)."""

    remove_below: float  # localisation removes a live line below this…
    remove_below_after: float  # … after the article's span (``article_span``) of a document not short, below this…
    remove_label_below: float  # … after that span, a label (``is_label``: a menu's, a tag's, a teaser's) below this…
    min_share: float  # … when at least this share of the live characters would go…
    min_chars: int  # … and at least this many characters (a document that is all article loses nothing)
    keep_above: float  # a generic detector's proposal is overruled on lines from this up…
    keep_above_outside: float  # … out of the article's span (``article_span``), from this up…
    keep_above_short: float  # … in a short document (fewer live lines than ``SHORT_DOCUMENT``), from this up everywhere

    def bars(self, chars: np.ndarray, p: np.ndarray) -> np.ndarray:
        """Per live line (their lengths and scores), where a generic detector's proposal is
        overruled. In a short document the second forest's widest window (±25 lines) spans the
        whole of it, so a score reads little of the page around a line: on dev, a short document's
        proposals (mostly trafilatura's article text) were right where the model was unsure of
        them. Out of the article's span a proposal is menus, teasers and comments more often than
        article: on dev, overruling it from ``keep_above`` up kept more of the page than of the
        article."""
        if len(chars) < SHORT_DOCUMENT:
            return np.full(len(chars), self.keep_above_short)
        first, last = article_span(chars, p)
        bars = np.full(len(chars), self.keep_above_outside)
        bars[first : last + 1] = self.keep_above
        return bars


#: A document of fewer live lines is short: twice the widest window of the model's sequence step.
SHORT_DOCUMENT = 2 * max(SCORE_WINDOWS)
#: The article's span reaches this many lines beyond the run that decodes it (a deck, a last caption).
SPAN_MARGIN = 5


def article_span(chars: np.ndarray, p: np.ndarray) -> tuple[int, int]:
    """The article's span among the live lines (their lengths and scores), first and last: the
    run of lines of the most characters the model finds likelier article than not, less those it
    finds less likely (a line counts its characters × (p − 0.5)), widened by ``SPAN_MARGIN``
    lines each side; (0, -1) when the model finds no line likelier article."""
    first, last = best_run(chars * (p - 0.5))
    if last < first:
        return first, last
    return max(0, first - SPAN_MARGIN), min(len(p) - 1, last + SPAN_MARGIN)


def keep_bars(doc: Document, p: np.ndarray, lines: list[int]) -> np.ndarray:
    """Where a generic detector's proposal on each of ``lines`` (``doc.lines`` indices) is
    overruled, one bar a line: ``Thresholds.bars`` of the live lines' lengths and scores ``p``.
    The article's span is drawn only where it can tell: when a line scores between the two bars."""
    settings, live = __getattr__("THRESHOLDS"), doc.live()
    scores = p[lines]
    if len(live) >= SHORT_DOCUMENT and not ((scores >= settings.keep_above) & (scores < settings.keep_above_outside)).any():
        return np.full(len(lines), settings.keep_above)  # every line is under both bars, or over both
    indices = np.array(live, dtype=np.intp)
    bars = np.ones(len(doc.lines))
    bars[indices] = settings.bars(_scoring(doc).lengths(doc)[indices], p[indices])
    return bars[lines]


@dataclass
class _Scoring:
    """What the model keeps on a document: each line's ``line_features`` row once computed, the
    scores of the last state scored and the headline candidates of the last state asked about
    (states by their count of removed lines)."""

    own: OwnRows | None = None  # a row per non-blank line (the only lines ever live), at ``row``…
    known: np.ndarray | None = None  # … filled where this is True
    row: np.ndarray | None = None  # per ``doc.lines`` index, its row in ``own`` (a blank line's is not to be read)
    state: int = -1
    scores: np.ndarray | None = None
    holding: bool = False  # in a pass of the pipeline (``hold_scores``): the first scores asked for…
    held: bool = False  # … are held, whatever goes, until the pass ends
    headline_state: int = -1
    headlines: list[int] | None = None  # the headline candidates' live positions in that state, best first
    headline_finder: Headlines | None = None  # what carries from one state's candidates to the next's
    chars: np.ndarray | None = None  # per ``doc.lines`` index: its length (``lengths``)…
    prose_chars: np.ndarray | None = None  # … and the same where it ``looks_like_prose`` (else 0)

    def own_rows(self, doc: Document, live: list[int]) -> tuple[OwnRows, np.ndarray]:
        """The ``line_features`` rows of the non-blank lines, computed for the live lines not seen
        yet (the rows of other lines are not to be read), and the live lines' rows in them."""
        if self.row is None:
            filled = np.fromiter(map(bool, doc.lines), bool, len(doc.lines))
            self.row = np.cumsum(filled) - 1
            self.known = np.zeros(int(filled.sum()), dtype=bool)
        indices = np.array(live, dtype=np.intp)
        picked = self.row[indices]
        missing = ~self.known[picked]
        if missing.any():
            found = own_rows(doc, indices[missing].tolist(), shipped().words)
            if self.own is None:
                self.own = OwnRows(*(np.zeros((len(self.known), part.shape[1]), dtype=part.dtype) for part in found))
            self.own.shapes[picked[missing]], self.own.hits[picked[missing]] = found
            self.known[picked[missing]] = True
        return self.own, picked

    def lengths(self, doc: Document) -> np.ndarray:
        """The length of each of ``doc``'s lines, worked out once."""
        if self.chars is None:
            self.chars = np.array([len(line) for line in doc.lines], dtype=float)
        return self.chars

    def headline_lines(self, doc: Document) -> list[int]:
        """The headline candidates among the live lines (``Headlines.at``), as live positions, of
        the last state asked about."""
        if self.headline_state != len(doc.removed):
            if self.prose_chars is None:
                self.prose_chars = np.array([bool(line) and looks_like_prose(line) for line in doc.lines]) * self.lengths(doc)
            live = doc.live()
            indices = np.array(live, dtype=np.intp)
            found = self.finder(doc).at(live, self.chars[indices], self.prose_chars[indices], doc.position())
            self.headline_state, self.headlines = len(doc.removed), found
        return self.headlines

    def finder(self, doc: Document) -> Headlines:
        """The document's ``Headlines``, made when first asked for."""
        if self.headline_finder is None:
            lines, keys = doc.lines, doc.keys  # not the document: no cycle through it
            told = bytearray(len(lines))  # per line: 0 not told yet, 1 not eligible, 2 eligible

            def eligible_line(i: int) -> bool:
                if not told[i]:
                    told[i] = 2 if _eligible(lines[i], keys[i]) else 1
                return told[i] == 2

            self.headline_finder = Headlines(lines, eligible_line)
        return self.headline_finder


def _scoring(doc: Document) -> _Scoring:
    return doc.kept(_Scoring, _Scoring)


def __getattr__(name: str) -> Thresholds:
    if name == "THRESHOLDS":  # read from the weights file when first asked for
        return _thresholds()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _thresholds() -> Thresholds:
    """The thresholds of the weights file, read without its forests (so the trainer imports the
    cleaner while the shipped forests read other features than ``features.names()``)."""
    return Thresholds(**json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))["about"]["thresholds"])


def article_probabilities(doc: Document) -> np.ndarray:
    """Each line's probability of being article (float array over ``doc.lines``; 1.0 for lines
    not live when scored), remembered on the document until a line is removed, or in a pass of the
    pipeline (``hold_scores``) until the pass ends."""
    kept = _scoring(doc)
    state = len(doc.removed)
    if kept.scores is None or not (kept.held or kept.state == state):
        live = doc.live()
        scores = np.ones(len(doc.lines))
        if live:
            own, picked = kept.own_rows(doc, live)
            blocks = row_blocks([doc.lines[i] for i in live], own, picked)
            scores[live] = shipped().predict_blocks(block for _, block in blocks)
        kept.state, kept.scores = state, scores
    kept.held = kept.holding
    return kept.scores


def hold_scores(doc: Document, holding: bool = True) -> None:
    """A pass of the pipeline begins (``holding``; else the passes ended): the first scores asked
    for in it hold for the whole pass, for lines removed meanwhile too."""
    kept = _scoring(doc)
    kept.holding, kept.held = holding, False


def confidence(doc: Document) -> float:
    """How sure the model is that the live lines are all article: the mean of their article
    probabilities weighted by length (1.0 for no text)."""
    live = doc.live()
    if not live:
        return 1.0
    lengths = np.array([len(doc.lines[i]) for i in live], dtype=float)
    return float(article_probabilities(doc)[live] @ lengths / lengths.sum())


def headline(doc: Document, among: set[int] | None = None) -> int | None:
    """The live line taken for the headline (``Headlines.at``' first), as a ``doc.lines`` index;
    with ``among``, None too when it is not one of those lines. Told without scoring the document,
    and without looking for it when none of ``among`` could be a headline (``Headlines.could_be``)."""
    kept = _scoring(doc)
    if among is not None and not any(map(kept.finder(doc).could_be, among)):
        return None
    found = kept.headline_lines(doc)
    if not found or (among is not None and doc.live()[found[0]] not in among):
        return None
    return doc.live()[found[0]]


#: With no line holding a word of the article's, the headline is the nearest candidate at most this many lines above it.
HEADLINE_REACH = 8
#: A headline's words found in the article count up to this many (a longer line is no likelier the headline).
HEADLINE_WORDS = 4
#: A headline's word counts whole when this many of the block's lines say it, less when fewer do
#: (the article's topic is said again and again; a caption's or a subheading's other words, once).
HEADLINE_ECHO = 6
#: Localisation keeps this many of the best headline candidates (``Headlines.at``), not the headline alone
#: (session 12: 5, was 3; on dev whole pages one page fewer loses its headline, F1 0.001-0.002 less).
HEADLINE_CANDIDATES = 5


def headline_positions(lines: list[str]) -> list[int]:
    """``Headlines.at`` of these lines, all live."""
    chars = np.array([len(line) for line in lines], dtype=float)
    prose_chars = np.array([looks_like_prose(line) for line in lines], dtype=bool) * chars
    finder = Headlines(lines, lambda n: _eligible(lines[n], phrase_key(lines[n])))
    return finder.at(list(range(len(lines))), chars, prose_chars, dict(zip(range(len(lines)), range(len(lines)), strict=True)))


class Headlines:
    """The headline candidates of the states of one document's ``lines`` (``at``), each state
    given by its live lines; removing lines only ever shrinks them. What carries from one state
    to the next: per densest prose block (its lines), the lines above it that score, with their
    scores, each line's ``_words``, an eligible line's ``long_words``."""

    def __init__(self, lines: list[str], eligible: Callable[[int], bool]):
        self.lines, self.eligible = lines, eligible
        self._scored: dict[tuple[int, int, int], list[tuple[float, int]]] = {}
        self._words: dict[int, str] = {}
        self._long: dict[int, frozenset[str]] = {}  # the ``long_words`` of the eligible lines asked about
        self._eligible_words: set[str] | None = None

    def could_be(self, i: int) -> bool:
        """Whether line ``i`` could be a candidate (``at``) in some state: an eligible line, or a
        near copy (``_words``) of one, as ``_first_copy`` may pick instead."""
        if self.eligible(i):
            return True
        if self._eligible_words is None:
            self._eligible_words = {self._key(j) for j, line in enumerate(self.lines) if line and self.eligible(j)}
        return self._key(i) in self._eligible_words

    def at(self, live: list[int], chars: np.ndarray, prose_chars: np.ndarray, position: dict[int, int]) -> list[int]:
        """The headline candidates among the ``live`` lines (indices into ``lines``; their
        ``chars``, their ``prose_chars``; ``position``: each one's place among them), as
        positions among them, best first, ``HEADLINE_CANDIDATES`` at most; the first is the
        headline. Of the ``eligible`` lines above the densest prose block (``prose_chars`` of
        each line, of its ``chars``) or at its start, those that say most of the block's words:
        the share of their words (``long_words``: of four letters or more) that the block says, a
        word counting as many ``HEADLINE_ECHO``-ths as the block's lines saying it (whole from that
        many up), times that sum (``HEADLINE_WORDS`` at most); of equal scores the nearest to the
        block first. With none found, the nearest within ``HEADLINE_REACH``. Each candidate is the
        first of its near copies (punctuation and case aside) just above it."""
        first, last = densest_block(prose_chars, chars)
        if last < first:
            return []
        block = (live[first], live[last], last - first)  # the same lines while both ends and the count stay
        scored = self._scored.get(block)
        if scored is None:  # lines removed later are skipped below: the others score the same
            scored = self._scored[block] = self._scores(live[: first + 1], live[first : last + 1])
        best = [position[i] for _, i in scored if i in position][:HEADLINE_CANDIDATES]
        if not best:
            best = [n for n in range(first, max(-1, first - HEADLINE_REACH - 1), -1) if self.eligible(live[n])][:1]
        return list(dict.fromkeys(self._first_copy(live, n) for n in best))

    def _scores(self, above: list[int], block: list[int]) -> list[tuple[float, int]]:
        """The lines of ``above`` that say some of the ``block``'s words, with their scores, best first."""
        held_by = {i: held for i in above if self.eligible(i) and (held := self._long_words(i))}
        asked = frozenset().union(*held_by.values())  # the block's other words are never looked up
        echo = Counter(chain.from_iterable(long_words_among(self.lines[i], asked) for i in block))
        scored = []
        for i, held in held_by.items():
            said = sum(min(HEADLINE_ECHO, echo[word]) for word in held)  # in HEADLINE_ECHO-ths of a word: integers, so ties are ties
            if said:
                scored.append((said * min(said, HEADLINE_WORDS * HEADLINE_ECHO) / (len(held) * HEADLINE_ECHO**2), i))
        return sorted(scored, reverse=True)

    def _first_copy(self, live: list[int], n: int) -> int:
        """The first of the near copies (``_words``) of live line ``n`` within ``HEADLINE_REACH`` live lines above it."""
        key = self._key(live[n])
        return next(m for m in range(max(0, n - HEADLINE_REACH), n + 1) if self._key(live[m]) == key)

    def _long_words(self, i: int) -> frozenset[str]:
        found = self._long.get(i)
        if found is None:
            found = self._long[i] = long_words(self.lines[i])
        return found

    def _key(self, i: int) -> str:
        found = self._words.get(i)
        if found is None:
            found = self._words[i] = _words(self.lines[i])
        return found


def _eligible(line: str, key: str) -> bool:
    """Whether a line (of phrase key ``key``) may be the headline: headline-like, of two words or
    more, no list item (a teaser's, a menu's or a summary's bullet) and no label of the lexicon's."""
    return headline_shaped(line) and not is_list_item(line) and len(line.split()) >= 2 and key not in whole_line_lists()


def _words(line: str) -> str:
    return " ".join(_WORD.findall(line.casefold()))


_WORD = re.compile(r"\w+")


def outside_article(doc: Document) -> list[int]:
    """The live lines that localisation removes: those under ``remove_below``, or after the
    article's span under ``remove_below_after`` (in a document not short: a short one's windows
    see the whole of it), when they hold at least ``min_share`` of the live characters and
    ``min_chars``; never a headline candidate (``HEADLINE_CANDIDATES``: a headline the model
    scores low is often the second or third), nor a candidate's kicker (``is_kicker``). A document
    of fewer than ``min_chars`` live characters cannot lose that many: it is not scored."""
    settings = __getattr__("THRESHOLDS")
    live = doc.live()
    lines = [doc.lines[i] for i in live]
    if sum(map(len, lines)) < settings.min_chars:
        return []
    p = article_probabilities(doc)[live]
    return [live[n] for n in _outside(lines, p, settings, _scoring(doc).headline_lines(doc))]


def localised(lines: list[str], p: np.ndarray, settings: Thresholds) -> list[int]:
    """``outside_article`` on the live lines and their scores: positions of the lines to remove."""
    return _outside(lines, p, settings, headline_positions(lines))


#: A label is a headline-like line of fewer words than this (a sentence of the article has more).
LABEL_WORDS = 5


def is_label(lines: list[str], n: int) -> bool:
    """Whether line ``n`` is a label (a menu's entry, a tag, a section's name, a short teaser
    headline): headline-like, of fewer than ``LABEL_WORDS`` words, and neither a lead-in (ending
    in a colon) nor the line after one (a fact's value: "Best mover:" then "Safeway Moving")."""
    line = lines[n]
    if word_count(line) >= LABEL_WORDS or is_lead_in(line) or (n and is_lead_in(lines[n - 1])):
        return False
    return looks_like_headline(line)


def is_kicker(line: str) -> bool:
    """Whether a line just above a headline is its kicker, part of the headline as published
    ("LTE-Patent:" above "Samsung soll …", "Kultur :"): a lead-in of fewer than ``LABEL_WORDS`` words."""
    return is_lead_in(line) and word_count(line) < LABEL_WORDS


def is_lead_in(line: str) -> bool:
    """Whether a line ends in a colon: it leads in to the next ("Best mover:", "LTE-Patent:")."""
    return line.rstrip().endswith(":")


def _outside(lines: list[str], p: np.ndarray, settings: Thresholds, kept: list[int]) -> list[int]:
    chars = np.array([len(line) for line in lines], dtype=float)
    out = p < settings.remove_below
    if len(lines) >= SHORT_DOCUMENT:
        first, last = article_span(chars, p)
        if last >= first:
            out[last + 1 :] |= p[last + 1 :] < settings.remove_below_after
            under = last + 1 + np.flatnonzero((p[last + 1 :] < settings.remove_label_below) & ~out[last + 1 :])
            out[[n for n in under if is_label(lines, n)]] = True
    out[kept] = False
    out[[n - 1 for n in kept if n and is_kicker(lines[n - 1])]] = False
    gone = chars[out].sum()
    if gone < settings.min_chars or gone < settings.min_share * chars.sum():
        return []
    return np.flatnonzero(out).tolist()
