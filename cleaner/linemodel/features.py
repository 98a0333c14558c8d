"""What the line model knows of each live line of a document, in numpy over the whole document.

A line's features are a function of the live lines' texts in order only (never of removed or
blank lines, nor of the layout), so a document scores the same as the text it would render to:
the pipeline's fixed point is then a fixed point of cleaning the output again.

- its own shape: lengths, the share of stop words (the commonest words of many languages),
  how it ends, capitals, digits, symbols, link shapes, bullets, quotes;
- its words: what the words it holds say of article against page (``WordOdds``: a log-odds
  a word, learned on the dev split's labelled lines, of the words seen on several sites);
- the lexicon: for each phrase list, whether it hits the line (``doc.table``), and whether any does;
- its surroundings: the same of the lines ±1 and ±2 away, means over ±2 and ±5 line windows;
- where it stands: its position, and its place relative to the document's densest prose block
  (the run of lines holding the most prose characters, short lines inside it allowed), the
  lexicon hits, headings, characters and prose between it and that block, the run of lines that
  are not prose it is in, the share of the headline's words it holds, and the teaser cards and
  comment marks around it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from typing import NamedTuple

import numpy as np

from ..document import Document
from ..lexicon import lexicon, stopwords
from ..text import SENTENCE_ENDS, ends_sentence, is_list_item, runs_of_lines

_TOKEN = re.compile(r"\w+")
_LINK = re.compile(r"https?://|www\.|\S@\S+\.\w|\B[@#]\w")

#: Features of the line itself, in the order ``line_shapes`` returns them.
SHAPE = (
    "log_chars",
    "log_words",
    "stop_share",
    "ends_sentence",
    "ends_colon",
    "starts_upper",
    "title_share",
    "digit_share",
    "symbol_share",
    "link",
    "list_item",
    "quote",
    "commas_per_word",
    "separators",
    "unspaced",
    "mean_word_chars",
    "headline_like",
    "prose",
    "word_odds",  # the mean log-odds of article against page of its known words (``WordOdds``)…
    "word_odds_max",  # … their highest…
    "word_odds_min",  # … their lowest…
    "word_known",  # … and the share of its words that are known
)
#: Shape features that also describe a line's neighbours and its windows.
AROUND = ("log_chars", "stop_share", "ends_sentence", "list_item", "link", "prose", "word_odds", "lexicon")
NEIGHBOURS = (-2, -1, 1, 2)
WINDOWS = (2, 5)
#: A line of at least this many words that ends like a sentence is prose.
PROSE_WORDS = 8


# Character classes, one bit each, looked up for every character of a document at once.
WORD, UPPER, SPACE, DIGIT, QUOTE, SEPARATOR, COMMA, UNSPACED, LINK, SENTENCE_END, CLOSER, CLAUSE_END = (1 << bit for bit in range(12))
_QUOTES = '"“”„«»「」『』'
_SEPARATORS = "|·•»›>/"
#: Characters that mark a line that may hold an address or a handle (links: "www.", "://").
_LINK_MARKS = "@#"
#: Closing quotes and brackets, through which a sentence's end is looked for.
_CLOSERS = ")]）】」』\"'”’»"
#: The last characters of a line that is not headline-like (``text.looks_like_headline``).
_CLAUSE_ENDS = ".,;:"
_UNSPACED_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


#: Set in a character's entry of ``_CLASSES`` once its bits are there.
_KNOWN = 1 << 15
#: The class bits of each character of the Basic Multilingual Plane a document has brought so far:
#: found one by one when first met (the whole plane's would cost some 20 ms of start-up).
_CLASSES = np.zeros(0x10000, dtype=np.uint16)
_MARKED = (
    (_QUOTES, QUOTE), (_SEPARATORS, SEPARATOR), (",", COMMA), (_LINK_MARKS, LINK), (SENTENCE_ENDS, SENTENCE_END),
    (_CLOSERS, CLOSER), (_CLAUSE_ENDS, CLAUSE_END),
)  # fmt: skip
#: The bits of each marked character (a closer that also ends a clause has both).
_MARKS = {mark: sum(bit for marks, bit in _MARKED if mark in marks) for marks, _ in _MARKED for mark in marks}


def _char_class(code: int) -> int:
    """The class bits of one character, as ``re``'s ``\\w``, ``\\s`` and ``\\d`` read them."""
    char = chr(code)
    bits = _MARKS.get(char, 0) | (WORD if char.isalnum() or char == "_" else 0)
    bits |= (UPPER if char.isupper() else 0) | (SPACE if char.isspace() else 0) | (DIGIT if char.isdecimal() else 0)
    return bits | (UNSPACED if any(low <= code <= high for low, high in _UNSPACED_RANGES) else 0)


def char_classes(codes: np.ndarray) -> np.ndarray:
    """The class bits of each code point (one outside the Basic Multilingual Plane: U+FFFF's)."""
    plane = np.minimum(codes, 0xFFFF)
    classes = _CLASSES[plane]
    if not classes.all():
        new = sorted(set(plane[classes == 0].tolist()))
        _CLASSES[new] = [_char_class(code) | _KNOWN for code in new]
        classes = _CLASSES[plane]
    return classes & np.uint16(_KNOWN - 1)


