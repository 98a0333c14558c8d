"""The line model's API: scores per line, cached per document state, a function of the live lines
only (so that cleaning the output again scores the same), and its numpy trees."""

from __future__ import annotations

import dataclasses
import gc
import weakref

import numpy as np
import pytest

from cleaner import linemodel
from cleaner.document import Document
from cleaner.lexicon import stopwords
from cleaner.linemodel import (
    SHORT_DOCUMENT,
    SPAN_MARGIN,
    THRESHOLDS,
    Thresholds,
    article_probabilities,
    article_span,
    confidence,
    features,
    headline,
    hold_scores,
    is_label,
    keep_bars,
    localised,
    model,
    outside_article,
)
from cleaner.linemodel.features import (
    _TOKEN,
    Tokens,
    WordOdds,
    best_run,
    document_features,
    line_features,
    line_shapes,
    names,
    own_rows,
    row_blocks,
    with_surroundings,
)
from cleaner.linemodel.model import Forest, shipped

ARTICLE = [
    "Council approves budget for new school building",
    "The city council approved the budget for the new school building on Tuesday evening, after a debate that lasted four hours.",
    "Construction is expected to begin in the spring and to take about two years, the mayor said in a statement after the vote.",
    "Parents had asked for the school for a decade, since the old building on Market Street was closed for safety reasons.",
    "The new building will hold 600 pupils in 24 classrooms, a gymnasium and a library that will also be open to the public.",
]
PAGE = [
    "Home",
    "News",
    "Sport",
    "Weather",
    "Log in",
    "Subscribe",
    "",
    *ARTICLE,
    "",
    "Most read",
    "Fire at the old mill",
    "Mayor opens new park",
    "Share on Facebook",
    "Share on X",
    "© 2024 Example News. All rights reserved.",
    "Privacy policy",
    "Contact us",
]


def test_one_score_a_line_and_one_for_lines_not_live():
    doc = Document.from_text("\n".join(PAGE))
    scores = article_probabilities(doc)
    assert scores.shape == (len(doc.lines),)
    assert np.all((scores >= 0) & (scores <= 1))
    assert all(scores[i] == 1.0 for i, line in enumerate(doc.lines) if not line)


def test_scores_are_remembered_until_a_line_is_removed():
    doc = Document.from_text("\n".join(PAGE))
    first = article_probabilities(doc)
    assert article_probabilities(doc) is first
    doc.remove([0, 1], "X", "test")
    again = article_probabilities(doc)
    assert again is not first
    assert again[0] == again[1] == 1.0


def test_in_a_pass_the_first_scores_asked_for_hold_until_it_ends():
    doc = Document.from_text("\n".join(PAGE))
    before = article_probabilities(doc)
    hold_scores(doc)
    assert article_probabilities(doc) is before  # the state the pass began with, scored already
    doc.remove([7, 8], "X", "test")
    assert article_probabilities(doc) is before
    hold_scores(doc)  # the next pass: the state it begins with
    held = article_probabilities(doc)
    assert held is not before and held[7] == held[8] == 1.0
    doc.remove([9], "X", "test")
    assert article_probabilities(doc) is held
    hold_scores(doc, False)  # the passes ended: scores of the document as it is
    assert article_probabilities(doc) is not held
    rendered = Document.from_text("\n".join(doc.lines[i] for i in doc.live()))
    assert np.array_equal(article_probabilities(doc)[doc.live()], article_probabilities(rendered))


def test_scores_depend_on_the_live_lines_only():
    """A document with lines removed scores its live lines as the text they render to: the
    ground of idempotence."""
    doc = Document.from_text("\n".join(PAGE))
    gone = [i for i, line in enumerate(doc.lines) if line in ("Home", "Sport", "Share on X", "Privacy policy")]
    doc.remove(gone, "X", "test")
    rendered = Document.from_text("\n\n".join(doc.lines[i] for i in doc.live()))
    assert np.array_equal(article_probabilities(doc)[doc.live()], article_probabilities(rendered)[rendered.live()])


def test_the_article_scores_above_the_page_around_it():
    doc = Document.from_text("\n".join(PAGE))
    scores = article_probabilities(doc)
    body = [scores[doc.lines.index(line)] for line in ARTICLE[1:]]
    furniture = [scores[doc.lines.index(line)] for line in ("Home", "Share on Facebook", "Privacy policy")]
    assert min(body) > max(furniture)


def test_localisation_keeps_the_article_and_its_headline():
    doc = Document.from_text("\n".join(PAGE))
    out = outside_article(doc)
    assert not {doc.lines[i] for i in out} & set(ARTICLE)
    assert headline(doc) == doc.lines.index(ARTICLE[0])


