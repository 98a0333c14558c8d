"""The layers hold (the import-linter contract in pyproject.toml) and docs/architecture.md names
every module and package of cleaner/, and only ones that exist."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "cleaner"
NAMED = re.compile(r"`(cleaner/[\w/]*?(?:\.py|/))`")


def test_no_import_runs_up_a_layer():
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_architecture_page_names_every_module_and_package():
    named = set(NAMED.findall((ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")))
    assert named, "no module named in docs/architecture.md"
    missing = sorted(name for name in named if not (ROOT / name).exists())
    assert not missing, f"docs/architecture.md names what does not exist: {missing}"
    modules = {f"cleaner/{path.name}" for path in PACKAGE.glob("*.py") if path.name != "__init__.py"}
    packages = {f"cleaner/{path.parent.name}/" for path in PACKAGE.glob("*/__init__.py")}
    unnamed = sorted((modules | packages) - named)
    assert not unnamed, f"docs/architecture.md does not name: {unnamed}"
