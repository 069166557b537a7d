"""Output as a folder of shards: ``-o 'DIR/part-*.jsonl.gz'``.

The inputs, in input order, are cut into shards of about ``--shard-size`` documents (files, and
line ranges of big JSONL files: :func:`cleaner.cluster.pieces`); shard N is written as
``DIR/part-0000N.jsonl.gz`` (the ``*`` of the pattern is the shard's position, five digits or
more), and the concatenation of the shards, decompressed, in order, is exactly the JSONL a run with
``-o out.jsonl`` writes. Each shard is written to a hidden temporary name and renamed into place
when it is complete; then its result (counts, sha256, size, input range, the documents that failed
or were skipped) goes to ``DIR/.clean-news/NAME.json``. On a Dask cluster the workers write their
shards themselves, so records do not travel through the client; locally the command writes them.

``--resume`` keeps every shard whose result is there and whose file has the recorded size and
sha256, and does the others again. At the end the command writes the errors file (in input order)
and ``DIR/manifest.json`` (last), removes shards of an earlier, longer run and the ``.clean-news``
folder. ``DIR`` may be an fsspec URL (``s3://bucket/out/part-*.jsonl.gz``) where fsspec and the
backend for the scheme are installed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import IO, Any, Iterable

from . import __version__
from .inputs import ReadError, is_url, url_filesystem
from .output import dumps
from .runner import Outcome

FORMAT = "clean-news shards 1"
MANIFEST = "manifest.json"
#: While a run is unfinished: the result of each finished shard, one file each.
STATE = ".clean-news"
#: Documents per shard (``--shard-size``): with 2 cores about 4 s of work for text, 15 s for HTML;
#: big enough that Dask's cost per task does not count, small enough to share out and to redo.
DEFAULT_SHARD_SIZE = 500
#: Compression of .jsonl.gz shards: level 6 is about twice as fast as 9 for 2% more bytes.
COMPRESSION = 6


class PatternError(ValueError):
    """A shard pattern that cannot be used; the message says why."""


@dataclass(frozen=True)
class ShardPattern:
    """``DIR/PREFIX*SUFFIX``: where shards go and how they are named."""

    folder: str        # a path or an fsspec URL
    prefix: str
    suffix: str        # ends in .jsonl or .jsonl.gz

    @classmethod
    def parse(cls, out: str) -> ShardPattern | None:
        """The pattern of ``-o OUT``, or None when OUT has no ``*``.

        >>> ShardPattern.parse("out/part-*.jsonl.gz")
        ShardPattern(folder='out', prefix='part-', suffix='.jsonl.gz')
        >>> ShardPattern.parse("out.jsonl") is None
        True
        >>> ShardPattern.parse("out/*/a.jsonl")
        Traceback (most recent call last):
        ...
        cleaner.shards.PatternError: output 'out/*/a.jsonl': the '*' of a shard pattern goes in the file name (out/part-*.jsonl.gz)
        """
        folder, _, name = out.replace(os.sep, "/").rpartition("/") if not is_url(out) else out.rpartition("/")
        if "*" not in out:
            return None
        if "*" in folder:
            raise PatternError(f"output {out!r}: the '*' of a shard pattern goes in the file name (out/part-*.jsonl.gz)")
        if name.count("*") != 1:
            raise PatternError(f"output {out!r}: a shard pattern has one '*' (out/part-*.jsonl.gz)")
        prefix, suffix = name.split("*")
        if not suffix.lower().endswith((".jsonl", ".jsonl.gz")):
            raise PatternError(f"output {out!r}: shards are .jsonl or .jsonl.gz files (out/part-*.jsonl.gz)")
        return cls(folder or ".", prefix, suffix)

    @property
    def compressed(self) -> bool:
        return self.suffix.lower().endswith(".gz")

    @property
    def pattern(self) -> str:
        return f"{self.prefix}*{self.suffix}"

    def name(self, index: int) -> str:
        """The file name of shard ``index``.

        >>> ShardPattern("out", "part-", ".jsonl.gz").name(7)
        'part-00007.jsonl.gz'
        """
        return f"{self.prefix}{index:05d}{self.suffix}"

    def index_of(self, name: str) -> int | None:
        found = re.fullmatch(re.escape(self.prefix) + r"(\d{5,})" + re.escape(self.suffix), name)
        return int(found.group(1)) if found else None

    def default_errors(self) -> str:
        """The errors file beside the folder, as for a folder of documents: ``out/part-*`` ->
        ``out.errors.jsonl`` (``part.errors.jsonl`` for shards in the current folder)."""
        if self.folder not in (".", "") and not self.folder.endswith("://"):
            return self.folder.rstrip("/") + ".errors.jsonl"
        return (self.prefix.rstrip("-_.") or "shards") + ".errors.jsonl"


class Storage:
    """The files of a shard folder, on the file system or, for a URL, through fsspec."""

    def __init__(self, folder: str) -> None:
        self.fs: Any = None
        if is_url(folder):
            self.fs, root = url_filesystem(folder)  # ReadError: fsspec or the backend missing
            self.root = root.rstrip("/")
        else:
            self.root = folder

    def path(self, *names: str) -> str:
        return "/".join([self.root, *names]) if self.fs is not None else os.path.join(self.root, *names)

    def makedirs(self, *names: str) -> None:
        if self.fs is not None:
            self.fs.makedirs(self.path(*names), exist_ok=True)
        else:
            os.makedirs(self.path(*names), exist_ok=True)

    def open_write(self, *names: str) -> IO[bytes]:
        return self.fs.open(self.path(*names), "wb") if self.fs is not None else open(self.path(*names), "wb")

    def replace(self, source: tuple[str, ...], target: tuple[str, ...]) -> None:
        if self.fs is not None:
            self.fs.mv(self.path(*source), self.path(*target))
        else:
            os.replace(self.path(*source), self.path(*target))

    def write_atomic(self, data: bytes, *names: str) -> None:
        """Write a file whole under a temporary name, then rename it into place."""
        temporary = (*names[:-1], temporary_name(names[-1]))
        with self.open_write(*temporary) as handle:
            handle.write(data)
            _sync(handle)
        self.replace(temporary, names)

    def read(self, *names: str) -> bytes:
        if self.fs is not None:
            return self.fs.cat_file(self.path(*names))
        with open(self.path(*names), "rb") as handle:
            return handle.read()

    def digest(self, *names: str) -> tuple[str, int]:
        """(sha256, size) of a file; OSError if it cannot be read."""
        digest, size = hashlib.sha256(), 0
        with (self.fs.open(self.path(*names), "rb") if self.fs is not None else open(self.path(*names), "rb")) as f:
            while block := f.read(1 << 20):
                digest.update(block)
                size += len(block)
        return digest.hexdigest(), size

    def names(self, *folder: str) -> list[str]:
        """The file names in a folder of the storage (none if it does not exist)."""
        if self.fs is not None:
            try:
                return sorted(p.rstrip("/").rsplit("/", 1)[-1] for p in self.fs.ls(self.path(*folder), detail=False))
            except FileNotFoundError:
                return []
        try:
            return sorted(os.listdir(self.path(*folder)))
        except FileNotFoundError:
            return []

    def remove(self, *names: str) -> None:
        try:
            if self.fs is not None:
                self.fs.rm(self.path(*names), recursive=True)
            elif os.path.isdir(self.path(*names)):
                os.rmdir(self.path(*names))
            else:
                os.unlink(self.path(*names))
        except FileNotFoundError:
            pass


def temporary_name(name: str) -> str:
    """A hidden name of its own for a file being written (``.part-00003.jsonl.gz.<random>.partial``):
    a task still running for a killed client cannot write into the file of its successor."""
    return f".{name}.{uuid.uuid4().hex[:12]}.partial"


def _sync(handle: IO[bytes]) -> None:
    handle.flush()
    try:
        os.fsync(handle.fileno())
    except (AttributeError, OSError, ValueError):  # an fsspec file without a descriptor
        pass


# -- the results of shards --------------------------------------------------------------------

def span(pieces: Iterable[Any]) -> dict[str, Any]:
    """The input range of a shard: its first and last piece (``path``, ``input`` with several
    INPUTs, and ``line``: the first and last line of a JSONL range, null for a whole file)."""
    items = list(pieces)
    if not items:
        return {"from": None, "to": None}

    def where(piece: Any, last: bool) -> dict[str, Any]:
        rel = piece.found[1]
        place: dict[str, Any] = {"path": rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")}
        if piece.given:
            place["input"] = piece.given
        place["line"] = None if piece.count is None else piece.first + (piece.count if last else 1)
        return place

    return {"from": where(items[0], False), "to": where(items[-1], True)}


_PROBLEM_FIELDS = ("key", "status", "path", "line", "reason", "rel", "id", "where", "input")


@dataclass(frozen=True)
class ShardResult:
    """What a finished shard holds: the manifest's entry, and for the errors file and summary the
    documents that failed or were skipped, and the removals by category."""

    index: int
    name: str
    records: int
    errors: int
    skipped: int
    sha256: str
    bytes: int
    input: dict[str, Any]
    problems: tuple[Outcome, ...] = ()
    removals: dict[str, int] = field(default_factory=dict)

    @property
    def documents(self) -> int:
        return self.records + self.errors + self.skipped

    def entry(self) -> dict[str, Any]:
        return {"name": self.name, "records": self.records, "errors": self.errors, "skipped": self.skipped,
                "sha256": self.sha256, "bytes": self.bytes, "input": self.input}

    def to_json(self) -> bytes:
        data = {"index": self.index, **self.entry(), "removals": self.removals,
                "problems": [{k: getattr(p, k) for k in _PROBLEM_FIELDS} for p in self.problems]}
        return (dumps(data) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> ShardResult:
        data = json.loads(raw)
        problems = tuple(Outcome(**{k: p.get(k) for k in _PROBLEM_FIELDS}) for p in data.pop("problems"))
        return cls(**data, problems=problems)


class ShardWriter:
    """Writes one shard: records as JSON lines (gzip-compressed for .gz, with no time stamp, so
    the same records give the same bytes), hashed on the way, renamed into place by :meth:`finish`."""

    def __init__(self, pattern: ShardPattern, index: int, pieces: Iterable[Any]) -> None:
        self.pattern = pattern
        self.index = index
        self.name = pattern.name(index)
        self.input = span(pieces)
        self.storage = Storage(pattern.folder)
        self._temporary = temporary_name(self.name)
        self._raw = _Hashing(self.storage.open_write(self._temporary))
        self._out: Any = (gzip.GzipFile(filename="", mode="wb", fileobj=self._raw, mtime=0, compresslevel=COMPRESSION)
                          if pattern.compressed else self._raw)
        self.counts: Counter = Counter()
        self.removals: Counter = Counter()
        self.problems: list[Outcome] = []

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome.status] += 1
        if outcome.status == "record":
            assert outcome.record is not None
            self._out.write((dumps(outcome.record) + "\n").encode("utf-8"))
            self.removals.update(r["category"] for r in outcome.record["removed"])
        else:
            self.problems.append(outcome)

    def finish(self) -> ShardResult:
        if self._out is not self._raw:
            self._out.close()  # writes the gzip trailer; the raw file stays open
        _sync(self._raw.handle)
        self._raw.handle.close()
        self.storage.replace((self._temporary,), (self.name,))
        result = ShardResult(self.index, self.name, self.counts["record"], self.counts["error"], self.counts["skip"],
                             self._raw.digest.hexdigest(), self._raw.size, self.input, tuple(self.problems),
                             dict(sorted(self.removals.items())))
        self.storage.makedirs(STATE)
        self.storage.write_atomic(result.to_json(), STATE, self.name + ".json")
        return result

    def abandon(self) -> None:
        try:
            self._raw.handle.close()
        finally:
            self.storage.remove(self._temporary)


class _Hashing:
    """A write-only file that keeps the sha256 and the size of what goes through it."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        return self.handle.write(data)

    def flush(self) -> None:
        self.handle.flush()


