"""The ``cleaner`` program: the console script and ``python -m cleaner``."""

import gc
import sys

from .lazy import set_one_blas_thread


def command() -> None:
    """``cli.main`` with numpy's BLAS on one thread (set before anything loads numpy), then exit
    with its status, the objects left not collected once more on the way out (``gc.freeze``: a
    full collection over the rules, lexicons and model costs some 30 ms)."""
    set_one_blas_thread()
    from .cli import main

    status = main()
    gc.freeze()
    sys.exit(status)


if __name__ == "__main__":
    command()
