"""Properties of cleaning, on arbitrary text and on text built from the seeds' lines."""

from conftest import ROOT
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.cli import main
from cleaner.text import split_lines

CLEANER = Cleaner()
SEED_LINES = sorted({line.strip() for p in (ROOT / "seeds").rglob("*.txt") for line in p.read_text(encoding="utf-8").splitlines()})
FURNITURE = [
    "Read more",
    "×",
    "Share this article",
    "Advertisement",
    "Today's Top News",
    "- China pilots L3 vehicles on roads",
    "Check Also",
    "Once",
    "Monthly",
    "Support us",
    "skip to main content",
    "Newspapers in English",
    "Facebook",
]
OUTLETS = [None, *sorted(CLEANER.outlets)]

lines_of_seeds = st.lists(st.sampled_from(SEED_LINES + FURNITURE + [""]), max_size=40).map("\n".join)
any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
documents = st.one_of(lines_of_seeds, any_text)


def content(text: str) -> list[str]:
    return [line.strip() for line in split_lines(text) if line.strip()]


def is_subsequence(small: list[str], big: list[str]) -> bool:
    remaining = iter(big)
    return all(any(line == other for other in remaining) for line in small)


@settings(max_examples=300, deadline=None)
@given(documents, st.sampled_from(OUTLETS))
def test_cleaning_never_raises_and_invents_nothing(text, source):
    result = CLEANER.clean(text, source=source)
    assert is_subsequence(content(result.text), content(text))


@settings(max_examples=300, deadline=None)
@given(documents, st.sampled_from(OUTLETS))
@example("Newspapers in English\nToday's Top News", None)  # China Daily's furniture hid PressReader's
def test_cleaning_is_idempotent(text, source):
    once = CLEANER.clean(text, source=source).text
    assert CLEANER.clean(once, source=source).text == once


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines_of_seeds.filter(lambda text: text.strip()))
def test_check_agrees_with_clean(tmp_path, text):
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    code = main(["clean", "--check", "--quiet", str(article)])
    cleaned = CLEANER.clean(text, path=str(article)).text
    assert code == (1 if cleaned != text else 0)
    assert article.read_text(encoding="utf-8") == text
