"""cleaner: strips boilerplate from scraped news articles.

>>> from cleaner import clean
>>> result = clean(text, url="https://www.bbc.co.uk/news/...")
>>> result.text, result.outlet, result.removals
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .document import Removal
    from .pipeline import Cleaner, CleanResult, clean
    from .read import InputError
    from .rulefiles import RuleFileError
    from .selection import SelectionError

#: The public names, each with its module: imported when first asked for, so that importing a
#: part of the package (the command line, which sets up numpy's threads first) loads only that part.
_HOMES = {
    "Cleaner": ".pipeline",
    "CleanResult": ".pipeline",
    "clean": ".pipeline",
    "InputError": ".read",
    "Removal": ".document",
    "RuleFileError": ".rulefiles",
    "SelectionError": ".selection",
}


def __getattr__(name: str) -> object:
    """A public name, from its module; ``__version__`` from the installed metadata (one home:
    pyproject.toml): importlib.metadata is slow to import, and most runs never ask."""
    if name == "__version__":
        from importlib.metadata import version

        return version("cleaner")
    if name in _HOMES:
        value = getattr(import_module(_HOMES[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'cleaner' has no attribute {name!r}")


__all__ = ["__version__", "Cleaner", "CleanResult", "InputError", "Removal", "RuleFileError", "SelectionError", "clean"]
