"""``cleaner rules check``: the built-in rules pass; each kind of problem is found and named by file and line."""

from conftest import ROOT

from cleaner.authoring.rulecheck import RuleChecker
from cleaner.cli import main
from cleaner.rulefiles import load_outlets

GOOD = """\
[outlet]
name = "Example Gazette"
signatures = ["Example Gazette"]
paths = ["*/example/*"]

[[rule]]
id = "masthead"
kind = "line"
why = "The paper's name above every article"
pattern = 'Example Gazette'
head = 2

[[rule]]
id = "footer"
kind = "line"
why = "Edition footer"
pattern = 'Example Gazette, all editions'

[[case]]
name = "masthead and footer go"
input = '''
Example Gazette
Harbour reopens
The harbour reopened on Monday.
Example Gazette, all editions
'''
expect = '''
Harbour reopens

The harbour reopened on Monday.
'''
"""
SEED = "Example Gazette\n\nFerry resumes\n\nThe ferry resumed its service on Tuesday.\n\nExample Gazette, all editions\n"
GOLDEN = "Ferry resumes\n\nThe ferry resumed its service on Tuesday.\n"


def project(tmp_path, rules=GOOD, seed=SEED, golden=GOLDEN, name="example"):
    """A folder with rules/, seeds/ and golden/ as the repository has them."""
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / f"{name}.toml").write_text(rules, encoding="utf-8")
    if seed is not None:
        (tmp_path / "seeds" / name).mkdir(parents=True)
        (tmp_path / "seeds" / name / "a.txt").write_text(seed, encoding="utf-8")
    if golden is not None:
        (tmp_path / "golden" / name).mkdir(parents=True)
        (tmp_path / "golden" / name / "a.txt").write_text(golden, encoding="utf-8")
    return tmp_path / "rules"


def problems(folder):
    return [str(problem) for problem in RuleChecker(folder).run().problems]


def line_of(text, fragment, after=""):
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if after in line) if after else 0
    return next(n for n, line in enumerate(lines[start:], start + 1) if fragment in line)


#: What the repository holds (an outlet added as the tutorial says adds to these).
RULE_FILES = sorted((ROOT / "rules").glob("*.toml"))
SEED_FILES = sorted((ROOT / "seeds").glob("*/*.txt"))


def test_builtin_rules_pass_as_ci_runs_them(capsys):
    assert main(["rules", "check"]) == 0
    err = capsys.readouterr().err
    outlets = load_outlets([ROOT / "rules"]).values()
    rules, cases = sum(len(o.own_rules) for o in outlets), sum(len(o.cases) for o in outlets)
    assert f"checked {len(RULE_FILES)} rule files, {rules} rules, {cases} cases, {len(SEED_FILES)} seeds: no problems" in err
    assert len(RULE_FILES) >= 6 and rules >= 13 and len(SEED_FILES) >= 10


def test_builtin_rules_folder_given_explicitly_finds_its_seeds():
    report = RuleChecker(ROOT / "rules").run()
    assert report.problems == [] and report.seeds == len(SEED_FILES)


def test_a_good_project_passes(tmp_path):
    assert problems(project(tmp_path)) == []


