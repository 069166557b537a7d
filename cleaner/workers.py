"""Running many tasks: in this process, or in worker processes, with outcomes in input order.

Each worker process has its own :class:`Cleaner`. Outcomes come back in input order, so the output
does not depend on the number of workers. A worker that dies (killed, out of memory, a crash in a C
library) does not stop or hang the run: the documents it may have been cleaning are cleaned again
one at a time in a fresh process, and only one that kills that process too fails. Workers exit
when the main process is gone, so a killed run leaves no stray processes.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Iterable, Iterator

from .config import Config
from .inputs import Task
from .pipeline import Cleaner
from .runner import Outcome, clean_task, failed

WORKER_DIED = "the worker process died while cleaning this document (out of memory, killed or crashed)"

#: The Cleaner of this process: built once in the main process before workers are forked (so they
#: inherit it instead of loading profiles again), or by the initializer where processes are spawned.
#: A cache, not shared state: a Cleaner is immutable after construction.
_cleaner: Cleaner | None = None


def run_tasks(tasks: Iterable[Task], config: Config, workers: int, chunk_size: int = 8) -> Iterator[Outcome]:
    """Clean tasks in order with ``workers`` processes (1: in this process).

    At most ``4 * workers`` chunks are in flight, so memory stays bounded however many tasks come.
    """
    cleaner = cleaner_for(config)
    if workers <= 1:
        for task in tasks:
            yield clean_task(task, cleaner)
        return
    with _Workers(config, workers) as pool:
        pending: deque[tuple[list[Task], Future]] = deque()
        for chunk in _chunks(tasks, chunk_size):
            pending.append((chunk, pool.submit(chunk)))
            if len(pending) >= 4 * workers:
                yield from pool.next_results(pending)
        while pending:
            yield from pool.next_results(pending)


class _Workers:
    def __init__(self, config: Config, workers: int) -> None:
        self._config = config
        self._workers = workers
        self._forking = hasattr(os, "fork")
        self._context = multiprocessing.get_context("fork" if self._forking else "spawn")
        if self._forking:
            # The rule index compiles its combined expressions on first use; compiled here, once,
            # the forked workers share them instead of each compiling its own.
            cleaner_for(config).rules.compile()
            # Objects that exist now (the Cleaner's rules and language profiles) are shared with the
            # forked workers page by page until written to; the garbage collector would write to
            # every one of them, so it leaves them alone while workers run.
            gc.freeze()
        self._pool = self._start(workers)
        self._solo: ProcessPoolExecutor | None = None

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        finished = kind is None  # else a stop (--fail-fast, Ctrl-C): do not wait for running chunks
        for pool in (self._pool, self._solo):
            if pool is not None:
                pool.shutdown(wait=finished, cancel_futures=True)
        if self._forking:
            gc.unfreeze()

    def _start(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers, mp_context=self._context, initializer=_init_worker,
                                   initargs=(self._config, os.getpid()))

    def submit(self, chunk: list[Task]) -> Future:
        try:
            return self._pool.submit(_clean_chunk, chunk)
        except BrokenProcessPool as error:
            # A worker died since the last result was read: the chunk joins the ones in flight,
            # which next_results cleans again one at a time.
            broken: Future = Future()
            broken.set_exception(error)
            return broken

    def next_results(self, pending: deque[tuple[list[Task], Future]]) -> list[Outcome]:
        """Outcomes of the oldest chunk; if the pool broke, of every chunk that was in flight."""
        chunk, future = pending.popleft()
        try:
            return future.result()
        except BrokenProcessPool:
            pass
        lost = [chunk] + [other for other, _ in pending]
        pending.clear()
        self._pool.shutdown(wait=False, cancel_futures=True)
        outcomes = [self._isolated(task) for part in lost for task in part]
        self._pool = self._start(self._workers)
        return outcomes

    def _isolated(self, task: Task) -> Outcome:
        """Clean one task in a process of its own: if that dies too, the task is the cause."""
        if self._solo is None:
            self._solo = self._start(1)
        try:
            return self._solo.submit(_clean_chunk, [task]).result()[0]
        except BrokenProcessPool:
            self._solo.shutdown(wait=False, cancel_futures=True)
            self._solo = None
            return failed(task, WORKER_DIED)


def cleaner_for(config: Config) -> Cleaner:
    """The Cleaner for ``config`` in this process, built on first use."""
    global _cleaner
    if _cleaner is None or _cleaner.config != config:
        _cleaner = Cleaner(config)
    return _cleaner


def _init_worker(config: Config, parent: int) -> None:
    cleaner_for(config)
    threading.Thread(target=_exit_with_parent, args=(parent,), name="exit-with-parent", daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    # A worker waits for work on a queue that never closes if the main process is killed (kill -9,
    # the OOM killer): without this it would live on, orphaned.
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _clean_chunk(chunk: list[Task]) -> list[Outcome]:
    assert _cleaner is not None
    return [clean_task(task, _cleaner) for task in chunk]


def _chunks(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    chunk: list[Task] = []
    for task in tasks:
        chunk.append(task)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