def test_the_headline_is_the_line_that_says_the_articles_words_however_far_above_it():
    menu = [f"Menu item {n}" for n in range(2 * linemodel.HEADLINE_REACH)]
    doc = Document.from_text("\n".join(["Home", ARTICLE[0], "Share this page", *menu, *ARTICLE[1:]]))
    assert headline(doc) == doc.lines.index(ARTICLE[0])
    nearest = Document.from_text("\n".join(["Home", "Weather today", *menu[:3], *ARTICLE[1:]]))
    assert headline(nearest) == nearest.lines.index(menu[2])  # no line says the article's words: the nearest


def test_the_headline_is_the_first_of_its_near_copies_even_one_that_could_not_be_a_headline_itself():
    copy = "• " + ARTICLE[0].upper()  # a list item: never the headline itself
    doc = Document.from_text("\n".join(["Home", copy, *ARTICLE]))
    assert headline(doc) == 1
    assert headline(doc, {1}) == 1  # asked among lines of which none is eligible: still found
    assert headline(doc, {0}) is None


def test_what_the_model_keeps_on_a_document_goes_with_it():
    """No reference cycle through the document (its lines, rows and scores): a huge record's are
    freed as soon as its result is, not at the next garbage collection."""
    doc = Document.from_text("\n".join(PAGE))
    assert headline(doc) is not None and len(article_probabilities(doc)) == len(doc.lines)
    gone = weakref.ref(doc)
    gc.disable()
    try:
        del doc
        assert gone() is None
    finally:
        gc.enable()


def test_a_document_that_is_all_article_loses_nothing():
    assert outside_article(Document.from_text("\n\n".join(ARTICLE))) == []


def test_confidence_is_the_length_weighted_mean_of_the_live_lines():
    doc = Document.from_text("\n".join(PAGE))
    live = doc.live()
    lengths = np.array([len(doc.lines[i]) for i in live])
    assert confidence(doc) == pytest.approx(float(article_probabilities(doc)[live] @ lengths / lengths.sum()))
    assert confidence(Document.from_text("")) == 1.0


def test_thresholds_leave_an_unsure_band():
    assert 0 < THRESHOLDS.remove_below < THRESHOLDS.keep_above <= THRESHOLDS.keep_above_outside <= 1
    assert THRESHOLDS.remove_below <= THRESHOLDS.remove_below_after < THRESHOLDS.keep_above
    assert THRESHOLDS.remove_below <= THRESHOLDS.remove_label_below < THRESHOLDS.keep_above
    assert THRESHOLDS.keep_above <= THRESHOLDS.keep_above_short <= 1


def test_a_short_document_overrules_a_proposal_only_where_the_model_is_surer():
    chars = np.full(SHORT_DOCUMENT - 1, 80.0)
    assert (THRESHOLDS.bars(chars, np.full(len(chars), 0.9)) == THRESHOLDS.keep_above_short).all()


#: Thresholds for the tests of how they are applied (not the shipped ones, which training moves).
SETTINGS = Thresholds(
    remove_below=0.01,
    remove_below_after=0.01,
    remove_label_below=0.01,
    min_share=0.0,
    min_chars=200,
    keep_above=0.1,
    keep_above_outside=0.1,
    keep_above_short=0.8,
)


def test_out_of_the_article_span_a_proposal_asks_more_of_the_model():
    settings = dataclasses.replace(SETTINGS, min_share=0.1, keep_above_outside=0.5)
    chars = np.array([4.0] * 20 + [80.0] * 10 + [6.0] * 30)  # a menu, the article, teasers
    p = np.array([0.05] * 20 + [0.9] * 4 + [0.3] + [0.9] * 5 + [0.2] * 30)  # a caption (0.3) inside the article
    assert article_span(chars, p) == (20 - SPAN_MARGIN, 29 + SPAN_MARGIN)
    bars = settings.bars(chars, p)
    assert (bars[20 - SPAN_MARGIN : 30 + SPAN_MARGIN] == 0.1).all()
    assert (bars[: 20 - SPAN_MARGIN] == 0.5).all() and (bars[30 + SPAN_MARGIN :] == 0.5).all()


