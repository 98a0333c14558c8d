"""Decoding never rewrites kept words (issue 16, item 8): mostly-UTF-8 stays UTF-8 with the bad
bytes replaced and a warning, short Western text is windows-1252, NUL bytes anywhere mean
binary, and HTML pages are read the same way and accepted whatever precedes their <html>."""

from __future__ import annotations

import json

import pytest

from cleaner.cli import main
from cleaner.html import clean_html, read_html
from cleaner.read import InputError, read_text

FRENCH = "Le conseil a approuvé le budget lundi, a déclaré la maire. Les travaux débuteront en été."


@pytest.mark.parametrize("text", ["Café naïve", "Il était une fois, déjà.", "Ein Bär über Straße."])
def test_short_western_text_is_read_as_windows_1252(text):
    assert read_text(text.encode("cp1252")) == (text, [])


@pytest.mark.parametrize(
    "text, encoding",
    [("Zażółć gęślą jaźń, powiedział burmistrz.", "cp1250"), ("Москва заявила во вторник, что переговоры продолжатся.", "cp1251")],
)
def test_other_code_pages_are_still_found(text, encoding):
    assert read_text(text.encode(encoding))[0] == text


def test_mostly_utf8_keeps_its_words_and_warns_about_the_replaced_bytes():
    data = FRENCH.encode("utf-8").replace(b"lundi", b"lundi\x92")
    text, warnings = read_text(data)
    assert text == FRENCH.replace("lundi", "lundi\ufffd")
    assert warnings == ["1 invalid UTF-8 byte sequence replaced with U+FFFD"]


def test_nul_bytes_after_the_first_8_kb_are_binary_too():
    with pytest.raises(InputError, match="binary"):
        read_text(b"An article paragraph, the mayor said.\n" * 400 + b"\x00 tail")


def test_a_batch_reports_the_replacement_as_a_warning(tmp_path):
    source = tmp_path / "a.txt"
    source.write_bytes(FRENCH.encode("utf-8").replace(b"lundi", b"lundi\xff") + b"\n")
    report = tmp_path / "r.json"
    assert main(["clean", str(source), "-o", str(tmp_path / "out.txt"), "--report", str(report)]) == 0
    assert (tmp_path / "out.txt").read_text(encoding="utf-8").startswith("Le conseil a approuvé")
    assert "replaced with U+FFFD" in json.loads(report.read_text())["warnings"][0]["warning"]


PAGE = '<html><head><meta charset="utf-8"><title>Budget</title></head><body><article><p>{text}</p></article></body></html>'


def test_an_html_page_declared_utf8_with_one_bad_byte_keeps_its_accents(cleaner):
    data = PAGE.format(text=FRENCH).encode("utf-8").replace(b"lundi", b"lundi\xe9")
    text, warnings = read_html(data)
    assert "approuvé le budget" in text and "déclaré" in text and "été" in text
    assert warnings == ["1 invalid UTF-8 byte sequence replaced with U+FFFD"]
    assert "approuvé le budget" in clean_html(cleaner, data).text


@pytest.mark.parametrize(
    "before",
    [
        "<br />\n<b>Warning</b>:  Undefined variable $title in <b>/var/www/page.php</b> on line <b>12</b><br />\n" * 12,
        "Warning: session_start(): headers already sent in /var/www/index.php on line 3\n",
        "<style>" + "body { margin: 0 } " * 200 + "</style>\n",
        "<script>" + "var tracking = 1; " * 200 + "</script>\n",
    ],
    ids=["PHP warning", "plain PHP warning", "style", "script"],
)
def test_a_page_with_something_before_its_html_is_still_a_page(cleaner, before):
    data = (before + PAGE.format(text=FRENCH)).encode("utf-8")
    assert FRENCH in clean_html(cleaner, data).text
