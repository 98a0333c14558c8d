"""cleaner: strips boilerplate from scraped news articles.

>>> from cleaner import clean
>>> result = clean(text, url="https://www.bbc.co.uk/news/...")
>>> result.text, result.outlet, result.removals
"""

from importlib.metadata import version

from .document import Removal
from .pipeline import Cleaner, CleanResult, clean
from .read import InputError
from .rulefiles import RuleFileError
from .selection import SelectionError

__version__ = version("cleaner")  # one home: pyproject.toml

__all__ = ["__version__", "Cleaner", "CleanResult", "InputError", "Removal", "RuleFileError", "SelectionError", "clean"]
