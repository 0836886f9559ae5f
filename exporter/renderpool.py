"""Rendering outputs side by side: the processes of a build, and the order they render in.

A :class:`RenderPool` of ``processes`` counts this process as one of them: it renders too,
once it has read the content, so a build never runs more processes than it was given
cores. The others are :class:`~concurrent.futures.ProcessPoolExecutor` workers, one
executor per output format, each of which imports its format's renderer as it starts
(while this process reads the content), so a deck process never loads python-docx nor a
briefing process python-pptx. Outputs come back in output order whoever rendered them, with
their warnings, and the first failed output's error is raised when its turn comes.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from typing import TYPE_CHECKING

from exporter.render import OutputJob, render_output

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.context import BaseContext

LOGGER = "exporter"
#: Outputs of another format that must be waiting before a process with none of its own
#: left takes one (it then loads that format's renderer, about 0.2 s, once).
STEAL_MIN_WAITING = 4
#: The format whose outputs take longest to render (a deck takes about twice a briefing):
#: it is given worker processes first, and its first output is sent before the others.
SLOWEST_FORMAT = "pptx"
#: Outputs given to each worker process at a time: one it renders and one waiting, so that
#: it does not idle while this process renders an output of its own.
IN_FLIGHT = 2
#: How often a render process looks whether the main process is still there.
WORKER_WATCH_SECONDS = 0.5

Outcome = tuple[bytes, list[str]]


def cpu_count() -> int:
    """The CPU cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def worker_shares(formats: Sequence[str], processes: int) -> tuple[dict[str, int], str]:
    """How many worker processes each format gets when ``processes`` render in all (this
    one included), and the format this process renders: workers go round the formats, the
    slowest first; this process takes the format left with the fewest (the quickest to
    load on a tie). On two cores for both formats: decks in a worker, briefings here."""
    ordered = sorted(dict.fromkeys(formats), key=lambda fmt: fmt != SLOWEST_FORMAT)
    shares = dict.fromkeys(ordered, 0)
    for slot in range(max(processes - 1, 0)):
        shares[ordered[slot % len(ordered)]] += 1
    here = min(reversed(ordered), key=lambda fmt: shares[fmt])
    return {fmt: count for fmt, count in shares.items() if count}, here


class RenderPool:
    """The processes that render a build's outputs (see the module's docstring); with one
    process in all, every output renders here.

    Worker processes start when the pool is entered, before the content is read, so that
    loading the renderers (most of a small build) overlaps reading. Each worker is given
    :data:`IN_FLIGHT` outputs at a time, of its own format while there are any; this
    process renders outputs of its own format between looking after the workers. A
    process whose format has none left takes outputs of another format that has at least
    :data:`STEAL_MIN_WAITING` waiting (loading that renderer pays off only on a long
    queue)."""

    def __init__(self, formats: Sequence[str], processes: int) -> None:
        self.formats = tuple(dict.fromkeys(formats))
        self.processes = processes
        self._executors: dict[str, ProcessPoolExecutor] = {}
        self._sizes: dict[str, int] = {}
        self._here = self.formats[0] if self.formats else ""

    def __enter__(self) -> RenderPool:
        if self.processes > 1 and self.formats:
            from concurrent.futures import ProcessPoolExecutor  # builds only, not check

            self._sizes, self._here = worker_shares(self.formats, self.processes)
            context = _start_method()
            collecting = gc.isenabled()
            try:
                # no collection while processes fork: the first executor's thread runs
                # while the next forks, and a child forked in the middle of its collection
                # inherits half-moved object lists
                with collector_paused():
                    for fmt, size in self._sizes.items():
                        executor = ProcessPoolExecutor(
                            size, mp_context=context, initializer=_start_worker,
                            initargs=(os.getpid(), fmt, collecting))
                        self._executors[fmt] = executor
                        executor.submit(os.getpid)  # an executor forks with its first task
            except BaseException as exc:  # Ctrl-C while the processes start: none is left
                self.__exit__(type(exc), exc, None)
                raise
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        for executor in self._executors.values():
            executor.shutdown(wait=True, cancel_futures=kind is not None)
        self._executors = {}

    def render_all(self, jobs: Sequence[OutputJob],
                   on_rendered: Callable[[OutputJob], None] | None = None) -> list[bytes]:
        """The bytes of every output, in order. Warnings are logged in output order,
        whatever the number of processes, and the first failed output's error is
        raised."""
        if not self._executors:
            return _delivered(jobs, map(render_collecting, jobs), on_rendered)
        return _delivered(jobs, _Schedule(self, jobs).outcomes(), on_rendered)


