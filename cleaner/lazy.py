"""What start-up leaves for later: heavy libraries imported when first used, not when the cleaner
starts (start-up is most of the time of cleaning one small file), and numpy's BLAS set to one
thread before numpy loads."""

from __future__ import annotations

import importlib.util
import os
import sys
from types import ModuleType

#: What sets the threads of numpy's BLAS (OpenBLAS, OpenMP, MKL), read when numpy loads.
_BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


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


def set_one_blas_thread() -> list[str]:
    """Set numpy's BLAS to one thread, where the user did not set it, for numpy loaded after this
    call (in this process and the processes it starts); the names set, to unset them again. The
    cleaner's arrays are small: a second thread only costs its start (some 35 ms of a core)."""
    unset = [name for name in _BLAS_THREADS if name not in os.environ]
    os.environ.update(dict.fromkeys(unset, "1"))
    return unset
