"""User rule files (issue 16, item 10): a bad file is a named error (exit 2), slow patterns are
refused before the batch unless allowed, and the workers clean with the rules loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Cleaner
from cleaner.batch.items import Item
from cleaner.batch.work import CleanOptions, clean_items
from cleaner.cli import main
from cleaner.rulefiles import RuleFileError, load_rule_file

RULE = """[outlet]
name = "Mine"
domains = ["mine.example"]

[[rule]]
id = "footer"
kind = "line"
why = "the site's footer"
pattern = '{pattern}'
"""


def rules(folder: Path, pattern: str = "^Subscribe to Mine$", name: str = "mine.toml") -> Path:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(RULE.format(pattern=pattern), encoding="utf-8")
    return folder


def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text("The council met on Monday, the mayor said.\n\nSubscribe to Mine\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "content, reason",
    [
        (b'[outlet]\nname = "Caf\xe9"\n', "not UTF-8"),
        (b"x = " + b"[" * 100_000 + b"]" * 100_000 + b"\n", "nested too deeply"),
    ],
    ids=["not UTF-8", "nested too deeply"],
)
def test_a_broken_rule_file_is_a_named_error(tmp_path, capsys, content, reason):
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "bad.toml").write_bytes(content)
    assert main(["clean", str(article(tmp_path)), "--rules", str(folder)]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert str(folder / "bad.toml") in line and reason in line


def test_a_catastrophic_user_pattern_is_refused_before_the_batch(tmp_path, capsys):
    folder = rules(tmp_path / "rules", "^(\\w+\\s?)+$")
    output = tmp_path / "out.txt"
    assert main(["clean", str(article(tmp_path)), "--rules", str(folder), "-o", str(output)]) == 2
    err = capsys.readouterr().err
    assert f"{folder / 'mine.toml'}:5: rule 'mine/footer': pattern may backtrack catastrophically" in err
    assert "--allow-slow-patterns" in err and not output.exists()
    assert main(["clean", str(article(tmp_path)), "--rules", str(folder), "-o", str(output), "--allow-slow-patterns"]) == 0
    assert output.exists()


def test_workers_clean_with_the_rules_loaded_once(tmp_path):
    folder = rules(tmp_path / "rules")
    options = CleanOptions(rule_dirs=(folder,))
    cleaner = options.build()
    rules(folder, "^Nothing matches this$")  # a worker that loaded the rules again would keep the footer
    text = "The council met on Monday, the mayor said.\n\nSubscribe to Mine\n"
    items = [Item(f"doc{n}", text.encode(), url="https://mine.example/a", size=len(text)) for n in range(4)]
    outcomes = [outcome for _, outcome in clean_items(items, options, jobs=2, cleaner=cleaner)]
    assert [outcome.rules_fired for outcome in outcomes] == [["mine/footer"]] * 4
    assert Cleaner([folder]).clean(text, url="https://mine.example/a").rules_fired == []


def many_rules(path: Path, count: int, tag: str) -> Path:
    """A rule file of ``count`` line rules (each pattern its own, ``tag`` keeping them apart
    from another file's, so no compiled pattern is cached), setting none of their optional keys."""
    rules = "".join(
        f'\n[[rule]]\nid = "r{n}"\nkind = "line"\nwhy = "furniture {n}"\npattern = \'^Sponsored {tag} item {n} (?:here|there)$\'\n'
        for n in range(count)
    )
    path.write_text('[outlet]\nname = "Many"\ndomains = ["many.example"]\n' + rules, encoding="utf-8")
    return path


@pytest.mark.slow
def test_ten_thousand_rules_load_and_a_problem_in_the_last_is_placed_on_its_line(tmp_path):
    """A file of 10,000 rules loads whole, and a rule near its end that lacks a key is reported on
    its own line (line lookups were quadratic, issue 23, item 4; what loading costs by the number
    of rules, a fresh process each: bench/reliability.py --rules-only)."""
    from cleaner.rulefiles import load_rule_file

    path = many_rules(tmp_path / "many.toml", 10_000, "x")
    assert len(load_rule_file(path).own_rules) == 10_000
    text = path.read_text(encoding="utf-8")
    broken = text.replace('why = "furniture 9998"\n', "")
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(RuleFileError) as error:
        load_rule_file(path)
    line = broken.splitlines().index('id = "r9998"')  # the [[rule]] line just above it, counted from 1
    assert [(problem.line, problem.rule) for problem in error.value.problems] == [(line, "many/r9998")]


def test_a_problem_is_placed_on_its_own_rule_not_a_later_one(tmp_path):
    """A key a rule lacks is reported on the rule's own [[rule]] line: not found in the next
    rule, and a case's multi-line input that holds "[[rule]]" is not taken for a rule."""
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "mine.toml").write_text(
        '[outlet]\nname = "Mine"\n\n[[case]]\nname = "a case"\ninput = """\n[[rule]]\npattern = 3\n"""\n\n'
        '[[rule]]\nid = "a"\nkind = "line"\nwhy = "no pattern"\n\n'
        '[[rule]]\nid = "b"\nkind = "line"\nwhy = "y"\npattern = "^B$"\n',
        encoding="utf-8",
    )
    with pytest.raises(RuleFileError) as error:
        load_rule_file(folder / "mine.toml")
    assert [(problem.line, problem.rule) for problem in error.value.problems] == [(11, "mine/a")]
