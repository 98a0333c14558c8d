"""JSONL records: where the text (or HTML page) and the URL are, and what the output record carries.

Workers parse and write records themselves, so that a JSONL batch spreads all its work
over the pool and the main process only reads and writes lines.
"""

from __future__ import annotations

import json
import re
import sys
import uuid
from dataclasses import dataclass

from ..read import InputError

OUTLET_KEY, RULES_KEY, ERROR_KEY, SPANS_KEY = "cleaner_outlet", "cleaner_rules", "cleaner_error", "cleaner_spans"
OVERRULED_KEY = "cleaner_overruled"  # the rules whose proposed lines the decision step kept
CONFIDENCE_KEY = "cleaner_confidence"


class BadRecord(InputError):
    """A record that cannot be cleaned; ``record`` is set when it is still a JSON object."""

    def __init__(self, message: str, record: dict | None = None):
        super().__init__(message)
        self.record = record


@dataclass(frozen=True)
class RecordFormat:
    text_field: str = "text"
    url_field: str = "url"
    html_field: str | None = None  # the record holds an HTML page there
    annotate: bool = True  # add the outlet and the rules that fired (and an HTML page's metadata)
    spans: bool = False  # keep the text as it came and add the spans cleaning would remove

    def parse(self, raw: bytes) -> tuple[dict, str, str | None]:
        """The record, its text (or page) and its URL; BadRecord when it has none."""
        try:
            record = json.loads(raw, parse_int=_parse_int)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise BadRecord(f"not valid JSON: {exc}") from None
        except RecursionError:
            raise BadRecord("not readable: JSON nested too deeply") from None
        if not isinstance(record, dict):
            raise BadRecord("not a JSON object")
        field = self.html_field or self.text_field
        content = field_value(record, field, _MISSING)
        if not isinstance(content, str):
            problem = "no field" if content is _MISSING else "null field" if content is None else "not a string: field"
            raise BadRecord(f"{problem} {field!r}", record)
        url = field_value(record, self.url_field)
        return record, content, url if isinstance(url, str) else None

    def cleaned(
        self,
        record: dict,
        text: str,
        outlet: str | None,
        rules: list[str],
        overruled: list[str],
        confidence: float,
        page: dict | None,
        spans: list | None = None,
    ) -> bytes:
        """The output line: the record with its cleaned text (or, with ``spans``, as it came with
        the spans added), annotated unless told not to; BadRecord (with the record as it came)
        when it cannot be written."""
        cleaned = {**record, SPANS_KEY: spans} if self.spans else with_field(record, self.text_field, text)
        if self.annotate:
            cleaned[OUTLET_KEY], cleaned[RULES_KEY], cleaned[CONFIDENCE_KEY] = outlet, rules, round(confidence, 3)
            if overruled:
                cleaned[OVERRULED_KEY] = overruled
            cleaned.update({f"cleaner_{key}": value for key, value in (page or {}).items() if key != "url"})
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
_BIG_INT = f"cleaner-big-int-{uuid.uuid4().hex}:"
_BIG_INT_STRING = re.compile(rf'"{_BIG_INT}(-?[0-9]+)"')


def _parse_int(digits: str) -> int | str:
    limit = sys.get_int_max_str_digits()
    return _BIG_INT + digits if limit and len(digits.lstrip("-")) > limit else int(digits)


def _dumps(record: dict, ensure_ascii: bool) -> str:
    text = json.dumps(record, ensure_ascii=ensure_ascii)
    return _BIG_INT_STRING.sub(r"\1", text) if _BIG_INT in text else text
