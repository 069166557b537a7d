"""Writing results so that none is lost or half-written.

A JSONL output is built in ``OUT.partial`` and renamed over ``OUT`` only when the run is complete,
so a crash leaves the previous complete output in place. A journal (``OUT.partial.keys``) lists
the documents already written, one JSON line each, after their output line; ``--resume`` keeps what
the journal confirms and carries on from there. Folder output writes every file to a temporary name
and renames it into place. Errors and skips go the same way into ``OUT.errors.jsonl``.

Finishing is itself crash-safe: the journal first records ``complete``, then the files are renamed
into place, then the journal is removed. A run killed in between is finished by ``--resume``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import sys
from typing import IO, Any, Protocol

from .inputs import Task, strip_extensions
from .runner import Outcome

_COMPLETE = "complete"


class ResumeError(Exception):
    """The files of an interrupted run do not match its journal; the message says what to do."""


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def dumps(record: dict[str, Any]) -> str:
    """One JSON line. A lone surrogate (JSON input may hold ``"\\ud800"``) cannot be written as
    UTF-8; it becomes U+FFFD, one character for one, so offsets stay right."""
    return as_utf8(json.dumps(record, ensure_ascii=False, separators=(",", ":")))


def as_utf8(text: str) -> str:
    return _LONE_SURROGATE.sub("\ufffd", text)


def default_errors_path(out: str) -> str | None:
    """``r.jsonl`` and ``r.jsonl.gz`` -> ``r.errors.jsonl``; a folder ``cleaned/`` -> ``cleaned.errors.jsonl``."""
    if out == "-":
        return None
    base = out.rstrip("/\\")
    for ending in (".jsonl.gz", ".jsonl"):
        if base.lower().endswith(ending):
            base = base[:-len(ending)]
            break
    return base + ".errors.jsonl"


class Journal:
    """Keys of finished tasks, plus the errors file; shared by every kind of sink."""

    def __init__(self, keys_path: str | None, errors_path: str | None, resume: bool) -> None:
        self.keys_path = keys_path
        self.errors_path = errors_path
        self.done: dict[str, str] = {}
        #: The interrupted run had written everything and was only renaming its files into place.
        self.complete = False
        if resume and keys_path and os.path.exists(keys_path):
            self.done, self.complete = _read_keys(keys_path)
        problems = sum(1 for status in self.done.values() if status != "record")
        self._keys: IO[str] | None = None
        self._errors: IO[str] | None = None
        if self.complete:
            return  # nothing more to write: commit() finishes the renaming
        if keys_path:
            self._keys = _reopen(keys_path, [_key_line(k, s) for k, s in self.done.items()])
        if errors_path:
            self._errors = _reopen_keep(errors_path + ".partial", problems if resume else 0)

    @property
    def records_done(self) -> int:
        return sum(1 for status in self.done.values() if status == "record")

    def problem(self, outcome: Outcome) -> None:
        if self._errors is not None:
            self._errors.write(dumps(outcome.problem()) + "\n")
            self._errors.flush()

    def finish_task(self, outcome: Outcome) -> None:
        if self._keys is not None:
            self._keys.write(_key_line(outcome.key, outcome.status) + "\n")
            self._keys.flush()

    def mark_complete(self) -> None:
        """Everything is written: make the errors file durable, then record that in the journal."""
        if self._errors is not None:
            _sync_close(self._errors)
        if self._keys is not None:
            self._keys.write(json.dumps(_COMPLETE) + "\n")
            _sync_close(self._keys)
        self.complete = True

    def commit(self) -> None:
        """Rename the errors file into place and remove the journal (after :meth:`mark_complete`)."""
        assert self.complete
        if self.errors_path and os.path.exists(self.errors_path + ".partial"):
            os.replace(self.errors_path + ".partial", self.errors_path)
        if self.keys_path and os.path.exists(self.keys_path):
            os.unlink(self.keys_path)

    def close(self) -> None:
        for handle in (self._keys, self._errors):
            if handle is not None and not handle.closed:
                handle.close()


class Sink(Protocol):
    """Where records go. The run calls ``claim`` for each record finished before ``--resume``,
    ``write`` for each new one, then ``sync`` and ``commit`` when complete, or ``close`` when stopped."""

    def claim(self, task: Task | Outcome) -> Any: ...
    def write(self, outcome: Outcome) -> None: ...
    def sync(self) -> None: ...
    def commit(self) -> None: ...
    def close(self) -> None: ...


class JsonlSink:
    """Records one JSON line each in ``OUT.partial``, renamed over OUT when the run is complete.

    With ``compress`` (``OUT.jsonl.gz``) the partial file is still plain JSONL, so that ``--resume``
    can keep exactly the lines the journal confirms; finishing compresses it into a temporary file
    that is renamed over OUT (a crash in between is finished again by ``--resume``). The gzip
    header holds no time stamp, so the same run gives the same bytes."""

    def __init__(self, out: str, journal: Journal, *, compress: bool = False) -> None:
        self.out = out
        self.partial = out + ".partial"
        self.compress = compress
        self._handle = None if journal.complete else _reopen_keep(self.partial, journal.records_done)

    def claim(self, task: Task | Outcome) -> None:
        pass

    def write(self, outcome: Outcome) -> None:
        assert self._handle is not None
        self._handle.write(outcome.json_line + "\n")
        self._handle.flush()

    def sync(self) -> None:
        if self._handle is not None:
            _sync_close(self._handle)

    def commit(self) -> None:
        if not os.path.exists(self.partial):  # a finished run was interrupted after this rename
            return
        if self.compress:
            _compress_into_place(self.partial, self.out)
            os.unlink(self.partial)
        else:
            os.replace(self.partial, self.out)

    def close(self) -> None:
        if self._handle is not None and not self._handle.closed:
            self._handle.close()


class _WritesInPlace:
    """A sink whose every write is final (stdout, or a folder of files renamed into place): there
    is nothing to sync, commit or close at the end."""

    def sync(self) -> None:
        pass

    def commit(self) -> None:
        pass

    def close(self) -> None:
        pass


class StdoutSink(_WritesInPlace):
    def __init__(self, stream: IO[str] | None = None) -> None:
        self._stream = stream or sys.stdout

    def claim(self, task: Task | Outcome) -> None:
        pass

    def write(self, outcome: Outcome) -> None:
        self._stream.write(outcome.json_line + "\n")
        self._stream.flush()


class FolderSink(_WritesInPlace):
    """``OUT/<input path>.txt`` (the body) and ``.json`` (the record) per document, mirroring the
    input tree; JSON/JSONL records go to ``OUT/<input path>/<line>.txt``.

    Names come from the input path as the OS gave it (undecodable bytes stay as they were), split
    on path separators only, with ``..`` and empty parts dropped, so nothing lands outside OUT. Two
    inputs that would share a name (``a.txt`` and ``a.html``, the same name under two INPUTs, names
    that differ only in case) do not overwrite each other: the later one, in input order, gets
    ``~2``, ``~3``... Tasks finished before ``--resume`` are claimed again in the same order, so the
    names do not depend on where a run was interrupted.
    """

    def __init__(self, out: str) -> None:
        self.out = os.path.abspath(out)
        os.makedirs(self.out, exist_ok=True)
        # Digests of the casefolded targets handed out: a run may write hundreds of thousands.
        self._taken: set[bytes] = set()

    def target(self, rel: str, line: int | None) -> str:
        """Where the files of a task go (without the ``.txt`` / ``.json`` suffix), before deduplication."""
        parts = [p for p in re.split(_SEPARATORS, rel) if p not in ("", ".", "..")] or ["_"]
        parts[-1] = strip_extensions(parts[-1]) or "_"
        if line is not None:
            parts.append(f"{line:06d}")
        return os.path.join(self.out, *parts)

    def claim(self, task: Task | Outcome) -> str:
        """Reserve the target of a task that has (or had, before ``--resume``) a record, deduplicated
        against those claimed before it. Called once per record, in input order."""
        base = self.target(task.rel, task.line)
        path, number = base, 1
        while _digest(path) in self._taken:
            number += 1
            path = f"{base}~{number}"
        self._taken.add(_digest(path))
        return path

    def write(self, outcome: Outcome) -> None:
        assert outcome.record is not None
        target = self.claim(outcome)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        _atomic_write(target + ".txt", as_utf8(outcome.record["body"]) + "\n")
        _atomic_write(target + ".json", dumps(outcome.record) + "\n")



_SEPARATORS = "|".join(re.escape(sep) for sep in {"/", os.sep, os.altsep or "/"})


def _digest(path: str) -> bytes:
    return hashlib.blake2b(path.casefold().encode("utf-8", "surrogateescape"), digest_size=16).digest()


def _atomic_write(path: str, text: str) -> None:
    """Write ``path`` whole or not at all. The temporary name is hidden (a later run over OUT skips
    it) and fixed, so a write cut by a crash is overwritten when ``--resume`` redoes the document."""
    folder, name = os.path.split(path)
    temporary = os.path.join(folder, f".{name}.partial")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, path)


def _key_line(key: str, status: str) -> str:
    # JSON, so that keys with line breaks, tabs or undecodable bytes (as surrogates) survive.
    return json.dumps([key, status])


def _read_keys(path: str) -> tuple[dict[str, str], bool]:
    """The finished tasks of an interrupted run, and whether it had finished writing altogether."""
    done: dict[str, str] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.endswith("\n"):
                break  # the last line was cut by the crash: that task is not done
            try:
                entry = json.loads(line)
            except ValueError:
                break
            if entry == _COMPLETE:
                return done, True
            if isinstance(entry, list) and len(entry) == 2:
                done[entry[0]] = entry[1]
    return done, False


def _reopen(path: str, lines: list[str]) -> IO[str]:
    """Rewrite ``path`` with exactly ``lines`` and leave it open for appending."""
    handle = open(path, "w", encoding="utf-8")
    for line in lines:
        handle.write(line + "\n")
    handle.flush()
    return handle


def _reopen_keep(path: str, keep_lines: int) -> IO[str]:
    """Keep the first ``keep_lines`` complete lines of ``path`` (what the journal confirms), drop the
    rest, and leave it open for appending."""
    kept = 0
    if keep_lines and os.path.exists(path):
        with open(path, "rb") as handle:
            position = 0
            for raw in handle:
                if kept == keep_lines or not raw.endswith(b"\n"):
                    break
                position += len(raw)
                kept += 1
        with open(path, "r+b") as handle:
            handle.truncate(position)
    if kept != keep_lines:
        raise ResumeError(f"{path} holds {kept} complete lines but the journal lists {keep_lines}: "
                          "the interrupted run cannot be resumed; run again without --resume")
    handle = open(path, "a" if keep_lines else "w", encoding="utf-8")
    return handle


def _compress_into_place(source: str, target: str) -> None:
    temporary = target + ".partial.gz"
    with open(source, "rb") as plain, open(temporary, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed:
            shutil.copyfileobj(plain, packed, 1 << 20)
        raw.flush()
        os.fsync(raw.fileno())
    os.replace(temporary, target)


def _sync_close(handle: IO[str]) -> None:
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()
