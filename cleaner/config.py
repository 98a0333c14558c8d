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

from .tables import MUST_BE, Key

KEYS = {
    "rules": Key("strings", "Extra folders of rule files."),
    "include": Key("strings", "Globs of the files to read in folders."),
    "exclude": Key("strings", "Globs of files to leave out."),
    "select": Key("strings", "Generic codes to run instead of the default set: codes, prefixes (G01), names."),
    "ignore": Key("strings", "Generic codes, prefixes, names or outlet rule ids (bbc/skip-link, bbc/) to switch off."),
    "disable": Key("strings", "The old name of ignore."),
    "guard": Key("share", "Largest share of a document the generic detectors may remove."),
    "normalise": Key(
        "boolean", "Rewrites (--in-place, --check, --diff) normalise the layout too: one paragraph a line, one empty line between."
    ),
}


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
    normalise: bool = False  # rewrites (--in-place, --check, --diff) in the normalised layout

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
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(KEYS))})")
    for name, key in KEYS.items():
        if name in table and not key.accepts(table[name]):
            raise ConfigError(f"{where}: {name} {MUST_BE[key.type]}")
    guard = table.get("guard")
    normalise = table.get("normalise", False)
    return Settings(
        path=path,
        rules=[path.parent / folder for folder in table.get("rules", [])],
        include=table.get("include", []),
        exclude=table.get("exclude", []),
        select=table.get("select"),
        ignore=[*table.get("ignore", []), *table.get("disable", [])],
        guard=guard,
        normalise=normalise,
    )


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
