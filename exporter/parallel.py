"""Rendering outputs in worker processes (``exporter build --jobs``).

Renderers are functions of their job that return bytes, so outputs can be rendered side by
side. :class:`Workers` starts its processes before the build reads anything, in lanes (one
per format), and each process loads its lane's renderer (python-docx or python-pptx: the
largest part of a small build) while the main process reads and checks the content; the
jobs are then sent, pickled, one at a time to whichever process of their lane is free, and
the bytes come back. With no worker processes everything runs in this one.

Each process talks to the main one over its own pipe, with no helper threads, so every
process starts (forked, on Linux) from a single-threaded program. Warnings a worker gives
are sent back with the bytes and logged by the main process in output order, so what the
user reads does not depend on the number of jobs. The cyclic garbage collector is paused
while a job is unpacked and rendered (:mod:`exporter.speed`).

:meth:`Workers.map` lends idle workers to other work (a long article's second half is
parsed by the briefing worker while it waits for its job), and :class:`ForkedCall` lets a
process share one job with a forked copy of itself (a long deck's second half of slides).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import pickle
import sys
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from exporter.errors import ExporterError
from exporter.speed import collector_paused

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

T = TypeVar("T")
R = TypeVar("R")
LOGGER = "exporter"
#: Seconds an idle worker gets to stop before it is terminated.
STOP_TIMEOUT = 5.0
#: Relative cost of a build's lanes: a deck takes about twice as long as a briefing.
LANE_COST = {"pptx": 2, "docx": 1}
#: Modules both the main process and every build worker use (a job's classes, which the
#: worker needs to unpickle it): loaded once before the workers fork, not once in each.
SHARED_MODULES = ("exporter.model", "exporter.audience", "exporter.render")


def cpu_count() -> int:
    """The CPU cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


