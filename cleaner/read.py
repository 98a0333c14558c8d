"""Step 1: bytes in, text out. UTF-8 (with or without BOM) first, then charset detection."""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes


class InputError(ValueError):
    """Input the cleaner cannot read as text; the message says why."""


_SNIFF = 8192
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


def _control_share(sample: str) -> float:
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    return controls / len(sample) if sample else 0.0
