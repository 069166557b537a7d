"""Finding input documents in files and folders, and reading them within the size limit.

Every supported file becomes one or more :class:`Task` objects, in a deterministic order: inputs in
the order given, folders walked in sorted name order, hidden names skipped, symlinked folders
followed at most once (no loops). A ``.json`` file holds one record or a list of records, a
``.jsonl`` file one record per line; a record has ``text`` or ``html`` and optionally ``id``,
``url`` and ``title``.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from dataclasses import dataclass
from typing import Any, Iterator

FORMATS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".json": "json",
           ".jsonl": "jsonl", ".ndjson": "jsonl"}


class ReadError(Exception):
    """A file or record that cannot be read; the message is the one-line reason."""


@dataclass(frozen=True)
class Task:
    """One document to clean. ``key`` identifies it within a run (for resume and ordering)."""

    root: int
    rel: str            # path relative to its INPUT root, as the OS gave it (may hold surrogates)
    fspath: str         # where to read it
    fmt: str            # text | html | json | jsonl
    compressed: bool
    line: int | None = None           # line (JSONL) or position (JSON list), 1-based
    record: dict[str, Any] | None = None
    error: str | None = None          # a problem found while listing (the task then fails with it)

    @property
    def key(self) -> str:
        return f"{self.root}:{self.rel}" + (f"#{self.line}" if self.line is not None else "")

    @property
    def display_path(self) -> str:
        """The relative path as text that can go into JSON: a byte that is not UTF-8 is shown as
        ``\\xNN``, so two names that differ only in such bytes stay apart."""
        return self.rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")

    @property
    def doc_id(self) -> str:
        if self.record is not None and self.record.get("id") not in (None, ""):
            return str(self.record["id"])
        stem = strip_extensions(self.display_path)
        return stem if self.line is None else f"{stem}:{self.line}"


def strip_extensions(rel: str) -> str:
    """``a/b.html.gz`` -> ``a/b``."""
    base = rel[:-3] if rel.endswith(".gz") else rel
    root, ext = os.path.splitext(base)
    return root if ext.lower() in FORMATS else base


def file_format(name: str) -> tuple[str | None, bool]:
    """(format, compressed) from a file name; format None for an unsupported type."""
    lower = name.lower()
    compressed = lower.endswith(".gz")
    if compressed:
        lower = lower[:-3]
    return FORMATS.get(os.path.splitext(lower)[1]), compressed


@dataclass
class Listing:
    """Counts of what discovery passed over, for the summary."""

    ignored: int = 0


Found = tuple[int, str, str, str | None]
"""``(root index, relative path, filesystem path, error)``: a file, or a folder that could not be
listed (with the reason), so that the files lost with it are accounted for as one failure."""


def discover(inputs: list[str], listing: Listing) -> Iterator[Found]:
    """Yield every supported file, and every folder that cannot be listed."""
    for root_index, given in enumerate(inputs):
        if os.path.isdir(given):
            yield from ((root_index, rel, path, error) for rel, path, error in _walk(given, listing))
        else:
            yield root_index, os.path.basename(given) or given, given, None


def _walk(top: str, listing: Listing) -> Iterator[tuple[str, str, str | None]]:
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[str, str]] = [(top, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in seen:
                continue  # a symlink loop, or a folder linked twice
            seen.add((info.st_dev, info.st_ino))
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as err:
            yield prefix or "." + os.sep, folder, f"cannot list folder: {_reason(err)}"
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = prefix + entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False  # a symlink loop or a vanished entry: reading it reports why
            if is_dir:
                subfolders.append((entry.path, rel + os.sep))
            elif file_format(entry.name)[0] is not None:
                yield rel, entry.path, None
            else:
                listing.ignored += 1
        stack.extend(reversed(subfolders))


def expand(root: int, rel: str, fspath: str, max_bytes: int, error: str | None = None) -> Iterator[Task]:
    """The tasks of one file: itself, or one per record of a JSON / JSONL file."""
    if error:
        yield Task(root, rel, fspath, "text", False, error=error)
        return
    fmt, compressed = file_format(rel)
    fmt = fmt or "text"  # a file named on the command line is read as text whatever its name
    if fmt in ("text", "html"):
        yield Task(root, rel, fspath, fmt, compressed)
        return
    base = Task(root, rel, fspath, fmt, compressed)
    try:
        if fmt == "jsonl":
            yield from _jsonl_tasks(base, max_bytes)
        else:
            yield from _json_tasks(base, max_bytes)
    except ReadError as err:
        yield Task(root, rel, fspath, fmt, compressed, error=str(err))


def _jsonl_tasks(base: Task, max_bytes: int) -> Iterator[Task]:
    with _open(base.fspath, base.compressed) as handle:
        number = 0
        while True:
            try:
                line = handle.readline(max_bytes + 1)
            except (OSError, EOFError, zlib.error) as err:
                raise ReadError(f"unreadable after line {number}: {_reason(err)}") from err
            if not line:
                return
            number += 1
            if len(line) > max_bytes and not line.endswith(b"\n"):
                _skip_rest_of_line(handle, max_bytes)
                yield _task(base, number, error=f"line over the size limit of {max_bytes:,} bytes (--max-bytes)")
                continue
            if not line.strip():
                continue
            yield _record_task(base, number, line)


def _json_tasks(base: Task, max_bytes: int) -> Iterator[Task]:
    data = read_bytes(base.fspath, base.compressed, max_bytes)
    try:
        value = json.loads(data)
    except (ValueError, RecursionError) as err:
        raise ReadError(f"not valid JSON ({_reason(err)})") from err
    if isinstance(value, dict):
        yield _record_task(base, None, value)
    elif isinstance(value, list):
        for number, item in enumerate(value, 1):
            yield _record_task(base, number, item)
    else:
        raise ReadError("JSON file holds neither a record nor a list of records")


def _record_task(base: Task, number: int | None, raw: bytes | Any) -> Task:
    # The line number is reported in its own field; the reason says only what is wrong.
    where = f"item {number}: " if number is not None and not isinstance(raw, bytes) else ""
    if isinstance(raw, bytes):
        try:
            raw = json.loads(raw)
        except (ValueError, RecursionError) as err:
            return _task(base, number, error=f"{where}not JSON ({_reason(err)})")
    if not isinstance(raw, dict):
        return _task(base, number, error=f"{where}a JSON {type(raw).__name__}, not a record")
    content = raw.get("html") if isinstance(raw.get("html"), str) else raw.get("text")
    if not isinstance(content, str):
        return _task(base, number, error=f"{where}record has no 'text' or 'html' string")
    return _task(base, number, record=raw)


def _task(base: Task, number: int | None, **kw: Any) -> Task:
    return Task(base.root, base.rel, base.fspath, base.fmt, base.compressed, line=number, **kw)


def _skip_rest_of_line(handle: Any, chunk: int) -> None:
    while True:
        part = handle.readline(chunk)
        if not part or part.endswith(b"\n"):
            return


def _open(path: str, compressed: bool) -> Any:
    try:
        return gzip.open(path, "rb") if compressed else open(path, "rb")
    except OSError as err:
        raise ReadError(f"cannot open: {_reason(err)}") from err


def read_bytes(path: str, compressed: bool, max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` (after decompression); never inflates a larger file whole."""
    try:
        with _open(path, compressed) as handle:
            data = handle.read(max_bytes + 1)
    except ReadError:
        raise
    except (OSError, EOFError, zlib.error) as err:
        raise ReadError(f"cannot read: {_reason(err)}") from err
    if len(data) > max_bytes:
        what = "decompresses to more than" if compressed else "is larger than"
        raise ReadError(f"{what} the size limit of {max_bytes:,} bytes (--max-bytes)")
    return data


def _reason(err: BaseException) -> str:
    if isinstance(err, OSError) and err.strerror:
        return err.strerror.lower()
    return str(err).splitlines()[0] if str(err) else type(err).__name__
