"""``cleaner learn``: furniture found across many articles, proposed as a rule file that cleans them to their bodies."""

import random
from dataclasses import replace

import pytest
from furniture import APPEAL, FOOTER, MASTHEAD, article

from cleaner import Cleaner
from cleaner.authoring.learn import ProposedRule, Sample, learn, looks_like_prose
from cleaner.authoring.rulecheck import RuleChecker
from cleaner.authoring.rulewriter import OutletHeader, proposed_rule_file
from cleaner.cli import main
from cleaner.rulefiles import load_rule_file

ARTICLES = [article(n) for n in range(30)]


def write_articles(folder, names=None):
    folder.mkdir(parents=True, exist_ok=True)
    for n, (page, _) in enumerate(ARTICLES):
        name = names[n] if names else f"{n:02}.txt"
        (folder / name).write_text(page, encoding="utf-8")
    return folder


def test_the_articles_share_furniture_and_not_bodies():
    bodies = [set(body.splitlines()) - {""} for _, body in ARTICLES]
    assert all(not (a & b) for i, a in enumerate(bodies) for b in bodies[i + 1 :])


@pytest.fixture(scope="module")
def learned(tmp_path_factory):
    folder = write_articles(tmp_path_factory.mktemp("ledger") / "articles")
    output = folder.parent / "rules" / "harbour-ledger.toml"
    assert main(["learn", str(folder), "--outlet", "harbour-ledger", "--name", "The Harbour Ledger", "-o", str(output)]) == 0
    return output


def test_proposal_cleans_every_article_to_its_body(learned):
    cleaner = Cleaner([learned.parent])
    for page, body in ARTICLES:
        assert cleaner.clean(page, source="harbour-ledger").text == body


def test_proposal_is_a_valid_rule_file_with_commented_rules_and_cases(learned):
    outlet = load_rule_file(learned)
    kinds = {rule.id.split("/")[1]: type(rule).__name__ for rule in outlet.own_rules}
    assert "CutToEndRule" in kinds.values() and "BlockRule" in kinds.values() and "LineRule" in kinds.values()
    assert outlet.paths == ["*/harbour-ledger/*"]
    assert outlet.cases and any(case.expect is None for case in outlet.cases)
    text = learned.read_text(encoding="utf-8")
    assert text.count("[[rule]]") == len(outlet.own_rules)
    assert text.count(" of 30 documents\n") >= len(outlet.own_rules)
    assert "# in 24 of 30 documents" in text  # the appeal box, missing from one page in five


def test_signatures_are_the_outlets_own_recurring_lines(learned):
    signatures = load_rule_file(learned).signatures
    assert signatures and signatures[0] in (MASTHEAD + [FOOTER])
    assert "Share this article" not in signatures  # generic chrome says nothing about the outlet


def test_proposal_passes_rules_check(learned):
    assert RuleChecker(learned.parent).run().problems == []


def test_result_does_not_depend_on_file_names_or_order(tmp_path, learned):
    names = [f"{n:03}-{random.Random(n).random():.6f}.txt" for n in range(30)]
    random.Random(7).shuffle(names)
    folder = write_articles(tmp_path / "shuffled", names)
    assert (
        main(["learn", str(folder), "--outlet", "harbour-ledger", "--name", "The Harbour Ledger", "-o", str(tmp_path / "again.toml")]) == 0
    )
    proposed = learned.read_text(encoding="utf-8")
    again = (tmp_path / "again.toml").read_text(encoding="utf-8")

    def strip_case_names(text):
        return [line for line in text.splitlines() if not line.startswith("name = 'the ")]

    assert strip_case_names(again) == strip_case_names(proposed)


def samples(pages):
    return [Sample(f"{n}.txt", page) for n, page in enumerate(pages)]


def test_text_in_only_one_document_is_never_proposed():
    pages = [page for page, _ in ARTICLES[:3]]
    pages[0] = pages[0].replace(FOOTER, FOOTER + "\n\nCorrection: an earlier version misspelled a name.")
    proposal = learn(samples(pages), share=0.01)
    lines_of = [set(page.splitlines()) for page in pages]
    for rule in proposal.rules:
        literal = rule.pattern.replace("\\", "")
        assert sum(literal in lines for lines in lines_of) >= 2, rule
    assert all(sum(text in lines for lines in lines_of) >= 2 for text, _ in proposal.signatures)


