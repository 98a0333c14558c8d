"""JSON Schemas of rule files and of ``[tool.cleaner]``, made from the keys the files declare, and
shipped in the package (``cleaner/schemas/``) so that editors (Taplo, Even Better TOML) complete
and check them. ``python -m cleaner.schema`` writes them again after a key changes."""

from __future__ import annotations

import json
from pathlib import Path

from .config import KEYS as SETTINGS_KEYS
from .outlet_rules import KINDS, kind_keys
from .rulefiles import CASE_KEYS, HTML_KEYS, ID, KIND_KEY, OUTLET_KEYS
from .tables import table_schema

SCHEMAS = Path(__file__).parent / "schemas"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def rule_file_schema() -> dict:
    kinds = []
    for name, kind in KINDS.items():
        keys = kind_keys(kind)
        rule = table_schema({"kind": KIND_KEY, **keys}, title=f"a {name} rule", description=(kind.__doc__ or "").split("\n")[0])
        rule["properties"]["kind"] = {**rule["properties"]["kind"], "const": name}
        rule["properties"]["id"] = {**rule["properties"]["id"], "pattern": f"^{ID.pattern}$"}
        kinds.append(rule)
    outlet = table_schema(OUTLET_KEYS, description="The outlet (or platform) the file describes; its id is the file's name.")
    return {
        "$schema": DRAFT,
        "title": "cleaner rule file",
        "description": "One outlet's furniture: rules/<outlet>.toml.",
        "type": "object",
        "required": ["outlet"],
        "additionalProperties": False,
        "properties": {
            "outlet": outlet,
            "html": table_schema(HTML_KEYS, description="Selectors of page furniture, for HTML input."),
            "rule": {"type": "array", "description": "The outlet's removal rules.", "items": {"oneOf": kinds}},
            "case": {"type": "array", "description": "The file's own tests.", "items": table_schema(CASE_KEYS)},
        },
    }


def settings_schema() -> dict:
    settings = table_schema(SETTINGS_KEYS, description="cleaner's settings: [tool.cleaner] in pyproject.toml, or cleaner.toml.")
    return {
        "$schema": DRAFT,
        "title": "cleaner settings",
        **settings,
    }


def schema_files() -> dict[Path, str]:
    """Each schema file's path and text."""
    schemas = {"rule-file.schema.json": rule_file_schema(), "settings.schema.json": settings_schema()}
    return {SCHEMAS / name: json.dumps(schema, indent=2, ensure_ascii=False) + "\n" for name, schema in schemas.items()}


if __name__ == "__main__":
    for path, text in schema_files().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