def test_after_the_article_span_of_a_document_not_short_localisation_asks_less_of_a_line():
    settings = dataclasses.replace(SETTINGS, remove_below_after=0.05)
    lines = [f"Menu item {n}" for n in range(20)] + [f"Article sentence number {n} of the story." for n in range(10)]
    lines += [f"Teaser headline {n}" for n in range(30)]
    p = np.array([0.03] * 20 + [0.9] * 10 + [0.03] * 30)  # under the bar after the span, over the bar before it
    span_end = 29 + SPAN_MARGIN
    assert localised(lines, p, settings) == list(range(span_end + 1, 60))
    short = lines[: SHORT_DOCUMENT - 1]
    assert localised(short, p[: len(short)], settings) == []  # a short document: the one bar
    assert localised(lines, p, dataclasses.replace(settings, remove_below_after=0.01)) == []


def test_after_the_article_span_localisation_asks_less_of_a_label():
    """Below the article a label (a teaser headline, a section's name) goes under the label's bar;
    above it one may be the headline (a short one the model scores low), so the line's bar holds."""
    settings = dataclasses.replace(SETTINGS, remove_label_below=0.05, min_chars=0)
    menu = ["Politik", "Sport und Kultur", "Más leídas", "Best mover:", "Safeway Moving"]
    menu += [f"Readers also liked this page number {n}, the editors say." for n in range(6)]  # prose: no label
    article = ["Article sentences about the story"] + [f"Article sentence number {n} of the story." for n in range(30)]
    teasers = [f"Teaser sentence number {n} of another page." for n in range(5)] + ["Wirtschaft", "Weather", "Deportes hoy"]
    lines = menu + article + teasers + [f"Comment number {n} on the page, by a reader." for n in range(10)]
    p = np.array([0.03] * 11 + [0.9] * 31 + [0.03] * 18)  # over the line's bar, under the label's
    assert article_span(np.array([len(line) for line in lines], dtype=float), p) == (11 - SPAN_MARGIN, 41 + SPAN_MARGIN)
    assert localised(lines, p, settings) == [47, 48, 49]
    assert localised(lines, p, dataclasses.replace(settings, remove_label_below=0.01)) == []
    inside = lines[:44] + ["Politik"] + lines[45:]  # a label in the span: the line's bar
    assert localised(inside, np.where(np.arange(60) == 44, 0.03, p), settings) == [47, 48, 49]
    colon = lines[:46] + ["Best mover:", "Safeway Moving"] + lines[48:]  # a lead-in and its value are no labels
    assert localised(colon, p, settings) == [48, 49]


def test_a_label_is_a_short_headline_like_line_but_not_a_lead_in_nor_its_value():
    lines = ["Weather", "Sport und Kultur", "Best mover:", "Safeway Moving", "Deportes hoy"]
    assert [is_label(lines, n) for n in range(len(lines))] == [True, True, False, False, True]
    assert not is_label(["The council approved the budget on Tuesday."], 0)  # a sentence
    assert not is_label(["Five Things To Know Today"], 0)  # five words: a headline, not a label


def test_no_article_span_where_no_line_is_likelier_article_than_not():
    assert article_span(np.full(60, 40.0), np.full(60, 0.4)) == (0, -1)
    assert (THRESHOLDS.bars(np.full(60, 4.0), np.full(60, 0.4)) == THRESHOLDS.keep_above_outside).all()


def test_features_one_row_a_live_line():
    doc = Document.from_text("\n".join(PAGE))
    assert document_features(doc, shipped().words).shape == (len(doc.live()), len(names()))
    assert document_features(Document.from_text(""), shipped().words).shape == (0, len(names()))


@pytest.mark.parametrize("size", [features.BLOCK_ROWS, 3])
def test_rows_picked_from_a_row_per_line_of_the_document_are_those_of_the_live_lines_alone(size):
    doc = Document.from_text("\n".join(PAGE))
    live = doc.live()[::2]
    own = np.full((len(doc.lines), len(line_features(doc, live, shipped().words)[0])), np.nan)  # a line not live is never read
    own[live] = line_features(doc, live, shipped().words)
    lines = [doc.lines[i] for i in live]
    blocks = list(row_blocks(lines, own, live, size))  # a block of lines at a time, as a document is scored
    assert [start for start, _ in blocks] == list(range(0, len(lines), size))
    assert np.array_equal(np.vstack([block for _, block in blocks]), with_surroundings(lines, own[live]))
    assert not np.isnan(with_surroundings(lines, own, live)).any()
    kept = own_rows(doc, live, shipped().words)  # as a document keeps them: the lexicon's columns as booleans
    assert kept.hits.dtype == bool
    assert np.array_equal(with_surroundings(lines, kept), with_surroundings(lines, own[live]))


