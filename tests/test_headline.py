"""The headline is never deleted, on every page of both real corpora (dev and test splits).

A product guarantee, not a figure: the headline that the HTML path finds for a page (its h1, else
its og:title) stays in the cleaned article (``clean_html`` names it to ``Cleaner.clean``), and in the
page's whole text cleaned as text when that text holds it (no headline named: the line model finds it). Only the pages and their URLs are read, never the gold. Needs the corpora
(``../shared/corpora`` from the repository root); skipped without them, as in CI.
"""

import gzip
import json
from pathlib import Path

import pytest

from cleaner import InputError
from cleaner.document import Document
from cleaner.html import extract_html, page_text, read_html
from cleaner.linemodel import headline
from cleaner.text import fold

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
FOLDERS = ("fundus-news", "wcxb-dev-articles")


def pages(folder: str):
    """(id, url, html) of every page of a corpus, both splits."""
    with open(CORPORA / folder / "gold.jsonl", encoding="utf-8") as records:
        for line in records:
            record = json.loads(line)
            raw = gzip.decompress((CORPORA / folder / "pages" / f"{record['id']}.html.gz").read_bytes())
            yield record["id"], record.get("url"), read_html(raw)[0]


def keeps(text: str, headline: str) -> bool:
    """Whether a line of ``text`` reads as ``headline``, or two lines in a row do (a kicker on a line
    of its own: "LTE-Patent:" above "Samsung soll …")."""
    lines = [fold(line) for line in text.splitlines() if line.strip()]
    return fold(headline) in set(lines) | {first + second for first, second in zip(lines, lines[1:], strict=False)}


HEADLINE = "School budget approved"
ARTICLE = [
    "The city council approved the school budget on Tuesday evening, after a debate that lasted four hours.",
    "The budget gives the new school building twelve million euros over the next two years.",
    "Parents had asked for the school for a decade, and the budget was the last step.",
    "The school will hold 600 pupils in 24 classrooms, a gymnasium and a library.",
    "Work on the school begins in the spring, the mayor said in a statement after the vote.",
    "Opposition members said the budget left too little for the older schools in the north.",
]


def test_the_headline_is_the_line_whose_words_the_article_says_again_and_again():
    """A caption under the headline says as many of the article's words, but each once (the
    article's topic, "school" and "budget", is said in most of its lines); a bullet is a teaser."""
    caption = "The mayor after the vote on Tuesday evening"
    doc = Document.from_text("\n".join(["Home", "News", HEADLINE, caption, *ARTICLE]))
    assert headline(doc) == 2
    teaser = "* Council approves the school budget for the new building"
    doc = Document.from_text("\n".join(["Home", "News", HEADLINE, teaser, *ARTICLE]))
    assert headline(doc) == 2


def test_a_teaser_copy_of_the_headline_goes_and_the_headline_stays(cleaner):
    page = [
        "Home",
        "News",
        "Sport",
        "Log in",
        "",
        HEADLINE,
        *ARTICLE,
        "",
        "Most read",
        HEADLINE,
        "Fire at the old mill",
        "Mayor opens new park",
    ]
    page += ["Share on Facebook", "© 2024 Example News. All rights reserved.", "Privacy policy", "Contact us"]
    kept = [line for line in cleaner.clean("\n".join(page)).text.splitlines() if line]
    assert kept[0] == HEADLINE and kept.count(HEADLINE) == 1 and kept[1:] == ARTICLE


CORPORA_FOUND = all((CORPORA / folder / "gold.jsonl").is_file() for folder in FOLDERS)


def extracted_pages(cleaner, folder: str):
    """(id, url, html, extracted page) of every page of a corpus that has an article and a headline."""
    for page_id, url, html in pages(folder):
        try:
            page = extract_html(cleaner, html, url=url)
        except InputError:
            continue  # no article text in the page
        if page.headline is not None:
            yield page_id, html, page


@pytest.mark.slow
@pytest.mark.skipif(not CORPORA_FOUND, reason=f"no real corpora in {CORPORA}")
@pytest.mark.parametrize("folder", FOLDERS)
def test_the_html_path_never_deletes_the_headline(folder, cleaner):
    lost = []
    for page_id, _, page in extracted_pages(cleaner, folder):
        assert keeps(page.text, page.headline), page_id
        if not keeps(cleaner.clean(page.text, url=page.url, headline=page.headline).text, page.headline):
            lost.append(f"{page_id}: {page.headline}")
    assert not lost, f"{len(lost)} headlines deleted:\n" + "\n".join(lost[:30])


@pytest.mark.slow
@pytest.mark.skipif(not CORPORA_FOUND, reason=f"no real corpora in {CORPORA}")
@pytest.mark.xfail(
    strict=True,
    reason="known defect, issue 21 open: on whole-page text (no headline named) pages still lose their headline: 2 fundus "
    "and 8 wcxb pages over both splits with session 12's model (its bars lost 3 and 11 with three candidates and no kicker; session 11's 2 and 7; "
    "localisation keeps the five best headline candidates and a kicker just above one, and "
    "the headline is the line above the densest prose block whose words the block says most and most often, list items aside: "
    "the page's h1 on 824 of 1,336 dev whole-page samples, was 711); session 10's 3 dev pages, all G020: a Japanese page (its "
    "sentences have no spaces: no prose block), an h1 that is a promo box's in the menu, an h1 44 lines above the block, "
    "seventh of the candidates; session 12's 3 dev pages: an h1 that is a link back to the site, a form's promo, a menu's; "
    "strict, so the fix shows as XPASS",
)
@pytest.mark.parametrize("folder", FOLDERS)
def test_whole_page_text_never_loses_the_headline(folder, cleaner):
    lost = []
    for page_id, html, page in extracted_pages(cleaner, folder):
        whole = page_text(html)
        if keeps(whole, page.headline) and not keeps(cleaner.clean(whole, url=page.url).text, page.headline):
            lost.append(f"{page_id}: {page.headline}")
    assert not lost, f"{len(lost)} headlines deleted:\n" + "\n".join(lost[:30])
