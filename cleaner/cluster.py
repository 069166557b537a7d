"""Running on a Dask cluster (``--dask ADDRESS`` or ``--dask local[:N]``), with outcomes in input order.

The client (the ``clean-news`` process) lists the inputs and cuts them into pieces: a file, or a
range of lines of a big JSONL file (found by counting line breaks, nothing parsed). Pieces go to the
workers in batches of about ``batch`` documents; a worker reads its files itself (inputs must be on
a path every worker can read) and cleans them with one Cleaner per worker process, built on first
use from the config (a few names and numbers) that comes with each task. Results come back to the client, which
writes them in input order through the same sink and journal as a local run, so the output is the
same bytes.

Faults: Dask runs the tasks of a worker that dies again elsewhere. A batch that has killed workers
too often (Dask's ``KilledWorker``) is cleaned again one document a task, and a document that kills
its worker on its own then fails with the same reason as in a local run.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from .config import Config
from .inputs import DEFAULT_FIELDS, Found, ReadError, RecordFields, Task, expand, file_format, jsonl_range, \
    line_starts
from .runner import Outcome, clean_task, failed
from .shards import ShardPattern, ShardResult, ShardWriter, write_shard
from .workers import WORKER_DIED, cleaner_for, run_tasks

INSTALL = 'pip install "clean-news[dask]"'
#: A .jsonl.gz file is cut into at most this many ranges (it cannot seek: see :func:`pieces`).
GZIP_RANGES = 16
#: Documents per task (``--dask-batch``): a task of 25 takes a second or so, against a few
#: milliseconds of Dask's own cost per task, and 1,000 documents still make 40 tasks to share out.
DEFAULT_BATCH = 25


#: Dask settings of a ``local:N`` cluster. Its monitors serve a dashboard and diagnostics that such a
#: run does not have: the profiler of the worker threads (a sample every 10 ms) is off; the check
#: that an event loop is not blocked (every 20 ms), the system monitor (500 ms) and the memory
#: monitor of the worker processes (100 ms) run less often. On an idle local:2 cluster they cost
#: the command 0.60 CPU seconds and each worker 0.27 in 15 s; with these, 0.13 and 0.05.
LOCAL_SETTINGS = {"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "1s",
                  "distributed.admin.system-monitor.interval": "1s",
                  "distributed.worker.memory.monitor-interval": "500ms"}


class ClusterError(Exception):
    """Dask is missing or the cluster cannot be reached; the message says what to do."""


@dataclass(frozen=True)
class Scope:
    """How the workers read the documents (the same for every piece of a run)."""

    max_bytes: int
    kind: str = "auto"
    fields: RecordFields = DEFAULT_FIELDS
    url: str | None = None


@dataclass(frozen=True)
class Piece:
    """A file, or lines ``first + 1`` to ``first + count`` of a JSONL file (``offset``: where they start)."""

    found: Found
    given: str = ""
    first: int = 0
    count: int | None = None
    offset: int = 0
    weight: int = 1  # documents in it, about


def piece_tasks(piece: Piece, scope: Scope) -> Iterator[Task]:
    """The tasks of a piece, the same as a local run lists for that part of the file."""
    root, rel, fspath, error = piece.found
    if piece.count is None:
        yield from expand(root, rel, fspath, scope.max_bytes, error, kind=scope.kind, fields=scope.fields,
                          given=piece.given, url=scope.url)
        return
    compressed = file_format(rel)[1]
    base = Task(root, rel, fspath, "jsonl", compressed, kind=scope.kind, fields=scope.fields, input=piece.given,
                url=scope.url)
    yield from jsonl_range(base, scope.max_bytes, piece.first, piece.count, piece.offset)


def pieces(found: Iterable[Found], inputs: list[str], batch: int) -> Iterator[Piece]:
    """The pieces of the listed files: a JSONL file of more than ``batch`` lines in ranges of ``batch``
    lines (a .jsonl.gz file in at most :data:`GZIP_RANGES` ranges)."""
    several = len(inputs) > 1
    for item in found:
        root, rel, fspath, error = item
        given = inputs[root] if several else ""
        fmt, compressed = file_format(rel)
        if error or fmt != "jsonl":
            yield Piece(item, given)
            continue
        try:
            starts, lines = line_starts(fspath, compressed, batch)
        except ReadError:
            yield Piece(item, given)  # the worker reports it as a local run does
            continue
        if len(starts) <= 1:
            yield Piece(item, given, weight=max(lines, 1))
            continue
        if compressed:
            # Each range of a gzip file is read from the start of the file: at most GZIP_RANGES
            # ranges, so the file is decompressed at most about GZIP_RANGES / 2 times over.
            size = max(batch, -(-lines // GZIP_RANGES))
            for first in range(0, lines, size):
                count = min(size, lines - first)
                yield Piece(item, given, first=first, count=count, weight=count)
            continue
        for number, start in enumerate(starts):
            count = min(batch, lines - number * batch)
            yield Piece(item, given, first=number * batch, count=count, offset=start, weight=count)


def batches(items: Iterable[Piece], size: int) -> Iterator[list[Piece]]:
    batch: list[Piece] = []
    weight = 0
    for piece in items:
        if batch and weight + piece.weight > size:
            yield batch
            batch, weight = [], 0
        batch.append(piece)
        weight += piece.weight
    if batch:
        yield batch


# -- on the workers -------------------------------------------------------------------------------

def clean_batch(batch: list[Piece], config: Config, scope: Scope, as_lines: bool = False) -> list[Outcome]:
    """Read and clean a batch on a worker (one Cleaner per process, see :func:`cleaner_for`); with
    ``as_lines``, records come back as their JSON lines (for a JSONL output: see ``Outcome.record_json``)."""
    cleaner = cleaner_for(config)
    outcomes = [clean_task(task, cleaner, in_threads=True) for piece in batch for task in piece_tasks(piece, scope)]
    return [outcome.as_line() for outcome in outcomes] if as_lines else outcomes


def clean_one(task: Task, config: Config) -> Outcome:
    return clean_task(task, cleaner_for(config), in_threads=True)


# -- on the client --------------------------------------------------------------------------------

def _distributed() -> Any:
    try:
        import distributed
    except ImportError as err:
        raise ClusterError(f"--dask needs Dask, which is not installed: {INSTALL}") from err
    return distributed


@contextmanager
def connect(address: str, config: Config | None = None) -> Iterator[Any]:
    """A Dask client: of the scheduler at ``address``, or of a cluster of N local worker processes
    (``local[:N]``, default: the usable CPUs) started for the run and closed after it.

    The local workers are forked from this process once the Cleaner of ``config`` is built, as the
    processes of ``--workers`` are: they start without importing anything or building a Cleaner,
    and share its pages. Dask's monitors run less often (see :data:`LOCAL_SETTINGS`)."""
    distributed = _distributed()
    if address == "local" or address.startswith("local:"):
        from .workers import usable_cpus

        count = address.partition(":")[2]
        if count and not (count.isdigit() and int(count) > 0):
            raise ClusterError(f"--dask {address!r}: local:N takes a number of worker processes N >= 1")
        workers = int(count) if count else usable_cpus()
        import dask

        if config is not None:
            cleaner_for(config).rules.compile()
        gc.freeze()  # see cleaner.workers._Workers: the forked workers share these objects' pages
        # Forking is for Linux only: elsewhere (macOS) system libraries may not survive it.
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        settings = {"distributed.worker.multiprocessing-method": method, **LOCAL_SETTINGS}
        try:
            # silence_logs: Dask's own warnings (tasks cancelled by --fail-fast) stay off the terminal.
            with dask.config.set(settings), \
                    distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                             host="127.0.0.1", dashboard_address=None,
                                             silence_logs=logging.ERROR) as cluster, \
                    distributed.Client(cluster) as client:
                yield client
        finally:
            gc.unfreeze()
        return
    if "://" not in address:
        raise ClusterError(f"--dask {address!r}: give a scheduler address (tcp://host:8786) or local[:N]")
    try:
        client = distributed.Client(address, timeout="30s")
    except (OSError, TimeoutError) as err:
        raise ClusterError(f"--dask {address!r}: cannot reach the scheduler: {err}") from err
    with client:
        yield client