def write_shard(pattern: ShardPattern, index: int, pieces: list[Any], outcomes: Iterable[Outcome]) -> ShardResult:
    writer = ShardWriter(pattern, index, pieces)
    try:
        for outcome in outcomes:
            writer.add(outcome)
    except BaseException:
        writer.abandon()
        raise
    return writer.finish()


# -- starting, resuming and finishing a run -------------------------------------------------------

def start(pattern: ShardPattern, resume: bool) -> tuple[dict[int, ShardResult], bool]:
    """Prepare the folder: the finished shards to keep (``--resume``: those whose file has the
    recorded size and sha256) and whether an interrupted run was found. Temporary files of an
    interrupted run are removed; without ``resume`` so are its results."""
    storage = Storage(pattern.folder)
    storage.makedirs()
    kept: dict[int, ShardResult] = {}
    results = [name for name in storage.names(STATE) if name.endswith(".json") and not name.startswith(".")]
    interrupted = bool(results)
    for name in storage.names():
        if name.endswith(".partial") and _written_by_a_run(pattern, name):
            storage.remove(name)
    for name in storage.names(STATE):
        if name.startswith(".") and name.endswith(".partial"):
            storage.remove(STATE, name)
    for name in results:
        result = _verified(storage, pattern, name) if resume else None
        if result is None:
            storage.remove(STATE, name)
        else:
            kept[result.index] = result
    return kept, interrupted


