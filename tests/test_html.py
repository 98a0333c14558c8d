"""HTML pages: trafilatura extracts the article, the outlet's [html] selectors and rules clean it.

tests/fixtures/html/ holds a page of our own writing for four seed outlets' layouts, with the
furniture their real pages carry (menus, related lists, appeal boxes, captions, footers), and
``<outlet>.expected.txt``: the headline, then the article's paragraphs and subheadings.
"""

import gzip
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT
from lxml.html import fromstring
from trafilatura.metadata import extract_metadata

import cleaner.html as html_module
from cleaner import Cleaner, InputError
from cleaner.html import (
    MAX_HTML_BYTES,
    clean_html,
    comment_sections,
    deck,
    extract_html,
    headline,
    page_metadata,
    page_text,
    read_html,
    second_opinion,
    with_deck,
    with_headline,
)
from cleaner.read import looks_like_html

FIXTURES = ROOT / "tests" / "fixtures" / "html"
PAGES = sorted(FIXTURES.glob("*.html"))

#: What each page's <head> declares, as trafilatura should read it.
METADATA = {
    "bbc": ("https://www.bbc.co.uk/news/uk-england-62412345", "BBC News", "Helen Briggs", "2022-08-04"),
    "chinadaily": ("https://www.chinadaily.com.cn/a/202405/14/WS6642c1a3a31082fc043c7d11.html", "China Daily", "Cui Jia", "2024-05-14"),
    "eurasiareview": (
        "https://www.eurasiareview.com/12022024-study-finds-mangroves-store-more-carbon-than-thought/",
        "Eurasia Review",
        "Eurasia Review",
        "2024-02-12",
    ),
    "moscowtimes": (
        "https://www.themoscowtimes.com/2024/03/28/siberian-regions-brace-for-record-spring-floods-a84671",
        "The Moscow Times",
        "Anna Petrova",
        "2024-03-28",
    ),
}


def expected(page: Path) -> tuple[str, list[str]]:
    """The page's headline and its body paragraphs."""
    headline, *body = [line for line in page.with_suffix(".expected.txt").read_text(encoding="utf-8").split("\n") if line]
    return headline, body


