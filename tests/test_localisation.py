"""G020, localisation by the line model: the step on whole-page text, the article block, the
confidence, and the second opinion on HTML pages."""

import json

import numpy as np
import pytest
import trafilatura

from cleaner import Cleaner
from cleaner.cli import main
from cleaner.document import Document
from cleaner.html import clean_html, page_text
from cleaner.linemodel import confidence
from cleaner.localisation import article_block
from cleaner.pipeline import Step

ARTICLE = [
    "Harbour ferry service to resume after winter repairs",
    "By Mara Lind",
    "The harbour ferry between the old town and the island will run again from Monday, the city council said on Tuesday, after three months of repairs to its landing stage.",
    "Engineers replaced the timber piles that storms had loosened in November, and the council expects the crossing to carry about two thousand passengers a day in spring.",
    "A new timetable",
    "Boats will leave every twenty minutes at peak hours, and every forty minutes in the evening, which the operator says matches what commuters asked for in a survey last year.",
    "Residents of the island, who have relied on a bus detour of almost an hour, welcomed the news, though some said the fares, unchanged since 2019, should now be reviewed.",
    "The council will hold a public meeting on the fares at the town hall next month, where the operator is to present its accounts for the past two years.",
]
PAGE_HEAD = [
    *("Home", "News", "Local", "Region", "Politics", "Business", "Sport", "Culture", "Opinion", "Weather", "Obituaries"),
    *("Subscribe", "Log in", "Search", "Today's paper", "Newsletters", "Podcasts", "Puzzles", "Events", "Jobs", "Classifieds"),
]
PAGE_FOOT = [
    "Most read",
    "Council approves budget for new school building",
    "Storm warning issued for the coast on Friday",
    "Local team wins regional final after extra time",
    "Museum reopens its gallery of maritime history",
    "Opinion",
    "Why the island needs a second bridge",
    "Letters: readers on parking in the old town",
    "Business",
    "Fish market prices climb for a third week",
    "Shipyard hires forty apprentices",
    "Video",
    "Watch: the ferry's first crossing in 1962",
    "Follow us",
    "Facebook",
    "Instagram",
    "About us",
    "Contact",
    "Privacy policy",
    "Terms of use",
    "© 2025 Harbour Gazette. All rights reserved.",
]


@pytest.fixture(scope="module")
def localising():
    """The generic detectors, the localiser among them (on by default)."""
    return Cleaner(builtin=False)


def test_whole_page_text_loses_the_page_and_keeps_the_article(localising):
    text = "\n".join(PAGE_HEAD + ARTICLE + PAGE_FOOT) + "\n"
    result = localising.clean(text)
    assert result.text.split("\n\n") == [*ARTICLE[:-1], ARTICLE[-1] + "\n"]


def test_the_localiser_alone_removes_the_menus_around_the_article():
    text = "\n".join(PAGE_HEAD + ARTICLE + PAGE_FOOT) + "\n"
    result = Cleaner(builtin=False, select=["G020"]).clean(text)
    kept = result.text.splitlines()
    assert set(ARTICLE) <= set(kept)
    taken = {line for removal in result.removals if removal.rule == "G020" for line in removal.text.splitlines()}
    assert {"Home", "Log in", "Privacy policy", "Instagram"} <= taken


def test_an_article_alone_loses_nothing(localising):
    text = "\n\n".join(ARTICLE) + "\n"
    result = localising.clean(text)
    assert result.text == text and result.removals == []


def test_the_localiser_is_on_unless_ignored(localising):
    assert "G020" in {code.code for code in localising.selection.codes}
    assert "G020" not in {code.code for code in Cleaner(builtin=False, ignore=["G020"]).selection.codes}


def test_confidence_is_high_for_an_article_and_low_for_a_page():
    assert confidence(Document.from_text("\n".join(ARTICLE))) > 0.8
    assert confidence(Document.from_text("\n".join(PAGE_HEAD + PAGE_FOOT))) < 0.5
    assert confidence(Document.from_text("")) == 1.0


def test_cleaning_whole_page_text_is_idempotent(localising):
    once = localising.clean("\n".join(PAGE_HEAD + ARTICLE + PAGE_FOOT))
    twice = localising.clean(once.text)
    assert twice.text == once.text and twice.removals == []