def _written_by_a_run(pattern: ShardPattern, name: str) -> bool:
    """A temporary file of :func:`temporary_name` for a shard or the manifest."""
    found = re.fullmatch(r"\.(.+)\.[0-9a-f]{12}\.partial", name)
    return found is not None and (found.group(1) == MANIFEST or pattern.index_of(found.group(1)) is not None)


def _verified(storage: Storage, pattern: ShardPattern, name: str) -> ShardResult | None:
    try:
        result = ShardResult.from_json(storage.read(STATE, name))
        if result.name != pattern.name(result.index) or result.name + ".json" != name:
            return None
        return result if storage.digest(result.name) == (result.sha256, result.bytes) else None
    except (OSError, ValueError, TypeError, KeyError):
        return None  # cut short, unreadable, or the shard is missing or changed: it is done again


def finish(pattern: ShardPattern, results: list[ShardResult], errors_path: str | None) -> None:
    """Write the errors file (in input order) and the manifest (last), then remove the shards of
    an earlier, longer run and the results folder. Each step can be done again after a crash."""
    storage = Storage(pattern.folder)
    assert [r.index for r in results] == list(range(len(results)))
    problems = "".join(dumps(p.problem()) + "\n" for r in results for p in r.problems).encode("utf-8")
    if errors_path:
        write_file(errors_path, problems)
    for name in storage.names():
        index = pattern.index_of(name)
        if index is not None and index >= len(results):
            storage.remove(name)
    manifest = {"format": FORMAT, "cleaner_version": __version__, "pattern": pattern.pattern,
                "shards": [r.entry() for r in results],
                "records": sum(r.records for r in results), "errors": sum(r.errors for r in results),
                "skipped": sum(r.skipped for r in results), "errors_file": errors_path}
    storage.write_atomic(_manifest_text(manifest).encode("utf-8"), MANIFEST)
    for name in storage.names(STATE):
        storage.remove(STATE, name)
    storage.remove(STATE)


