"""Cleaning its own output changes nothing, in every output form (issue 23, item 6): text,
Markdown (whose headings gained another "# " each time), JSON, in place, JSONL and spans."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

from cleaner.cli import main
from cleaner.render import as_markdown, from_markdown

#: Lines Markdown reads as markup, a backslash of the text's own, list items, and boilerplate.
MARKUP = (
    "Council passes the budget\n\nThe council voted on Tuesday, the mayor said.\n# 5 reasons it matters, said one.\n"
    "> A quoted line of the story.\n\\ a line that starts with a backslash\nC:\\ ends with one \\\n"
    "• first item of the list\n• second item of the list\n- a plain item\n- another item\n=====\nRead more\n"
)


def corpus(folder: Path) -> Path:
    """A seed of each outlet, in outlet folders (the paths hint the outlets), and the markup text."""
    for seed in sorted((ROOT / "seeds").glob("*/*.txt"))[::2]:
        (folder / seed.parent.name).mkdir(parents=True, exist_ok=True)
        shutil.copy(seed, folder / seed.parent.name / seed.name)
    (folder / "markup.txt").write_text(MARKUP, encoding="utf-8")
    return folder


def tree(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def clean(*argv: str) -> None:
    assert main(["clean", *argv, "--quiet"]) == 0


@pytest.mark.parametrize("form", ["text", "markdown"])
def test_cleaning_the_output_again_gives_it_back_byte_for_byte(tmp_path, form):
    source, once, twice = corpus(tmp_path / "in"), tmp_path / "once", tmp_path / "twice"
    clean(str(source), "-o", str(once), "--format", form)
    include = "*.md" if form == "markdown" else "*.txt"
    clean(str(once), "-o", str(twice), "--format", form, "--include", include)
    assert len(tree(once)) > 3 and tree(twice) == tree(once)
    if form == "markdown":
        assert (once / "markup.md").read_text(encoding="utf-8").startswith("# Council passes the budget\n")


def test_a_markdown_output_cleaned_again_to_stdout_is_unchanged(tmp_path, capsys):
    source = corpus(tmp_path / "in") / "markup.txt"
    clean(str(source), "-o", str(tmp_path / "once.md"), "--format", "markdown")
    capsys.readouterr()
    clean(str(tmp_path / "once.md"), "--format", "markdown")
    assert capsys.readouterr().out == (tmp_path / "once.md").read_text(encoding="utf-8")


def test_the_text_of_a_json_output_cleaned_again_is_unchanged(tmp_path):
    source, once, twice = corpus(tmp_path / "in"), tmp_path / "once", tmp_path / "twice"
    clean(str(source), "-o", str(once), "--format", "json")
    texts = tmp_path / "texts"
    for name, data in tree(once).items():
        (texts / name).parent.mkdir(parents=True, exist_ok=True)
        (texts / name).with_suffix(".txt").write_text(json.loads(data)["text"], encoding="utf-8")
    clean(str(texts), "-o", str(twice), "--format", "json")
    for name, data in tree(once).items():
        first, second = json.loads(data), json.loads((twice / name).read_bytes())
        assert (second["text"], second["outlet"], second["removals"]) == (first["text"], first["outlet"], [])


def test_cleaning_in_place_twice_changes_nothing_the_second_time(tmp_path):
    source = corpus(tmp_path / "in")
    clean(str(source), "--in-place")
    once = tree(source)
    clean(str(source), "--in-place")
    assert tree(source) == once


@pytest.mark.parametrize("form", ["text", "spans"])
def test_a_jsonl_output_cleaned_again_keeps_its_texts(tmp_path, form):
    source = tmp_path / "in.jsonl"
    seeds = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*/*.txt"))[::2]]
    source.write_text("".join(json.dumps({"id": n, "text": text}) + "\n" for n, text in enumerate([*seeds, MARKUP])), encoding="utf-8")
    once, twice = tmp_path / "once.jsonl", tmp_path / "twice.jsonl"
    clean(str(source), "-o", str(once), "--format", form)
    clean(str(once), "-o", str(twice), "--format", form)
    first = [json.loads(line) for line in once.read_text(encoding="utf-8").splitlines()]
    second = [json.loads(line) for line in twice.read_text(encoding="utf-8").splitlines()]
    if form == "spans":  # the text as it came, with the same spans
        assert second == first
    else:  # the same text, nothing more removed, the same outlet (though the lines that told it, its signature, are gone)
        assert [row["text"] for row in second] == [row["text"] for row in first]
        assert all(row["cleaner_rules"] == [] for row in second)
        assert [row["cleaner_outlet"] for row in second] == [row["cleaner_outlet"] for row in first]
        assert sum(row["cleaner_outlet"] is not None for row in first) >= 3


@given(st.lists(st.text(alphabet="ab #>\\-*_=+|<`~•1.)\t", max_size=12), max_size=8))
def test_from_markdown_takes_off_exactly_what_as_markdown_put_on(lines):
    text = "\n".join(lines)
    assert from_markdown(as_markdown(text)) == text
