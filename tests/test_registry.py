"""The table of generic codes, each detector's doc, `cleaner rule`, and --select/--ignore."""

import json
from pathlib import Path

import pytest
from conftest import ROOT

from cleaner import Cleaner, SelectionError
from cleaner.cli import main
from cleaner.detectors.base import Detector
from cleaner.registry import CODES, Code, DetectorDoc, State

TEXT = "Wildfire contained\nShare this article\nAdvertisement\nFirefighters contained the fire on Sunday.\n"


def test_codes_and_names_are_unique_and_keep_their_form():
    codes, names = [c.code for c in CODES], [c.name for c in CODES]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)
    assert all(len(code) == 4 and code[0].isupper() and code[1:].isdigit() for code in codes)
    assert {f"G{n:03}" for n in range(1, 20)} <= set(codes)


@pytest.mark.parametrize("code", CODES, ids=lambda code: code.code)
def test_every_detector_is_documented_in_every_section(code):
    doc = code.doc
    assert doc.removes and doc.why and doc.example and doc.leaves_alone
    assert "Why:" not in doc.removes and "\n" not in doc.why


def test_a_docstring_without_a_section_is_refused():
    class Bare(Detector):
        """Removes things.

        Why: because.
        """

    with pytest.raises(ValueError, match="lacks 'Example', 'Leaves alone'"):
        DetectorDoc.of(Bare)


def test_rule_prints_a_codes_doc(capsys):
    assert main(["rule", "G008"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("G008 repeated-caption (stable)\n")
    assert "Why: Pages render a caption twice" in out and "Leaves alone:" in out
    assert main(["rule", "share-prompt", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["code"] == "G006"
    assert main(["rule", "--all", "--format", "json"]) == 0
    assert [doc["code"] for doc in json.loads(capsys.readouterr().out)] == sorted(c.code for c in CODES)


def test_rule_shows_an_outlet_rule_not_a_detector(capsys):
    assert main(["rule", "bbc/skip-link"]) == 0
    out = capsys.readouterr().out
    bbc = ROOT / "rules" / "bbc.toml"
    line = bbc.read_text(encoding="utf-8").splitlines().index('id = "skip-link"')  # its [[rule]] is the line above
    assert out.startswith(f"bbc/skip-link (outlet rule of bbc, {bbc}:{line})\n")
    assert "Kind: line\n" in out and "Pattern: (?i)skip to (?:main )?content\n" in out and "Head: 3\n" in out
    assert "Cases it fires on:\n" in out and "    skip to main content\n" in out
    assert main(["rule", "pressreader/edition-footer", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["kind"], shown["options"], shown["outlet"]) == ("line", {"tail": 4}, "pressreader")
    assert {Path(case["file"]).stem for case in shown["cases"]} == {"pressreader", "milwaukee-journal-sentinel"}  # and who extends it
    assert main(["rule", "bbc/skip-lnk"]) == 2
    assert "did you mean 'bbc/skip-link'?" in capsys.readouterr().err


def test_rule_shows_a_user_folders_rule(tmp_path, capsys):
    (tmp_path / "gazette.toml").write_text(
        '[outlet]\nname = "Gazette"\n\n[[rule]]\nid = "tail"\nkind = "cut-to-end"\nwhy = "Other stories"\npattern = \'More stories\'\n',
        encoding="utf-8",
    )
    assert main(["rule", "gazette/tail", "--rules", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Kind: cut-to-end\n" in out and "Max lines: 30\n" in out and "Inclusive: true\n" in out
    assert "Cases: it fires on none" in out


def test_rule_refuses_an_unknown_code_with_a_suggestion(capsys):
    assert main(["rule", "g005"]) == 2
    assert "did you mean 'G005'?" in capsys.readouterr().err


def test_ignore_takes_codes_prefixes_names_and_comma_lists():
    def kept(**options):
        return Cleaner(builtin=False, **options).clean(TEXT).text

    assert "Share this article" in kept(ignore=["G006"])
    assert "Share this article" in kept(ignore=["share-prompt"])
    both = kept(ignore=["G006,G007"])
    assert "Share this article" in both and "Advertisement" in both
    assert kept(ignore=["G00"]) == kept(guard=1.0, ignore=["G"]) == TEXT.replace("\n", "\n\n", 3)
    assert "Share this article" in kept(disabled=["G006"])  # the old name


def test_select_runs_only_the_codes_given():
    cleaner = Cleaner(builtin=False, select=["G007"])
    assert [code.code for code in cleaner.selection.codes] == ["G007"]
    result = cleaner.clean(TEXT)
    assert result.rules_fired == ["G007"] and "Share this article" in result.text
    assert {c.code for c in Cleaner(builtin=False, select=["G01"]).selection.codes} == {f"G0{n}" for n in range(10, 20)}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"ignore": ["G999"]}, "unknown code or rule id 'G999' .*cleaner rule --all"),
        ({"ignore": ["g005"]}, "did you mean 'G005'?"),
        ({"select": ["G2"]}, "unknown code or rule id 'G2'"),
        ({"ignore": ["bbc/skip-lnk"]}, "did you mean 'bbc/skip-link'?"),
        ({"ignore": ["nowhere/"]}, "unknown code or rule id 'nowhere/'"),
        ({"select": ["bbc/skip-link"]}, "select takes generic codes"),
    ],
)
def test_an_unknown_selector_is_an_error_with_a_suggestion(options, message):
    with pytest.raises(SelectionError, match=message.replace("?", r"\?")):
        Cleaner(**options)


def test_ignore_switches_outlet_rules_off():
    seed = ROOT / "seeds" / "bbc" / "2022-01-11-too-early-to-know-if-russia-serious.txt"
    text = seed.read_text(encoding="utf-8")
    fired = Cleaner().clean(text, source="bbc").rules_fired
    assert "bbc/skip-link" in fired
    assert "bbc/skip-link" not in Cleaner(ignore=["bbc/skip-link"]).clean(text, source="bbc").rules_fired
    assert not any(rule.startswith("bbc/") for rule in Cleaner(ignore=["bbc/"]).clean(text, source="bbc").rules_fired)


def test_preview_codes_run_only_when_selected_by_code(monkeypatch):
    from cleaner import selection

    preview = Code("G900", "preview-thing", type(CODES[0].detector), State.PREVIEW)
    monkeypatch.setattr(selection, "CODES", (*CODES, preview))
    assert "G900" not in {c.code for c in selection.Selection.of(None, [], []).codes}
    assert "G900" not in {c.code for c in selection.Selection.of(["G"], [], []).codes}
    assert "G900" in {c.code for c in selection.Selection.of(["G900"], [], []).codes}


def test_cli_ignore_and_settings(tmp_path, capsys, monkeypatch):
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    assert main(["clean", str(article), "--guard", "1", "--ignore", "G006"]) == 0
    assert "Share this article" in capsys.readouterr().out
    assert main(["clean", str(article), "--ignore", "shar-prompt"]) == 2
    assert "unknown code or rule id 'shar-prompt'; did you mean 'share-prompt'?" in capsys.readouterr().err
    (tmp_path / "cleaner.toml").write_text('select = ["G007"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["clean", str(article)]) == 0
    out = capsys.readouterr().out
    assert "Advertisement" not in out and "Share this article" in out
