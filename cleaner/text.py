"""Text folding and line shapes: how a line is normalised for comparison, and the tests of
its shape (list item, sentence end, quotation, word count, headline) the steps share."""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import regex


def split_lines(text: str) -> list[str]:
    """Split on LF, CRLF and CR only (not on the other breaks ``str.splitlines`` knows)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


#: A line with its line end, as ``split_lines`` splits (the last may have none).
LINE_WITH_END = regex.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


#: Typographic variants of a mark made plain: apostrophes, quotes and guillemets, full-width
#: colons and the other marks of Chinese and Japanese text, dashes, the spaces that are not a
#: plain space; soft hyphens and zero-width spaces dropped.
_PLAIN_MARKS: dict[int, str | None] = str.maketrans(
    {
        "’": "'", "‘": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"',
        "：": ":", "；": ";", "！": "!", "？": "?", "，": ",", "–": "-", "—": "-", "‒": "-", "―": "-", "−": "-",
        "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u3000": " ",
        "\u00ad": None, "\u200b": None, "\u2060": None, "\ufeff": None,
    }
)  # fmt: skip
#: The marks ``_PLAIN_MARKS`` makes plain (looked for first: most lines hold none).
_MARKS = re.compile("[" + "".join(chr(code) for code in _PLAIN_MARKS) + "]")
#: The space before a colon, semicolon, "!" or "?" ("MORE :", French "Lire aussi :"), once odd
#: spaces and full-width marks are plain; and the spaces inside guillemets ("« Newsletter »").
_SPACE_BEFORE_MARK = re.compile(r" +(?=[:;!?])")
_SPACE_IN_GUILLEMETS = re.compile(r"(?<=«)\s+|\s+(?=»)")


def fold_case(text: str) -> str:
    """Text as terms and prefixes are compared: case-folded, typographic marks made plain (quotes,
    guillemets, full-width colons, dashes, odd spaces), and no space before ":", ";", "!" or "?"."""
    folded = text.casefold()
    if not folded.isascii() and _MARKS.search(folded):  # every mark made plain is outside ASCII
        if "«" in folded or "»" in folded:
            folded = _SPACE_IN_GUILLEMETS.sub("", folded)
        folded = _MARKS.sub(_plain_mark, folded)
    if " :" in folded or " ;" in folded or " !" in folded or " ?" in folded:
        folded = _SPACE_BEFORE_MARK.sub("", folded)
    return folded


def _plain_mark(match: re.Match) -> str:
    return _PLAIN_MARKS[ord(match.group())] or ""


_EDGE = " \t.:;,!?…»«›‹>→←|/\\-–—•*·()[]{}\"'“”‘’：；，。！？、（）【】「」『』《》〈〉・"
#: Lines longer than this are prose, never a label: they get no phrase key.
KEY_MAX_CHARS = 120


def phrase_key(line: str) -> str:
    """A line as phrase lists compare it: case-folded, outer punctuation and spaces gone
    ("" for lines too long to be a label)."""
    return folded_key(line, fold_case(line))


def folded_key(line: str, folded: str) -> str:
    """``phrase_key`` of a line whose ``fold_case`` is already at hand."""
    if len(line) > KEY_MAX_CHARS:
        return ""
    return " ".join(folded.strip(_EDGE).split())


_NOT_ALNUM = regex.compile(r"[^\p{L}\p{N}]+")


def fold(line: str) -> str:
    """A line reduced to its lower-cased letters and digits, to compare repeated captions."""
    return _NOT_ALNUM.sub("", line.casefold())


#: ``folds`` works on runs of lines of about this many characters at a time: its arrays take
#: about 16 bytes a character.
FOLD_CHARS = 1 << 20


def runs_of_lines(lines: list[str], chars: int) -> list[tuple[int, int]]:
    """The lines as runs (start, end) of a little over ``chars`` characters each (the last one
    shorter; one run, maybe empty, when they hold no more)."""
    starts, count = [0], 0
    for n, line in enumerate(lines):
        count += len(line) + 1
        if count > chars and n + 1 < len(lines):
            starts.append(n + 1)
            count = 0
    return list(zip(starts, [*starts[1:], len(lines)], strict=True))


def folds(lines: list[str]) -> list[str]:
    """``fold`` of each line (lines without a line break), in numpy over the joined text of a run
    of lines (``FOLD_CHARS``) at a time (``casefold`` maps each character alone, so the joined
    text folds as its lines do)."""
    return [folded for start, end in runs_of_lines(lines, FOLD_CHARS) for folded in _folds(lines[start:end])]


def _folds(lines: list[str]) -> list[str]:
    codes = np.frombuffer("\n".join(lines).casefold().encode("utf-32-le"), dtype=np.uint32)
    keep = _letters_and_digits()[np.minimum(codes, 0xFFFF)] | (codes == 10)
    for n in np.flatnonzero(codes > 0xFFFF).tolist():  # outside the table (emoji, mostly): one by one
        keep[n] = _NOT_ALNUM.match(chr(codes[n])) is None
    return codes[keep].tobytes().decode("utf-32-le").split("\n")


@cache
def _letters_and_digits() -> np.ndarray:
    """Whether ``fold`` keeps each character of the Basic Multilingual Plane (surrogates: no)."""
    chars = "".join(map(chr, range(0xD800))) + "\0" * 0x800 + "".join(map(chr, range(0xE000, 0x10000)))
    kept = _NOT_ALNUM.sub(lambda found: "\0" * len(found.group()), chars)
    return np.frombuffer(kept.encode("utf-32-le"), dtype=np.uint32) != 0


#: How much longer one copy of a caption may be for its marks ("?? CREDIT ??", "Image: ").
MAX_MARKUP_CHARS = 16


def repeats(line: str, other: str) -> bool:
    """Whether ``other`` repeats ``line``: the same letters and digits, give or take marks
    in front (a repeat ends as the original does, which rules most pairs out cheaply)."""
    if abs(len(line) - len(other)) > MAX_MARKUP_CHARS or line[-4:] != other[-4:]:
        return False
    return line == other and any(ch.isalnum() for ch in line) or fold(line) == fold(other) != ""


_DIGIT = re.compile(r"\d")
_COUNTS = re.compile(r"[\d()（）]+")


def has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None


def count_key(key: str) -> str:
    """A phrase key with its numbers left out ("34 comments" → "comments"), or "" if it has none."""
    if not has_digit(key):
        return ""
    return " ".join(_COUNTS.sub(" ", key).split())


# A list item opens with a bullet, or a number ("1." "2)"), and white space. The bullets: dashes,
# dots and "►", the "+ " and "o " that inscriptis writes for the items of nested lists, and the
# Japanese "・" (no space needed).
_BULLET = r"(?:[-*•–·▪►+o]\s+|・\s*)"
_BULLET_MARK = regex.compile(_BULLET)
_ITEM_MARK = regex.compile(rf"(?:{_BULLET}|\d{{1,3}}[.)]\s+)")


def is_list_item(line: str) -> bool:
    """A bulleted or numbered list item (the renderer keeps list items together)."""
    return _ITEM_MARK.match(line) is not None


def is_bullet(line: str) -> bool:
    """A bulleted list item (the detectors read lists of headlines and menus by them)."""
    return _BULLET_MARK.match(line) is not None


def strip_bullet(line: str) -> str:
    """A bulleted item's text without its bullet."""
    found = _BULLET_MARK.match(line)
    return line[found.end() :] if found else line