def test_no_rule_removes_a_paragraph_of_prose_found_in_one_document(tmp_path):
    note = "The council will publish the full list of approved projects on its website next week."
    assert looks_like_prose(note)
    pages = [page for page, _ in ARTICLES[:6]]
    pages[2] = pages[2].replace(FOOTER, f"{note}\n\n{FOOTER}")  # prose after the "More from the Ledger" list
    text, proposal = proposed_rule_file(samples(pages), OutletHeader("ledger"))
    (tmp_path / "ledger.toml").write_text(text, encoding="utf-8")
    cleaned = Cleaner([tmp_path]).clean(pages[2], source="ledger").text
    assert note in cleaned
    assert "More from the Ledger" not in cleaned  # the list still goes, by another rule
    for page, (_, body) in zip(pages, ARTICLES, strict=False):
        assert set(body.splitlines()) <= set(Cleaner([tmp_path]).clean(page, source="ledger").text.splitlines())


def test_appeal_lines_of_a_block_are_furniture_not_prose_of_one_document():
    proposal = learn(samples(page for page, _ in ARTICLES))
    block = next(rule for rule in proposal.rules if rule.kind == "block" and rule.pattern == APPEAL[0])
    assert block.documents == 24 and block.max_lines == len(APPEAL)


def test_learn_needs_two_documents(tmp_path, capsys):
    (tmp_path / "one.txt").write_text(ARTICLES[0][0], encoding="utf-8")
    assert main(["learn", str(tmp_path), "--outlet", "x", "-o", "-"]) == 2
    assert "at least two" in capsys.readouterr().err


def test_learn_refuses_to_overwrite(tmp_path, capsys):
    write_articles(tmp_path / "in")
    (tmp_path / "x.toml").write_text("keep me", encoding="utf-8")
    assert main(["learn", str(tmp_path / "in"), "--outlet", "x", "-o", str(tmp_path / "x.toml")]) == 2
    assert (tmp_path / "x.toml").read_text(encoding="utf-8") == "keep me"
    assert "--force" in capsys.readouterr().err


def test_learn_to_stdout_and_bad_files_are_reported(tmp_path, capsys):
    folder = write_articles(tmp_path / "in")
    (folder / "broken.txt").write_bytes(b"\x00\x01" * 50)
    assert main(["learn", str(folder), "--outlet", "x", "-o", "-"]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("# Proposed by `cleaner learn` from 30 documents")
    assert f"{folder / 'broken.txt'}: binary data" in captured.err


def test_the_written_file_drops_a_rule_that_removes_lone_prose_in_the_real_pipeline(tmp_path, monkeypatch):
    """The last safety net: the draft is run as the pipeline runs it, and an unsafe rule is dropped."""
    import cleaner.authoring.rulewriter as rulewriter

    note = "The council will publish the full list of approved projects on its website next week."
    pages = [page for page, _ in ARTICLES[:4]]
    pages[1] = pages[1].replace(FOOTER, f"{note}\n\n{FOOTER}")
    unsafe = ProposedRule("greedy", "line", r"The council will .+", "A rule too wide", 1)
    monkeypatch.setattr(rulewriter, "learn", lambda *args: (lambda p: replace(p, rules=[*p.rules, unsafe]))(learn(*args)))
    text, proposal = proposed_rule_file(samples(pages), OutletHeader("ledger"))
    assert unsafe not in proposal.rules and 'id = "greedy"' not in text
    (tmp_path / "ledger.toml").write_text(text, encoding="utf-8")
    assert note in Cleaner([tmp_path]).clean(pages[1], source="ledger").text


def test_a_rule_that_fires_only_after_the_detectors_gets_a_case_that_runs_them(tmp_path, monkeypatch):
    """The notice box spans three lines; the rule takes at most two, which it finds once G007 has taken the advert."""
    import cleaner.authoring.rulewriter as rulewriter

    pages = [page for page, _ in ARTICLES[:4]]
    pages[2] = pages[2].replace("Share this article", "Ferry notice\n\nAdvertisement\n\nEnd of ferry notice\n\nShare this article")
    notice = ProposedRule("ferry-notice", "block", "Ferry notice", "The ferry notice box", 1, end="End of ferry notice", max_lines=2)
    monkeypatch.setattr(rulewriter, "learn", lambda *args: (lambda p: replace(p, rules=[*p.rules, notice]))(learn(*args)))
    text, proposal = proposed_rule_file(samples(pages), OutletHeader("ledger"))
    assert notice in proposal.rules
    (tmp_path / "ledger.toml").write_text(text, encoding="utf-8")
    cases = load_rule_file(tmp_path / "ledger.toml").cases
    assert [case.detectors for case in cases if "Ferry notice" in case.input] == [True]
    assert sum(case.detectors for case in cases) == 1
    assert RuleChecker(tmp_path).run().problems == []
