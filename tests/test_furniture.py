"""Site furniture (S001): counted per site from the corpus, removed in a second pass."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
from sites import WIRE, corpus

from cleaner import Cleaner
from cleaner.furniture.step import Furniture
from cleaner.sitecounts import CountTable, FurnitureCounter, document_hashes, document_key, line_hash, line_key, site_of, threshold_for


def count(documents, **counter_options) -> CountTable:
    counter = FurnitureCounter(**counter_options)
    for url, text, *_ in documents:
        counter.add(site_of(None, url, None), document_hashes(text), document_key(text, url))
    return counter.table()


def test_line_key_folds_case_and_outer_punctuation_not_numbers():
    assert line_key("  © Example Media. ") == line_key("© example media")
    assert line_key("By Ana Moss, reporter 1") != line_key("By Ana Moss, reporter 2")
    assert line_key("— | —") == ""


def test_site_is_the_outlet_else_the_registered_domain_else_the_folder():
    assert site_of("bbc", "https://www.bbc.co.uk/news/1", "x/y.txt") == "bbc"
    assert site_of(None, "https://news.bbc.co.uk/news/1", "x/y.txt") == "bbc.co.uk"
    assert site_of(None, None, "scraped/ledger/a.txt") == "folder scraped/ledger"
    assert site_of(None, None, None) is None


def test_a_host_with_no_public_suffix_is_its_own_site():
    assert site_of(None, "http://intranet/news/1", "x/y.txt") == "intranet"
    assert site_of(None, "https://www.news.example/2024/a", None) == "news.example"
    assert site_of(None, "http://localhost:8080/story", None) == "localhost"
    assert site_of(None, "http://[broken/x", "x/y.txt") == "folder x"
    hosts = {"www.site0-news.com": "intranet", "www.site1-news.com": "news.example", "www.site2-news.com": "localhost:8080"}
    documents = [(url.replace(old, new), *rest) for url, *rest in corpus() for old, new in hosts.items() if old in url]
    cleaner = Cleaner(builtin=False, ignore=["G"], furniture=Furniture(count(documents)))
    for url, text, _, article in documents:
        result = cleaner.clean(text, url=url)
        assert "S001" in result.rules_fired and set(article) <= set(result.text.splitlines()), url


def test_threshold_is_a_share_of_the_documents_with_a_floor():
    assert threshold_for(40) == 12
    assert threshold_for(5) == 3
    assert threshold_for(40, share=0.5, min_documents=2) == 20


def test_counts_are_documents_not_lines():
    counter = FurnitureCounter()
    counter.add("a", document_hashes("Menu\nMenu\nText one\n"), 1)
    counter.add("a", document_hashes("Menu\nText two\n"), 2)
    table = counter.table(min_count=1)
    assert sorted(table.counts.tolist()) == [1, 1, 2]


def test_template_lines_go_article_lines_and_wire_copy_stay():
    documents = corpus()
    cleaner = Cleaner(builtin=False, ignore=["G"], furniture=Furniture(count(documents)))
    pages = Counter((site_of(None, url, None), line) for url, _, furniture, _ in documents for line in furniture)
    rare = 0
    for url, text, furniture, article in documents:
        kept = set(cleaner.clean(text, url=url).text.splitlines())
        assert set(article) <= kept, url
        for line in furniture:  # a rotating teaser may stand in too few pages
            frequent = pages[site_of(None, url, None), line] >= threshold_for(12)
            assert (line in kept) is not frequent, (url, line)
            rare += not frequent
    assert 0 < rare < len(documents)
    wire = cleaner.clean(documents[-1][1], url=documents[-1][0])
    assert all(line in wire.text for line in WIRE)


def test_each_removal_says_how_often_the_line_stands_in_the_site():
    documents = corpus()
    cleaner = Cleaner(builtin=False, furniture=Furniture(count(documents)))
    result = cleaner.clean(documents[0][1], url=documents[0][0])
    whys = {removal.why for removal in result.removals if removal.rule == "S001"}
    assert "site furniture: in 12 of 12 documents of site0-news.com" in whys


def test_a_site_with_too_few_documents_learns_nothing():
    documents = corpus(sites=1, pages=2)
    cleaner = Cleaner(builtin=False, furniture=Furniture(count(documents)))
    assert not any(r.rule == "S001" for url, text, *_ in documents for r in cleaner.clean(text, url=url).removals)


def test_prose_inside_the_article_block_is_kept():
    pitch = "Our reporters are paid by readers like you, and every gift keeps this newsroom going."
    towns = "Ashby Brill Corran Dunmore Elstow Fenwick".split()
    documents = [
        (
            f"https://ledger.example.net/{town}",
            f"Menu\n\nWhat {town} decided on its harbour\n\nThe council of {town} voted on the harbour, the ferry and the budget.\n\n"
            f"{pitch}\n\nIn {town}, the last word went to the ferry crews, who had waited for years.\n\n{pitch}\n",
        )
        for town in towns
    ]
    cleaner = Cleaner(builtin=False, furniture=Furniture(count(documents)))
    result = cleaner.clean(documents[0][1], url=documents[0][0])
    assert result.text.splitlines().count(pitch) == 1  # inside the article block, not after it
    assert "Menu" not in result.text.splitlines()


def test_a_live_blog_headline_shared_by_its_pages_stays_on_top():
    headline = "Live: storm batters the northern coast"
    documents = [
        (
            f"https://live.example.net/{n}",
            f"Menu\n\nWorld\n\n{headline}\n\nUpdate: crews reached {village} and found the road under water again.\n",
        )
        for n, village in enumerate("Ashby Brill Corran Dunmore Elstow Fenwick Garth Hollin".split())
    ]
    cleaner = Cleaner(builtin=False, furniture=Furniture(count(documents)))
    result = cleaner.clean(documents[3][1], url=documents[3][0])
    assert result.text.splitlines()[0] == headline
    assert "Menu" not in result.text


def test_the_table_is_the_same_for_any_order_and_when_spilled(tmp_path):
    documents = corpus(sites=4, pages=10)
    shuffled = documents[:]
    random.Random(7).shuffle(shuffled)
    first, second = count(documents), count(shuffled)
    spilled = count(shuffled, max_pairs=64, spill_dir=tmp_path)
    for other in (second, spilled):
        assert other.sites == first.sites and other.documents == first.documents
        for name in ("lines", "site_ids", "counts", "spread"):
            assert np.array_equal(getattr(other, name), getattr(first, name)), name
    assert list(tmp_path.iterdir()) == []  # the spill is removed once summed


def test_the_table_saves_and_loads(tmp_path):
    table = count(corpus())
    table.save(tmp_path / "counts.npz")
    loaded = CountTable.load(tmp_path / "counts.npz")
    assert loaded.sites == table.sites and np.array_equal(loaded.lines, table.lines)
    assert loaded.furniture("site1-news.com") == table.furniture("site1-news.com")


def test_cleaning_with_the_furniture_is_idempotent():
    documents = corpus()
    cleaner = Cleaner(furniture=Furniture(count(documents)))
    for url, text, *_ in documents:
        once = cleaner.clean(text, url=url).text
        assert cleaner.clean(once, url=url).text == once


def test_ignoring_s001_turns_the_site_furniture_off():
    documents = corpus()
    cleaner = Cleaner(builtin=False, ignore=["S001"], furniture=Furniture(count(documents)))
    assert not any(r.rule == "S001" for url, text, *_ in documents for r in cleaner.clean(text, url=url).removals)


def test_a_page_crawled_again_counts_once():
    documents = corpus(sites=1, pages=10)
    url, text, _, article = documents[0]
    table = count(documents + [(url, text, [], article)] * 3)  # the same URL crawled on three more days
    assert table.documents == [10]
    cleaner = Cleaner(builtin=False, furniture=Furniture(table))
    assert set(article) <= set(cleaner.clean(text, url=url).text.splitlines())


def test_a_page_with_no_sentence_of_its_own_loses_its_furniture_prose():
    pitch = "Sign up for our morning briefing and get the day's most important stories in your inbox."
    towns = "Ashby Brill Corran Dunmore Elstow Fenwick".split()
    documents = [
        (f"https://tables.example.net/{town}", f"Menu\n\nResults for {town}\n\n{town} North 61% 1\n\n{town} South 39% 2\n\n{pitch}\n")
        for town in towns
    ]
    cleaner = Cleaner(builtin=False, furniture=Furniture(count(documents)))
    kept = cleaner.clean(documents[0][1], url=documents[0][0]).text.splitlines()
    assert pitch not in kept and "Ashby North 61% 1" in kept


def test_a_line_of_a_word_or_two_common_words_is_never_furniture():
    """inscriptis puts a byline's "Von" or "By" on a line of its own, on the pages of every site."""
    assert line_key("Von") and line_hash("Von") is None and line_hash("By:") is None and line_hash("of the") is None
    assert line_hash("Home") is not None and line_hash("Log in") is not None and line_hash("Von Anna Moss") is not None
    documents = [(url, text.replace("\n\n", "\n\nVon\n\nAnna Moss\n\n", 1), *rest) for url, text, *rest in corpus()]
    cleaner = Cleaner(builtin=False, ignore=["G"], furniture=Furniture(count(documents)))
    for url, text, furniture, _ in documents:
        result = cleaner.clean(text, url=url)
        assert "Von" in result.text.splitlines() and "Anna Moss" not in result.text.splitlines()
        assert not set(furniture[:2]) & set(result.text.splitlines())  # the masthead still goes
