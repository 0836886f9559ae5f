"""Rendering outputs in worker processes (``exporter build --jobs``).

Renderers are functions of their job that return bytes, so outputs can be rendered side by
side. Where processes start by ``fork`` (Linux), a worker begins as a copy of the build that
has already read and checked everything: it is sent the position of its output in the list,
not the output itself, and sends back only the file's bytes. Elsewhere the job is pickled.

Warnings a worker gives are sent back with the bytes and logged by the parent in output
order, so what the user reads does not depend on the number of jobs.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
LOGGER = "exporter"

#: The jobs of the running build, inherited by forked workers (see :func:`render_all`).
_JOBS: Sequence[Any] = ()


def default_workers(outputs: int) -> int:
    """Processes worth starting for ``outputs`` files: one per CPU, at most one per file."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cpus or 1, outputs))


def render_all(jobs: Sequence[T], render: Callable[[T], bytes], workers: int,
               on_rendered: Callable[[T], None] | None = None) -> Iterator[bytes]:
    """The bytes of every job, in order, rendered by up to ``workers`` processes."""
    workers = min(workers, len(jobs))
    if workers <= 1:
        for job in jobs:
            data = render(job)
            if on_rendered:
                on_rendered(job)
            yield data
        return
    yield from _in_workers(jobs, render, workers, on_rendered)


def _in_workers(jobs: Sequence[T], render: Callable[[T], bytes], workers: int,
                on_rendered: Callable[[T], None] | None) -> Iterator[bytes]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _JOBS
    forked = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if forked else None)
    _JOBS = jobs
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    try:
        futures = [pool.submit(_render_at, render, index) if forked
                   else pool.submit(_render_job, render, job)
                   for index, job in enumerate(jobs)]
        for job, future in zip(jobs, futures, strict=True):
            data, warnings = future.result()
            for message in warnings:
                logging.getLogger(LOGGER).warning("%s", message)
            if on_rendered:
                on_rendered(job)
            yield data
    finally:
        pool.shutdown(cancel_futures=True)
        _JOBS = ()


def _render_at(render: Callable[[Any], bytes], index: int) -> tuple[bytes, list[str]]:
    return _render_job(render, _JOBS[index])


def _render_job(render: Callable[[T], bytes], job: T) -> tuple[bytes, list[str]]:
    """In a worker: render one job, collecting its warnings instead of printing them."""
    collector = _Collector()
    logger = logging.getLogger(LOGGER)
    saved = (logger.handlers[:], logger.propagate, logger.level)
    logger.handlers[:] = [collector]
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        return render(job), collector.messages
    finally:
        logger.handlers[:], logger.propagate, level = saved
        logger.setLevel(level)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