class Workers:
    """Worker processes in lanes (one per output format, say), each lane's processes
    importing that lane's ``preload`` modules at once, while the caller gets the jobs ready;
    ``lane(job)`` says which lane renders a job (an unknown lane: the first one). Without
    lanes, jobs render in this process."""

    def __init__(self, lanes: Mapping[str, int] | None = None,
                 preload: Mapping[str, Sequence[str]] | None = None,
                 lane: Callable[[Any], str] = lambda job: "") -> None:
        self._lanes: dict[str, list[_Worker]] = {}
        self._lane = lane
        counts = {name: count for name, count in (lanes or {}).items() if count > 0}
        if counts:
            context = _context()
            self._lanes = {name: [_Worker(context, tuple((preload or {}).get(name, ())))
                                  for _ in range(count)]
                           for name, count in counts.items()}

    @property
    def size(self) -> int:
        """The number of worker processes (0: everything runs in this process)."""
        return sum(len(workers) for workers in self._lanes.values())

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Stop every process (one still rendering is terminated)."""
        for workers in self._lanes.values():
            for worker in workers:
                worker.stop()
        self._lanes = {}

    def render_all(self, jobs: Sequence[T], render: Callable[[T], bytes],
                   on_rendered: Callable[[T], None] | None = None) -> Iterator[bytes]:
        """The bytes of every job, in order."""
        outcomes = self._outcomes(jobs, render) if self._lanes else (
            _rendered(render, job) for job in jobs)
        for job, (data, warnings) in zip(jobs, outcomes, strict=True):
            for message in warnings:
                logging.getLogger(LOGGER).warning("%s", message)
            if on_rendered:
                on_rendered(job)
            yield data

    def map(self, func: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """``func`` of every item, in order: the first in this process while the workers
        do the others, each as soon as it is free, those of the last lane first (lanes
        come heaviest first). Warnings are logged in item order; the error of the first
        item that failed is raised once all are done. Without workers, all run here."""
        lanes = reversed(list(self._lanes.values()))
        workers = [worker for lane in lanes for worker in lane][:max(0, len(items) - 1)]
        if not workers or len(items) <= 1:
            return [self._logged(_attempt(func, item)) for item in items]
        from multiprocessing.connection import wait

        waiting = deque(range(1, len(items)))
        busy: dict[Any, _Worker] = {}

        def give(worker: _Worker) -> None:
            if waiting:
                index = waiting.popleft()
                worker.send(index, func, items[index])
                busy[worker.connection] = worker

        for worker in workers:
            give(worker)
        outcomes: dict[int, tuple[bool, Any]] = {0: _attempt(func, items[0])}
        while busy:
            for connection in wait(list(busy)):
                worker = busy.pop(connection)
                index, outcome = worker.receive_outcome()
                outcomes[index] = outcome
                give(worker)
        return [self._logged(outcomes[index]) for index in range(len(items))]

    @staticmethod
    def _logged(outcome: tuple[bool, Any]) -> Any:
        """The value of an outcome, its warnings logged; its error raised."""
        failed, payload = outcome
        if failed:
            raise payload
        value, warnings = payload
        for message in warnings:
            logging.getLogger(LOGGER).warning("%s", message)
        return value

    def _outcomes(self, jobs: Sequence[T],
                  render: Callable[[T], bytes]) -> Iterator[tuple[bytes, list[str]]]:
        """The workers' results in job order, each worker given its lane's next job as soon
        as it is free."""
        from multiprocessing.connection import wait

        queues: dict[str, deque[int]] = {name: deque() for name in self._lanes}
        first = next(iter(queues))
        for index, job in enumerate(jobs):
            name = self._lane(job)
            queues[name if name in queues else first].append(index)
        busy: dict[Any, tuple[_Worker, str]] = {}  # by each worker's end of its pipe

        def give(worker: _Worker, name: str) -> None:
            if queues[name]:
                index = queues[name].popleft()
                worker.send(index, render, jobs[index])
                busy[worker.connection] = (worker, name)

        for name, workers in self._lanes.items():
            for worker in workers:
                give(worker, name)
        results: dict[int, tuple[bytes, list[str]]] = {}
        for index in range(len(jobs)):
            while index not in results:
                for connection in wait(list(busy)):
                    worker, name = busy.pop(connection)
                    done, outcome = worker.receive()
                    results[done] = outcome
                    give(worker, name)
            yield results.pop(index)


def for_build(formats: Sequence[str], jobs: int = 0, audiences: int = 0) -> Workers:
    """Workers for a build: one lane per output format, whose processes load that
    format's renderer (``exporter.render.<format>``) at once; ``jobs`` processes in all
    (0: one per CPU core), none for ``jobs=1`` or a single core. ``audiences`` is the
    number asked for (0: every profile, as many as there may be).

    The deck lane, the longest, comes first: its process starts first and gets its first
    job first, and extra work (:meth:`Workers.map`) goes to the briefing lane."""
    processes = jobs or cpu_count()
    if processes <= 1 or not formats:
        return Workers()
    for name in SHARED_MODULES:
        importlib.import_module(name)
    per_format = min(audiences or processes, max(1, processes // len(formats)))
    heaviest_first = sorted(formats, key=lambda fmt: -LANE_COST.get(fmt, 1))
    return Workers({fmt: per_format for fmt in heaviest_first},
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


def _context() -> Any:
    """Fork on Linux (a worker starts as a copy of the build, nothing to re-import), the
    platform's safe default elsewhere."""
    import multiprocessing

    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(self, context: Any, preload: tuple[str, ...]) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, preload), daemon=True)
        self.process.start()
        child.close()
        self.index: int | None = None

    def send(self, index: int, render: Callable[[T], Any], job: T) -> None:
        self.index = index
        try:
            self.connection.send_bytes(pickle.dumps((render, job), pickle.HIGHEST_PROTOCOL))
        except OSError:
            raise RuntimeError("a worker process ended unexpectedly") from None

    def receive(self) -> tuple[int, tuple[bytes, list[str]]]:
        """The index and outcome of the job this worker had; its error raised here."""
        index, (failed, payload) = self.receive_outcome()
        if failed:
            raise payload
        return index, payload

    def receive_outcome(self) -> tuple[int, tuple[bool, Any]]:
        """The index of the job this worker had and its outcome, ``(failed, payload)``."""
        index, self.index = self.index, None
        try:
            outcome = pickle.loads(self.connection.recv_bytes())
        except (EOFError, OSError):
            raise RuntimeError("a worker process ended unexpectedly") from None
        assert index is not None
        return index, outcome

    def stop(self) -> None:
        if self.index is None and self.process.is_alive():
            with contextlib.suppress(OSError):
                self.connection.send_bytes(b"")
            self.process.join(STOP_TIMEOUT)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()
        self.connection.close()


