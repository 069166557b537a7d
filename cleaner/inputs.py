"""Finding input documents in files and folders, and reading them within the size limit.

Every supported file becomes one or more :class:`Task` objects, in a deterministic order: inputs in
the order given, folders walked in sorted name order, hidden names skipped, symlinked folders
followed at most once (no loops). A ``.json`` file holds one record or a list of records, a
``.jsonl`` file one record per line; a record has ``html``, ``text`` or ``body`` (or the field named by
``--text-field``) and optionally ``id``, ``url`` and ``title``. Its other fields are carried to the
output record under ``meta``.

Files are read as text or HTML by their content (``kind="auto"``), whatever their extension, unless
``--kind`` says otherwise. ``-`` is standard input: a JSONL stream of records, or one document.
An INPUT given as a URL (``s3://bucket/crawl/``, ``file:///data/crawl/``) is listed and read through
fsspec, with the backend for its scheme (s3fs for ``s3://`` ...), in the same order as a folder.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
import zlib
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any, Iterator

FORMATS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
           ".php": "html", ".asp": "html", ".aspx": "html", ".jsp": "html",
           ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}

#: The name standard input goes by in records and messages.
STDIN = "-"
STDIN_NAME = "<stdin>"
#: The keys of a clean-news output record: fed back in, its ``body`` is the text and these are not
#: carried into ``meta`` (its own ``meta`` is), so cleaning twice does not nest records.
OUTPUT_KEYS = frozenset({"id", "path", "url", "title", "source", "author", "published", "language", "body",
                         "word_count", "removed", "flags", "input_format", "encoding", "cleaner_version", "meta"})


@dataclass(frozen=True)
class RecordFields:
    """Which fields of an input record hold the text, the id and the URL (``--text-field`` ...).

    ``text=None`` reads ``html`` (as HTML), else ``text``, else ``body`` (a clean-news record)."""

    text: str | None = None
    id: str = "id"
    url: str = "url"
    title: str = "title"

    def content(self, record: dict[str, Any]) -> tuple[str | None, str | None]:
        """(field name, text) of the record's document, or (None, None)."""
        names = (self.text,) if self.text else ("html", "text", "body")
        for name in names:
            if isinstance(record.get(name), str):
                return name, record[name]
        return None, None

    def describe(self) -> str:
        return repr(self.text) if self.text else "'text' or 'html'"

    def meta(self, record: dict[str, Any], used: str | None) -> dict[str, Any] | None:
        """The fields clean-news does not use, carried to the output record (None if there are none)."""
        if "cleaner_version" in record and used == "body":  # a clean-news record fed back in
            kept = record.get("meta")
            return dict(kept) if isinstance(kept, dict) and kept else None
        taken = {used, self.id, self.url, self.title}
        extra = {k: v for k, v in record.items() if k not in taken}
        return extra or None


DEFAULT_FIELDS = RecordFields()


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
    kind: str = "auto"                # how to read a file's content: auto (sniffed) | text | html
    data: bytes | None = None         # the content, when it was read already (standard input)
    fields: RecordFields = DEFAULT_FIELDS
    input: str = ""                   # the INPUT root as given, when there are several (for messages)
    url: str | None = None            # --url: the page's address, for a document that does not give one

    @property
    def key(self) -> str:
        return f"{self.root}:{self.rel}" + (f"#{self.line}" if self.line is not None else "")

    @property
    def display_path(self) -> str:
        """The relative path as text that can go into JSON: a byte that is not UTF-8 is shown as
        ``\\xNN``, so two names that differ only in such bytes stay apart."""
        if self.rel == STDIN:
            return STDIN_NAME
        return self.rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")

    @property
    def where(self) -> str:
        """The path for messages: under its INPUT root when a run has several."""
        if not self.input or self.input == STDIN or self.rel == self.input or self.rel == os.path.basename(self.input):
            return self.display_path
        return os.path.join(self.input, self.display_path)

    @property
    def given_id(self) -> str | None:
        """The record's own id, if it has one."""
        if self.record is not None and self.record.get(self.fields.id) not in (None, ""):
            return str(self.record[self.fields.id])
        return None

    @property
    def doc_id(self) -> str:
        given = self.given_id
        if given is not None:
            return given
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
    """What discovery passed over, for the summary: files of other types (a count per extension and
    the first few names) and empty INPUT folders."""

    ignored: int = 0
    by_extension: Counter = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)
    empty_folders: list[str] = field(default_factory=list)
    keep_examples: int = 5

    def ignore(self, rel: str) -> None:
        self.ignored += 1
        name = os.path.basename(rel)
        ext = os.path.splitext(name[:-3] if name.lower().endswith(".gz") else name)[1].lower()
        self.by_extension[ext or "(no extension)"] += 1
        if len(self.examples) < self.keep_examples:
            self.examples.append(rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))


