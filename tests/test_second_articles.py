"""For each seed outlet, an article of our own writing with the same furniture and another body.

The outlet is found from its URL, as in a real crawl, and the rules must clean it to the body:
rules describe the outlet's furniture, not the seed's text.
"""

from pathlib import Path

import pytest
from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "second_articles"
ARTICLES = sorted(p for p in FIXTURES.glob("*.txt") if not p.name.endswith(".expected.txt"))


def test_every_seed_outlet_has_a_second_article():
    outlets = {p.parent.name for p in (ROOT / "seeds").rglob("*.txt")}
    assert outlets <= {p.stem for p in ARTICLES}


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.stem)
def test_second_article_cleans_to_its_body(article: Path, cleaner):
    outlet = cleaner.outlets[article.stem]
    result = cleaner.clean(article.read_text(encoding="utf-8"), url=f"https://www.{outlet.domains[0]}/news/123")
    assert result.outlet == outlet.id
    assert result.text == article.with_suffix(".expected.txt").read_text(encoding="utf-8")
