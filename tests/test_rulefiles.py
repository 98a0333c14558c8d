"""Rule files: what loads, and what is refused with an error naming file, line and rule."""

import subprocess
import sys

import pytest
from conftest import ROOT

from cleaner import Cleaner, RuleFileError
from cleaner.rulefiles import builtin_rules_dir, load_outlets, load_rule_file

GOOD = """
[outlet]
name = "Example News"
domains = ["example.com"]

[[rule]]
id = "footer"
kind = "line"
why = "Site footer"
pattern = 'Example News © \\d{4}'
"""

BAD = {
    "invalid TOML": ("[outlet\nname = 1", "invalid TOML"),
    "unknown top-level key": (GOOD + "\n[extra]\nx = 1\n", "unknown key 'extra'"),
    "unknown outlet key": (GOOD.replace("domains =", 'domain = ["x"]\ndomains ='), "unknown key 'domain'"),
    "unknown rule key": (GOOD.replace("kind = ", "patern = 'x'\nkind = "), "rule 'example/footer': unknown key 'patern'"),
    "regex that does not compile": (GOOD.replace("\\d{4}", "(\\d{4}"), "rule 'example/footer': pattern does not compile"),
    "duplicate ids": (GOOD + GOOD[GOOD.index("[[rule]]") :], "rule 'example/footer': duplicate rule id"),
    "unknown kind": (GOOD.replace('kind = "line"', 'kind = "paragraph"'), "kind must be one of"),
    "missing why": (GOOD.replace('why = "Site footer"\n', ""), "needs a one-line 'why'"),
    "block without end": (GOOD.replace('kind = "line"', 'kind = "block"'), "needs a 'end' pattern"),
    "key of another kind": (GOOD.replace('kind = "line"', 'kind = "line"\nmax_lines = 3'), "unknown key 'max_lines' for kind 'line'"),
    "bad head": (GOOD.replace('kind = "line"', 'kind = "line"\nhead = 0'), "head must be a whole number"),
    "unknown parent": (GOOD.replace("domains =", 'extends = ["nowhere"]\ndomains ='), "extends unknown outlet 'nowhere'"),
    "missing outlet table": ("[[rule]]\nid = 'x'\n", "missing [outlet] table"),
    "[html] not a table": ("html = 3\n" + GOOD, "[html] must be a table"),
    "unknown [html] key": (GOOD + "\n[html]\nprune = ['//aside']\n", "unknown key 'prune' in [html]"),
    "[html] selectors not a list": (GOOD + "\n[html]\nprune_css = '.related'\n", "[html] prune_css must be a list"),
    "CSS that does not parse": (GOOD + "\n[html]\nprune_css = ['div[data-x=']\n", "prune_css 'div[data-x=' is not a valid selector"),
    "XPath that does not compile": (GOOD + "\n[html]\nprune_xpath = ['//div[@class=\"a\"']\n", "is not a valid selector"),
    "XPath selecting attributes": (GOOD + "\n[html]\nprune_xpath = ['//p/@lang']\n", "must select elements"),
    "XPath giving a number": (GOOD + "\n[html]\nprune_xpath = ['count(//p)']\n", "must select elements"),
}

HTML = """
[html]
prune_css = [
    ".related-box",
    'aside[data-role="appeal"]',
]
prune_xpath = ['//figure/figcaption']
"""


