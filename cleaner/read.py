"""Step 1: bytes in, text out. UTF-8 (with or without BOM) first, then charset detection;
and telling HTML pages from text by their content."""

from __future__ import annotations

import codecs
import zlib

import regex
from charset_normalizer import from_bytes


class InputError(ValueError):
    """Input the cleaner cannot read as text; the message says why."""


_SNIFF = 8192
GZIP_MAGIC = b"\x1f\x8b"
_HTML_SNIFF = 1024
_HTML_START = regex.compile(r"<(?:!doctype\s+html|html|head|body)[\s>/]", regex.IGNORECASE)
#: Share of control characters above which decoded bytes are taken for binary data.
MAX_CONTROL_SHARE = 0.01


def decode(data: bytes) -> str:
    """Decode scraped bytes to text, refusing binary data and unknown encodings."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if b"\x00" in data[:_SNIFF] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError("binary data (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise InputError("not text in any encoding the cleaner recognises") from None
        text = str(best)
    if _control_share(text[:_SNIFF]) > MAX_CONTROL_SHARE:
        raise InputError("binary data (control characters), not text")
    return text


_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _control_share(sample: str) -> float:
    """Share of control characters (other than tab, line ends and form feed) in the sample."""
    return len(_CONTROL.findall(sample)) / len(sample) if sample else 0.0


def looks_like_html(data: bytes | str) -> bool:
    """True when the content starts as an HTML page does (a doctype, <html>, <head> or <body>
    near the start), also inside gzip-compressed bytes."""
    if isinstance(data, bytes):
        if data.startswith(GZIP_MAGIC):
            data = _gunzip_head(data)
        data = _sniff_text(data[:_HTML_SNIFF])
    head = data[:_HTML_SNIFF].lstrip("\ufeff \t\r\n")
    return head.startswith("<") and _HTML_START.search(head) is not None


def _sniff_text(head: bytes) -> str:
    """The start of a page as text, enough to see its tags: UTF-16 by its BOM, else bytewise."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", "ignore")
    return head.removeprefix(codecs.BOM_UTF8).decode("latin-1")


def _gunzip_head(data: bytes) -> bytes:
    try:
        return zlib.decompressobj(wbits=31).decompress(data, _HTML_SNIFF)
    except zlib.error:
        return b""