def _serve(connection: Connection, preload: tuple[str, ...]) -> None:
    """A worker's life: load the modules (and run the ``warm_up()`` of those that have
    one), then render each job sent until told to stop."""
    try:
        for name in preload:
            warm_up = getattr(importlib.import_module(name), "warm_up", None)
            if callable(warm_up):
                warm_up()
        while message := connection.recv_bytes():
            with collector_paused():
                render, job = pickle.loads(message)
            connection.send_bytes(_result(render, job))
    except (EOFError, KeyboardInterrupt):
        return


def _result(render: Callable[[T], bytes], job: T) -> bytes:
    """A job's outcome, pickled: ``(False, (bytes, warnings))`` or ``(True, error)``."""
    return pickle.dumps(_attempt(render, job, in_worker=True), pickle.HIGHEST_PROTOCOL)


def _attempt(func: Callable[[T], R], item: T, *,
             in_worker: bool = False) -> tuple[bool, Any]:
    """``(False, (value, warnings))``, or ``(True, error)`` for an ExporterError (and, in a
    worker, any other error, with the worker's traceback in its message)."""
    try:
        return False, _rendered(func, item)
    except ExporterError as error:
        return True, error
    except Exception:
        if not in_worker:
            raise
        return True, RuntimeError("rendering failed in a worker process:\n"
                                  + traceback.format_exc())


def _rendered(render: Callable[[T], R], job: T) -> tuple[R, list[str]]:
    """Render one job, collecting its warnings instead of printing them."""
    collector = _Collector()
    logger = logging.getLogger(LOGGER)
    saved = (logger.handlers[:], logger.propagate, logger.level)
    logger.handlers[:] = [collector]
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        with collector_paused():
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


def fork_available() -> bool:
    """Whether this process may fork a copy of itself to share a job: on Linux, and only
    while it runs a single thread (a fork copies one thread, not the locks others hold)."""
    import threading

    return sys.platform.startswith("linux") and threading.active_count() == 1


class ForkedCall:
    """``func()`` run in a forked copy of this process while this one goes on with other
    work; :meth:`result` reads its value back (pickled through a pipe), or None when the
    copy failed, so that the caller does that work itself. Use it as a context manager:
    leaving it without the result stops the copy."""

    def __init__(self, func: Callable[[], T]) -> None:
        read, write = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the copy: compute, send, and leave without any cleanup
            try:
                os.close(read)
                try:
                    payload = pickle.dumps((True, func()), pickle.HIGHEST_PROTOCOL)
                except BaseException:
                    payload = pickle.dumps((False, None))
                with os.fdopen(write, "wb") as stream:
                    stream.write(payload)
            finally:
                os._exit(0)
        os.close(write)
        self._read: int | None = read

    def result(self) -> Any:
        """The value of ``func()``, or None if the copy failed."""
        if self._read is None:
            return None
        with os.fdopen(self._read, "rb") as stream:
            self._read = None
            data = stream.read()
        os.waitpid(self._pid, 0)
        try:
            done, value = pickle.loads(data)
        except Exception:
            return None
        return value if done else None

    def close(self) -> None:
        """Stop the copy if its result was not read."""
        if self._read is not None:
            import signal

            os.close(self._read)
            self._read = None
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)

    def __enter__(self) -> ForkedCall:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
