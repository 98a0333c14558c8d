"""JSONL records: where the text (or HTML page) and the URL are, and what the output record carries.

Workers parse and write records themselves, so that a JSONL batch spreads all its work
over the pool and the main process only reads and writes lines.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..read import InputError

OUTLET_KEY, RULES_KEY, ERROR_KEY, SPANS_KEY = "cleaner_outlet", "cleaner_rules", "cleaner_error", "cleaner_spans"


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
            record = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise BadRecord(f"not valid JSON: {exc}") from None
        if not isinstance(record, dict):
            raise BadRecord("not a JSON object")
        field = self.html_field or self.text_field
        content = field_value(record, field)
        if not isinstance(content, str):
            raise BadRecord(f"no field {field!r}" if content is None else f"field {field!r} is not a string", record)
        url = field_value(record, self.url_field)
        return record, content, url if isinstance(url, str) else None

    def cleaned(self, record: dict, text: str, outlet: str | None, rules: list[str], page: dict | None, spans: list | None = None) -> bytes:
        """The output line: the record with its cleaned text (or, with ``spans``, as it came with
        the spans added), annotated unless told not to."""
        record = {**record, SPANS_KEY: spans} if self.spans else with_field(record, self.text_field, text)
        if self.annotate:
            record[OUTLET_KEY], record[RULES_KEY] = outlet, rules
            record.update({f"cleaner_{key}": value for key, value in (page or {}).items() if key != "url"})
        return _line(record)

    def failed(self, record: dict, error: str) -> bytes:
        """The output line of a record that could not be cleaned: as it came, marked unless told not to."""
        return _line({**record, ERROR_KEY: error} if self.annotate else record)


def field_value(record: dict, path: str):
    """A field by name, or by a dotted path into nested objects (``metadata.url``, as datatrove
    and Dolma lay records out); None when there is none."""
    if path in record:
        return record[path]
    value = record
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def with_field(record: dict, path: str, value) -> dict:
    """A copy of the record with the field (named, or at a dotted path) set to ``value``."""
    head, dot, rest = path.partition(".")
    if path in record or not dot or not isinstance(record.get(head, {}), dict):
        return {**record, path: value}
    return {**record, head: with_field(record.get(head, {}), rest, value)}


def _line(record: dict) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"
