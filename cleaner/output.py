"""Writing results so that none is lost or half-written.

A JSONL output is built in ``OUT.partial`` and renamed over ``OUT`` only when the run is complete,
so a crash leaves the previous complete output in place. A journal (``OUT.partial.keys``) lists
the documents already written; ``--resume`` keeps what the journal confirms and carries on from
there. Folder output writes every file to a temporary name and renames it into place. Errors and
skips go the same way into ``OUT.errors.jsonl``.
"""

from __future__ import annotations

import json
import os
import sys
from typing import IO, Any

from .runner import Outcome


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def default_errors_path(out: str) -> str | None:
    if out == "-":
        return None
    base = out.rstrip("/\\")
    return (base[:-6] if base.endswith(".jsonl") else base) + ".errors.jsonl"


class Journal:
    """Keys of finished tasks, plus the errors file; shared by every kind of sink."""

    def __init__(self, keys_path: str | None, errors_path: str | None, resume: bool) -> None:
        self.keys_path = keys_path
        self.errors_path = errors_path
        self.done: dict[str, str] = {}
        if resume and keys_path and os.path.exists(keys_path):
            self.done = _read_keys(keys_path)
        problems = sum(1 for status in self.done.values() if status != "record")
        self._keys = _reopen(keys_path, [f"{k}\t{s}" for k, s in self.done.items()]) if keys_path else None
        self._errors = (_reopen_keep(errors_path + ".partial", problems if resume else 0)
                        if errors_path else None)

    @property
    def records_done(self) -> int:
        return sum(1 for status in self.done.values() if status == "record")

    def problem(self, outcome: Outcome) -> None:
        if self._errors is not None:
            self._errors.write(dumps(outcome.problem()) + "\n")
            self._errors.flush()

    def finish_task(self, outcome: Outcome) -> None:
        if self._keys is not None:
            self._keys.write(f"{outcome.key}\t{outcome.status}\n")
            self._keys.flush()

    def commit(self) -> None:
        if self._errors is not None and self.errors_path:
            _sync_close(self._errors)
            os.replace(self.errors_path + ".partial", self.errors_path)
        if self._keys is not None and self.keys_path:
            self._keys.close()
            os.unlink(self.keys_path)

    def close(self) -> None:
        for handle in (self._keys, self._errors):
            if handle is not None and not handle.closed:
                handle.close()


class JsonlSink:
    def __init__(self, out: str, journal: Journal) -> None:
        self.out = out
        self.partial = out + ".partial"
        self._handle = _reopen_keep(self.partial, journal.records_done)

    def write(self, outcome: Outcome) -> None:
        assert outcome.record is not None
        self._handle.write(dumps(outcome.record) + "\n")
        self._handle.flush()

    def commit(self) -> None:
        _sync_close(self._handle)
        os.replace(self.partial, self.out)

    def close(self) -> None:
        if not self._handle.closed:
            self._handle.close()


class StdoutSink:
    def __init__(self, stream: IO[str] | None = None) -> None:
        self._stream = stream or sys.stdout

    def write(self, outcome: Outcome) -> None:
        assert outcome.record is not None
        self._stream.write(dumps(outcome.record) + "\n")
        self._stream.flush()

    def commit(self) -> None:
        pass

    def close(self) -> None:
        pass


class FolderSink:
    """``OUT/<input path>.txt`` (the body) and ``.json`` (the record) per document, mirroring the
    input tree; JSON/JSONL records go to ``OUT/<input path>/<line>.txt``."""

    def __init__(self, out: str) -> None:
        self.out = os.path.abspath(out)
        os.makedirs(self.out, exist_ok=True)

    def target(self, outcome: Outcome, rel: str) -> str:
        from .inputs import strip_extensions

        stem = strip_extensions(rel)
        if outcome.line is not None:
            stem = os.path.join(stem, f"{outcome.line:06d}")
        parts = [p for p in stem.replace("\\", "/").split("/") if p not in ("", ".", "..")]
        path = os.path.normpath(os.path.join(self.out, *parts)) if parts else os.path.join(self.out, "_")
        if os.path.commonpath([self.out, path]) != self.out:  # never write outside OUT
            path = os.path.join(self.out, "_".join(parts))
        return path

    def write(self, outcome: Outcome, rel: str = "") -> None:
        assert outcome.record is not None
        target = self.target(outcome, rel or outcome.record["path"])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        _atomic_write(target + ".txt", outcome.record["body"] + "\n")
        _atomic_write(target + ".json", dumps(outcome.record) + "\n")

    def commit(self) -> None:
        pass

    def close(self) -> None:
        pass


def _atomic_write(path: str, text: str) -> None:
    temporary = f"{path}.tmp-{os.getpid()}"
    with open(temporary, "w", encoding="utf-8", errors="surrogateescape") as handle:
        handle.write(text)
    os.replace(temporary, path)


def _read_keys(path: str) -> dict[str, str]:
    done: dict[str, str] = {}
    with open(path, encoding="utf-8", errors="surrogateescape") as handle:
        for line in handle:
            if not line.endswith("\n"):
                break  # the last line was cut by the crash: that task is not done
            key, _, status = line.rstrip("\n").rpartition("\t")
            if key:
                done[key] = status
    return done


def _reopen(path: str, lines: list[str]) -> IO[str]:
    """Rewrite ``path`` with exactly ``lines`` and leave it open for appending."""
    handle = open(path, "w", encoding="utf-8", errors="surrogateescape")
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
        raise RuntimeError(f"{path} holds {kept} complete lines but the journal lists {keep_lines}; "
                           "run again without --resume")
    handle = open(path, "a" if keep_lines else "w", encoding="utf-8")
    return handle


def _sync_close(handle: IO[str]) -> None:
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()
