"""The JSON Schemas shipped in the package: up to date with the declared keys, and they agree
with the loader on the built-in rule files, the README's settings and broken files."""

import json
import re
import tomllib

import jsonschema
import pytest
from conftest import ROOT

from cleaner.schema import SCHEMAS, schema_files

RULE_FILE = json.loads((SCHEMAS / "rule-file.schema.json").read_text(encoding="utf-8"))
SETTINGS = json.loads((SCHEMAS / "settings.schema.json").read_text(encoding="utf-8"))


def test_the_shipped_schemas_are_the_generated_ones():
    """After changing a key, run `python -m cleaner.schema`."""
    for path, text in schema_files().items():
        assert path.read_text(encoding="utf-8") == text, path.name


@pytest.mark.parametrize("path", sorted((ROOT / "rules").glob("*.toml")), ids=lambda path: path.name)
def test_every_builtin_rule_file_is_valid(path):
    jsonschema.validate(tomllib.loads(path.read_text(encoding="utf-8")), RULE_FILE)


def test_the_readme_settings_are_valid():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = next(block for block in re.findall(r"```toml\n(.+?)```", readme, re.S) if "[tool.cleaner]" in block)
    jsonschema.validate(tomllib.loads(example)["tool"]["cleaner"], SETTINGS)


BROKEN_RULES = {
    "a key of another kind": {"id": "x", "kind": "line", "why": "w", "pattern": "a", "max_lines": 3},
    "a block without end": {"id": "x", "kind": "block", "why": "w", "pattern": "a"},
    "an unknown kind": {"id": "x", "kind": "paragraph", "why": "w", "pattern": "a"},
    "an id with spaces": {"id": "X Y", "kind": "line", "why": "w", "pattern": "a"},
    "head of 0": {"id": "x", "kind": "line", "why": "w", "pattern": "a", "head": 0},
}


@pytest.mark.parametrize("rule", BROKEN_RULES.values(), ids=BROKEN_RULES)
def test_a_broken_rule_is_refused(rule):
    document = {"outlet": {"name": "Example"}, "rule": [rule]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, RULE_FILE)


def test_broken_settings_are_refused():
    for settings in ({"guard": 0}, {"ignore": "G006"}, {"disable": [3]}, {"colour": True}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(settings, SETTINGS)