def test_scores_of_rows_given_a_block_at_a_time_are_those_of_all_rows_at_once(monkeypatch):
    assert features.BLOCK_ROWS % model.ROW_BLOCK == 0  # a document's blocks split where the forests would
    monkeypatch.setattr(model, "ROW_BLOCK", 4)
    rows = document_features(Document.from_text("\n".join(PAGE)), shipped().words)
    blocks = [rows[:8], rows[8:16], rows[16:]]
    assert np.array_equal(shipped().predict_blocks(blocks), shipped().predict(rows))


def test_a_lines_word_odds_are_those_of_its_known_words_case_folded():
    odds = WordOdds(("subscribe", "council", "café"), (-2.0, 1.5, 0.5))
    rows = line_shapes(["Subscribe to the council's newsletter", "Nothing known here", "Café COUNCIL café"], odds)
    found = rows[:, [features.SHAPE.index(name) for name in ("word_odds", "word_odds_max", "word_odds_min", "word_known")]]
    assert found.tolist() == [[-0.25, 1.5, -2.0, 2 / 6], [0.0, 0.0, 0.0, 0.0], [2.5 / 3, 1.5, 0.5, 1.0]]


def test_the_shipped_words_are_tokens_as_the_features_find_them():
    """The trainer learns the odds of ``Tokens.words``: each shipped word is one such token, so
    the lookup by hash finds it."""
    words = shipped().words.words
    assert len(words) > 1000
    assert Tokens.of(list(words)).words() == [[word] for word in words]


@pytest.mark.parametrize(
    "line", ["Ein Straßen-Fest, sagt der Bürgermeister.", "新闻 标题 日本語のテキスト", "a_b c1 𝐀𝐁 ok", "«Quote», he said: 12 @x"]
)
def test_token_counts_agree_with_the_regex(line):
    shapes = line_shapes([line, "two words"], shipped().words)
    assert shapes.shape == (2, len(features.SHAPE))
    assert np.isfinite(shapes).all()
    assert len(_TOKEN.findall(line)) > 0


@pytest.mark.parametrize(
    "lines",
    [
        ["Der Bürgermeister sagt, die STRASSE bleibt zu.", "the end of the story and of it"],
        ["😀 und die 𝐀𝐁 der Stadt 𠀋 von", "", "le chat de la ville est là"],
        ["新闻 标题 日本語のテキスト", "Ein Straßen-Fest mit ß und der"],
    ],
)
def test_stop_words_counted_as_the_regex_and_the_list_count_them(lines):
    found = Tokens.of(lines)
    tokens, stops = found.counts(), found.stop_words()
    expected = [_TOKEN.findall(line.casefold()) for line in lines]
    assert found.words() == expected
    assert tokens.tolist() == [len(found) for found in expected]
    assert stops.tolist() == [sum(token in stopwords() for token in found) for found in expected]
    assert stops.sum() > 0


def test_every_stop_word_is_found_and_a_word_one_letter_off_is_not():
    words = sorted(word for word in stopwords() if _TOKEN.fullmatch(word))
    near = [word + "q" for word in words if word + "q" not in stopwords()]
    found = Tokens.of([" ".join(words), " ".join(near)])
    tokens, stops = found.counts(), found.stop_words()
    assert tokens.tolist() == [len(words), len(near)]
    assert stops.tolist() == [len(words), 0]


def test_forest_walks_each_tree_to_a_leaf():
    """Two trees: x0 <= 0.5 ? -1 : (x1 <= 2 ? 0.5 : 2), and a single leaf 0.25 (padded)."""
    forest = Forest(
        ("x0", "x1"),
        feature=np.array([[0, 0, 1, 0, 0], [0, 0, 0, 0, 0]], dtype=np.int32),
        threshold=np.array([[0.5, 1e308, 2.0, 1e308, 1e308], [1e308] * 5]),
        left=np.array([[1, 1, 3, 3, 4], [0, 1, 2, 3, 4]], dtype=np.int32),
        right=np.array([[2, 1, 4, 3, 4], [0, 1, 2, 3, 4]], dtype=np.int32),
        value=np.array([[0, -1.0, 0, 0.5, 2.0], [0.25, 0, 0, 0, 0]]),
        depth=2,
    )
    rows = np.array([[0.0, 0.0], [1.0, 1.0], [1.0, 3.0]])
    assert forest.raw(rows).tolist() == [-0.75, 0.75, 2.25]
    assert Forest.from_json(forest.to_json()).raw(rows).tolist() == [-0.75, 0.75, 2.25]


def _walk_tree(forest: Forest, tree: int, row: np.ndarray) -> float:
    node = 0
    while forest.left[tree, node] != node:
        node = forest.left[tree, node] if row[forest.feature[tree, node]] <= forest.threshold[tree, node] else forest.right[tree, node]
    return float(forest.value[tree, node])


