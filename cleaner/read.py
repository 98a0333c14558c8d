"""Step 1: bytes in, text out. UTF-8 (with or without BOM) first, then charset detection;
and telling HTML pages from text by their content."""

from __future__ import annotations

import codecs
import zlib

import regex


class InputError(ValueError):
    """Input the cleaner cannot read as text; the message says why."""


_SNIFF = 8192
GZIP_MAGIC = b"\x1f\x8b"
_HTML_SNIFF = 8192
#: How far into a page known to be HTML its first doctype, <html>, <head> or <body> may stand.
_HTML_PAGE_SNIFF = 65536
_HTML_START = regex.compile(r"<(?:!doctype\s+html|html|head|body)[\s>/]", regex.IGNORECASE)
#: Share of control characters above which decoded bytes are taken for binary data.
MAX_CONTROL_SHARE = 0.01


def decode(data: bytes) -> str:
    """Decode scraped bytes to text, refusing binary data and unknown encodings."""
    return read_text(data)[0]


def read_text(data: bytes) -> tuple[str, list[str]]:
    """Decode scraped bytes to text, with a warning for each thing that was not clean: UTF-8
    first; mostly-UTF-8 with a few invalid bytes stays UTF-8, those bytes replaced (U+FFFD);
    otherwise the detected code page, windows-1252 when it fits as well as the best one.
    Binary data (NUL bytes, C0 control characters) and unknown encodings are refused; C1
    control characters (U+0080-U+009F) are mojibake, not binary: kept, with a warning."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError("binary data (NUL bytes), not text")
    try:
        text, warnings = data.decode("utf-8"), []
    except UnicodeDecodeError:
        text, warnings = mostly_utf8(data) or (_detected(data), [])
    if _control_share(text[:_SNIFF]) > MAX_CONTROL_SHARE or "\x00" in text:
        raise InputError("binary data (control characters), not text")
    c1 = len(_C1.findall(text))
    if c1:
        warnings.append(
            f"{c1} C1 control character{'s' if c1 > 1 else ''} (U+0080-U+009F), kept as they are:"
            " mojibake (UTF-8 once read as windows-1252 or latin-1, and saved again)?"
        )
    return text, warnings


def mostly_utf8(data: bytes) -> tuple[str, list[str]] | None:
    """Bytes that are not valid UTF-8 as UTF-8 with replacements (U+FFFD) and a warning, when
    they hold more valid multi-byte characters than invalid sequences (a UTF-8 text with a
    few stray bytes); None otherwise (another encoding)."""
    text = data.decode("utf-8", "replace")
    replaced = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = sum(1 for char in text if char > "\x7f") - text.count("\ufffd")
    if valid <= replaced:
        return None
    return text, [f"{replaced} invalid UTF-8 byte sequence{'s' if replaced > 1 else ''} replaced with U+FFFD"]


def _detected(data: bytes) -> str:
    """The text in the code page charset-normalizer finds; windows-1252 wins a tie (short
    Western texts fit several code pages equally well)."""
    from charset_normalizer import from_bytes  # only for bytes that are not UTF-8

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise InputError("not text in any encoding the cleaner recognises")
    western = next((match for match in matches if match.encoding == "cp1252"), None)
    if western is not None and western.chaos <= best.chaos:
        best = western
    return str(best)


_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
#: The C1 controls, which UTF-8 read as windows-1252 or latin-1 and saved again is full of.
_C1 = regex.compile(r"[\x80-\x9f]")


def _control_share(sample: str) -> float:
    """Share of C0 control characters (other than tab, line ends and form feed) and DEL in the sample."""
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


def holds_html_page(text: str) -> bool:
    """True when text known to be an HTML page (by its name, field or content type) has a
    doctype, <html>, <head> or <body> in its first 64 KB, whatever comes before it: real pages
    may start with a PHP warning, a <style> or a <script>."""
    return _HTML_START.search(text[:_HTML_PAGE_SNIFF]) is not None


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
