"""What the localiser knows of a line: its own shape and words, and the same of its neighbours.

Every feature carries across languages and outlets: lengths, the share of stop words (the
shipped list holds the commonest words of many languages), how the line ends, capitals, digits
and symbols, link shapes, bullets, the detectors' lexicon hits, and where the line stands.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

import numpy as np

from ..lexicon import stopwords
from ..table import part_automaton, whole_line_lists
from ..text import ends_sentence, fold_case, has_quote, has_unspaced_script, is_list_item, phrase_key, word_count

# ``re``, not ``regex``: for these simple patterns it is several times faster.
_TOKEN = re.compile(r"\w+")
_LINK = re.compile(r"https?://|www\.|\S@\S+\.\w|\B[@#]\w")
_SEPARATOR = re.compile(r"[|·•»›>/]")
_SYMBOL = re.compile(r"[^\w\s]")
_DIGIT = re.compile(r"\d")
_NOT_LETTER = re.compile(r"[\W\d_]+")
#: Characters without which a line cannot hold a link, an address or a handle.
_LINK_MARKS = ("@", "#", "www.", "://")

#: Features of the line itself, in the order ``line_features`` returns them.
LINE_FEATURES = (
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
    "lexicon_line",
    "lexicon_term",
    "lexicon_prefix",
    "quote",
    "commas_per_word",
    "separators",
    "unspaced",
    "mean_word_chars",
    "short",
    "prose",
)
#: Lines either side whose own features (a few of them) describe a line's surroundings.
NEIGHBOURS = (-2, -1, 1, 2)
NEIGHBOUR_FEATURES = ("log_chars", "stop_share", "ends_sentence", "lexicon_line", "prose")
#: Half-widths of the windows over which the share of prose lines is taken.
WINDOWS = (3, 10)
CONTEXT_FEATURES = (
    "document_prose",
    "document_lines",
    "position",
    "position_mid",
    "prose_before",
    "prose_mid",
    "relative_chars",
    "repeated",
    *(f"{name}@{offset:+d}" for offset in NEIGHBOURS for name in NEIGHBOUR_FEATURES),
    *(f"edge@{offset:+d}" for offset in NEIGHBOURS),
    *(f"prose_window{width}" for width in WINDOWS),
)
FEATURES = LINE_FEATURES + CONTEXT_FEATURES
_NEIGHBOUR_INDEX = tuple(LINE_FEATURES.index(name) for name in NEIGHBOUR_FEATURES)
_PROSE = LINE_FEATURES.index("prose")
_REACH = max(abs(offset) for offset in NEIGHBOURS)


def lexicon_hits(line: str) -> tuple[bool, bool]:
    """Whether a line holds a term of a ``*_terms`` list, and whether it opens with a prompt of a
    ``*_prefixes`` list (the detectors' lexicons, all languages)."""
    term = prefix = False
    automaton, values = part_automaton()
    for pattern, _, _ in automaton.find_matches_as_indexes("\n" + fold_case(line) + "\n", overlapping=True):
        names, found = values[pattern]
        term = term or found is not None
        prefix = prefix or any(name.endswith("_prefixes") for name in names)
    return term, prefix


@lru_cache(maxsize=8192)
def line_features(line: str) -> tuple[float, ...]:
    """The features of one line, in the order of ``LINE_FEATURES``."""
    chars = len(line)
    ascii = line.isascii()
    split = line.split()
    words = len(split) if ascii else word_count(line)
    tokens = _TOKEN.findall(line.casefold())
    stop = stopwords()
    letters = len(_NOT_LETTER.sub("", line)) or 1
    ends = ends_sentence(line)
    term, prefix = lexicon_hits(line)
    return (
        math.log1p(chars),
        math.log1p(words),
        sum(map(stop.__contains__, tokens)) / len(tokens) if tokens else 0.0,
        float(ends),
        float(line.endswith(":")),
        float(line[:1].isupper()),
        sum(map(str.isupper, "".join(word[0] for word in split))) / len(split) if split else 0.0,
        len(_DIGIT.findall(line)) / chars if chars else 0.0,
        len(_SYMBOL.findall(line)) / chars if chars else 0.0,
        float(any(mark in line for mark in _LINK_MARKS) and _LINK.search(line) is not None),
        float(is_list_item(line)),
        float(phrase_key(line) in whole_line_lists()),
        float(term),
        float(prefix),
        float(has_quote(line)),
        line.count(",") / words if words else 0.0,
        math.log1p(len(_SEPARATOR.findall(line))),
        float(not ascii and has_unspaced_script(line)),
        min(letters / words, 20.0) if words else 0.0,
        float(words <= 3),
        float(words >= 12 and ends),
    )


def document_features(lines: list[str]) -> np.ndarray:
    """The full feature vectors (``FEATURES``) of a document's non-blank lines, one row a line."""
    count = len(lines)
    own = np.array([line_features(line) for line in lines]).reshape(count, len(LINE_FEATURES))
    lengths = np.array([len(line) for line in lines], dtype=float)
    prose = own[:, _PROSE]
    prose_chars = lengths * prose
    total_prose = prose_chars.sum() or 1.0
    longest = own[:, 0].max(initial=0.0) or 1.0
    seen = Counter(lines)
    position = np.arange(count) / (count - 1) if count > 1 else np.full(count, 0.5)
    share = (np.cumsum(prose_chars) - prose_chars / 2) / total_prose
    columns = [
        np.full(count, prose_chars.sum() / (lengths.sum() or 1)),
        np.full(count, math.log1p(count)),
        position,
        position * (1 - position) * 4,
        share,
        share * (1 - share) * 4,
        own[:, 0] / longest,
        np.array([seen[line] > 1 for line in lines], dtype=float),
    ]
    neighbours = own[:, _NEIGHBOUR_INDEX]
    padded = np.zeros((count + 2 * _REACH, len(_NEIGHBOUR_INDEX)))
    padded[_REACH : _REACH + count] = neighbours
    edge = np.ones(count + 2 * _REACH)
    edge[_REACH : _REACH + count] = 0.0
    for offset in NEIGHBOURS:
        columns.extend(padded[_REACH + offset : _REACH + offset + count].T)
    columns.extend(edge[_REACH + offset : _REACH + offset + count] for offset in NEIGHBOURS)
    cumulative = np.concatenate([[0.0], np.cumsum(prose)])
    index = np.arange(count)
    for width in WINDOWS:
        low, high = np.maximum(0, index - width), np.minimum(count, index + width + 1)
        columns.append((cumulative[high] - cumulative[low]) / (high - low))
    return np.hstack([own, np.column_stack(columns)]) if count else np.zeros((0, len(FEATURES)))
