"""The README stays true: its test command is CI's, and its table of codes is the registry's."""

import re

from conftest import ROOT

from cleaner.registry import CODES, markdown_table

README = (ROOT / "README.md").read_text(encoding="utf-8")


#: The README's test commands: its one-line shell blocks that run pytest, in their order.
TEST_COMMANDS = [command for command in re.findall(r"```sh\n(.+?)\n```", README) if "pytest" in command]


def test_ci_runs_exactly_the_readme_test_commands():
    """.ci/run's commands are the README's, in their order, and nothing else (after its set-up lines);
    each ends the run when any of its commands fails (``set -e`` alone would go on after a failed
    lint inside an ``&&`` list)."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = [line for line in ci if line and not line.startswith(("#", "set ", "cd "))]
    assert all(line.endswith(" || exit $?") for line in commands)
    assert [line.removesuffix(" || exit $?") for line in commands] == TEST_COMMANDS


def test_readme_table_of_codes_is_the_generated_one():
    """Regenerate it with `cleaner rule --all --format markdown`."""
    assert markdown_table(sorted(CODES, key=lambda code: code.code)) in README


def test_the_readme_test_commands_install_what_every_test_needs():
    """The test extra stays small for contributors; the first command CI runs adds the datatrove
    extra, so that the datatrove tests run there; the second the ray extra, for the Ray test alone."""
    tests, ray = TEST_COMMANDS
    assert "pip install -q -e '.[test,datatrove]'" in tests and "ray" not in tests
    assert "pip install -q -e '.[test,datatrove,ray]'" in ray and ray.endswith("pytest tests/test_ray.py")


def test_ray_is_an_extra_of_its_own():
    import tomllib

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert [need for need in extras["ray"] if need.startswith("ray")] and not [
        need for need in extras["datatrove"] if need.startswith("ray")
    ]


def test_without_the_ray_extra_the_ray_test_is_skipped_saying_which_extra(tmp_path):
    import subprocess
    import sys

    run = "import sys; sys.modules['ray'] = None; import pytest; sys.exit(pytest.main(['-q', '-rs', '-p', 'no:cacheprovider', 'tests/test_ray.py']))"
    done = subprocess.run([sys.executable, "-c", run], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 5, done.stdout  # pytest's "no tests ran": the module is skipped whole
    assert "SKIPPED" in done.stdout and "the ray extra: pip install -e '.[test,datatrove,ray]'" in done.stdout


def test_readme_tables_of_figures_are_the_committed_results():
    """Regenerate them with `bench/summary.py --write` after a benchmark run."""
    from bench.summary import TABLES, in_readme

    for name in TABLES:
        assert in_readme(README, name) == README, f"the README's {name} table is not bench/results' (bench/summary.py --write)"