def article_page(paragraphs: str, head: str = "<title>Local news</title>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body><main><article>{paragraphs}</article></main></body></html>"


BODY = (
    "<p>The council approved the new budget on Tuesday after a debate that lasted more than four hours.</p>"
    "<p>Spending on libraries will rise by six percent, the first increase in a decade, officials said.</p>"
    "<p>Opposition members said the plan relied on optimistic forecasts of revenue from parking fees.</p>"
)


def test_every_page_has_its_expected_body():
    assert {page.stem for page in PAGES} == set(METADATA)
    assert all(page.with_suffix(".expected.txt").exists() for page in PAGES)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_page_cleans_to_its_article(page: Path, cleaner):
    result = clean_html(cleaner, page.read_bytes())
    headline, body = expected(page)
    lines = [line for line in result.text.split("\n") if line]
    assert result.outlet == page.stem
    assert set(lines) <= {headline, *body}, "furniture left in"
    assert [line for line in lines if line != headline] == body, "article text lost or reordered"
    assert result.title == headline


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_page_metadata(page: Path, cleaner):
    result = clean_html(cleaner, page.read_bytes())
    assert (result.url, result.sitename, result.author, result.date) == METADATA[page.stem]


#: Heads that take trafilatura's other ways to a site name: from the URL, a lowercase or Twitter one.
HEADS = [
    '<title>Budget passes - Local News</title><link rel="canonical" href="https://www.localnews.example/budget">',
    '<meta property="og:title" content="Budget passes"><meta name="twitter:site" content="@localnews">'
    '<meta name="description" content="The council approved the new budget on Tuesday after a long debate.">',
    '<meta property="og:site_name" content="local news"><script type="application/ld+json">{"@type": "NewsArticle",</script>',
]


@pytest.mark.parametrize("page", [*(p.read_text(encoding="utf-8") for p in PAGES), *(article_page(BODY, head) for head in HEADS)])
def test_page_metadata_is_trafilaturas_where_the_headline_and_deck_read_it(page: str):
    """The metadata of a page whose date and author are not asked for: trafilatura's title, site
    name, description and URL, without its costly searches."""
    tree = html_module._parse(page)
    found, whole = page_metadata(tree, None, "text"), extract_metadata(tree)
    assert (found.title, found.sitename, found.description, found.url) == (whole.title, whole.sitename, whole.description, whole.url)
    assert (found.author, found.date, found.text) == (None, None, "text")


def test_outlet_rules_and_html_selectors_both_work(cleaner):
    """The Moscow Times appeal goes whether the rules or the selectors catch it."""
    page = (FIXTURES / "moscowtimes.html").read_bytes()
    with_selectors = clean_html(cleaner, page)
    assert "A Message from The Moscow Times" not in with_selectors.text
    assert not with_selectors.result.removals  # pruned before extraction: nothing left to remove
    no_selectors = clean_html(cleaner, page.replace(b'class="contribution-modal"', b'class="contribution"'))
    assert no_selectors.text == with_selectors.text
    assert no_selectors.result.rules_fired == ["moscowtimes/message-appeal"]


def test_html_selectors_of_a_user_rule_file_prune_the_page(tmp_path):
    (tmp_path / "localnews.toml").write_text(
        '[outlet]\nname = "Local News"\ndomains = ["localnews.example"]\n\n[html]\nprune_css = ["p.promo"]\n',
        encoding="utf-8",
    )
    promo = '<p class="promo">Subscribers get unlimited access to every story for just one dollar a week.</p>'
    page = article_page(BODY.replace("</p>", "</p>" + promo, 1))
    url = "https://localnews.example/2024/budget"
    pruned = clean_html(Cleaner([tmp_path]), page, url=url)
    assert pruned.outlet == "localnews"
    assert "Subscribers get unlimited access" not in pruned.text
    assert "Spending on libraries will rise" in pruned.text
    assert "Subscribers get unlimited access" in clean_html(Cleaner(), page, url=url).text


def test_url_argument_picks_the_outlet_over_the_canonical(cleaner):
    page = (FIXTURES / "eurasiareview.html").read_bytes()
    result = clean_html(cleaner, page, url="https://www.bbc.com/news/science-123")
    assert (result.outlet, result.url) == ("bbc", "https://www.bbc.com/news/science-123")


def test_og_url_is_used_without_a_canonical(cleaner):
    page = (FIXTURES / "chinadaily.html").read_bytes()
    assert b'rel="canonical"' not in page and b"og:url" in page
    assert clean_html(cleaner, page).result.detection.method == "url"


def test_to_json(cleaner):
    data = clean_html(cleaner, (FIXTURES / "chinadaily.html").read_bytes()).to_json()
    assert list(data) == [
        "url",
        "date",
        "title",
        "sitename",
        "author",
        "extractor",
        "outlet",
        "text",
        "confidence",
        "removals",
        "overruled",
        "warnings",
    ]
    assert data["outlet"] == "chinadaily" and data["date"] == "2024-05-14"
    (removal,) = data["removals"]
    assert removal["rule"] == "chinadaily/photo-caption"
    assert removal["text"].endswith("[Photo/China Daily]")
    assert set(removal) == {"rule", "why", "first_line", "last_line", "text"}


def test_gzipped_page_is_read(cleaner):
    page = (FIXTURES / "bbc.html").read_bytes()
    packed = gzip.compress(page)
    assert looks_like_html(packed)
    assert clean_html(cleaner, packed).text == clean_html(cleaner, page).text


@pytest.mark.parametrize(
    "data, is_html",
    [
        (b"<!DOCTYPE html>\n<html><body></body></html>", True),
        (b"\xef\xbb\xbf  <html lang='en'>", True),
        ("\ufeff<html><body>".encode("utf-16"), True),
        (b"<!-- saved page -->\n<head><title>x</title></head>", True),
        (b'<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "x">', True),
        (b"<BODY BGCOLOR=white>old page</BODY>", True),
        (b"Why <html> tags matter: a guide for reporters.\n", False),
        (b'{"text": "<html><body>x</body></html>"}', False),
        (b"Plain article text.\n\nSecond paragraph.\n", False),
        (b"<p>A fragment, not a page</p>", False),
        (b"", False),
    ],
)
def test_looks_like_html(data, is_html):
    assert looks_like_html(data) is is_html
    assert looks_like_html(data.decode("utf-16" if b"\x00" in data else "utf-8")) is is_html


# Bad input: a clear InputError or a best-effort result, never another exception.


def test_truncated_page_gives_the_paragraphs_before_the_cut(cleaner):
    page = (FIXTURES / "moscowtimes.html").read_bytes()
    cut = page.index(b"Hydrologists blamed") + 40
    result = clean_html(cleaner, page[:cut])
    assert "Authorities in the Tyumen, Kurgan and Omsk regions" in result.text
    assert result.outlet == "moscowtimes"


def test_page_cut_before_its_body_is_refused(cleaner):
    page = (FIXTURES / "bbc.html").read_bytes()
    with pytest.raises(InputError, match="no article text"):
        clean_html(cleaner, page[: page.index(b"<body>")])


@pytest.mark.parametrize(
    "data, message",
    [
        (b"Council approves budget\n\nThe council approved the budget.\n", "not an HTML page"),
        (b'{"url": "https://example.com", "html": "<p>x</p>"}', "not an HTML page"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary"),
        (b"", "not an HTML page"),
        (gzip.compress(b"<html><body><p>x</p></body></html>")[:30], "broken gzip"),
    ],
    ids=["text", "json", "png", "empty", "broken gzip"],
)
def test_not_html_is_refused(cleaner, data, message):
    with pytest.raises(InputError, match=message):
        clean_html(cleaner, data)


def test_enormous_page_is_refused(cleaner):
    page = article_page(BODY * (MAX_HTML_BYTES // len(BODY) + 1)).encode()
    with pytest.raises(InputError, match="larger than"):
        clean_html(cleaner, page)
    with pytest.raises(InputError, match="larger than"):
        clean_html(cleaner, page.decode())
    with pytest.raises(InputError, match="larger than .* decompressed"):
        clean_html(cleaner, gzip.compress(page, compresslevel=1))


CAFE = "Café owners in Zürich say prices are “much too high” — the protest began at nine."
CAFE_PAGE = article_page(f"<p>{CAFE}</p>" + BODY, head="{meta}<title>Protest</title>")


@pytest.mark.parametrize(
    "meta, encoding",
    [
        ('<meta charset="utf-8">', "cp1252"),  # declared UTF-8, written in cp1252
        ('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', "utf-8"),  # declared latin-1, UTF-8 bytes
        ('<meta charset="x-no-such-charset">', "cp1252"),
        ('<meta charset="windows-1252">', "cp1252"),
        ("", "cp1252"),
    ],
    ids=["utf-8 declared, cp1252 bytes", "latin-1 declared, utf-8 bytes", "unknown charset", "right charset", "none declared"],
)
def test_text_is_read_right_whatever_the_declared_charset(cleaner, meta, encoding):
    data = CAFE_PAGE.replace("{meta}", meta).encode(encoding)
    assert read_html(data)[0].count(CAFE) == 1
    assert CAFE in clean_html(cleaner, data).text


def test_declared_charset_reads_a_cyrillic_page():
    text = "Москва заявила во вторник, что переговоры не дали поводов для оптимизма."
    data = article_page(f"<p>{text}</p>", head='<meta charset="windows-1251">').encode("cp1251")
    assert text in read_html(data)[0]


def test_charset_hint_reads_a_page_that_declares_none():
    text = "Kyjiv: Verhandlungen über Getreideexporte gehen am Montag weiter, sagte die Regierung."
    data = article_page(f"<p>{text}</p>").encode("iso-8859-15")
    assert text in read_html(data, charset="iso-8859-15")[0]


NESTED_ARTICLE = " ".join(["An article sentence that says something."] * 5)


def nested_divs(depth: int) -> str:
    """A short article, then ``depth`` nested divs of a link each: so little article text that the
    page's whole text is read for the second opinion."""
    article = f"<p>{NESTED_ARTICLE}</p>"
    opening = "".join(f"<div><a href='/story-{n}'>Link number {n}</a>\n" for n in range(depth))
    return f"<html><head><title>Nested</title></head><body>{article}{opening}{'</div>' * depth}</body></html>"


def test_a_page_nested_past_the_parsers_depth_keeps_its_article(cleaner):
    """lxml's HTML parser keeps about 255 levels of nesting and drops what lies deeper; the article
    before the nesting is kept whole (what a page costs by its depth: bench/html_nesting.py)."""
    result = clean_html(cleaner, nested_divs(20_000))
    assert NESTED_ARTICLE in result.text.splitlines()


def test_page_text_leaves_out_invisible_elements_and_keeps_their_tails():
    page = "<html><head><title>T</title></head><body><p>One<script>x()</script> two</p><div>Three</div>four<style>p{}</style> five</body></html>"
    assert page_text(page) == "One two\nThree\nfour five\n"


def test_headline_is_the_h1_that_the_metadata_title_echoes(cleaner):
    head = '<title>Council approves budget | Local news</title><meta property="og:title" content="Council approves budget - Local news">'
    page = article_page("<h1>Council approves budget</h1>" + BODY, head)
    lines = clean_html(cleaner, page).text.splitlines()
    assert lines[0] == "Council approves budget"
    assert "Council approves budget - Local news" not in lines


def test_headline_from_the_metadata_title_leaves_out_the_site_name(cleaner):
    head = (
        '<meta property="og:title" content="Council approves budget | Valley Herald"><meta property="og:site_name" content="Valley Herald">'
    )
    assert clean_html(cleaner, article_page(BODY, head)).text.splitlines()[0] == "Council approves budget"


@pytest.mark.parametrize(
    ("h1", "shown"),
    [
        ("<span>Budget vote</span>Council approves budget", "Budget vote Council approves budget"),
        ("<span>Budget:</span>council approves", "Budget: council approves"),
        ("The <em>Council</em>'s budget", "The Council's budget"),
        ("<em>Coun</em>cil approves budget", "Council approves budget"),
    ],
)
def test_headline_keeps_a_kicker_in_its_own_element_apart_but_not_the_letters_of_a_word(cleaner, h1, shown):
    page = article_page(f"<h1>{h1}</h1>" + BODY, f"<title>{shown}</title>")
    assert extract_html(cleaner, page).headline == shown


def test_headline_is_not_an_h1_that_is_the_site_name(cleaner):
    head = (
        '<meta property="og:title" content="Council approves budget • Valley Herald"><meta property="og:site_name" content="Valley Herald">'
    )
    assert extract_html(cleaner, article_page("<h1>Valley Herald</h1>" + BODY, head)).headline == "Council approves budget"


def test_headline_is_an_h1_that_is_both_the_site_name_and_the_title():
    """trafilatura can name the site after the title's first part, the headline, when no meta tag names it."""
    page = article_page("<h1>Council approves budget</h1><h1>Council passes budget</h1>" + BODY)
    assert headline(fromstring(page), "Council approves budget • Herald", "Council approves budget") == "Council approves budget"


def test_headline_is_the_h1_that_echoes_the_title_most_and_not_a_one_word_menu_h1(cleaner):
    menu = "<h1>News</h1><h1>The city</h1>"
    head = '<meta property="og:title" content="Why the council approves a budget for the city">'
    assert extract_html(cleaner, article_page(menu + "<h1>Council approves budget</h1>" + BODY, head)).headline == "Council approves budget"


def test_headline_is_the_title_element_when_the_lone_h1_is_a_blog_name_it_does_not_echo(cleaner):
    """Without a title in the meta tags, trafilatura titles the page with its lone h1: no echo of it."""
    page = article_page("<h1>Valley Blog</h1>" + BODY, "<title>Council approves budget</title>")
    assert extract_html(cleaner, page).headline == "Council approves budget"


def test_headline_falls_back_to_the_metadata_title_without_an_h1(cleaner):
    page = article_page(BODY, '<meta property="og:title" content="Council approves budget">')
    assert clean_html(cleaner, page).text.splitlines()[0] == "Council approves budget"


def test_the_headline_stays_when_a_teaser_list_above_it_holds_a_copy(cleaner):
    """A list of stories over the h1, one of them the article's own: the list goes, the h1 stays."""
    teasers = "<h2>Top stories</h2><ul><li>Council approves budget</li><li>Storm closes schools</li><li>Team wins cup</li></ul>"
    page = article_page(teasers + "<h1>Council approves budget</h1>" + BODY, "<title>Council approves budget</title>")
    lines = clean_html(cleaner, page).text.splitlines()
    assert "Council approves budget" in lines
    assert "Top stories" not in lines


@pytest.mark.parametrize("variant", ["Council Approves Budget", "“Council approves budget”", "Council approves: budget"])
def test_headline_is_not_doubled_when_the_text_has_a_variant_of_it(variant):
    text = f"{variant}\n\nThe council approved the new budget on Tuesday.\n"
    assert with_headline("Council approves budget", text) == text


DECK = "Libraries win the most from a budget that opposition members call optimistic."


def deck_page(description: str, header: str = f'<p class="standfirst">{DECK}</p>') -> str:
    """A page whose deck stands in its header, beside the h1, apart from the article trafilatura reads."""
    head = f'<title>Council approves budget</title><meta property="og:description" content="{description}">'
    return (
        f"<!DOCTYPE html><html><head>{head}</head><body><header><h1>Council approves budget</h1>{header}</header>"
        f"<main><article>{BODY}</article></main></body></html>"
    )


def test_the_deck_trafilatura_leaves_out_goes_below_the_headline(cleaner):
    lines = [line for line in clean_html(cleaner, deck_page(DECK)).text.splitlines() if line]
    assert lines[:3] == [
        "Council approves budget",
        DECK,
        "The council approved the new budget on Tuesday after a debate that lasted more than four hours.",
    ]


def test_the_deck_is_the_line_that_opens_as_a_cut_description():
    whole = f"Home\nCouncil approves budget\nBy Ann Lee\n{DECK}\n"
    assert deck(whole, "Council approves budget", DECK[:62] + "…") == DECK
    assert deck(whole, "Council approves budget", "A page about the council, its budget and how the libraries will fare.") is None


def test_no_deck_far_below_the_headline_or_without_a_description():
    far = "\n".join(["Council approves budget", *(f"Menu item {n}" for n in range(6)), DECK])
    assert deck(far, "Council approves budget", DECK) is None
    assert deck(f"Council approves budget\n{DECK}\n", "Council approves budget", None) is None


def test_the_deck_is_not_doubled_when_the_text_holds_it():
    text = f"Council approves budget\n\n{DECK}\n\nThe council approved the new budget on Tuesday.\n"
    assert with_deck(DECK, "Council approves budget", text) == text
    assert with_deck(DECK, "Council approves budget", "The council approved the new budget on Tuesday.\n") == (
        f"{DECK}\n\nThe council approved the new budget on Tuesday.\n"
    )


PAGE_LINES = ["Home", "World", "Council approves budget", *(f"Paragraph {n} of the article, long enough to be prose." for n in range(6))]
COMMENTS = [f"Comment {n}: I think the council got this one right, and said so at the meeting." for n in range(12)]


def opinion(monkeypatch, lines: list[str], article: set[int], p: dict[int, float], extracted: str, comments: str = "") -> str | None:
    """The second opinion over a page of ``lines``, with the model's article block and
    probabilities (1.0 for lines not in ``p``) and the text of the page's comment sections given."""
    monkeypatch.setattr(html_module, "article_block", lambda doc: sorted(article))
    monkeypatch.setattr(html_module, "article_probabilities", lambda doc: np.array([p.get(i, 1.0) for i in range(len(doc.lines))]))
    return second_opinion("\n".join(lines) + "\n", extracted, lambda: comments)


def test_second_opinion_takes_the_block_when_trafilatura_found_a_fragment(monkeypatch):
    block = set(range(2, len(PAGE_LINES)))
    found = opinion(monkeypatch, PAGE_LINES, block, {0: 0.01, 1: 0.01}, PAGE_LINES[3])
    assert found == "\n".join(PAGE_LINES[2:])
    assert opinion(monkeypatch, PAGE_LINES, block, {0: 0.01, 1: 0.01}, "") == "\n".join(PAGE_LINES[2:])


def test_second_opinion_keeps_trafilaturas_part_when_the_block_holds_only_some_of_it(monkeypatch):
    """Trafilatura found the article's first six paragraphs, the block its headline and the rest from
    the fifth paragraph on (a third of trafilatura's article): both are taken, in the page's order."""
    lines = ["Home", "World", "Council approves budget", *(f"Paragraph {n} of the article, long enough to be prose." for n in range(24))]
    block = {2, *range(7, len(lines))}
    found = opinion(monkeypatch, lines, block, {0: 0.01, 1: 0.01}, "\n".join(lines[3:9]))
    assert found == "\n".join(lines[2:])


def test_second_opinion_is_not_asked_when_trafilatura_holds_most_of_the_page(monkeypatch):
    """The page is not scored where trafilatura's text is SECOND_OPINION_BELOW of it or more; under
    that share, the same block and scores are taken."""
    whole = "\n".join(PAGE_LINES) + "\n"
    most = "\n".join(PAGE_LINES[2:])
    assert len(most) >= html_module.SECOND_OPINION_BELOW * len(whole)

    def unasked(doc):
        raise AssertionError("the page was scored")

    monkeypatch.setattr(html_module, "article_block", unasked)
    assert second_opinion(whole, most, lambda: "") is None
    block = set(range(2, len(PAGE_LINES)))
    assert opinion(monkeypatch, PAGE_LINES, block, {3: 0.01, 4: 0.01, 5: 0.01}, "\n".join(PAGE_LINES[3:6])) == most


def test_second_opinion_never_swaps_the_article_for_a_comment_section(monkeypatch):
    lines = PAGE_LINES + COMMENTS
    comments = set(range(len(PAGE_LINES), len(lines)))
    extracted = "\n".join(PAGE_LINES[2:])
    assert opinion(monkeypatch, lines, comments, {0: 0.01, 1: 0.01}, extracted) is None


def test_second_opinion_block_ends_before_the_comment_section(monkeypatch):
    """Trafilatura found half the article; the block holds all of it, then the comments: the
    block is taken without them."""
    lines = PAGE_LINES + COMMENTS
    block = set(range(2, len(lines)))
    extracted = "\n".join(PAGE_LINES[2:5])
    found = opinion(monkeypatch, lines, block, {0: 0.01, 1: 0.01}, extracted, "\n".join(COMMENTS))
    assert found == "\n".join(PAGE_LINES[2:])
    assert opinion(monkeypatch, lines, block, {0: 0.01, 1: 0.01}, "\n".join(PAGE_LINES[2:]), "\n".join(COMMENTS)) is None


def test_comment_sections_are_the_ones_trafilatura_leaves_out():
    page = article_page(BODY + '<div id="comments"><p>Great article, thanks!</p><p>I disagree with the mayor.</p></div>')
    assert comment_sections(html_module._parse(page)) == "Great article, thanks!\nI disagree with the mayor.\n"


def test_second_opinion_does_not_pick_by_length_alone(monkeypatch):
    """A longer block whose extra lines the model puts out of the article does not win."""
    lines = PAGE_LINES + COMMENTS
    block = set(range(2, len(lines)))
    unsure = {i: 0.5 for i in range(len(PAGE_LINES), len(lines))}
    assert opinion(monkeypatch, lines, block, {0: 0.01, 1: 0.01, **unsure}, "\n".join(PAGE_LINES[2:])) is None
