"""What ``-o OUT`` means, and refusing an output that cannot work before anything is cleaned.

``-`` is standard output; ``*.jsonl`` a JSONL file and ``*.jsonl.gz`` a gzip-compressed one; an
existing folder, a path ending in ``/`` or a name with no extension a folder of files; a name with a
``*`` (``out/part-*.jsonl.gz``) a folder of shards (:mod:`cleaner.shards`), which may be an fsspec
URL. Any other
extension (``.csv``, ``.json``, ``.parquet`` ...) is refused: clean-news does not write it, and
making a folder of that name would only surprise.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass

from .inputs import is_url
from .output import default_errors_path
from .shards import PatternError, ShardPattern, check_storage

#: Endings of the files clean-news writes (checked on the lower-cased name).
JSONL_ENDINGS = (".jsonl", ".jsonl.gz")


class DestinationError(ValueError):
    """OUT cannot be used; the message says why and what to do."""


class UnwritableOutput(DestinationError):
    """OUT (or the errors file) is a usable name but cannot be written here."""


def output_kind(out: str) -> str:
    """``stdout``, ``jsonl``, ``jsonl.gz`` or ``folder`` for OUT; raises :class:`DestinationError`.

    >>> [output_kind(p) for p in ("-", "r.jsonl", "r.JSONL.gz", "cleaned", "cleaned/")]
    ['stdout', 'jsonl', 'jsonl.gz', 'folder', 'folder']
    >>> output_kind("r.csv")
    Traceback (most recent call last):
    ...
    cleaner.destination.DestinationError: output 'r.csv': clean-news does not write .csv files; name a .jsonl or .jsonl.gz file, or a folder (end it with '/' to use this name)
    """
    if out == "-":
        return "stdout"
    try:
        if ShardPattern.parse(out) is not None:
            return "shards"
    except PatternError as err:
        raise DestinationError(str(err)) from err
    if is_url(out):
        raise DestinationError(f"output {out!r}: only a folder of shards can be a URL (such as "
                               f"{out.rstrip('/').rsplit('/', 1)[0]}/part-*.jsonl.gz)")
    lower = out.lower()
    if os.path.isdir(out):
        if lower.endswith(JSONL_ENDINGS):
            raise DestinationError(f"output {out!r} is a folder but ends in {_ending(lower)}")
        return "folder"
    if out.endswith(("/", os.sep)):
        return "folder"
    if lower.endswith(".jsonl.gz"):
        return "jsonl.gz"
    if lower.endswith(".jsonl"):
        return "jsonl"
    ext = _ending(lower)
    if not ext:
        return "folder"
    raise DestinationError(f"output {out!r}: clean-news does not write {ext} files; name a .jsonl or .jsonl.gz "
                           "file, or a folder (end it with '/' to use this name)")


def _ending(lower: str) -> str:
    name = os.path.basename(lower.rstrip("/" + os.sep))
    if name.endswith(".jsonl.gz"):
        return ".jsonl.gz"
    return os.path.splitext(name)[1]


@dataclass(frozen=True)
class OutputPaths:
    """Everything a run writes, decided once from OUT and --errors."""

    out: str
    kind: str
    errors: str | None
    keys: str | None

    @property
    def folder(self) -> bool:
        return self.kind == "folder"

    @property
    def shards(self) -> ShardPattern | None:
        return ShardPattern.parse(self.out) if self.kind == "shards" else None

    @classmethod
    def of(cls, out: str, errors: str | None) -> OutputPaths:
        kind = output_kind(out)
        if kind == "stdout":
            return cls(out, kind, errors, None)
        if kind == "shards":
            pattern = ShardPattern.parse(out)
            assert pattern is not None
            return cls(out, kind, errors or pattern.default_errors(), None)
        keys = os.path.join(out, ".clean-news.keys") if kind == "folder" else out + ".partial.keys"
        return cls(out, kind, errors or default_errors_path(out), keys)

    def written(self) -> list[tuple[str, str]]:
        """(what, path) of every file and folder the run writes."""
        items = []
        if self.shards is not None:
            if not is_url(self.shards.folder):
                items.append(("output", self.shards.folder))
        elif self.kind != "stdout":
            items.append(("output", self.out))
            if not self.folder:
                items += [("output", self.out + ".partial"), ("output", self.out + ".partial.keys")]
                if self.kind == "jsonl.gz":
                    items.append(("output", self.out + ".partial.gz"))
        if self.errors:
            items += [("errors file", self.errors), ("errors file", self.errors + ".partial")]
        return items

    def check_writable(self) -> None:
        """Create the folders the output needs and write a probe file in each place a file goes:
        an output that cannot be written is refused now, naming the path the user gave, not after
        the first document. Raises :class:`UnwritableOutput`."""
        places = []
        if self.shards is not None:
            problem = check_storage(self.shards)
            if problem:
                raise UnwritableOutput(f"cannot write the output {self.out!r}: {problem}")
        elif self.kind == "folder":
            places.append((self.out, self.out))
        elif self.kind != "stdout":
            places.append((self.out, os.path.dirname(os.path.abspath(self.out))))
        if self.errors and not is_url(self.errors):
            places.append((self.errors, os.path.dirname(os.path.abspath(self.errors))))
        for given, folder in places:
            try:
                os.makedirs(folder, exist_ok=True)
                with tempfile.NamedTemporaryFile(dir=folder, prefix=".clean-news-probe-"):
                    pass
            except OSError as err:
                raise UnwritableOutput(f"cannot write the output {given!r}: {err.strerror or err}") from err
        for given in (self.out, self.errors):
            if given and self.kind not in ("stdout", "folder", "shards") and os.path.isdir(given):
                raise UnwritableOutput(f"cannot write the output {given!r}: it is a folder")