Found = tuple[int, str, str, str | None]
"""``(root index, relative path, filesystem path, error)``: a file, or a folder that could not be
listed (with the reason), so that the files lost with it are accounted for as one failure."""


def discover(inputs: list[str], listing: Listing) -> Iterator[Found]:
    """Yield every supported file, and every folder that cannot be listed."""
    for root_index, given in enumerate(inputs):
        if given == STDIN:
            yield root_index, STDIN, STDIN, None
        elif is_url(given):
            for rel, path, error in _walk_url(given, listing):
                yield root_index, rel, path, error
        elif os.path.isdir(given):
            found = 0
            for rel, path, error in _walk(given, listing):
                found += 1
                yield root_index, rel, path, error
            if not found:
                listing.empty_folders.append(given)
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
                listing.ignore(rel)
        stack.extend(reversed(subfolders))


_URL = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://")
FSSPEC_MISSING = 'reading a URL needs fsspec, which is not installed: pip install "clean-news[dask]"'


def is_url(name: str) -> bool:
    """An INPUT read through fsspec rather than the file system.

    >>> [is_url(n) for n in ("s3://bucket/crawl/", "file:///data/a.jsonl", "data/a://b", "-")]
    [True, True, False, False]
    """
    return _URL.match(name) is not None


def url_filesystem(url: str) -> tuple[Any, str]:
    """fsspec's file system for ``url`` and the path on it; :class:`ReadError` with what to install."""
    try:
        from fsspec.core import url_to_fs
    except ImportError as err:
        raise ReadError(FSSPEC_MISSING) from err
    try:
        return url_to_fs(url)
    except (ImportError, ValueError) as err:  # no backend for the scheme: fsspec says which to install
        scheme = url.split("://", 1)[0]
        raise ReadError(f"fsspec cannot read {scheme}:// URLs here: {_reason(err)}") from err


def url_problem(url: str) -> str | None:
    """Why an INPUT URL cannot be read (fsspec or its backend missing, nothing there), or None."""
    try:
        fs, path = url_filesystem(url)
        return None if fs.exists(path) else "does not exist"
    except ReadError as err:
        return str(err)
    except OSError as err:
        return f"cannot be read: {_reason(err)}"


def _walk_url(given: str, listing: Listing) -> Iterator[tuple[str, str, str | None]]:
    """The files under an INPUT URL, in the order :func:`_walk` gives for a folder (a URL that
    names one file: that file)."""
    try:
        fs, top = url_filesystem(given)
        folder = fs.isdir(top)
    except (ReadError, OSError) as err:
        yield given, given, str(err) if isinstance(err, ReadError) else f"cannot read: {_reason(err)}"
        return
    if not folder:
        yield top.rstrip("/").rsplit("/", 1)[-1] or given, given, None
        return
    found = 0
    stack: list[tuple[str, str]] = [(top, "")]
    while stack:
        path, prefix = stack.pop()
        try:
            entries = sorted(fs.ls(path, detail=True), key=lambda e: e["name"])
        except OSError as err:
            found += 1
            yield prefix or "./", fs.unstrip_protocol(path), f"cannot list folder: {_reason(err)}"
            continue
        subfolders = []
        for entry in entries:
            name = entry["name"].rstrip("/").rsplit("/", 1)[-1]
            if name.startswith(".") or entry["name"].rstrip("/") == path.rstrip("/"):
                continue
            rel = prefix + name
            if entry["type"] == "directory":
                subfolders.append((entry["name"], rel + "/"))
            elif file_format(name)[0] is not None:
                found += 1
                yield rel, fs.unstrip_protocol(entry["name"]), None
            else:
                listing.ignore(rel)
        stack.extend(reversed(subfolders))
    if not found:
        listing.empty_folders.append(given)


def expand(root: int, rel: str, fspath: str, max_bytes: int, error: str | None = None, *, kind: str = "auto",
           fields: RecordFields = DEFAULT_FIELDS, given: str = "", url: str | None = None) -> Iterator[Task]:
    """The tasks of one file: itself, or one per record of a JSON / JSONL file. ``given`` is its
    INPUT root, named in messages when a run has several."""
    common = {"kind": kind, "fields": fields, "input": given, "url": url}
    if error:
        yield Task(root, rel, fspath, "text", False, error=error, **common)
        return
    if fspath == STDIN:
        yield from _stdin_tasks(Task(root, STDIN, STDIN, "text", False, **common), max_bytes)
        return
    fmt, compressed = file_format(rel)
    fmt = fmt or "text"  # a file named on the command line is read whatever its name (its content decides)
    if fmt in ("text", "html"):
        yield Task(root, rel, fspath, fmt, compressed, **common)
        return
    base = Task(root, rel, fspath, fmt, compressed, **common)
    try:
        if fmt == "jsonl":
            yield from _jsonl_tasks(base, max_bytes)
        else:
            yield from _json_tasks(base, max_bytes)
    except ReadError as err:
        yield _task(base, None, error=str(err))


