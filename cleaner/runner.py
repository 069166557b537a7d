"""One outcome per document: a record, an error (with the reason) or a skip (with the reason).

:func:`clean_task` reads and cleans one task within the time limit and never raises for a problem
with the document; :class:`Summary` counts outcomes. Running many tasks, in worker processes, is
:mod:`cleaner.workers`.
"""

from __future__ import annotations

import ctypes
import itertools
import os
import signal
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Iterator

from .document import Document
from .errors import InputError
from .inputs import ReadError, Task, read_bytes
from .pipeline import Cleaner
from .source import folder_key


@dataclass(frozen=True)
class Outcome:
    key: str
    status: str                      # "record" | "error" | "skip"
    record: dict[str, Any] | None = None
    path: str = ""                   # for people and JSON: Task.display_path
    line: int | None = None
    reason: str = ""
    rel: str = ""                    # for naming output files: Task.rel, as the OS gave it
    id: str | None = None            # the record's own id (an error line names it)
    where: str = ""                  # the path for messages: Task.where
    input: str | None = None         # the INPUT root it came from, when a run has several
    #: The record as its JSON line, made where it was cleaned (a Dask worker) instead of ``record``,
    #: and the categories of its removals (for the summary): a string travels faster than a dict.
    record_json: str | None = None
    categories: tuple[str, ...] = ()

    def as_line(self) -> Outcome:
        """This outcome with its record as a JSON line (see ``record_json``)."""
        if self.record is None:
            return self
        from .output import dumps

        return replace(self, record=None, record_json=dumps(self.record),
                       categories=tuple(r["category"] for r in self.record["removed"]))

    @property
    def json_line(self) -> str:
        """The record as one JSON line (without the line break)."""
        if self.record_json is not None:
            return self.record_json
        from .output import dumps

        assert self.record is not None
        return dumps(self.record)

    def problem(self) -> dict[str, Any]:
        """The line written to the errors file for an error or a skip."""
        return {"path": self.path, "line": self.line, "id": self.id, "status": self.status, "reason": self.reason,
                "input": self.input}

    def message(self) -> str:
        """The line shown to a person: status, path (under its INPUT when there are several), line, id."""
        where = self.where or self.path
        if self.line:
            where += f":{self.line}"
        if self.id is not None:
            where += f" (id {self.id})"
        return f"{self.status}: {where}: {self.reason}"


@dataclass
class Summary:
    documents: int = 0
    errors: int = 0
    skipped: int = 0
    resumed: int = 0
    removals: Counter = field(default_factory=Counter)

    def add_done(self, statuses: Iterable[str]) -> None:
        """Count the outcomes an interrupted run had already written (``--resume``)."""
        for status in statuses:
            self.resumed += 1
            if status == "record":
                self.documents += 1
            elif status == "error":
                self.errors += 1
            else:
                self.skipped += 1

    def add(self, outcome: Outcome) -> None:
        if outcome.status == "record":
            self.documents += 1
            if outcome.record is None:
                self.removals.update(outcome.categories)
            else:
                self.removals.update(r["category"] for r in outcome.record["removed"])
        elif outcome.status == "error":
            self.errors += 1
        else:
            self.skipped += 1

    @property
    def inputs(self) -> int:
        return self.documents + self.errors + self.skipped


class DocumentTimeout(BaseException):
    """One document took longer than ``Config.timeout``. A BaseException, like KeyboardInterrupt, so
    that a library's broad ``except Exception`` on the way cannot swallow it."""


@contextmanager
def time_limit(seconds: float, in_threads: bool = False) -> Iterator[None]:
    """Raise :class:`DocumentTimeout` in the block after ``seconds`` (0: no limit).

    SIGALRM interrupts pure-Python loops and regular-expression matching alike. Signals reach only
    the main thread, so elsewhere (a library caller's thread) the block runs without a limit, unless
    ``in_threads``: then a timer raises the error in the thread between two Python instructions (a
    Dask worker runs its tasks in threads); one long call into C code (a regular expression match,
    parsing HTML) is not interrupted that way, only the Python code after it.
    """
    if seconds <= 0:
        yield
        return
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        if in_threads:
            with _WATCHDOG.limit(seconds):
                yield
        else:
            yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise DocumentTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _Watchdog:
    """One daemon thread per process that raises :class:`DocumentTimeout` in a thread whose block
    runs past its deadline (a thread of its own per block cost 0.17 ms a document). It sleeps until
    the earliest deadline and is woken only for an earlier one, so a stream of quick documents
    wakes it about once per time limit."""

    def __init__(self) -> None:
        self._forget()

    def _forget(self) -> None:  # at first and in a forked child, which has no watchdog thread
        self._cond = threading.Condition()
        self._started = False

    def _start(self) -> None:  # with the lock held
        self._started = True
        self._blocks: dict[int, tuple[float, int, dict[str, bool]]] = {}  # token: deadline, thread, state
        self._tokens = itertools.count()
        self._until: float | None = None  # when the watchdog wakes next (None: when woken)
        threading.Thread(target=self._watch, name="clean-news-time-limit", daemon=True).start()

    @contextmanager
    def limit(self, seconds: float) -> Iterator[None]:
        state = {"fired": False}
        with self._cond:
            if not self._started:
                self._start()
            token, deadline = next(self._tokens), time.monotonic() + seconds
            self._blocks[token] = (deadline, threading.get_ident(), state)
            if self._until is None or deadline < self._until:
                self._until = deadline
                self._cond.notify()
        try:
            yield
        finally:
            with self._cond:
                self._blocks.pop(token, None)
                if state["fired"]:  # raised already, or not yet: then it is withdrawn here
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(threading.get_ident()), None)

    def _watch(self) -> None:
        with self._cond:
            while True:
                if not self._blocks:
                    self._until = None
                    self._cond.wait()
                    continue
                token, (deadline, thread, state) = min(self._blocks.items(), key=lambda item: item[1][0])
                wait = deadline - time.monotonic()
                if wait > 0:
                    self._until = deadline
                    self._cond.wait(wait)
                    continue
                del self._blocks[token]
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), ctypes.py_object(DocumentTimeout))