class _Schedule:
    """One :meth:`RenderPool.render_all`: which process renders which output, and when."""

    def __init__(self, pool: RenderPool, jobs: Sequence[OutputJob]) -> None:
        self.jobs = jobs
        self.executors = pool._executors
        self.here = pool._here
        lanes = [*pool._sizes, pool._here]
        self.waiting = {fmt: deque(i for i, job in enumerate(jobs) if job.fmt == fmt)
                        for fmt in dict.fromkeys(lanes)}
        self.running: dict[Future[Outcome], tuple[int, str]] = {}  # output, worker's format
        self.done: dict[int, Future[Outcome]] = {}
        # the slowest format first: its first output is pickled and sent before the others
        for fmt, size in sorted(pool._sizes.items(), key=lambda item: item[0] != SLOWEST_FORMAT):
            for _ in range(size * IN_FLIGHT):
                self._give(fmt)

    def outcomes(self) -> Iterator[Outcome]:
        """Every output's outcome, in output order, each as soon as it and those before it
        are done; a failed output's error raised when its turn comes."""
        for index, job in enumerate(self.jobs):
            if job.fmt not in self.waiting:  # a format no process loaded: rendered here
                yield render_collecting(job)
                continue
            while index not in self.done:
                self._collect(block=False)
                if index in self.done or self._render_here():
                    continue
                self._collect(block=True)
            yield self.done.pop(index).result()

    def _next(self, fmt: str) -> int | None:
        """The next output for a process of ``fmt``: of its own format, else one of the
        longest queue if it is long enough to be worth loading another renderer."""
        queue = self.waiting[fmt]
        if not queue:
            longest = max(self.waiting.values(), key=len)
            queue = longest if len(longest) >= STEAL_MIN_WAITING else deque()
        return queue.popleft() if queue else None

    def _give(self, fmt: str) -> None:
        """One more output to a worker process of ``fmt``, if there is one for it."""
        index = self._next(fmt)
        if index is not None:
            future = self.executors[fmt].submit(render_collecting, self.jobs[index])
            self.running[future] = (index, fmt)

    def _render_here(self) -> bool:
        """Render one output in this process; False when none is for it."""
        index = self._next(self.here)
        if index is None:
            return False
        future: Future[Outcome] = Future()
        try:
            future.set_result(render_collecting(self.jobs[index]))
        except Exception as exc:  # raised in output order, as a worker's error is
            future.set_exception(exc)
        self.done[index] = future
        return True

    def _collect(self, *, block: bool) -> None:
        """Take in the outputs the workers finished (waiting for one if ``block``), and
        give each of those workers another."""
        if not self.running:
            if block:  # cannot happen: every format left has a process that renders it
                raise RuntimeError("outputs are waiting that no process renders")
            return
        finished, _ = wait(self.running, timeout=None if block else 0,
                           return_when=FIRST_COMPLETED)
        for future in finished:
            index, fmt = self.running.pop(future)
            self.done[index] = future
            self._give(fmt)


def render_collecting(output: OutputJob) -> Outcome:
    """One output rendered (:func:`exporter.render.render_output`) with the warnings it
    gave collected instead of printed, and the cyclic collector paused."""
    collector = _Collector()
    logger = logging.getLogger(LOGGER)
    saved = (logger.handlers[:], logger.propagate, logger.level)
    logger.handlers[:] = [collector]
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        with collector_paused():
            return render_output(output), collector.messages
    finally:
        logger.handlers[:], logger.propagate, level = saved
        logger.setLevel(level)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _delivered(jobs: Sequence[OutputJob], outcomes: Iterable[Outcome],
               on_rendered: Callable[[OutputJob], None] | None) -> list[bytes]:
    """The bytes of each outcome, in output order, its warnings logged first."""
    results = []
    for job, (data, warnings) in zip(jobs, outcomes, strict=True):
        for message in warnings:
            logging.getLogger(LOGGER).warning("%s", message)
        if on_rendered is not None:
            on_rendered(job)
        results.append(data)
    return results


def _start_method() -> BaseContext:
    """Fork where the platform's processes fork (Linux): a render process starts as a copy
    of this one, with the model and the job's classes loaded, in a few milliseconds. Each
    executor forks its processes as it starts, before it starts its own threads; the
    second executor's processes are forked while the first executor's manager thread runs,
    which holds none of the locks a render process takes (it waits on its own pipes), with
    the cyclic collector paused (see :meth:`RenderPool.__enter__`). Elsewhere, the
    platform's default (spawn)."""
    import multiprocessing

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _start_worker(parent: int, fmt: str, collecting: bool) -> None:
    """A render process's start: it loads the renderer of ``fmt``; its cyclic collector runs
    if the main process's did (``collecting``: it was paused while the processes forked);
    Ctrl-C is for the main process (which stops the pool); and it ends when the main
    process is gone, even if it was killed."""
    import importlib
    import signal
    import threading

    if collecting:
        gc.enable()
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while _alive(parent):
            time.sleep(WORKER_WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    importlib.import_module(f"exporter.render.{fmt}")


def _alive(pid: int) -> bool:
    """Whether the process ``pid`` still exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused for the ``with`` block (if it was running).

    Reading an article and drawing its files create hundreds of thousands of objects that
    live until the output is written; the collector would examine all survivors again
    each time enough new ones are made, so a large build would cost more per object the
    larger it is. Reference counting still frees what is dropped meanwhile."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()
