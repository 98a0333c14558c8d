"""Step 1: bytes in, text out. UTF-8 (with or without BOM) first, then charset detection."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes


class InputError(ValueError):
    """Input the cleaner cannot read as text; the message says why."""


_SNIFF = 8192


def decode(data: bytes) -> str:
    """Decode scraped bytes to text, refusing binary data and unknown encodings."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if b"\x00" in data[:_SNIFF] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError("binary data (NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise InputError("not text in any encoding the cleaner recognises")
    return str(best)
