"""Running the cleaner over many inputs: one outcome per document, in input order.

Every task ends as exactly one :class:`Outcome`: a record, an error (with the reason) or a skip
(with the reason). Workers are separate processes, each with its own :class:`Cleaner`; results are
collected in input order, so the output does not depend on the number of workers.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from .config import Config
from .errors import InputError
from .inputs import ReadError, Task, read_bytes
from .pipeline import Cleaner


@dataclass(frozen=True)
class Outcome:
    key: str
    status: str                      # "record" | "error" | "skip"
    record: dict[str, Any] | None = None
    path: str = ""
    line: int | None = None
    reason: str = ""

    def problem(self) -> dict[str, Any]:
        """The line written to the errors file for an error or a skip."""
        return {"path": self.path, "line": self.line, "status": self.status, "reason": self.reason}


@dataclass
class Summary:
    documents: int = 0
    errors: int = 0
    skipped: int = 0
    resumed: int = 0
    removals: Counter = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        if outcome.status == "record":
            self.documents += 1
            assert outcome.record is not None
            self.removals.update(r["category"] for r in outcome.record["removed"])
        elif outcome.status == "error":
            self.errors += 1
        else:
            self.skipped += 1

    @property
    def inputs(self) -> int:
        return self.documents + self.errors + self.skipped


def clean_task(task: Task, cleaner: Cleaner) -> Outcome:
    """Read and clean one task; never raises for a problem with the document itself."""
    base = dict(key=task.key, path=task.display_path, line=task.line)
    if task.error:
        return Outcome(status="error", reason=task.error, **base)
    try:
        if task.record is not None:
            record = task.record
            is_html = isinstance(record.get("html"), str)
            content: str | bytes = record["html"] if is_html else record["text"]
            doc = cleaner.clean(content, url=_str(record.get("url")), kind="html" if is_html else "auto",
                                title=_str(record.get("title")), id=task.doc_id, path=task.display_path)
        else:
            data = read_bytes(task.fspath, task.compressed, cleaner.config.max_bytes)
            doc = cleaner.clean(data, kind=task.fmt, id=task.doc_id, path=task.display_path)
    except (ReadError, InputError) as err:
        return Outcome(status="error", reason=str(err), **base)
    except RecursionError:
        return Outcome(status="error", reason="structure nested too deeply to parse", **base)
    except MemoryError:
        return Outcome(status="error", reason="ran out of memory on this document", **base)
    if "empty_input" in doc.flags:
        return Outcome(status="skip", reason="empty or whitespace-only document", **base)
    if "empty_after_cleaning" in doc.flags and not doc.text.strip():
        return Outcome(status="skip", reason="no text found in the document", **base)
    record = doc.to_dict()
    record["input_format"] = task.fmt if task.record is None else f"{task.fmt}:{doc.input_format}"
    return Outcome(status="record", record=record, **base)


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


# -- parallel execution -------------------------------------------------------------------------

#: The Cleaner of a worker process: inherited from the parent when workers are forked, else built
#: once by the pool initializer. Set only in worker processes (and by ``run_tasks`` just before it
#: forks them).
_worker_cleaner: Cleaner | None = None


def _init_worker(config: Config) -> None:
    global _worker_cleaner  # one Cleaner per worker process, built once
    if _worker_cleaner is None or _worker_cleaner.config != config:
        _worker_cleaner = Cleaner(config)


def _clean_chunk_in_worker(chunk: list[Task]) -> list[Outcome]:
    assert _worker_cleaner is not None
    return [clean_task(task, _worker_cleaner) for task in chunk]


def run_tasks(tasks: Iterable[Task], config: Config, workers: int, chunk_size: int = 8,
              cleaner: Cleaner | None = None) -> Iterator[Outcome]:
    """Clean tasks in order with ``workers`` processes (1: in this process).

    ``cleaner``, when given, is a Cleaner already built for ``config``: it is used in this process
    and, where workers are forked, inherited by them, so rules and language profiles are loaded
    once for the whole run. At most ``4 * workers`` chunks are in flight, so memory stays bounded
    however many tasks come (``Pool.imap`` would read the whole task iterator ahead).
    """
    if cleaner is None or cleaner.config != config:
        cleaner = Cleaner(config)
    if workers <= 1:
        for task in tasks:
            yield clean_task(task, cleaner)
        return
    global _worker_cleaner
    forking = hasattr(os, "fork")
    context = multiprocessing.get_context("fork" if forking else "spawn")
    if forking:
        _worker_cleaner = cleaner  # the forked workers start with it; the initializer keeps it
        # Objects that exist now are shared with the workers page by page until written to; the
        # garbage collector would write to every one of them, so it leaves them alone from here.
        gc.freeze()
    try:
        with context.Pool(workers, initializer=_init_worker, initargs=(config,)) as pool:
            pending: deque = deque()
            for chunk in _chunks(tasks, chunk_size):
                pending.append(pool.apply_async(_clean_chunk_in_worker, (chunk,)))
                if len(pending) >= 4 * workers:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()
    finally:
        if forking:
            _worker_cleaner = None
            gc.unfreeze()


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


ProgressCallback = Callable[[Outcome], None]
