"""Line labels that mean what the gold means: the gold aligned to a page's lines, in order.

    from bench.realworld.labels import line_labels
    labels = line_labels(doc.lines, page.gold_text, page.gold_title)   # one of ARTICLE, PAGE, UNSURE, BLANK a line

The page's words and the gold's (the title, then the gold text: summary/deck, subheadings,
paragraphs) are aligned as two token sequences (difflib's longest matching blocks, in order),
so a line is article only where it stands in the gold's sequence: a menu or teaser copy of a
subheading or of the headline elsewhere on the page is page furniture, and an article paragraph
split by an ad or a caption is article on both sides. A token counts as aligned when its
matching block is at least ``MIN_BLOCK`` tokens long (or the whole line). A line is
``ARTICLE`` when at least half its tokens are aligned, ``PAGE`` when under a quarter are, else
``UNSURE``; a page line that copies an article line a few lines away (a doubled headline) is
``UNSURE`` too, and so is a line of no word (a bullet, a rule) between article and page.
Unsure lines are left out of training and listed in ``unsure-lines.jsonl``.
"""

from __future__ import annotations

from bisect import bisect_left
from difflib import SequenceMatcher

from bench.realworld.metric import tokens

ARTICLE, PAGE, UNSURE, BLANK = "a", "p", "u", " "
#: Shortest run of tokens that aligns a token to the gold, unless the run is its whole line.
MIN_BLOCK = 3
#: A page line that repeats an article line this close is unsure (which copy is the article's?).
NEAR_COPY = 5


def line_labels(lines: list[str], gold_text: str, title: str) -> str:
    """One label a line (a string as long as ``lines``)."""
    words = [tokens(line) for line in lines]
    vocabulary: dict[str, int] = {}
    page = [vocabulary.setdefault(w, len(vocabulary)) for line in words for w in line]
    gold = [vocabulary.setdefault(w, len(vocabulary)) for w in tokens(title + "\n" + gold_text)]
    line_of = [n for n, line in enumerate(words) for _ in line]
    block = [0] * len(page)  # the length of each page token's matching block (0: not aligned)
    for match in SequenceMatcher(None, gold, page, autojunk=False).get_matching_blocks():
        for k in range(match.b, match.b + match.size):
            block[k] = match.size
    aligned = [0] * len(lines)
    for k, size in enumerate(block):
        n = line_of[k]
        if size >= MIN_BLOCK or (size and size >= len(words[n])):
            aligned[n] += 1
    touched = [0] * len(lines)
    for k, size in enumerate(block):
        touched[line_of[k]] += size > 0
    labels = []
    for n, line in enumerate(lines):
        count = len(words[n])
        if not line.strip():
            labels.append(BLANK)
        elif not count:
            labels.append("")  # decided below, by the lines around it
        elif aligned[n] >= 0.5 * count:
            labels.append(ARTICLE)
        elif touched[n] < 0.25 * count:
            labels.append(PAGE)
        else:
            labels.append(UNSURE)
    _unsure_near_copies(words, labels)
    _wordless_by_context(labels)
    return "".join(labels)


def _unsure_near_copies(words: list[list[str]], labels: list[str]) -> None:
    article_at: dict[tuple[str, ...], list[int]] = {}
    for n, label in enumerate(labels):
        if label == ARTICLE:
            article_at.setdefault(tuple(words[n]), []).append(n)
    for n, label in enumerate(labels):
        if label == PAGE and any(abs(n - m) <= NEAR_COPY for m in article_at.get(tuple(words[n]), ())):
            labels[n] = UNSURE


def _wordless_by_context(labels: list[str]) -> None:
    """A line of no word takes its neighbours' label when both agree, else it is unsure."""
    worded = [n for n, label in enumerate(labels) if label not in ("", BLANK)]
    for n, label in enumerate(labels):
        if label == "":
            k = bisect_left(worded, n)
            both = {labels[m] for m in worded[max(0, k - 1) : k + 1]}
            labels[n] = both.pop() if len(both) == 1 and UNSURE not in both else UNSURE
