"""Bytes in: encodings, BOMs, line ends, and binary input refused."""

import os

import pytest

from cleaner.read import InputError, decode

TEXT = "Café owners protest — “prices are too high”\n\nThe protest began at 9 a.m.\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.replace("\n", "\r\n").encode("utf-8"),
        TEXT.replace("\n", "\r").encode("utf-8"),
        TEXT.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8 with BOM", "CRLF", "CR", "cp1252"],
)
def test_text_is_read_whatever_its_bytes(data, cleaner):
    assert cleaner.clean_bytes(data).text == TEXT


def test_latin1_is_read():
    text = "Zürich: Bürger stimmen über die Verlängerung der Straßenbahnlinie ab. Die Abstimmung ist am Sonntag."
    assert decode(text.encode("latin-1")) == text


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", os.urandom(4096)], ids=["png", "random"])
def test_binary_is_refused(data):
    with pytest.raises(InputError, match="binary|encoding"):
        decode(data)


def test_other_unicode_line_breaks_stay_inside_their_line(cleaner):
    text = "Headline\n\nOne paragraph\u2028with a line separator inside.\n"
    assert cleaner.clean(text).text == text
