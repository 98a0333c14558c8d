"""Heavy libraries imported when first used, not when the cleaner starts (a run over text never
needs numpy; start-up is most of the time of cleaning one small file)."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """The module ``name``, imported at the first read of one of its attributes. Use it as
    ``np = lazy_module("numpy")``, never beside a plain ``import numpy`` in the same module
    (which would import it at once)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
