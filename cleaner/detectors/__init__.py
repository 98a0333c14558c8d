"""Step 4: generic detectors, for every document whatever its outlet.

Each detector is one class, its doc in its docstring; ``registry.CODES`` gives each its code,
name and state, in the order they run.
"""

from .base import Detector
from .registry import BY_CODE, CODES, Code, State

__all__ = ["BY_CODE", "CODES", "Code", "Detector", "State"]
