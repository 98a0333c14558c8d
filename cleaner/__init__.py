"""cleaner: strips boilerplate from scraped news articles.

>>> from cleaner import clean
>>> result = clean(text, url="https://www.bbc.co.uk/news/...")
>>> result.text, result.outlet, result.removals
"""

from .document import Removal
from .pipeline import Cleaner, CleanResult, clean
from .read import InputError
from .rulefiles import RuleFileError
from .selection import SelectionError


def __getattr__(name: str) -> str:
    """``__version__``, read from the installed metadata (one home: pyproject.toml) when first
    asked for: importlib.metadata is slow to import, and most runs never ask."""
    if name == "__version__":
        from importlib.metadata import version

        return version("cleaner")
    raise AttributeError(f"module 'cleaner' has no attribute {name!r}")


__all__ = ["__version__", "Cleaner", "CleanResult", "InputError", "Removal", "RuleFileError", "SelectionError", "clean"]