def _stdin_tasks(base: Task, max_bytes: int, stream: Any = None) -> Iterator[Task]:
    """Standard input: a JSONL stream of records when it starts with ``{``, else one document."""
    stream = stream or sys.stdin.buffer
    head = stream.peek(1)[:4096] if hasattr(stream, "peek") else b""
    if head.lstrip()[:1] == b"{":
        yield from _jsonl_tasks(replace(base, fmt="jsonl"), max_bytes, handle=stream)
        return
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield _task(base, None, error=f"standard input is larger than the size limit of {max_bytes:,} bytes "
                                      "(--max-bytes)")
    else:
        yield _task(base, None, data=data)


def _jsonl_tasks(base: Task, max_bytes: int, handle: Any = None, first: int = 0,
                 count: int | None = None) -> Iterator[Task]:
    """The records of a JSONL stream; with ``first`` and ``count``, of lines ``first + 1`` to
    ``first + count`` of a handle placed at the start of line ``first + 1`` (a range of a big file)."""
    with handle or _open(base.fspath, base.compressed) as handle:
        number = first
        while count is None or number < first + count:
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


def jsonl_range(base: Task, max_bytes: int, first: int, count: int, offset: int) -> Iterator[Task]:
    """The tasks of lines ``first + 1`` to ``first + count`` of a JSONL file, the same as
    :func:`expand` gives for them. ``offset`` is where line ``first + 1`` starts in a plain file; a
    gzip file cannot seek, so it is read from the start and the first lines are passed over."""
    try:
        handle = _open(base.fspath, base.compressed)
        try:
            if base.compressed:
                for _ in range(first):
                    line = handle.readline(max_bytes + 1)
                    if not line:
                        break
                    if not line.endswith(b"\n"):
                        _skip_rest_of_line(handle, max_bytes)
            else:
                handle.seek(offset)
        except (OSError, EOFError, zlib.error) as err:
            handle.close()
            raise ReadError(f"unreadable before line {first + 1}: {_reason(err)}") from err
        yield from _jsonl_tasks(base, max_bytes, handle, first, count)
    except ReadError as err:
        yield _task(base, None, error=str(err))


def line_starts(path: str, compressed: bool, every: int) -> tuple[list[int], int]:
    """Where lines ``1, every + 1, 2 * every + 1 ...`` of a file start (offsets in the file, or
    in the decompressed stream), and the number of lines. Only newlines are counted; nothing is
    parsed. Raises :class:`ReadError` if the file cannot be read to its end."""
    starts, lines, position = [0], 0, 0
    try:
        with _open(path, compressed) as handle:
            last = b"\n"
            while block := handle.read(1 << 20):
                found = block.count(b"\n")
                if (lines + found) // every > lines // every:  # a range starts in this block
                    at = -1
                    for _ in range(found):
                        at = block.index(b"\n", at + 1)
                        lines += 1
                        if lines % every == 0:
                            starts.append(position + at + 1)
                else:
                    lines += found
                position += len(block)
                last = block[-1:]
    except (OSError, EOFError, zlib.error) as err:
        raise ReadError(f"cannot read: {_reason(err)}") from err
    if last != b"\n":
        lines += 1  # a last line without a line break
    return [start for start in starts if start < position] or [0], lines


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
    name, _ = base.fields.content(raw)
    if name is None:
        return _task(base, number, error=f"{where}record has no {base.fields.describe()} string")
    return _task(base, number, record=raw)


def _task(base: Task, number: int | None, **kw: Any) -> Task:
    return replace(base, line=number, **kw)


def _skip_rest_of_line(handle: Any, chunk: int) -> None:
    while True:
        part = handle.readline(chunk)
        if not part or part.endswith(b"\n"):
            return


def _open(path: str, compressed: bool) -> Any:
    if is_url(path):
        return _open_url(path, compressed)
    try:
        return gzip.open(path, "rb") if compressed else open(path, "rb")
    except OSError as err:
        raise ReadError(f"cannot open: {_reason(err)}") from err


class _GzipOfUrl(gzip.GzipFile):
    """A gzip stream that also closes the fsspec file it reads from."""

    def close(self) -> None:
        raw = self.fileobj
        try:
            super().close()
        finally:
            if raw is not None:
                raw.close()


def _open_url(url: str, compressed: bool) -> Any:
    fs, path = url_filesystem(url)
    try:
        raw = fs.open(path, "rb")
    except (OSError, ValueError) as err:
        raise ReadError(f"cannot open: {_reason(err)}") from err
    return _GzipOfUrl(fileobj=raw, mode="rb") if compressed else raw


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
