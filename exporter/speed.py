"""Keeping long builds linear: the cyclic garbage collector paused while big structures grow.

Reading a long article and drawing its files create hundreds of thousands of objects that
live until the output is written (the document model, slide plans, XML elements). Python's
cyclic collector examines every surviving object again each time enough new ones have
been made, so building a large structure costs more per object the larger it already is.
:func:`collector_paused` stops it while such a structure is built; reference counting
still frees what is dropped, and the collector catches up once in one pass afterwards.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (if it was running) for the ``with`` block."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()
