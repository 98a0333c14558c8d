"""The normalised lexicon is kept on disk between runs, and a damaged or unwritable cache is
only slower, never wrong."""

from __future__ import annotations

import json

import pytest

from cleaner import lexicon


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    lexicon.normalised_lists.cache_clear()
    yield tmp_path
    lexicon.normalised_lists.cache_clear()


def fresh() -> dict[str, frozenset[str]]:
    lexicon.normalised_lists.cache_clear()
    return lexicon.normalised_lists()


def test_the_first_run_writes_the_cache_and_the_next_reads_it(cache_home):
    expected = {name: frozenset(phrases) for name, phrases in lexicon._normalised().items()}
    assert fresh() == expected
    path = lexicon.cache_file()
    assert path.parent == cache_home / "cleaner"
    assert json.loads(path.read_text(encoding="utf-8"))["consent_terms"] == sorted(expected["consent_terms"])
    path.write_text(json.dumps({"consent_terms": ["a phrase only the cache holds"]}), encoding="utf-8")
    assert fresh() == {"consent_terms": frozenset({"a phrase only the cache holds"})}  # read, not recomputed


def test_a_damaged_cache_is_computed_again(cache_home):
    fresh()
    lexicon.cache_file().write_text('{"consent_terms": [', encoding="utf-8")
    assert fresh() == {name: frozenset(phrases) for name, phrases in lexicon._normalised().items()}
    assert json.loads(lexicon.cache_file().read_text(encoding="utf-8"))  # and written whole again


def test_an_unwritable_cache_folder_still_gives_the_lists(cache_home):
    (cache_home / "cleaner").write_text("a file where the folder should be", encoding="utf-8")
    assert fresh() == {name: frozenset(phrases) for name, phrases in lexicon._normalised().items()}
    assert list((cache_home).iterdir()) == [cache_home / "cleaner"]


def test_the_cache_is_named_by_the_language_files(cache_home, monkeypatch, tmp_path):
    before = lexicon.cache_file()
    copy = tmp_path / "lexicon"
    copy.mkdir()
    for path in lexicon.LEXICON_DIR.glob("*.toml"):
        (copy / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(lexicon, "LEXICON_DIR", copy)
    assert lexicon.cache_file() == before
    with (copy / "en.toml").open("a", encoding="utf-8") as out:
        out.write("\n# a change\n")
    assert lexicon.cache_file() != before