def _codes(text: str) -> np.ndarray:
    """The characters of a text as code points."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _per_line(flags: np.ndarray, line_of: np.ndarray, count: int) -> np.ndarray:
    return np.bincount(line_of[flags], minlength=count).astype(float)


#: ``line_shapes`` works on runs of lines of about this many characters at a time: its arrays are
#: per character (about 120 bytes a character), and a line's row depends on that line alone.
BLOCK_CHARS = 1 << 18


def line_shapes(lines: list[str], word_odds: WordOdds) -> np.ndarray:
    """The ``SHAPE`` features of each line (non-blank lines), one row a line, a run of lines
    (``BLOCK_CHARS``) at a time; ``word_odds``: the log-odds of the words the model knows."""
    runs = runs_of_lines(lines, BLOCK_CHARS)
    if len(runs) == 1:
        return _line_shapes(lines, word_odds)
    return np.vstack([_line_shapes(lines[start:end], word_odds) for start, end in runs])


def _line_shapes(lines: list[str], word_odds: WordOdds) -> np.ndarray:
    count = len(lines)
    text = "\n".join(lines) + "\n"  # each line ended by a line break
    codes = _codes(text)
    classes = char_classes(codes)
    breaks = codes == 10
    inside = ~breaks
    word, space = (classes & WORD) > 0, ((classes & SPACE) > 0) | breaks
    before_space = np.concatenate([[True], space[:-1]])
    starts = inside & ~space & before_space  # the first character of each whitespace-separated word
    line_ends = np.flatnonzero(breaks) - 1  # each line's last character
    line_starts = np.concatenate([[0], line_ends[:-1] + 2])
    unspaced_chars = (classes & UNSPACED) > 0
    flags = np.vstack(
        [
            starts,
            unspaced_chars,
            unspaced_chars & ~np.concatenate([[False], unspaced_chars[:-1]]),  # the first of each run
            word,
            inside & ~word & ~space,
            (classes & DIGIT) > 0,
            starts & ((classes & UPPER) > 0),
            (classes & QUOTE) > 0,
            (classes & SEPARATOR) > 0,
            (classes & COMMA) > 0,
            (classes & LINK) > 0,
        ]
    )
    # Every line holds a character (its line break); its counts, at most its length, fit in 32 bits.
    counted = np.add.reduceat(flags.view(np.uint8), line_starts, axis=1, dtype=np.int32).astype(float)
    words, unspaced, runs, letters, symbols, digits, capitals, quotes, separators, commas, marks = counted
    chars = np.fromiter(map(len, lines), float, count)
    words_counted = words + np.maximum(0.0, unspaced - runs) / 2  # Chinese and Japanese: two characters a word
    last, last_classes = codes[line_ends], classes[line_ends]
    found = Tokens.of(lines)
    tokens, stops = found.counts(), found.stop_words()
    ends = (last_classes & SENTENCE_END) > 0
    for n in np.flatnonzero(last_classes & CLOSER):  # a closing quote or bracket: look through it
        ends[n] = ends_sentence(lines[n])
    items = np.zeros(count, dtype=bool)
    for n in np.flatnonzero((classes[line_starts] & WORD == 0) | (classes[line_starts] & DIGIT > 0)):
        items[n] = is_list_item(lines[n])
    links = np.zeros(count, dtype=bool)
    marked = marks > 0
    if "www." in text or "://" in text:
        marked |= np.array(["www." in line or "://" in line for line in lines])
    for n in np.flatnonzero(marked):
        links[n] = _has_link(lines[n])
    per_word = np.maximum(words_counted, 1.0)
    headline = np.where(items, chars <= 200, (chars <= 160) & (words <= 25) & ((last_classes & CLAUSE_END) == 0))
    return np.column_stack(
        [
            np.log1p(chars),
            np.log1p(words_counted),
            np.where(tokens > 0, stops / np.maximum(tokens, 1.0), 0.0),
            ends,
            last == ord(":"),
            (classes[line_starts] & UPPER) > 0,
            capitals / np.maximum(words, 1.0),
            digits / chars,
            symbols / chars,
            links,
            items,
            quotes > 0,
            commas / per_word,
            np.log1p(separators),
            unspaced > 0,
            np.minimum(letters / per_word, 20.0),
            headline,
            (words_counted >= PROSE_WORDS) & (ends > 0),
            *word_odds.per_line(found),
        ]
    ).astype(float)


@dataclass(frozen=True)
class Tokens:
    """The ``\\w+`` tokens of lines, case folded, found in numpy: where each starts and ends in the
    folded text (lines joined, each ended by a line break), its line, and its hash
    (``_token_hashes``)."""

    folded: str
    starts: np.ndarray
    ends: np.ndarray
    line_of: np.ndarray
    hashes: np.ndarray
    count: int  # lines

    @classmethod
    def of(cls, lines: list[str]) -> Tokens:
        folded = "\n".join([line.casefold() for line in lines]) + "\n"  # line by line: an ASCII line folds faster
        codes = _codes(folded)
        word = (char_classes(codes) & WORD) > 0
        astral = np.flatnonzero(codes > 0xFFFF)  # outside the class table (emoji, mostly): one by one
        if len(astral):
            word[astral] = [chr(code).isalnum() for code in codes[astral].tolist()]
        starts = np.flatnonzero(word & ~np.concatenate([[False], word[:-1]]))
        ends = np.flatnonzero(word & ~np.concatenate([word[1:], [False]])) + 1
        line_of = np.searchsorted(np.flatnonzero(codes == 10), starts)  # the line breaks before each token
        return cls(folded, starts, ends, line_of, _token_hashes(codes, starts, ends), len(lines))

    def counts(self) -> np.ndarray:
        """Each line's count of tokens."""
        return self._counts

    @cached_property
    def _counts(self) -> np.ndarray:  # asked for by the shape and by the words' odds
        return np.bincount(self.line_of, minlength=self.count).astype(float)

    def stop_words(self) -> np.ndarray:
        """Each line's count of tokens that are stop words (looked up among the stop words' hashes, ``_stop_table``)."""
        hits = _stop_table().find(self.hashes) >= 0
        return np.bincount(self.line_of, weights=hits, minlength=self.count)

    def words(self) -> list[list[str]]:
        """Each line's tokens, as text (what ``WordOdds`` is learned from)."""
        found: list[list[str]] = [[] for _ in range(self.count)]
        for start, end, line in zip(self.starts.tolist(), self.ends.tolist(), self.line_of.tolist(), strict=True):
            found[line].append(self.folded[start:end])
        return found


