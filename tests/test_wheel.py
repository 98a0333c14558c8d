"""A wheel built from the project carries the built-in rules, the lexicons, the line model's weights and the
schemas, and cleans with the rules."""

import json
import subprocess
import sys
import zipfile

from conftest import ROOT


def test_wheel_carries_builtin_rules(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
    )
    wheel = next(tmp_path.glob("cleaner-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    rule_files = sorted(p.name for p in (ROOT / "rules").glob("*.toml"))
    assert sorted(n.split("/")[-1] for n in names if n.startswith("cleaner/rules/")) == rule_files
    data = [*(ROOT / "cleaner" / "lexicon").glob("*.toml"), *(ROOT / "cleaner" / "linemodel").glob("*.json")]
    assert len(data) > 2 and {path.relative_to(ROOT).as_posix() for path in data} <= set(names)  # the lexicons, the model
    assert {"cleaner/schemas/rule-file.schema.json", "cleaner/schemas/settings.schema.json"} <= set(names)

    unpacked = tmp_path / "unpacked"
    zipfile.ZipFile(wheel).extractall(unpacked)
    probe = (
        "import json, cleaner, cleaner.rulefiles as r; "
        "print(cleaner.__file__); print(r.builtin_rules_dir()); print(json.dumps(sorted(cleaner.Cleaner().outlets)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, env={"PYTHONPATH": str(unpacked)}, capture_output=True, text=True, check=True
    )
    module, rules_dir, outlets = done.stdout.splitlines()
    assert module.startswith(str(unpacked)) and rules_dir.startswith(str(unpacked))
    assert json.loads(outlets) == [p.removesuffix(".toml") for p in rule_files]
