"""Rendering outputs in worker processes (``exporter build --jobs``).

Renderers are functions of their job that return bytes, so outputs can be rendered side by
side. :class:`Workers` starts its processes before the build reads anything, in lanes (one
per format), and each process loads its lane's renderer (python-docx or python-pptx: the
largest part of a small build) while the main process reads and checks the content; the
jobs are then sent over, pickled, and the bytes come back. With no worker processes
everything runs in this one.

Warnings a worker gives are sent back with the bytes and logged by the main process in
output order, so what the user reads does not depend on the number of jobs. The cyclic
garbage collector is paused while a job is unpacked and rendered (:mod:`exporter.speed`).
"""

from __future__ import annotations

import importlib
import logging
import os
import pickle
from collections.abc import Callable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from exporter.speed import collector_paused

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

T = TypeVar("T")
LOGGER = "exporter"


def cpu_count() -> int:
    """The CPU cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


class Workers:
    """Worker processes in lanes (one per output format, say), each lane's processes
    importing that lane's ``preload`` modules at once, while the caller gets the jobs ready;
    ``lane(job)`` says which lane renders a job. Without lanes, jobs render in this
    process."""

    def __init__(self, lanes: Mapping[str, int] | None = None,
                 preload: Mapping[str, Sequence[str]] | None = None,
                 lane: Callable[[Any], str] = lambda job: "") -> None:
        self._pools = {name: _start_pool(count, tuple((preload or {}).get(name, ())))
                       for name, count in (lanes or {}).items() if count > 0}
        self._lane = lane

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        for pool in self._pools.values():
            pool.shutdown(cancel_futures=True)
        self._pools = {}

    def render_all(self, jobs: Sequence[T], render: Callable[[T], bytes],
                   on_rendered: Callable[[T], None] | None = None) -> Iterator[bytes]:
        """The bytes of every job, in order."""
        if not self._pools:
            for job in jobs:
                with collector_paused():
                    data = render(job)
                if on_rendered:
                    on_rendered(job)
                yield data
            return
        pools = list(self._pools.values())
        futures = [self._pools.get(self._lane(job), pools[0]).submit(
            _render_pickled, render, pickle.dumps(job, pickle.HIGHEST_PROTOCOL))
            for job in jobs]
        for job, future in zip(jobs, futures, strict=True):
            data, warnings = future.result()
            for message in warnings:
                logging.getLogger(LOGGER).warning("%s", message)
            if on_rendered:
                on_rendered(job)
            yield data


def for_build(formats: Sequence[str], jobs: int = 0, audiences: int = 0) -> Workers:
    """Workers for a build: one lane per output format, whose processes load that
    format's renderer (``exporter.render.<format>``) at once; ``jobs`` processes in all
    (0: one per CPU core), none for ``jobs=1`` or a single core. ``audiences`` is the
    number asked for (0: every profile, as many as there may be)."""
    processes = jobs or cpu_count()
    if processes <= 1 or not formats:
        return Workers()
    per_format = min(audiences or processes, max(1, processes // len(formats)))
    return Workers({fmt: per_format for fmt in formats},
                   preload={fmt: [f"exporter.render.{fmt}"] for fmt in formats},
                   lane=_format_of)


def _format_of(job: Any) -> str:
    """The lane of a build's output job: its format."""
    return str(job.fmt)


def render_all(jobs: Sequence[T], render: Callable[[T], bytes], workers: int,
               on_rendered: Callable[[T], None] | None = None) -> Iterator[bytes]:
    """The bytes of every job, in order, rendered by up to ``workers`` processes (1: in
    this process)."""
    count = min(workers, len(jobs)) if workers > 1 and len(jobs) > 1 else 0
    with Workers({"": count}) as pool:
        yield from pool.render_all(jobs, render, on_rendered)


def _start_pool(count: int, preload: tuple[str, ...]) -> ProcessPoolExecutor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=_preload,
                               initargs=(preload,))
    for _ in range(count):  # start every process now, not when the first job arrives
        pool.submit(_ready)
    return pool


def _preload(modules: tuple[str, ...]) -> None:
    for name in modules:
        importlib.import_module(name)


def _ready() -> None:
    """Nothing: submitted once per process to start them all."""


def _render_pickled(render: Callable[[T], bytes], job: bytes) -> tuple[bytes, list[str]]:
    """In a worker: unpack and render one job, collecting its warnings instead of printing
    them."""
    collector = _Collector()
    logger = logging.getLogger(LOGGER)
    saved = (logger.handlers[:], logger.propagate, logger.level)
    logger.handlers[:] = [collector]
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        with collector_paused():
            return render(pickle.loads(job)), collector.messages
    finally:
        logger.handlers[:], logger.propagate, level = saved
        logger.setLevel(level)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
