"""The article-extraction metric, per page, and its averages over pages.

Tokens are ``\\w+`` runs, lowercased. Precision and recall of a page compare the multisets of
4-token shingles of the output and of the gold (a text of fewer than four tokens is one
shingle); an empty output scores 0 on both (the gold is never empty: such pages are skipped).
The corpus figures are the macro averages over pages, and F1 is that of the two averages.

What a method removed is measured on tokens, against the text it was given (``source``):
deletion precision = share of the removed tokens that are not gold tokens; boilerplate recall
= share of the source's non-gold tokens that were removed (both summed over pages). A gold
sentence (five tokens or more) is *deleted* when its shingles are in the source but fewer than
half of them are in the output.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

TOKEN = re.compile(r"\w+")
SHINGLE = 4
SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|\n+")


def tokens(text: str) -> list[str]:
    return [token.lower() for token in TOKEN.findall(text)]


def shingles(words: list[str]) -> Counter:
    if len(words) < SHINGLE:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


@dataclass
class Gold:
    """A page's gold text, prepared once for scoring every method's output."""

    words: list[str]
    shingles: Counter
    tokens: Counter
    sentences: list[Counter]

    @classmethod
    def of(cls, text: str) -> Gold:
        words = tokens(text)
        sentences = [shingles(found) for found in map(tokens, SENTENCE_END.split(text)) if len(found) >= 5]
        return cls(words, shingles(words), Counter(words), sentences)


@dataclass
class Score:
    """One method's output on one page, against its gold and the text it was given."""

    precision: float
    recall: float
    removed: int | None = None  # tokens removed from the source
    removed_gold: int | None = None  # of those, gold tokens
    source_boilerplate: int | None = None  # the source's non-gold tokens
    sentences_deleted: int | None = None


def score(output: str, gold: Gold, source: str | None = None) -> Score:
    """Score ``output``; with ``source`` (what the method was given), also what it removed."""
    found = shingles(tokens(output))
    common = sum((found & gold.shingles).values())
    precision = common / sum(found.values()) if found else 0.0
    recall = common / sum(gold.shingles.values())
    if source is None:
        return Score(precision, recall)
    source_tokens, output_tokens = Counter(tokens(source)), Counter(tokens(output))
    removed = source_tokens - output_tokens
    gold_in_source = sum((source_tokens & gold.tokens).values())
    gold_in_output = sum((output_tokens & gold.tokens).values())
    removed_gold = max(0, gold_in_source - gold_in_output)
    boilerplate = sum(source_tokens.values()) - gold_in_source
    source_shingles = shingles(tokens(source))
    deleted = sum(1 for sentence in gold.sentences if _present(sentence, source_shingles) and not _half(sentence, found))
    return Score(precision, recall, sum(removed.values()), removed_gold, boilerplate, deleted)


def _present(sentence: Counter, text: Counter) -> bool:
    return sum((sentence & text).values()) >= 0.9 * sum(sentence.values())


def _half(sentence: Counter, text: Counter) -> bool:
    return sum((sentence & text).values()) >= 0.5 * sum(sentence.values())


def summary(scores: list[Score]) -> dict:
    """Macro-averaged precision, recall and their F1; summed removal figures where measured."""
    if not scores:
        return {"pages": 0}
    precision = sum(s.precision for s in scores) / len(scores)
    recall = sum(s.recall for s in scores) / len(scores)
    result = {
        "pages": len(scores),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
    }
    measured = [s for s in scores if s.removed is not None]
    if measured:
        removed = sum(s.removed for s in measured)
        removed_gold = sum(s.removed_gold for s in measured)
        boilerplate = sum(s.source_boilerplate for s in measured)
        with_deleted = sum(1 for s in measured if s.sentences_deleted)
        result |= {
            "deletion_precision": round(1 - removed_gold / removed, 4) if removed else None,
            "boilerplate_recall": round((removed - removed_gold) / boilerplate, 4) if boilerplate else None,
            "pages_with_gold_sentence_deleted": with_deleted,
            "share_with_gold_sentence_deleted": round(with_deleted / len(measured), 4),
        }
    return result


def snippet_shares(output: str, kept: list[str], removed: list[str]) -> tuple[int, int, int, int]:
    """WCXB's snippets: how many ``with`` snippets the output holds, of how many, and how many
    ``without`` snippets it leaves out, of how many (a snippet matches as a run of tokens)."""
    text = " " + " ".join(tokens(output)) + " "

    def holds(snippet: str) -> bool:
        words = tokens(snippet)
        return bool(words) and f" {' '.join(words)} " in text

    return sum(map(holds, kept)), len(kept), sum(not holds(s) for s in removed), len(removed)


def without_title(text: str, title: str, gold: Gold) -> str:
    """``text`` without the line that repeats the page's title, when the gold leaves the title out:
    the body is scored apart from the headline (which no gold here holds)."""
    title_words = tokens(title)
    if not title_words or gold.words[: len(title_words)] == title_words:
        return text
    lines = text.splitlines()
    for i, line in enumerate(lines[:30]):
        if tokens(line) == title_words:
            return "\n".join(lines[:i] + lines[i + 1 :])
    return text