def write(tmp_path, text, name="example.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_loads(tmp_path):
    write(tmp_path, GOOD)
    outlet = load_outlets([tmp_path])["example"]
    assert [rule.id for rule in outlet.rules] == ["example/footer"]


@pytest.mark.parametrize("name", BAD)
def test_bad_file_is_refused_with_file_and_reason(tmp_path, name):
    text, message = BAD[name]
    path = write(tmp_path, text)
    with pytest.raises(RuleFileError) as error:
        load_outlets([tmp_path])
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_error_names_the_line_of_the_bad_pattern(tmp_path):
    write(tmp_path, GOOD.replace("\\d{4}", "(\\d{4}"))
    with pytest.raises(RuleFileError) as error:
        load_outlets([tmp_path])
    assert error.value.line == GOOD.splitlines().index("pattern = 'Example News © \\d{4}'") + 1


def test_html_selectors_load_as_xpath(tmp_path):
    write(tmp_path, GOOD + HTML)
    caption, css, appeal = load_outlets([tmp_path])["example"].prune_xpath
    assert "related-box" in css and css.startswith("descendant-or-self::")
    assert appeal == "descendant-or-self::aside[@data-role = 'appeal']"
    assert caption == "//figure/figcaption"


def test_child_takes_its_platforms_html_selectors_first(tmp_path):
    write(tmp_path, GOOD + HTML, "platform.toml")
    child = GOOD.replace("domains =", 'extends = ["platform"]\ndomains =') + "\n[html]\nprune_css = ['.paywall']\n"
    write(tmp_path, child, "example.toml")
    outlets = load_outlets([tmp_path])
    assert outlets["example"].prune_xpath[:3] == outlets["platform"].prune_xpath
    assert "paywall" in outlets["example"].prune_xpath[3]
    assert len(outlets["example"].prune_xpath) == 4


def test_error_names_the_line_of_the_bad_selector(tmp_path):
    text = GOOD + HTML.replace('".related-box"', '".related-box >"')
    write(tmp_path, text)
    with pytest.raises(RuleFileError) as error:
        load_outlets([tmp_path])
    assert error.value.line == text.splitlines().index('    ".related-box >",') + 1


def test_builtin_html_selectors_match_their_fixture_pages():
    """Each built-in selector finds its furniture on the outlet's fixture page."""
    from lxml import html

    outlets = load_outlets([builtin_rules_dir()])
    with_selectors = {oid for oid, outlet in outlets.items() if outlet.own_prune}
    assert len(with_selectors) >= 3
    for outlet_id in sorted(with_selectors):
        page = html.fromstring((ROOT / "tests" / "fixtures" / "html" / f"{outlet_id}.html").read_bytes())
        for xpath in outlets[outlet_id].own_prune:
            assert page.xpath(xpath), f"{outlet_id}: {xpath} finds nothing on its fixture page"


def test_builtin_rule_files_pass_the_selector_check():
    """Built-in rule files load without trying their selectors on a page (lxml): here they are tried."""
    for path in sorted(builtin_rules_dir().glob("*.toml")):
        assert load_rule_file(path, check_selectors=True).own_prune == load_rule_file(path).own_prune


def test_cleaning_text_with_the_builtin_rules_never_imports_lxml():
    code = "import sys; from cleaner import clean; clean('Skip to content\\nA line of text.'); print('lxml' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert found.stdout.strip() == "False"


def test_extends_cycle_is_refused(tmp_path):
    write(tmp_path, GOOD.replace("domains =", 'extends = ["other"]\ndomains ='), "example.toml")
    write(tmp_path, GOOD.replace("domains =", 'extends = ["example"]\ndomains ='), "other.toml")
    with pytest.raises(RuleFileError, match="extends itself"):
        load_outlets([tmp_path])


def test_child_runs_inherited_rules_first():
    outlet = load_outlets([builtin_rules_dir()])["milwaukee-journal-sentinel"]
    ids = [rule.id for rule in outlet.rules]
    assert ids[0].startswith("pressreader/") and ids[-1] == "milwaukee-journal-sentinel/masthead"


def test_user_rule_folder_adds_an_outlet(tmp_path):
    write(tmp_path, GOOD)
    cleaner = Cleaner([tmp_path])
    text = "Storm hits coast\n\nThe storm hit the coast on Monday.\n\nExample News © 2024\n"
    result = cleaner.clean(text, url="https://www.example.com/news/1")
    assert result.outlet == "example"
    assert result.rules_fired == ["example/footer"]
    assert "Example News ©" not in result.text
    assert "bbc" in cleaner.outlets


def test_a_user_file_that_hides_a_builtin_outlet_is_warned_about_with_both_paths(tmp_path, capsys):
    """A learned `bbc.toml` with no domains would silently take the built-in BBC file's place."""
    from cleaner.cli import main
    from cleaner.rulefiles import RuleFileWarning

    shadow = write(tmp_path, '[outlet]\nname = "bbc"\ndomains = []\n', "bbc.toml")
    builtin = builtin_rules_dir() / "bbc.toml"
    with pytest.warns(RuleFileWarning, match=f"{shadow}: replaces the outlet 'bbc' of {builtin}"):
        assert Cleaner([tmp_path]).outlets["bbc"].domains == []
    (tmp_path / "a.txt").write_text("Storm hits coast\n\nThe storm hit the coast on Monday.\n", encoding="utf-8")
    assert main(["clean", str(tmp_path / "a.txt"), "--rules", str(tmp_path), "-j", "1"]) == 0
    err = capsys.readouterr().err
    assert err.count(f"cleaner: warning: {shadow}: replaces the outlet 'bbc' of {builtin}") == 1


def test_the_builtin_folder_given_again_hides_nothing(recwarn):
    """In a checkout, `--rules rules` names the built-in folder itself: it is read once."""
    from cleaner.rulefiles import RuleFileWarning

    assert Cleaner([ROOT / "rules"]).outlets["bbc"].replaces is None
    assert not [warning for warning in recwarn if issubclass(warning.category, RuleFileWarning)]
