"""JSONL records: where the text (or HTML page) and the URL are, and what the output record carries.

Workers parse and write records themselves, so that a JSONL batch spreads all its work
over the pool and the main process only reads and writes lines.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from ..read import InputError
from ..render import as_markdown

if TYPE_CHECKING:
    from .items import Outcome

OUTLET_KEY, RULES_KEY, ERROR_KEY, SPANS_KEY = "cleaner_outlet", "cleaner_rules", "cleaner_error", "cleaner_spans"
CONFIDENCE_KEY, REMOVALS_KEY, WARNINGS_KEY = "cleaner_confidence", "cleaner_removals", "cleaner_warnings"
OVERRULED_KEY = "cleaner_overruled"  # the rules whose proposed lines the decision step kept


class BadRecord(InputError):
    """A record that cannot be cleaned; ``record`` is set when it is still a JSON object, and
    ``raw`` when it is a JSON object nested too deeply for Python to read (its line as it came)."""

    def __init__(self, message: str, record: dict | None = None, raw: bytes | None = None):
        super().__init__(message)
        self.record, self.raw = record, raw


@dataclass(frozen=True)
class Span:
    """A large record left in its (uncompressed) file: the worker reads it there, so that the
    main process neither keeps a copy of it nor sends one through the pool."""

    path: str
    offset: int
    length: int

    def read(self) -> bytes:
        try:
            with open(self.path, "rb") as stream:
                stream.seek(self.offset)
                return stream.read(self.length)
        except OSError as exc:
            raise BadRecord(f"cannot be read again from {self.path}: {exc.strerror or exc}") from None


@dataclass(frozen=True)
class RecordFormat:
    text_field: str = "text"
    url_field: str = "url"
    html_field: str | None = None  # the record holds an HTML page there
    annotate: bool = True  # add the outlet and the rules that fired (and an HTML page's metadata)
    #: --format: "text" (the cleaned text), "json" (and every removal and warning, as --format
    #: json gives them), "markdown" (the cleaned text as Markdown) or "spans" (the text as it
    #: came, and the spans cleaning would remove)
    form: str = "text"

    def parse(self, raw: bytes | Span) -> tuple[dict, str, str | None]:
        """The record, its text (or page) and its URL; BadRecord when it has none."""
        if isinstance(raw, Span):
            raw = raw.read()
        try:
            record = json.loads(raw, parse_int=_parse_int)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise BadRecord(f"not valid JSON: {exc}") from None
        except RecursionError:
            raise BadRecord("not readable: JSON nested too deeply", raw=raw if one_object(raw) else None) from None
        if not isinstance(record, dict):
            raise BadRecord("not a JSON object")
        field = self.html_field or self.text_field
        content = field_value(record, field, _MISSING)
        if not isinstance(content, str):
            problem = "no field" if content is _MISSING else "null field" if content is None else "not a string: field"
            raise BadRecord(f"{problem} {field!r}", record)
        url = field_value(record, self.url_field)
        return record, content, url if isinstance(url, str) else None

    def take_text(self, record: dict) -> str:
        """The record's text (``parse`` found it), its field left None in place (where ``cleaned``
        writes the cleaned text)."""
        holder, key = _holder(record, self.text_field)
        text, holder[key] = holder[key], None
        return text

    def cleaned(self, record: dict, outcome: Outcome, spans: list | None = None) -> bytes:
        """The output line: the record with its cleaned text in the ``form`` asked for (for
        "spans", as it came with the ``spans`` added), annotated unless told not to; BadRecord
        (with the record as it came) when it cannot be written."""
        if self.form == "spans":
            cleaned = {**record, SPANS_KEY: spans}
        else:
            text = as_markdown(outcome.text) if self.form == "markdown" else outcome.text
            cleaned = with_field(record, self.text_field, text)
        if self.form == "json":
            cleaned[REMOVALS_KEY] = [asdict(removal) for removal in outcome.removals]
            cleaned[WARNINGS_KEY] = outcome.warnings
        if self.annotate:
            cleaned[OUTLET_KEY], cleaned[RULES_KEY] = outcome.outlet, outcome.rules_fired
            cleaned[CONFIDENCE_KEY] = round(outcome.confidence, 3)
            if outcome.rules_overruled:
                cleaned[OVERRULED_KEY] = outcome.rules_overruled
            cleaned.update({f"cleaner_{key}": value for key, value in (outcome.page or {}).items() if key != "url"})
        try:
            return _line(cleaned)
        except BadRecord as exc:
            raise BadRecord(str(exc), record) from None

    def failed(self, record: dict, error: str) -> bytes:
        """The output line of a record that could not be cleaned: as it came, marked unless told
        not to (in ASCII with escapes when it cannot be UTF-8, as with a lone surrogate)."""
        record = {**record, ERROR_KEY: error} if self.annotate else record
        try:
            return _line(record)
        except BadRecord:
            return _escaped_line(record)

    def failed_raw(self, raw: bytes, error: str) -> bytes:
        """The output line of a record too deep to read (``one_object``): its line as it came,
        marked unless told not to, the mark written in before the closing brace."""
        line = raw.rstrip(b" \t\r\n")
        if self.annotate:
            line = line[:-1] + b", " + json.dumps({ERROR_KEY: error}).encode("ascii")[1:]
        return line + b"\n"

    def failed_bad(self, exc: BadRecord) -> bytes | None:
        """The output line of a record that failed as ``exc`` says, or None when it is not a
        JSON object (it is reported, not written)."""
        if exc.record is not None:
            return self.failed(exc.record, str(exc))
        return None if exc.raw is None else self.failed_raw(exc.raw, str(exc))


_MISSING = object()


def field_value(record: dict, path: str, missing=None):
    """A field by name, or by a dotted path into nested objects (``metadata.url``, as datatrove
    and Dolma lay records out); ``missing`` when there is none."""
    if path in record:
        return record[path]
    value = record
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return missing
        value = value[key]
    return value


def _holder(record: dict, path: str) -> tuple[dict, str]:
    """The object and key a field is at (``field_value`` found it there)."""
    if path in record:
        return record, path
    *heads, key = path.split(".")
    for head in heads:
        record = record[head]
    return record, key


def with_field(record: dict, path: str, value) -> dict:
    """A copy of the record with the field (named, or at a dotted path) set to ``value``."""
    head, dot, rest = path.partition(".")
    if path in record or not dot or not isinstance(record.get(head, {}), dict):
        return {**record, path: value}
    return {**record, head: with_field(record.get(head, {}), rest, value)}


def _line(record: dict) -> bytes:
    """The record as one UTF-8 line; a lone surrogate (valid in JSON, not in UTF-8) fails."""
    try:
        return _dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"
    except UnicodeEncodeError as exc:
        raise BadRecord(f"cannot be written as UTF-8: {exc.reason} (U+{ord(exc.object[exc.start]):04X})", record) from None
    except RecursionError:
        raise BadRecord("cannot be written: JSON nested too deeply", record) from None


def _escaped_line(record: dict) -> bytes:
    """The record as one ASCII line, every non-ASCII character escaped (lone surrogates too)."""
    return _dumps(record, ensure_ascii=True).encode("ascii") + b"\n"


#: Integers longer than Python converts (``sys.get_int_max_str_digits``) are kept as strings of
#: their digits behind a marker no record holds, and written back as the numbers they were.
_BIG_INT = f"cleaner-big-int-{os.urandom(16).hex()}:"
_BIG_INT_STRING = re.compile(rf'"{_BIG_INT}(-?[0-9]+)"')


def _parse_int(digits: str) -> int | str:
    limit = sys.get_int_max_str_digits()
    return _BIG_INT + digits if limit and len(digits.lstrip("-")) > limit else int(digits)


def _dumps(record: dict, ensure_ascii: bool) -> str:
    text = json.dumps(record, ensure_ascii=ensure_ascii)
    return _BIG_INT_STRING.sub(r"\1", text) if _BIG_INT in text else text


#: A JSON token: punctuation, a string, or a number or literal (as Python's json reads them).
_TOKEN = re.compile(
    r"""[ \t\n\r]*(?:([{}\[\]:,])|("(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*")"""
    r"""|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null|NaN|-?Infinity)"""
)

_CLOSES = {"{": "}", "[": "]"}


def one_object(raw: bytes) -> bool:
    """Whether a line is one well-formed JSON object, however deeply nested: read token by
    token with a stack, where Python's json gives up (RecursionError)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    open_, state, position = [], "start", 0  # state: what may come next
    while (token := _TOKEN.match(text, position)) is not None:
        position = token.end()
        mark, string = token[1], token[2]
        if state == "start" and mark == "{" or state in ("value", "value or ]") and mark in ("{", "["):
            open_.append(mark)
            state = "key or }" if mark == "{" else "value or ]"
        elif state in ("key", "key or }") and string is not None:
            state = "colon"
        elif state == "colon" and mark == ":":
            state = "value"
        elif state in ("value", "value or ]") and mark is None:
            state = "comma or close"
        elif state == "comma or close" and mark == "," and open_:
            state = "key" if open_[-1] == "{" else "value"
        elif mark in ("}", "]") and open_ and _CLOSES[open_[-1]] == mark and state in ("comma or close", "key or }", "value or ]"):
            open_.pop()
            state = "comma or close" if open_ else "end"
        else:
            return False
    return state == "end" and not text[position:].strip(" \t\n\r")
