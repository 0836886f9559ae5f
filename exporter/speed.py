"""Keeping builds fast: the garbage collector paused while big structures grow, and
modules nobody uses left unloaded.

Reading a long article and drawing its files create hundreds of thousands of objects that
live until the output is written (the document model, slide plans, XML elements). Python's
cyclic collector examines every surviving object again each time enough new ones have
been made, so building a large structure costs more per object the larger it already is.
:func:`collector_paused` stops it while such a structure is built; reference counting
still frees what is dropped, and the collector catches up once in one pass afterwards.

:func:`defer_unused_imports` keeps modules that the libraries import but a build rarely
uses from being loaded until they are used (the command-line tool calls it; a library
user's process is left as it is).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import importlib.util
import sys
import types
from collections.abc import Iterator
from typing import Any


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


#: Modules the libraries import but a build rarely or never uses, together about 50 ms of a
#: deck worker's start: ``xml.sax.saxutils`` (imported by python-pptx for ``escape``)
#: imports ``urllib.request``, and with it ``http.client``, ``email``, ``ssl`` and
#: ``socket``, for a SAX helper that fetches URLs; Pillow's ``Image`` imports its EXIF tag
#: tables, used only to read a photo's metadata; python-pptx imports ``hashlib`` (and so
#: OpenSSL) to name embedded pictures; ftfy's wcwidth imports ``secrets`` (OpenSSL again)
#: for one of its text-wrapping helpers.
UNUSED_AT_BUILD = ("urllib.request", "PIL.ExifTags", "hashlib", "secrets")


class _DeferredModule(types.ModuleType):
    """Stands in for a module until one of its attributes is first read, then loads it.

    ``importlib.util.LazyLoader`` cannot be used: on Python 3.11 the import system reads
    ``__spec__`` of a module already in ``sys.modules`` on every ``import`` of it, and any
    attribute read makes a lazy module load. This stand-in has its own ``__spec__``."""

    def __getattr__(self, attribute: str) -> Any:
        name = self.__name__
        if sys.modules.get(name) is self:
            del sys.modules[name]
        module = importlib.import_module(name)  # binds itself in its parent package too
        self.__dict__.update(module.__dict__)  # for references taken before the load
        return getattr(module, attribute)


def defer_unused_imports(names: tuple[str, ...] = UNUSED_AT_BUILD) -> None:
    """Make ``names`` load on first use instead of on import. Meant for the command-line
    process, which is ours; anything that does use such a module still gets it, loaded
    when one of its attributes is first read."""
    for name in names:
        if name in sys.modules:
            continue
        try:
            spec = importlib.util.find_spec(name)  # imports the parent package
        except ImportError:
            continue
        if spec is None:
            continue
        stand_in = _DeferredModule(name)
        stand_in.__spec__ = spec
        sys.modules[name] = stand_in
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, stand_in)