def _manifest_text(manifest: dict[str, Any]) -> str:
    """JSON with one line per shard (a manifest of 10,000 shards stays readable)."""
    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = [f" {one(key)}: {one(value)}," for key, value in manifest.items() if key != "shards"]
    shards = ",\n".join(f"  {one(entry)}" for entry in manifest["shards"])
    return "{\n" + "\n".join(lines) + f'\n "shards": [\n{shards}\n ]\n}}\n'


def write_file(path: str, data: bytes) -> None:
    """Write a file (a path or an fsspec URL) whole, through a temporary name."""
    if is_url(path):
        folder, _, name = path.rpartition("/")
        storage = Storage(folder)
    else:
        folder, name = os.path.split(os.path.abspath(path))
        storage = Storage(folder)
    storage.write_atomic(data, name)


def check_storage(pattern: ShardPattern) -> str | None:
    """Why the shard folder cannot be written (or None): fsspec or its backend missing, no rights."""
    try:
        storage = Storage(pattern.folder)
        storage.makedirs()
        probe = temporary_name("probe")
        storage.write_atomic(b"", probe)
        storage.remove(probe)
    except ReadError as err:
        return str(err).replace("reading a URL", "writing to a URL")
    except OSError as err:
        return err.strerror or str(err)
    return None