def _threads(client: Any) -> int:
    return max(1, sum(client.nthreads().values()))


def map_batches(client: Any, work: Iterable[list[Piece]], function: Callable[..., list[Any]], config: Config,
                scope: Scope, killed: Callable[[list[Piece], Any], list[Any]] | None = None,
                *extra: Any) -> Iterator[list[Any]]:
    """``function(batch, config, scope)`` of every batch on the cluster, results in input order. At
    most a few batches per worker thread are in flight, so the client's memory stays bounded however
    many inputs come. ``killed(batch, config)`` gives the results of a batch that killed workers too
    often (Dask's ``KilledWorker``); without it the error is raised. ``extra`` arguments go to ``function``
    after ``scope``."""
    from distributed import KilledWorker

    # The config is a few names and numbers (rule files go by their path), sent with each task: data
    # scattered once would be lost with the workers that hold it.
    shared = config
    pending: deque[tuple[list[Piece], Any]] = deque()

    def result(batch: list[Piece], future: Any) -> list[Any]:
        try:
            return future.result()
        except KilledWorker:
            if killed is None:
                raise
            return killed(batch, shared)

    for batch in work:
        pending.append((batch, client.submit(function, batch, shared, scope, *extra, pure=False)))
        if len(pending) >= 2 * _threads(client) + 2:
            yield result(*pending.popleft())
    while pending:
        yield result(*pending.popleft())


