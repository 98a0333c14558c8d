"""Properties of cleaning, on arbitrary text and on text built from the seeds' lines."""

from conftest import ROOT
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.cli import main
from cleaner.lexicon import lexicon_files
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

# Text built from headings, headlines, list items and prose, in several languages, with and
# without empty lines between them: the layouts where detectors read paragraph breaks.
LEXICON = lexicon_files()
HEADINGS = sorted(
    {phrase for lists in LEXICON.values() for key in ("story_list_headings", "teaser_headings") for phrase in lists.get(key, [])}
)
CHROME = sorted({phrase for lists in LEXICON.values() for key in ("read_more", "skip_links") for phrase in lists.get(key, [])})
HEADLINES = [
    "Council approves new budget for city schools",
    "Regierung plant neue Regeln für Mieter",
    "Le gouvernement annonce un plan pour les hôpitaux",
    "El Gobierno aprueba la reforma de las pensiones",
    "Governo anuncia novas regras para o trânsito",
    "Il sindaco presenta il piano per la città",
    "Власти объявили о новых мерах поддержки",
    "国务院发布新的经济政策措施",
    "政府が新たな経済対策を発表",
    "정부 새 경제 대책 발표",
    "from",
    "item",
]
PROSE = [
    "The council voted on Tuesday to approve the plan, the mayor said.",
    "Die Gewerkschaft hat ihre Mitglieder für Donnerstag zu einem Streik aufgerufen.",
    "Le projet de loi sera examiné par le Sénat la semaine prochaine.",
    "La medida entrará en vigor el próximo mes, según el ministerio.",
    "A decisão foi tomada depois de meses de negociações, disse o ministro.",
    "Secondo il ministero, le nuove regole entreranno in vigore a gennaio.",
    "По словам министра, новые правила вступят в силу в январе.",
    "新规定将于明年一月起施行。",
    "新しい規則は来年一月から施行される。",
    "새 규정은 내년 1월부터 시행된다.",
    "article paragraph, said.",
]
block_line = st.one_of(
    st.sampled_from(HEADINGS),
    st.sampled_from(CHROME),
    st.sampled_from(HEADLINES),
    st.sampled_from(HEADLINES).map("- {}".format),
    st.sampled_from(PROSE),
    st.sampled_from(FURNITURE),
)
line_end = st.sampled_from(["\n", "\n", "\n\n", "\r\n", "\r\n\r\n", "\n\n\n", "\n  \n"])
layouts = st.lists(st.tuples(st.sampled_from(["", "", "", "  "]), block_line, line_end), max_size=14).map(
    lambda parts: "".join(indent + line + end for indent, line, end in parts)
)


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


@settings(max_examples=2000, deadline=None)
@given(layouts, st.sampled_from([None, None, "moscowtimes", "chinadaily"]))
@example("article paragraph, said.\narticles liés\nfrom\n\nitem", None)  # the normalised layout made a list of it
@example("24小时热点\narticle précédent\n\nalso read\nThe council voted on Tuesday, the mayor said.\n", None)  # guarded, then not
@example(
    "- Le plan\nThe council voted, the mayor said.\nThe council voted, the mayor said.\n24小时热点\nNewspapers in English\nCouncil approves budget\n",
    None,
)
def test_the_normalised_output_is_a_fixed_point(text, source):
    once = CLEANER.clean(text, source=source)
    assert is_subsequence(content(once.text), content(text))
    assert CLEANER.clean(once.text, source=source).text == once.text


@settings(max_examples=1000, deadline=None)
@given(st.one_of(layouts, documents), st.sampled_from([None, None, "moscowtimes", "chinadaily"]))
def test_without_normalising_output_lines_are_input_lines_as_written(text, source):
    once = CLEANER.clean(text, source=source, normalise=False).text
    assert is_subsequence(once.splitlines(keepends=True), text.splitlines(keepends=True))
    assert CLEANER.clean(once, source=source, normalise=False).text == once
    if not CLEANER.clean(text, source=source, normalise=False).removals:
        assert once == text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines_of_seeds.filter(lambda text: text.strip()))
def test_check_agrees_with_clean(tmp_path, text):
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    code = main(["clean", "--check", "--quiet", str(article)])
    cleaned = CLEANER.clean(text, path=str(article), normalise=False).text
    assert code == (1 if cleaned != text else 0)
    assert article.read_text(encoding="utf-8") == text