def strip_list_mark(line: str) -> str:
    """A list item's text without its bullet or number."""
    found = _ITEM_MARK.match(line)
    return line[found.end() :] if found else line


#: Marks that open or close a quotation: a line holding one quotes someone, so it is prose.
_QUOTE = re.compile('["“”„«»「」『』]')
#: Characters that end a sentence, a closing bracket or quote after it included.
SENTENCE_ENDS = tuple(".!?…。！？")


def has_quote(line: str) -> bool:
    return _QUOTE.search(line) is not None


def ends_sentence(line: str) -> bool:
    """Whether a line ends like a sentence (closing quotes and brackets looked through)."""
    return line.rstrip(")]）】」』\"'”’»").endswith(SENTENCE_ENDS)


_UNSPACED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}ー]+")


def has_unspaced_script(line: str) -> bool:
    """Whether a line holds Chinese or Japanese, which put no spaces between words."""
    return _UNSPACED.search(line) is not None


def word_count(line: str) -> int:
    """Words in a line; in Chinese and Japanese every two characters count as one word."""
    count = len(line.split())
    for run in _UNSPACED.findall(line):
        count += (len(run) - 1) // 2
    return count


def looks_like_headline(line: str) -> bool:
    """Short, and not ending like a sentence of prose (a list item always counts)."""
    if is_list_item(line):
        return len(line) <= 200
    return headline_shaped(line)


def headline_shaped(line: str) -> bool:
    """``looks_like_headline``'s test of a line that is no list item: at most 160 characters and 25
    words, not ending like a sentence of prose (the cheap tests first)."""
    return len(line) <= 160 and not line.endswith((".", ",", ";", ":")) and len(line.split()) <= 25


def near_edge(first: int, last: int, total: int, edge: int) -> bool:
    """Whether the lines ``first`` to ``last`` (positions among ``total``) start within ``edge``
    lines of the head or end within ``edge`` lines of the foot."""
    return first < edge or last >= total - edge


def taken_near_edges(candidates: list[int], total: int, edge: int, anywhere: set[int]) -> set[int]:
    """Of the ``candidates`` (sorted positions among ``total`` lines), those taken: the ones in
    ``anywhere``, and the ones that stand within ``edge`` lines of the head or foot once the
    candidates taken before (or after) them are gone. A run of them at an edge is taken whole,
    as removing them pass after pass would, but in one go."""
    taken = set(anywhere)
    while True:
        before = len(taken)
        gone = 0
        for n in candidates:
            if n in taken or n - gone < edge:
                taken.add(n)
                gone += 1
        gone = 0
        for n in reversed(candidates):
            if n in taken or total - 1 - n - gone < edge:
                taken.add(n)
                gone += 1
        if len(taken) == before:
            return taken


def looks_like_prose(line: str) -> bool:
    """A sentence of an article rather than a label, link or headline."""
    return len(line.split()) >= 5 and not looks_like_headline(line)
