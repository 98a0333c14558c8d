"""Settings from the user's repository: ``[tool.cleaner]`` in pyproject.toml, or cleaner.toml.

Found by looking in the current folder and its parents; the first folder that has a
cleaner.toml, or a pyproject.toml with a ``[tool.cleaner]`` table, is the project root.
Folders in ``rules`` and globs in ``include``/``exclude`` are relative to that root.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

KEYS = {"rules", "include", "exclude", "select", "ignore", "disable", "guard"}


class ConfigError(ValueError):
    """A settings file that cannot be used; the message names it."""


@dataclass
class Settings:
    path: Path | None = None  # the file the settings came from
    rules: list[Path] = field(default_factory=list)
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    select: list[str] | None = None  # generic codes to run instead of the default set
    ignore: list[str] = field(default_factory=list)  # codes and outlet rule ids to switch off ("disable": an old name)
    guard: float | None = None

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def excludes(self, path: Path, extra: list[str] = ()) -> bool:
        """Whether ``path`` matches an exclude glob (by name, as given, or relative to the root)."""
        return matches(path, [*self.exclude, *extra], self.root)


def matches(path: Path, globs: list[str] | tuple[str, ...], root: Path) -> bool:
    """Whether a glob matches the path's name, the path as given, or the path relative to ``root``."""
    if not globs:
        return False
    if any(fnmatchcase(path.name, glob) or fnmatchcase(path.as_posix(), glob) for glob in globs):
        return True
    try:
        relative = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return False
    return any(fnmatchcase(relative, glob) for glob in globs)


def find_settings(start: Path | None = None) -> Settings:
    """The settings of the project that ``start`` (default: the current folder) is in."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / "cleaner.toml").is_file():
            return load_settings(candidate / "cleaner.toml")
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and "cleaner" in _read(pyproject).get("tool", {}):
            return load_settings(pyproject)
    return Settings()


def load_settings(path: Path) -> Settings:
    data = _read(path)
    table = data.get("tool", {}).get("cleaner", {}) if path.name == "pyproject.toml" else data
    where = f"{path}: [tool.cleaner]" if path.name == "pyproject.toml" else str(path)
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(KEYS))})")
    for key in ("rules", "include", "exclude", "select", "ignore", "disable"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ConfigError(f"{where}: {key} must be a list of strings")
    guard = table.get("guard")
    if guard is not None and (not isinstance(guard, (int, float)) or isinstance(guard, bool) or not 0 < guard <= 1):
        raise ConfigError(f"{where}: guard must be a number above 0 and at most 1")
    return Settings(
        path=path,
        rules=[path.parent / folder for folder in table.get("rules", [])],
        include=table.get("include", []),
        exclude=table.get("exclude", []),
        select=table.get("select"),
        ignore=[*table.get("ignore", []), *table.get("disable", [])],
        guard=guard,
    )


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
