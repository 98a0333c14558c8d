"""The keys of a TOML table, declared once: their type, what they say, whether a file must give
them. The settings file and the rule files check their tables by them, and the JSON Schemas
(``cleaner.schema``) are made from them."""

from __future__ import annotations

from dataclasses import dataclass

#: The types a key may have, as JSON Schema states them.
TYPES = {
    "string": {"type": "string", "minLength": 1},
    "text": {"type": "string"},
    "pattern": {"type": "string", "minLength": 1, "format": "regex"},
    "strings": {"type": "array", "items": {"type": "string", "minLength": 1}},
    "boolean": {"type": "boolean"},
    "count": {"type": "integer", "minimum": 1},
    "share": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
}
#: What a value of the wrong type is told.
MUST_BE = {
    "string": "must be a non-empty string",
    "text": "must be a string",
    "pattern": "must be a non-empty string",
    "strings": "must be a list of non-empty strings",
    "boolean": "must be true or false",
    "count": "must be a whole number of at least 1",
    "share": "must be a number above 0 and at most 1",
}


@dataclass(frozen=True)
class Key:
    type: str  # one of TYPES
    doc: str
    required: bool = False
    default: object = None

    def accepts(self, value: object) -> bool:
        if self.type == "text":
            return isinstance(value, str)
        if self.type in ("string", "pattern"):
            return isinstance(value, str) and bool(value.strip())
        if self.type == "strings":
            return isinstance(value, list) and all(isinstance(item, str) and item for item in value)
        if self.type == "boolean":
            return isinstance(value, bool)
        is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if self.type == "count":
            return is_number and isinstance(value, int) and value >= 1
        return is_number and 0 < value <= 1

    def json_schema(self) -> dict:
        schema = {**TYPES[self.type], "description": self.doc}
        return schema if self.default is None else {**schema, "default": self.default}


def table_schema(keys: dict[str, Key], **extra) -> dict:
    """The JSON Schema of a table with these keys and no others."""
    required = [name for name, key in keys.items() if key.required]
    schema = {"type": "object", "properties": {name: key.json_schema() for name, key in keys.items()}, "additionalProperties": False}
    return {**schema, **({"required": required} if required else {}), **extra}