def _one_by_one(client: Any, batch: list[Piece], config: Any, scope: Scope) -> list[Outcome]:
    """A batch that killed workers too often: one of its documents may be the cause, so each is
    cleaned again in a task of its own; one that kills its worker again is a failure."""
    from distributed import KilledWorker

    outcomes = []
    for task in (task for piece in batch for task in piece_tasks(piece, scope)):
        try:
            outcomes.append(client.submit(clean_one, task, config, pure=False).result())
        except KilledWorker:
            outcomes.append(failed(task, WORKER_DIED))
    return outcomes


def run_batches(client: Any, work: Iterable[list[Piece]], config: Config, scope: Scope,
                as_lines: bool = False) -> Iterator[Outcome]:
    """Clean batches on the cluster; outcomes in input order (records as JSON lines with ``as_lines``)."""
    def isolate(batch: list[Piece], shared: Any) -> list[Outcome]:
        return _one_by_one(client, batch, shared, scope)

    for outcomes in map_batches(client, work, clean_batch, config, scope, isolate, as_lines):
        yield from outcomes


# -- shards (-o 'DIR/part-*.jsonl.gz') ---------------------------------------------------------------

def write_parts(index: int, batch: list[Piece], pattern: ShardPattern, *parts: list[Outcome]) -> ShardResult:
    """On a worker: write shard ``index`` from the outcomes of its parts (cleaned by other tasks), in
    order; only its result goes back to the client."""
    return write_shard(pattern, index, batch, (outcome for part in parts for outcome in part))


def run_shards(client: Any, shards: Iterable[tuple[int, list[Piece]]], config: Config, scope: Scope,
               pattern: ShardPattern, batch_size: int = DEFAULT_BATCH) -> Iterator[ShardResult]:
    """Each shard cleaned in tasks of about ``batch_size`` documents (as without shards, so that the
    workers stay evenly loaded to the end of a run), then written by a task on a worker that gets
    their outcomes from the others; the results as the shards are written. A few shards per worker
    thread are in flight, as in :func:`map_batches`. A shard that killed workers too often is
    cleaned again one document a task (see :func:`run_batches`) and written here."""
    from distributed import KilledWorker, as_completed

    window = 2 * _threads(client) + 2
    running = as_completed()
    submitted: dict[str, tuple[int, list[Piece]]] = {}

    def next_result() -> ShardResult:
        future = next(running)
        index, batch = submitted.pop(future.key)
        try:
            return future.result()
        except KilledWorker:
            return write_shard(pattern, index, batch, _one_by_one(client, batch, config, scope))

    try:
        for index, batch in shards:
            parts = [client.submit(clean_batch, part, config, scope, pure=False) for part in batches(batch, batch_size)]
            future = client.submit(write_parts, index, batch, pattern, *parts, pure=False)
            submitted[future.key] = (index, batch)
            running.add(future)
            if len(submitted) >= window:
                yield next_result()
        while submitted:
            yield next_result()
    finally:
        running.clear()


def local_shards(shards: Iterable[tuple[int, list[Piece]]], config: Config, scope: Scope, workers: int,
                 pattern: ShardPattern) -> Iterator[ShardResult]:
    """Without a cluster: the documents of the shards through :func:`cleaner.workers.run_tasks`
    (``workers`` processes, in input order), written here one shard after the other."""
    listed: deque[tuple[int, list[Piece]]] = deque()   # shards whose tasks have been handed out
    owners: deque[int] = deque()                       # the shard of each task handed out

    def tasks() -> Iterator[Task]:
        for index, batch in shards:
            listed.append((index, batch))
            for piece in batch:
                for task in piece_tasks(piece, scope):
                    owners.append(index)
                    yield task

    writer: ShardWriter | None = None
    try:
        for outcome in run_tasks(tasks(), config, workers):
            index = owners.popleft()
            while writer is None or writer.index != index:
                if writer is not None:
                    finished, writer = writer, None
                    yield finished.finish()
                writer = ShardWriter(pattern, *listed.popleft())  # a shard with no documents is finished at once
            writer.add(outcome)
        if writer is not None:
            finished, writer = writer, None
            yield finished.finish()
        while listed:
            yield ShardWriter(pattern, *listed.popleft()).finish()
    finally:
        if writer is not None:
            writer.abandon()


def learn_batch(batch: list[Piece], config: Config, scope: Scope) -> list[tuple[int, Any]]:
    """``clean-news learn`` on a worker: the lines of each document of a batch (one Reader per process)."""
    from . import learn_command

    learn_command._init_worker(config)
    reader = learn_command._reader
    return [(task.root, learn_command.read_task(task, reader, in_threads=True))
            for piece in batch for task in piece_tasks(piece, scope)]


def worker_pids(client: Any) -> list[int]:
    """The process ids of the workers (for tests and messages)."""
    return sorted(client.run(os.getpid).values())