@dataclass(frozen=True)
class WordOdds:
    """The words the model knows, each with the log-odds that a line holding it is article rather
    than page (learned by ``bench/realworld/train_linemodel.py`` on the dev split's labelled lines,
    of the words seen on several sites), by their tokens' hashes."""

    words: tuple[str, ...] = ()
    odds: tuple[float, ...] = ()

    @cached_property
    def _table(self) -> tuple[HashSlots, np.ndarray]:
        """The words' hashes by their slot, and their odds."""
        return HashSlots.of(_word_hashes(list(self.words)), WORD_SLOT_BITS), np.array(self.odds)

    def _known(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which of these token hashes are a known word's, and the odds of those, in order."""
        table, odds = self._table
        found = table.find(hashes)
        hit = found >= 0
        return hit, odds[found[hit]]

    def per_line(self, tokens: Tokens) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per line: the mean, the highest and the lowest log-odds of its known words, and the share
        of its tokens that are known (0 where it has none)."""
        mean, high, low, known = (np.zeros(tokens.count) for _ in range(4))
        if not self.words or not len(tokens.hashes):
            return mean, high, low, known
        hit, values = self._known(tokens.hashes)
        lines = tokens.line_of[hit]
        if len(lines):
            counted = np.bincount(lines, minlength=tokens.count)
            mean = np.bincount(lines, weights=values, minlength=tokens.count) / np.maximum(counted, 1)
            firsts = np.flatnonzero(np.concatenate([[True], lines[1:] != lines[:-1]]))  # tokens run in line order
            high[lines[firsts]] = np.maximum.reduceat(values, firsts)
            low[lines[firsts]] = np.minimum.reduceat(values, firsts)
            known = counted / np.maximum(tokens.counts(), 1.0)
        return mean, high, low, known

    def to_json(self) -> dict:
        return {"words": list(self.words), "odds": list(self.odds)}

    @classmethod
    def from_json(cls, data: dict) -> WordOdds:
        return cls(tuple(data["words"]), tuple(data["odds"]))


#: The base of the tokens' polynomial hash (odd, so that its powers are invertible modulo 2**64).
_HASH_BASE = 1_000_003


def _token_hashes(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The hash of each token ``codes[start:end]``: the sum of its code points times the base's
    powers (0 for its first character), modulo 2**64, from prefix sums over the whole text."""
    powers, inverse_powers = _powers(len(codes), _HASH_BASE), _powers(len(codes), _INVERSE_BASE)
    prefix = np.concatenate([np.zeros(1, dtype=np.uint64), np.cumsum(codes.astype(np.uint64) * powers, dtype=np.uint64)])
    return (prefix[ends] - prefix[starts]) * inverse_powers[starts]


_INVERSE_BASE = pow(_HASH_BASE, -1, 1 << 64)
#: The powers of a base kept from one text to the next: enough for most documents (1 MB for both bases).
KEPT_POWERS = 1 << 16


def _word_hashes(words: list[str]) -> np.ndarray:
    """``_token_hashes`` of words that are one token each (joined by spaces), a run of words at a
    time within the kept powers (``KEPT_POWERS``: the powers of a longer text cost more than its
    hashes); a token's hash does not depend on where it stands."""
    lengths = np.fromiter(map(len, words), np.intp, len(words))
    ends = np.cumsum(lengths + 1) - 1
    starts, codes = ends - lengths, _codes(" ".join(words))
    runs = np.flatnonzero(np.diff(starts // (KEPT_POWERS // 2))) + 1
    found = [np.zeros(0, dtype=np.uint64)]
    for low, high in zip([0, *runs.tolist()], [*runs.tolist(), len(words)], strict=True):
        if high > low:
            at = starts[low]
            found.append(_token_hashes(codes[at : ends[high - 1]], starts[low:high] - at, ends[low:high] - at))
    return np.concatenate(found)


def _powers(count: int, base: int) -> np.ndarray:
    """base**0 … base**(count - 1) modulo 2**64."""
    return _kept_powers(base)[:count] if count <= KEPT_POWERS else _power_run(count, base)


@cache
def _kept_powers(base: int) -> np.ndarray:
    return _power_run(KEPT_POWERS, base)


def _power_run(count: int, base: int) -> np.ndarray:
    return np.concatenate([np.ones(1, dtype=np.uint64), np.cumprod(np.full(count - 1, base, dtype=np.uint64), dtype=np.uint64)])


#: A hash's slot among the stop words' (``_stop_table``): the top ``SLOT_BITS`` of it times ``_MIX``
#: (Fibonacci hashing: a short token's hash is a small number, its own top bits all 0).
SLOT_BITS = 14
_MIX = 0x9E3779B97F4A7C15
#: The slots of the known words' hashes (``WordOdds``): some 20,000 words, a third of the slots filled.
WORD_SLOT_BITS = 16


def _slots(hashes: np.ndarray, bits: int) -> np.ndarray:
    return ((hashes * np.uint64(_MIX)) >> np.uint64(64 - bits)).astype(np.intp)


@dataclass(frozen=True)
class HashSlots:
    """A set of hashes to look tokens' hashes up in: the hashes by their slot (``_slots`` of
    ``bits``; of equal hashes the first alone), where each slot's start (one entry more: the end),
    and each one's place among the hashes it was made of. A hash is looked for among its slot's in
    turn (most slots hold one or none)."""

    hashes: np.ndarray
    starts: np.ndarray
    places: np.ndarray
    bits: int

    @classmethod
    def of(cls, hashes: np.ndarray, bits: int) -> HashSlots:
        ranked = np.argsort(hashes, kind="stable")  # of equal hashes the first first (np.unique would import numpy.ma: 20 ms of start-up)
        first = ranked[np.concatenate([[True], hashes[ranked[1:]] != hashes[ranked[:-1]]])] if len(hashes) else ranked
        slots = _slots(hashes[first], bits)
        places = first[np.argsort(slots, kind="stable")]
        return cls(hashes[places], np.searchsorted(np.sort(slots), np.arange((1 << bits) + 1)), places, bits)

    def find(self, hashes: np.ndarray) -> np.ndarray:
        """Per hash, the place of its equal among the hashes the set was made of, or -1."""
        slots = _slots(hashes, self.bits)
        at, end = self.starts[slots], self.starts[slots + 1]
        found = np.full(len(hashes), -1, dtype=np.intp)
        pending = np.flatnonzero(at < end)
        while len(pending):
            hit = self.hashes[at[pending]] == hashes[pending]
            found[pending[hit]] = self.places[at[pending[hit]]]
            at[pending] += 1
            pending = pending[~hit & (at[pending] < end[pending])]
        return found


@cache
def _stop_table() -> HashSlots:
    """``_token_hashes`` of the stop words that are one token."""
    return HashSlots.of(_word_hashes([word for word in stopwords() if _TOKEN.fullmatch(word)]), SLOT_BITS)


def _has_link(line: str) -> bool:
    return ("@" in line or "#" in line or "www." in line or "://" in line) and _LINK.search(line) is not None


#: The phrase lists the model reads, as it was trained (a list added to the lexicon later is read
#: once the model is retrained with it here; a list gone from the lexicon fails loudly).
LEXICON_LISTS = (
    "ad_labels", "ad_prefixes", "app_promo_labels", "app_promo_prefixes", "app_promo_suffixes", "appeal_buttons",
    "appeal_headings", "appeal_terms", "author_contact_prefixes", "blog_chrome_labels", "blog_nav_terms",
    "blog_posted_prefixes", "browser_notice_terms", "byline_prefixes", "caption_labels", "close_glyphs",
    "comment_count_prefixes", "comment_form_fields", "comment_form_terms", "comment_labels", "comment_terms",
    "company_register_terms", "consent_buttons", "consent_labels", "consent_terms", "copyright_prefixes", "copyright_terms",
    "credit_prefixes", "credit_terms", "disclosure_terms", "embed_placeholder_terms", "follow_networks", "follow_prefixes",
    "footer_legal_links", "footer_site_links", "markup_parts", "markup_tokens", "nav_sections", "newsletter_buttons",
    "newsletter_labels", "newsletter_pitch_terms", "newsletter_prefixes", "newsletter_suffixes", "newsletter_terms",
    "paywall_buttons", "paywall_labels", "paywall_pitch_terms", "paywall_terms", "read_more", "read_more_prefixes",
    "reading_tool_prefixes", "reading_tools", "share_bar_words", "share_labels", "share_network_terms", "share_prefixes",
    "skip_links", "story_list_heading_prefixes", "story_list_headings", "tag_line_prefixes", "teaser_headings",
    "timestamp_labels", "timestamp_relative", "timestamp_words",
)  # fmt: skip


@cache
def lexicon_lists() -> tuple[str, ...]:
    """``LEXICON_LISTS``, asked for as a detector asks for its own lists (an unknown name raises)."""
    for name in LEXICON_LISTS:
        lexicon(name)
    return LEXICON_LISTS


def lexicon_names() -> tuple[str, ...]:
    return tuple(f"lexicon_{name}" for name in lexicon_lists())


@cache
def names() -> tuple[str, ...]:
    """Every feature's name, in the order of ``document_features``'s columns."""
    around = [f"{name}@{offset:+d}" for offset in NEIGHBOURS for name in AROUND]
    around += [f"edge@{offset:+d}" for offset in NEIGHBOURS]
    windows = [f"{name}~{width}" for width in WINDOWS for name in AROUND]
    position = [
        "position",
        "log_lines",
        "document_prose",
        "relative_chars",
        "repeated",
        "block_inside",
        "block_before",
        "block_after",
        "block_share",
        "prose_before",
        "prose_after",
        "lexicon_between",  # lines with a lexicon hit between the line and the densest prose block
        "headings_between",  # headline-like lines that are not prose, the same
        "block_distance",  # characters between the line and the densest prose block
        "non_prose_run",  # lines in the run of lines that are not prose that the line is in (0: prose)
        "headline_words",  # the share of the headline's words (``headline_words``) the line holds
        "prose_between",  # prose characters between the line and the densest prose block
        "card_starts~5",  # headline-like lines that are not prose followed by prose, ±5 lines (teaser cards)
        "comment_marks~5",  # lines with a hit of a timestamp or comment list, ±5 lines
    ]
    return (*SHAPE, *lexicon_names(), "lexicon", *around, *windows, *position)


def document_features(doc: Document, word_odds: WordOdds) -> np.ndarray:
    """One row of features (``names()``) for each live line of ``doc``, in order (``word_odds``:
    the log-odds of the words the model knows)."""
    live = doc.live()
    return with_surroundings([doc.lines[i] for i in live], line_features(doc, live, word_odds))


def line_features(doc: Document, indices: list[int], word_odds: WordOdds) -> np.ndarray:
    """The features of these lines of ``doc`` that depend on each line alone (the first columns
    of ``names()``: its shape, its words, its lexicon hits), one row a line: a line's row stays the same
    whatever else is live, so it can be kept while other lines go."""
    own = own_rows(doc, indices, word_odds)
    return np.hstack([own.shapes, own.hits]).astype(float)


class OwnRows(NamedTuple):
    """``line_features`` rows in two parts: the ``SHAPE`` columns, and the lexicon's (each list's
    hit and any hit) as booleans, an eighth of their size as floats (what a document keeps)."""

    shapes: np.ndarray
    hits: np.ndarray


def own_rows(doc: Document, indices: list[int], word_odds: WordOdds) -> OwnRows:
    """``line_features`` of these lines of ``doc``, as ``OwnRows``."""
    shapes = line_shapes([doc.lines[i] for i in indices], word_odds) if indices else np.zeros((0, len(SHAPE)))
    lexicon = _lexicon_hits(doc, indices)
    return OwnRows(shapes, np.hstack([lexicon, lexicon.any(axis=1)[:, None]]))


#: Lines whose rows ``row_blocks`` makes at a time: a multiple of the rows a forest scores at a
#: time (``model.ROW_BLOCK``), so a line's scores are the same, bit for bit, as from all rows at once.
BLOCK_ROWS = 1 << 12


def with_surroundings(lines: list[str], own: np.ndarray | OwnRows, picked: Sequence[int] | None = None) -> np.ndarray:
    """The rows of ``names()`` of the live lines, in order, from their ``line_features`` (or
    ``OwnRows``; with ``picked``, ``own`` holds rows of other lines too and ``picked`` names
    theirs): ``row_blocks`` in one array."""
    rows = np.empty((len(lines), len(names())))
    for start, block in row_blocks(lines, own, picked):
        rows[start : start + len(block)] = block
    return rows


def row_blocks(
    lines: list[str], own: np.ndarray | OwnRows, picked: Sequence[int] | None = None, size: int = BLOCK_ROWS
) -> Iterator[tuple[int, np.ndarray]]:
    """``with_surroundings``' rows, ``size`` lines at a time: each block's first line and its
    rows. What spans the document (where a line stands, the prefix sums of the windows) is worked
    out once, on the few columns it reads; a block's own rows are taken as its turn comes, so a
    huge document never holds all its rows at once."""
    if not isinstance(own, OwnRows):
        own = OwnRows(own[:, : len(SHAPE)], own[:, len(SHAPE) :])
    count, width = len(lines), len(SHAPE) + own.hits.shape[1]
    around = _own_columns(own, picked, _around_columns())
    cumulative = prefix_sums(around)
    position = _position(lines, *_own_columns(own, picked, _position_columns()).T)
    for start in range(0, count, size):
        end = min(count, start + size)
        block = np.empty((end - start, len(names())))
        taken = slice(start, end) if picked is None else picked[start:end]
        block[:, : len(SHAPE)], block[:, len(SHAPE) : width] = own.shapes[taken], own.hits[taken]
        column = _put(block, width, _neighbours(around, start, end))
        column = _put(block, column, np.hstack([sums / lines[:, None] for sums, lines in window_sums(cumulative, WINDOWS, start, end)]))
        _put(block, column, position[start:end])
        yield start, block


def _own_columns(own: OwnRows, picked: Sequence[int] | None, columns: list[int]) -> np.ndarray:
    """These columns of ``line_features`` (the ``SHAPE`` ones first) of the live lines, from their ``OwnRows``."""
    shapes = [n for n in columns if n < len(SHAPE)]
    hits = [n - len(SHAPE) for n in columns if n >= len(SHAPE)]
    rows = slice(None) if picked is None else np.asarray(picked)[:, None]
    return np.hstack([own.shapes[rows, shapes], own.hits[rows, hits]])  # floats: a SHAPE column is there


@cache
def _around_columns() -> list[int]:
    """The columns of ``line_features`` of ``AROUND`` ("lexicon": any hit)."""
    return [SHAPE.index(name) for name in AROUND[:-1]] + [len(SHAPE) + len(lexicon_lists())]


@cache
def _position_columns() -> list[int]:
    """The columns of ``line_features`` that ``_position`` reads, in the order of its arguments."""
    lexicon_hit = len(SHAPE) + len(lexicon_lists())
    comments = [len(SHAPE) + lexicon_lists().index(name) for name in COMMENT_LISTS]
    return [SHAPE.index("log_chars"), SHAPE.index("prose"), SHAPE.index("headline_like"), lexicon_hit, *comments]


def _put(rows: np.ndarray, column: int, part: np.ndarray) -> int:
    """``part`` written into ``rows`` from ``column`` on; the column after it."""
    rows[:, column : column + part.shape[1]] = part
    return column + part.shape[1]


def _lexicon_hits(doc: Document, live: list[int]) -> np.ndarray:
    """Per live line and phrase list: whether the list has a hit in the line (``doc.table``)."""
    names = lexicon_lists()
    hits = np.zeros((len(doc.lines), len(names)), dtype=bool)
    table = doc.table
    for column, name in enumerate(names):
        found = table.lines_with(name)
        if found:
            hits[found, column] = True
    return hits[live]


def _neighbours(around: np.ndarray, start: int, end: int) -> np.ndarray:
    """The ``AROUND`` features of the lines ``NEIGHBOURS`` away from each of lines ``start`` to
    ``end`` (0 beyond the document), and whether each such line is beyond it."""
    count, width = around.shape
    reach = max(map(abs, NEIGHBOURS))
    lines = end - start
    low, high = max(0, start - reach), min(count, end + reach)
    padded = np.zeros((lines + 2 * reach, width))
    padded[low - start + reach : high - start + reach] = around[low:high]
    edge = np.ones(lines + 2 * reach)
    edge[low - start + reach : high - start + reach] = 0.0
    shifted = [padded[reach + offset : reach + offset + lines] for offset in NEIGHBOURS]
    edges = [edge[reach + offset : reach + offset + lines, None] for offset in NEIGHBOURS]
    return np.hstack(shifted + edges)


def prefix_sums(values: np.ndarray) -> np.ndarray:
    """The sums of ``values`` over the lines (rows) before each line, and over all of them (one row more)."""
    return np.concatenate([np.zeros((1, *values.shape[1:])), np.cumsum(values, axis=0, dtype=float)])


def window_sums(
    cumulative: np.ndarray, widths: Sequence[int], start: int = 0, end: int | None = None
) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each width, per line from ``start`` to ``end`` (all), the sum of the values whose
    ``prefix_sums`` are ``cumulative`` over the lines within that width of it (the line
    included), and how many lines those are."""
    count = len(cumulative) - 1
    index = np.arange(start, count if end is None else end)
    found = []
    for width in widths:
        low, high = np.maximum(0, index - width), np.minimum(count, index + width + 1)
        found.append((cumulative[high] - cumulative[low], high - low))
    return found


def densest_block(prose_chars: np.ndarray, chars: np.ndarray) -> tuple[int, int]:
    """The run of lines (first, last) holding the most prose characters, less a cost for each
    line that is not prose (its length, at least ``GAP_COST``): the best-scoring run (Kadane)."""
    return best_run(np.where(prose_chars > 0, prose_chars, -np.maximum(chars, GAP_COST)))


def best_run(gain: np.ndarray) -> tuple[int, int]:
    """The run of lines (first, last) of the highest sum of ``gain``, ending at its first line to
    reach that sum and starting at the latest line that does (as Kadane's scan); (0, -1) when no
    run sums above 0. From prefix sums: the sum of a run is a prefix sum less an earlier one."""
    if not len(gain):
        return 0, -1
    prefix = np.concatenate([[0.0], np.cumsum(gain)])
    lowest = np.minimum.accumulate(prefix[:-1])
    last = int(np.argmax(prefix[1:] - lowest))
    if prefix[last + 1] - lowest[last] <= 0:
        return 0, -1
    before = prefix[: last + 1]
    return last - int(np.argmin(before[::-1])), last


#: The least cost of a line that is not prose inside the densest block, in characters.
GAP_COST = 40.0


def _position(
    lines: list[str],
    log_chars: np.ndarray,
    prose: np.ndarray,
    headline_like: np.ndarray,
    lexicon_hit: np.ndarray,
    *comment_hits: np.ndarray,
) -> np.ndarray:
    """Where each line stands (the position features of ``names()``), from the lines and these
    columns of their ``line_features`` (``_position_columns``)."""
    count = len(lines)
    chars = np.fromiter(map(len, lines), float, count)
    prose_chars = chars * prose
    total_prose = prose_chars.sum()
    first, last = densest_block(prose_chars, chars)
    index = np.arange(count)
    cumulative = np.cumsum(prose_chars)
    seen = Counter(lines)
    block = prose_chars[first : last + 1].sum()
    heading = headline_like * (1.0 - prose)
    between = np.log1p(between_block(np.column_stack([lexicon_hit, heading, chars, prose_chars]), first, last))
    comment_marks = np.column_stack(comment_hits).any(axis=1)
    marks = np.column_stack([heading * np.concatenate([prose[1:], [0.0]]), comment_marks])  # teaser cards, comment marks
    return np.column_stack(
        [
            index / (count - 1) if count > 1 else np.full(count, 0.5),
            np.full(count, math.log1p(count)),
            np.full(count, total_prose / (chars.sum() or 1.0)),
            log_chars / (log_chars.max(initial=0.0) or 1.0),
            np.fromiter(map(seen.__getitem__, lines), float, count) > 1,
            ((index >= first) & (index <= last)).astype(float),
            np.log1p(np.maximum(0, first - index)),
            np.log1p(np.maximum(0, index - last)),
            np.full(count, block / (total_prose or 1.0)),
            (cumulative - prose_chars) / (total_prose or 1.0),
            (total_prose - cumulative) / (total_prose or 1.0),
            between[:, :3],
            np.log1p(non_prose_runs(prose)),
            headline_words(lines, heading, first, last),
            between[:, 3],
            window_sums(prefix_sums(marks), [CARD_WINDOW])[0][0],
        ]
    )


#: The lists whose hits around a line mark a comment section (dates, "Reply", "says:").
COMMENT_LISTS = (
    "comment_count_prefixes", "comment_form_fields", "comment_form_terms", "comment_labels", "comment_terms",
    "timestamp_labels", "timestamp_relative", "timestamp_words",
)  # fmt: skip
#: Half-width of the windows of teaser cards and comment marks, in lines.
CARD_WINDOW = 5


def non_prose_runs(prose: np.ndarray) -> np.ndarray:
    """Per line, the count of lines in the run of lines that are not prose that holds it (0 for prose)."""
    run = np.cumsum(prose)  # lines of one run share the count of prose lines before them
    lengths = np.bincount(run.astype(np.intp), weights=1.0 - prose)
    return np.where(prose > 0, 0.0, lengths[run.astype(np.intp)])


#: How far above the densest prose block the headline of ``headline_words`` is looked for, in lines.
HEADLINE_WORDS_REACH = 8
_LONG_WORD = re.compile(r"\w{4,}")


def long_words(line: str) -> frozenset[str]:
    """The words of four letters or more of a line, case folded (what the headline is told by;
    ``Headlines`` keeps them for the lines above the article, nothing keeps them from one document to the next)."""
    return frozenset(_LONG_WORD.findall(line.casefold()))


def long_words_among(line: str, words: frozenset[str]) -> frozenset[str]:
    """``long_words(line) & words``, without the line's own set."""
    return words.intersection(_LONG_WORD.findall(line.casefold()))


def headline_words(lines: list[str], heading: np.ndarray, first: int, last: int) -> np.ndarray:
    """Per line, the share of the headline's words of four letters or more (case folded) that it
    holds, the headline taken as the nearest ``heading`` line (headline-like, not prose) with such a word at most
    ``HEADLINE_WORDS_REACH`` lines above the densest prose block (``first``..``last``) or at its start."""
    top = max(0, first - HEADLINE_WORDS_REACH)
    found = (long_words(lines[n]) for n in range(first, top - 1, -1) if heading[n]) if last >= first else ()
    words = next((held for held in found if held), None)
    if not words:
        return np.zeros(len(lines))
    held = _held(words)
    for line in set(lines).difference(held):  # a line that holds none of the words as a substring holds none as a word
        held[line] = len(long_words_among(line, words)) if any(map(line.casefold().__contains__, words)) else 0
    return np.fromiter(map(held.__getitem__, lines), float, len(lines)) / len(words)


@lru_cache(maxsize=1)
def _held(words: frozenset[str]) -> dict[str, int]:
    """How many of a headline's ``words`` each line holds, as ``headline_words`` finds them: kept
    while one document is scored state after state (its headline's words the same)."""
    return {}


def between_block(counts: np.ndarray, first: int, last: int) -> np.ndarray:
    """Per line (a row of ``counts``, lines × columns), the sums of each column over the lines
    strictly between it and the block of lines ``first``..``last`` (0 inside the block): what a
    line below the article is cut off by."""
    cumulative = np.concatenate([np.zeros((1, counts.shape[1])), np.cumsum(counts, axis=0)])
    below = cumulative[:-1] - cumulative[min(last + 1, len(counts))]
    above = cumulative[first] - cumulative[1:]
    index = np.arange(len(counts))[:, None]
    return np.where(index > last, np.maximum(below, 0.0), np.where(index < first, np.maximum(above, 0.0), 0.0))


#: The first model's features that the second reads beside the first's scores.
CARRIED = ("log_chars", "log_words", "list_item", "prose", "headline_like", "lexicon", "position", "block_inside")
#: Lines either side whose first-model score the second reads, and half-widths of windows of it.
SCORE_NEIGHBOURS = (-3, -2, -1, 1, 2, 3)
SCORE_WINDOWS = (2, 5, 10, 25)
#: A first-model score from which a line counts as article when the span of the article is drawn.
SPAN_FLOOR = 0.5


@cache
def context_names() -> tuple[str, ...]:
    """The second model's features, in the order of ``context_features``'s columns."""
    return (
        "p",
        *(f"p@{offset:+d}" for offset in SCORE_NEIGHBOURS),
        *(f"p~{width}" for width in SCORE_WINDOWS),
        "p_max_before5",
        "p_max_after5",
        "span_inside",
        "span_before",
        "span_after",
        "article_before",
        "article_after",
        "p_block_inside",
        "p_block_before",
        "p_block_after",
        *CARRIED,
    )


def context_features(rows: np.ndarray, p: np.ndarray) -> np.ndarray:
    """The second model's view of each live line: the first model's scores ``p`` of the line and
    of the lines around it, the span from the first to the last line it takes for article, the
    densest run of likely article, and a few of the line's own features (``rows``)."""
    return context_of(carried(rows), p)


@cache
def _carried_columns() -> list[int]:
    return [names().index(name) for name in CARRIED]


def carried(rows: np.ndarray) -> np.ndarray:
    """The ``CARRIED`` columns of rows of ``names()``."""
    return rows[:, _carried_columns()]


def context_of(carried: np.ndarray, p: np.ndarray) -> np.ndarray:
    """``context_features`` from the rows' ``carried`` columns."""
    if not len(p):
        return np.zeros((0, len(context_names())))
    return np.vstack(list(context_blocks(carried, p)))


def context_blocks(carried: np.ndarray, p: np.ndarray, size: int = BLOCK_ROWS) -> Iterator[np.ndarray]:
    """``context_of``'s rows, ``size`` lines at a time: what spans the document (the span, the
    densest run of likely article, the prefix sums) is worked out once."""
    count = len(p)
    reach = max(map(abs, SCORE_NEIGHBOURS))
    padded = np.concatenate([np.zeros(reach), p, np.zeros(reach)])
    cumulative = prefix_sums(p)
    around = np.concatenate([np.zeros(5), p, np.zeros(5)])  # the 5 lines before a line, and the 5 after
    taken = np.flatnonzero(p >= SPAN_FLOOR)
    first, last = (taken[0], taken[-1]) if len(taken) else (count, -1)
    chars = np.expm1(carried[:, CARRIED.index("log_chars")])
    likely = p * chars
    total = likely.sum() or 1.0
    running = np.cumsum(likely)
    start, end = densest_block(np.where(p >= SPAN_FLOOR, likely, 0.0), chars)
    for low in range(0, count, size):
        high = min(count, low + size)
        index = np.arange(low, high)
        shifted = [padded[reach + offset + low : reach + offset + high] for offset in SCORE_NEIGHBOURS]
        means = [sums / lines for sums, lines in window_sums(cumulative, SCORE_WINDOWS, low, high)]
        max_before, max_after = around[low:high], around[6 + low : 6 + high]
        for k in range(1, 5):
            max_before = np.maximum(max_before, around[k + low : k + high])
            max_after = np.maximum(max_after, around[6 + k + low : 6 + k + high])
        yield np.column_stack(
            [
                p[low:high],
                *shifted,
                *means,
                max_before,
                max_after,
                (index >= first) & (index <= last),
                np.log1p(np.maximum(0, first - index)),
                np.log1p(np.maximum(0, index - last)),
                (running[low:high] - likely[low:high]) / total,
                (total - running[low:high]) / total,
                (index >= start) & (index <= end),
                np.log1p(np.maximum(0, start - index)),
                np.log1p(np.maximum(0, index - end)),
                carried[low:high],
            ]
        )