def test_the_shipped_forests_agree_with_a_walk_of_each_tree_even_on_their_thresholds():
    """Every split tested at once gives what walking each tree does, rows sitting exactly on a
    threshold (which goes left, as in LightGBM) included."""
    forest = shipped().first
    rows = document_features(Document.from_text("\n".join(PAGE)), shipped().words)
    on_thresholds = np.repeat(rows[:1], 40, axis=0)
    for n in range(len(on_thresholds)):
        tree = n % len(forest.feature)
        on_thresholds[n, forest.feature[tree, 0]] = forest.threshold[tree, 0]
    rows = np.vstack([rows, on_thresholds])
    expected = [sum(_walk_tree(forest, tree, row) for tree in range(len(forest.feature))) for row in rows]
    assert forest.raw(rows) == pytest.approx(expected, abs=1e-9)


def test_a_row_scores_the_same_whichever_rows_are_scored_with_it(monkeypatch):
    """Exit leaves are found ``EXIT_BLOCK`` rows at a time, but summed over all the rows at once
    (numpy sums a single row's leaves in another order): blocks change no bit of a score."""
    monkeypatch.setattr(model, "EXIT_BLOCK", 3)
    forest = shipped().first
    rows = document_features(Document.from_text("\n".join(PAGE)), shipped().words)
    rows = rows[: len(rows) // 2 * 2]
    by_pairs = np.concatenate([forest.raw(rows[n : n + 2]) for n in range(0, len(rows), 2)])
    for count in range(2, len(rows) + 1):
        assert np.array_equal(forest.raw(rows[:count]), by_pairs[:count])


def test_a_tree_of_more_than_16_leaves():
    """A chain of 20 leaves: x0 <= 0 ? 0 : (x0 <= 1 ? 1 : …), leaf k worth k."""
    leaves, nodes = 20, 39
    feature, threshold = np.zeros((1, nodes), dtype=np.int32), np.zeros((1, nodes))
    left, right, value = np.arange(nodes, dtype=np.int32)[None, :], np.arange(nodes, dtype=np.int32)[None, :], np.zeros((1, nodes))
    for k in range(leaves - 1):  # inner node 2k tests x0 <= k: its leaf 2k + 1 left, the chain on at 2k + 2
        threshold[0, 2 * k], left[0, 2 * k], right[0, 2 * k] = k, 2 * k + 1, 2 * k + 2
        value[0, 2 * k + 1] = k
    value[0, nodes - 1] = leaves - 1
    forest = Forest(("x0",), feature, threshold, left, right, value, depth=leaves - 1)
    rows = np.arange(-1.0, leaves + 1, 0.5)[:, None]
    assert forest.raw(rows).tolist() == [_walk_tree(forest, 0, row) for row in rows]


def test_a_document_too_short_to_localise_is_not_scored(monkeypatch):
    """Localisation removes at least ``min_chars``: a shorter document cannot engage it, so the model is not run."""

    def unscorable(doc):
        raise AssertionError("scored")

    monkeypatch.setattr(linemodel, "article_probabilities", unscorable)
    doc = Document.from_text("Home\nNews\nThe council met on Tuesday.")
    assert sum(len(line) for line in doc.lines) < THRESHOLDS.min_chars
    assert outside_article(doc) == []


def _best_run_by_every_run(gain: list[float]) -> tuple[int, int]:
    """The highest-summing run found by trying every run: of equal sums, the one that ends first,
    then the one that starts last; (0, -1) when none sums above 0."""
    runs = [(sum(gain[i : j + 1]), -j, i) for j in range(len(gain)) for i in range(j + 1)]
    best = max(runs, default=(0, 0, 0))
    return (best[2], -best[1]) if best[0] > 0 else (0, -1)


def test_best_run_is_the_highest_summing_run():
    rng = np.random.default_rng(7)
    for _ in range(2000):
        gain = rng.integers(-4, 5, rng.integers(0, 10)).astype(float).tolist()
        assert best_run(np.array(gain)) == _best_run_by_every_run(gain), gain


def test_keep_bars_decide_as_the_bars_of_the_live_lines():
    doc = Document.from_text("\n".join(["Home", "News", "Sport"] * 12 + ARTICLE * 3 + ["Most read", "Fire at the old mill"] * 12))
    p, live = article_probabilities(doc), doc.live()
    bars = THRESHOLDS.bars(np.array([len(doc.lines[i]) for i in live], dtype=float), p[live])
    for lines in (live, live[:5], live[40:50]):
        at = [live.index(i) for i in lines]
        assert ((p[lines] >= keep_bars(doc, p, lines)) == (p[lines] >= bars[at])).all()