def test_schema_error_is_named_by_file_and_line_and_the_other_files_are_still_linted(tmp_path, capsys):
    folder = project(tmp_path, GOOD.replace("head = 2", "head = 2\nheed = 3"))
    (folder / "other.toml").write_text(GOOD.replace("'Example Gazette'", r"'Tags: (\w+\s?)+'"), encoding="utf-8")
    assert main(["rules", "check", str(folder)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{folder / 'example.toml'}:{line_of(GOOD, 'head = 2') + 1}: rule 'example/masthead': unknown key 'heed' for kind 'line'" in out
    assert any(line.startswith(f"{folder / 'other.toml'}:6: rule 'other/masthead': pattern may backtrack catastrophically") for line in out)


def test_pattern_that_does_not_compile(tmp_path):
    found = problems(project(tmp_path, GOOD.replace("'Example Gazette, all editions'", "'Example (Gazette'")))
    assert found == [
        f"{tmp_path / 'rules' / 'example.toml'}:{line_of(GOOD, 'Example Gazette, all editions')}: rule 'example/footer': pattern does not compile: missing ) at position 16"
    ]


def test_backtracking_pattern_is_named_by_its_rule_line(tmp_path):
    rules = GOOD.replace("pattern = 'Example Gazette, all editions'", r"pattern = 'Example Gazette, (?:\w+ ?)+'")
    found = problems(project(tmp_path, rules))
    line = line_of(rules, "[[rule]]", after='id = "masthead"')
    assert found == [
        f"{tmp_path / 'rules' / 'example.toml'}:{line}: rule 'example/footer': pattern may backtrack catastrophically: in '(?:\\\\w+ ?)+', '\\\\w+' can also match the start of the next repetition"
    ]


def test_rule_that_fires_on_no_case_or_seed(tmp_path):
    rules = GOOD + '\n[[rule]]\nid = "weather"\nkind = "line"\nwhy = "Weather box"\npattern = \'Weather: .+\'\n'
    found = problems(project(tmp_path, rules))
    assert found == [
        f"{tmp_path / 'rules' / 'example.toml'}:{len(GOOD.splitlines()) + 2}: rule 'example/weather': fires on none of its cases or seeds"
    ]


def test_rule_that_removes_a_line_the_golden_keeps(tmp_path):
    seed = SEED.replace("Ferry resumes", "Ferry resumes\n\nExample Gazette, all editions of the ferry timetable")
    golden = GOLDEN.replace("Ferry resumes", "Ferry resumes\n\nExample Gazette, all editions of the ferry timetable")
    rules = GOOD.replace("'Example Gazette, all editions'", "'Example Gazette, all editions.*'")
    found = problems(project(tmp_path, rules, seed, golden))
    assert found == [
        f"{tmp_path / 'seeds' / 'example' / 'a.txt'}:5: example/footer removes 'Example Gazette, all editions of the ferry timetable', "
        f"which {tmp_path / 'golden' / 'example' / 'a.txt'} keeps"
    ]


def test_a_copy_of_a_line_may_go_when_the_golden_keeps_one():
    """The built-in BBC case: a body sentence printed twice loses only its copy, which is no problem."""
    assert "a repeated sentence of the body loses only its copy" in (ROOT / "rules" / "bbc.toml").read_text(encoding="utf-8")
    assert problems(ROOT / "rules") == []


def test_rule_that_removes_a_line_expect_keeps(tmp_path):
    rules = GOOD.replace("The harbour reopened on Monday.\n'''", "The harbour reopened on Monday.\nExample Gazette\n'''")
    found = problems(project(tmp_path, rules))
    case_line = line_of(GOOD, "[[case]]")
    assert found == [
        f"{tmp_path / 'rules' / 'example.toml'}:{case_line}: case 'masthead and footer go': example/masthead removes 'Example Gazette', which expect keeps"
    ]


def test_case_to_leave_alone_that_a_rule_changes(tmp_path):
    rules = (
        GOOD
        + "\n[[case]]\nname = \"the paper's name in a sentence stays\"\ninput = '''\nExample Gazette\nExample Gazette won an award.\n'''\n"
    )
    found = problems(project(tmp_path, rules))
    assert found == [
        f'{tmp_path / "rules" / "example.toml"}:{len(GOOD.splitlines()) + 2}: case "the paper\'s name in a sentence stays" must be left alone, '
        "but example/masthead removes 'Example Gazette'"
    ]


def test_case_whose_expect_differs_otherwise(tmp_path):
    rules = GOOD.replace("Harbour reopens\n\nThe", "Harbour reopens today\n\nThe")
    found = problems(project(tmp_path, rules))
    assert found == [
        f"{tmp_path / 'rules' / 'example.toml'}:{line_of(GOOD, '[[case]]')}: case 'masthead and footer go': "
        "output line 1 is 'Harbour reopens', expect has 'Harbour reopens today'"
    ]


def test_seed_that_is_detected_as_another_outlet(tmp_path):
    rules = GOOD.replace('paths = ["*/example/*"]\n', "").replace('signatures = ["Example Gazette"]\n', "")
    found = problems(project(tmp_path, rules))
    assert found == [
        f"{tmp_path / 'seeds' / 'example' / 'a.txt'}: detected as no outlet by none, not example: add a paths glob or a signature"
    ]


def test_unknown_parent_is_a_problem(tmp_path):
    found = problems(project(tmp_path, GOOD.replace("paths =", 'extends = ["nowhere"]\npaths =')))
    assert found == [f"{tmp_path / 'rules' / 'example.toml'}: extends unknown outlet 'nowhere'"]


def test_a_rule_file_may_extend_a_builtin_platform(tmp_path):
    rules = GOOD.replace("paths =", 'extends = ["pressreader"]\npaths =')
    assert problems(project(tmp_path, rules, seed=SEED + "\nNewspapers in English\n")) == []


def test_with_no_folder_it_checks_the_builtin_rules_and_the_settings_rule_folders(tmp_path, monkeypatch, capsys):
    folder = project(tmp_path, GOOD.replace("'Example Gazette, all editions'", "'Example (Gazette'"))
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nrules = ["rules"]\n', encoding="utf-8")
    (tmp_path / "articles").mkdir()
    monkeypatch.chdir(tmp_path / "articles")
    assert main(["rules", "check"]) == 1
    captured = capsys.readouterr()
    assert f"{folder / 'example.toml'}:" in captured.out and "does not compile" in captured.out
    assert f"checked {len(RULE_FILES) + 1} rule files" in captured.err
    (folder / "example.toml").write_text(GOOD, encoding="utf-8")
    assert main(["rules", "check", "--config", str(tmp_path / "pyproject.toml")]) == 0
    assert f"checked {len(RULE_FILES) + 1} rule files" in capsys.readouterr().err


def test_no_rule_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["rules", "check", str(tmp_path / "nowhere")]) == 2
    assert "no such rule folder" in capsys.readouterr().err


def test_seeds_folder_can_be_given(tmp_path, capsys):
    folder = project(tmp_path)
    (tmp_path / "seeds").rename(tmp_path / "samples")
    assert main(["rules", "check", str(folder), "--seeds", str(tmp_path / "samples")]) == 0
    assert ", 1 seeds: no problems" in capsys.readouterr().err


def test_golden_folder_can_be_given(tmp_path, capsys):
    folder = project(tmp_path)
    (tmp_path / "reviewed" / "example").mkdir(parents=True)
    (tmp_path / "reviewed" / "example" / "a.txt").write_text("Example Gazette\n\n" + GOLDEN, encoding="utf-8")
    assert main(["rules", "check", str(folder), "--golden", str(tmp_path / "reviewed")]) == 1
    assert "example/masthead removes 'Example Gazette', which" in capsys.readouterr().out


def test_notes_say_what_an_outlet_lacks_and_do_not_fail_the_check(tmp_path, capsys):
    folder = project(tmp_path, golden=None)
    report = RuleChecker(folder).run()
    assert report.problems == []
    notes = [str(note) for note in report.notes]
    where = f"{folder / 'example.toml'}: note: outlet 'example' has"
    assert f"{where} no [[case]] of text to leave alone (a case without expect)" in notes
    assert f"{where} no second seed in {tmp_path / 'seeds' / 'example'}/ (another article with the same furniture)" in notes
    assert f"{where} no golden file for a.txt" in notes
    assert main(["rules", "check", str(folder)]) == 0
    assert "no problems, 3 notes" in capsys.readouterr().err


def test_a_case_runs_with_the_outlets_rules_alone_unless_it_asks_for_the_detectors(tmp_path):
    needs_g009 = GOOD.replace("input = '''\nExample Gazette\n", "input = '''\nExample Gazette\n×\n", 1)
    folder = project(tmp_path, needs_g009)
    assert any("output line 1 is '×'" in problem for problem in problems(folder))
    (folder / "example.toml").write_text(
        needs_g009.replace('name = "masthead and footer go"\n', 'name = "masthead and footer go"\ndetectors = true\n')
    )
    assert problems(folder) == []


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    broken = GOOD.replace("head = 2", "head = 0\nheed = 3").replace("'Example Gazette, all editions'", "'Example (Gazette'")
    found = problems(project(tmp_path, broken + "\n[[case]]\nname = 'x'\ninput = 'y'\nexpect = 3\n"))
    path = tmp_path / "rules" / "example.toml"
    assert found == [
        f"{path}:{line_of(broken, 'heed')}: rule 'example/masthead': unknown key 'heed' for kind 'line'",
        f"{path}:{line_of(broken, 'head = 0')}: rule 'example/masthead': head must be a whole number of at least 1",
        f"{path}:{line_of(broken, 'Example (Gazette')}: rule 'example/footer': pattern does not compile: missing ) at position 16",
        f"{path}:{len(broken.splitlines()) + 5}: a [[case]]'s expect must be a string",
    ]