def test_the_localiser_runs_again_in_the_pass_that_removes_nothing():
    """A pass's decisions read the scores of its start, the localiser's too: after a pass in which
    another step removed lines, it must run again on the scores of what is left, or cleaning the
    output again could localise more (the fixed point). Here a step removes the first line in
    pass 1; pass 2 removes nothing, and the localiser runs in both."""
    cleaner = Cleaner(builtin=False, select=["G020"])
    calls = []
    localiser = next(step for step in cleaner.generic_steps if step.id == "G020")

    def first_line_once(doc: Document) -> list[int]:
        return [0] if 0 in doc.live() else []

    def spied(doc: Document) -> list[int]:
        calls.append(len(doc.removed))
        return localiser.find(doc)

    first = Step("X001", "the first line", first_line_once, binding=True)
    cleaner.generic_steps = [first, Step(localiser.id, localiser.why, spied)]
    result = cleaner.clean("Menu\n\n" + "\n\n".join(ARTICLE) + "\n")
    assert [removal.rule for removal in result.removals] == ["X001"]
    assert calls[:2] == [1, 1]


def test_article_block_of_a_page():
    doc = Document.from_text("\n".join(PAGE_HEAD + ARTICLE + PAGE_FOOT))
    block = [doc.lines[i] for i in article_block(doc)]
    assert set(ARTICLE) <= set(block)
    assert not {"Home", "Newsletters", "Privacy policy", "© 2025 Harbour Gazette. All rights reserved."} & set(block)


def html_page() -> str:
    nav = "".join(f"<li><a href='/{word.lower()}'>{word}</a></li>" for word in PAGE_HEAD)
    body = f"<h1>{ARTICLE[0]}</h1><div class='byline'>{ARTICLE[1]}</div>" + "".join(
        f"<h2>{line}</h2>" if len(line) < 40 else f"<p>{line}</p>" for line in ARTICLE[2:]
    )
    foot = "".join(f"<div>{line}</div>" for line in PAGE_FOOT)
    return f"<!doctype html><html><head><title>x</title><style>p {{}}</style></head><body><ul>{nav}</ul><article>{body}</article><footer>{foot}</footer></body></html>"


def test_page_text_puts_each_block_on_its_line():
    lines = page_text(html_page()).splitlines()
    assert lines == PAGE_HEAD + ARTICLE + PAGE_FOOT


def test_html_takes_the_localisers_block_when_trafilatura_finds_nothing(cleaner, monkeypatch):
    assert clean_html(cleaner, html_page()).extractor == "trafilatura"
    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *args, **kwargs: None)
    page = clean_html(cleaner, html_page())
    assert page.extractor == "localiser"
    assert page.text.split("\n\n") == [*ARTICLE[:-1], ARTICLE[-1] + "\n"]
    assert page.to_json()["extractor"] == "localiser"


def test_confidence_in_json_output_and_in_jsonl_annotations(tmp_path, capsys):
    page = tmp_path / "page.txt"
    page.write_text("\n".join(PAGE_HEAD + ARTICLE + PAGE_FOOT), encoding="utf-8")
    assert main(["clean", str(page), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert 0.8 < data["confidence"] <= 1
    records = tmp_path / "in.jsonl"
    records.write_text(json.dumps({"text": "\n".join(PAGE_HEAD + PAGE_FOOT)}) + "\n", encoding="utf-8")
    report = tmp_path / "report.json"
    assert main(["clean", str(records), "-o", str(tmp_path / "out.jsonl"), "--report", str(report)]) == 0
    (row,) = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert row["cleaner_confidence"] < 0.5
    assert [entry["confidence"] for entry in json.loads(report.read_text(encoding="utf-8"))["doubtful"]] == [row["cleaner_confidence"]]


def test_a_headlines_kicker_stays_with_it():
    """A kicker on a line of its own above the headline ("Ferry:") is part of the headline as
    published: localisation keeps it, however low the model scores it; a lead-in of as many words
    elsewhere in the menu goes."""
    from cleaner.linemodel import THRESHOLDS, headline_positions, is_kicker, localised

    lines = [*PAGE_HEAD[:10], "Harbour:", *ARTICLE, *PAGE_FOOT[:12], "Contact:", *PAGE_FOOT[12:]]
    p = np.where([line in ARTICLE[1:] for line in lines], 0.95, 0.001)
    kicker, headline = lines.index("Harbour:"), lines.index(ARTICLE[0])
    assert headline in headline_positions(lines) and is_kicker(lines[kicker])
    removed = localised(lines, p, THRESHOLDS)
    assert kicker not in removed and headline not in removed
    assert lines.index("Contact:") in removed and lines.index("Home") in removed