_WATCHDOG = _Watchdog()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_WATCHDOG._forget)


def failed(task: Task, reason: str, status: str = "error") -> Outcome:
    """The outcome of a task that gives no record."""
    return Outcome(key=task.key, status=status, path=task.display_path, line=task.line, reason=reason, rel=task.rel,
                   id=task.given_id, where=task.where, input=task.input or None)


def clean_task(task: Task, cleaner: Cleaner, in_threads: bool = False) -> Outcome:
    """Read and clean one task; never raises for a problem with the document itself. The time limit
    holds in the main thread, and in other threads with ``in_threads`` (see :func:`time_limit`)."""
    return clean_document(task, cleaner, in_threads)[0]


def clean_document(task: Task, cleaner: Cleaner, in_threads: bool = False) -> tuple[Outcome, Document | None]:
    """The outcome of one task, and the document when it gives a record (``--explain`` shows it)."""
    if task.error:
        return failed(task, task.error), None
    try:
        with time_limit(cleaner.config.timeout, in_threads):
            doc = read_and_clean(task, cleaner)
    except DocumentTimeout:
        return failed(task, f"took longer than {cleaner.config.timeout:g} s (--timeout)"), None
    except (ReadError, InputError) as err:
        return failed(task, str(err)), None
    except RecursionError:
        return failed(task, "structure nested too deeply to parse"), None
    except MemoryError:
        return failed(task, "ran out of memory on this document"), None
    if "empty_input" in doc.flags:
        empty = "no text found in the HTML" if doc.input_format == "html" else "empty or whitespace-only document"
        return failed(task, empty, status="skip"), None
    if not any(c.isalnum() for c in doc.text):
        return failed(task, "no words, only punctuation, symbols or invisible characters", status="skip"), None
    record: dict[str, Any] = dict(doc.to_dict())
    if task.record is None:
        record["input_format"] = doc.input_format
    else:
        record["input_format"] = f"{task.fmt}:{doc.input_format}"
        meta = task.fields.meta(task.record, task.fields.content(task.record)[0])
        if meta is not None:
            record["meta"] = meta
    return Outcome(key=task.key, status="record", record=record, path=task.display_path, line=task.line,
                   rel=task.rel, id=task.given_id, where=task.where), doc


def read_and_clean(task: Task, cleaner: Cleaner) -> Document:
    if task.record is not None:
        record = task.record
        name, content = task.fields.content(record)
        assert content is not None  # listing made sure of it
        kind = task.kind if task.kind != "auto" else "html" if name == "html" else "auto"
        return cleaner.clean(content, url=_str(record.get(task.fields.url)) or task.url, kind=kind,
                             title=_str(record.get(task.fields.title)), id=task.doc_id, path=task.display_path,
                             source=task_source(task, cleaner.config.source_from))
    data = task.data if task.data is not None else read_bytes(task.fspath, task.compressed, cleaner.config.max_bytes)
    # The content decides (a page saved as page.txt is HTML), but a name that says HTML settles a
    # page too broken for the sniffing ("<!DOCTYPEw.example.com/rss.xml" ...).
    kind = "html" if task.kind == "auto" and task.fmt == "html" else task.kind
    return cleaner.clean(data, kind=kind, url=task.url, id=task.doc_id, path=task.display_path,
                         source=task_source(task, cleaner.config.source_from))


def task_source(task: Task, source_from: str) -> str | None:
    """The source key a task brings itself (a record's ``source`` field, or its folder with
    ``source_from="folder"``); a key from the URL is found by the cleaner (see :mod:`cleaner.source`)."""
    value = task.record.get("source") if task.record is not None else None
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return folder_key(task.rel) if source_from == "folder" else None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
