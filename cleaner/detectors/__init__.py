"""Step 4: generic detectors, for every document whatever its outlet.

Each detector is one class, its doc in its docstring; ``cleaner.registry.CODES`` gives each its
code, name and state, in the order they run.
"""

from .base import Detector

__all__ = ["Detector"]
