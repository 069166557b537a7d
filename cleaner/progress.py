"""The progress line on a terminal: ``done/total``, the rate and the time left, with messages above it.

The total is counted in a background thread (a JSONL file's lines, one per other file), so a run
starts at once; until it is known the line shows ``done/?``. A message is printed on a line of its
own above the progress line, which is then drawn again.
"""

from __future__ import annotations

import gzip
import threading
import time
from typing import IO

from .inputs import Listing, discover, file_format

_CLEAR = "\r\x1b[K"


class Progress:
    def __init__(self, stream: IO[str], *, shown: bool, interval: float = 0.2) -> None:
        self._stream = stream
        self.shown = shown
        self._interval = interval
        self.done = 0
        self.total: int | None = None
        self._started = time.monotonic()
        self._drawn_at = float("-inf")  # the first advance draws (monotonic time may start near 0)
        self._total_drawn = False

    def count_in_background(self, inputs: list[str]) -> None:
        """Count the documents under ``inputs`` in a daemon thread; ``total`` is set when it is done."""
        if self.shown:
            threading.Thread(target=self._count, args=(inputs,), name="count-documents", daemon=True).start()

    def _count(self, inputs: list[str]) -> None:
        self.total = sum(_documents_in(rel, path, error) for _, rel, path, error in discover(inputs, Listing()))

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        # The line is drawn every ``interval``, and at once when the count has just come in (on a
        # short run the "?" would otherwise stay to the end).
        if self.shown and (now - self._drawn_at >= self._interval or (self.total is not None and not self._total_drawn)):
            self._draw(now)

    def message(self, line: str) -> None:
        """Print ``line`` above the progress line."""
        if self.shown:
            self._stream.write(_CLEAR)
        self._stream.write(line + "\n")
        if self.shown:
            self._draw(time.monotonic())
        self._stream.flush()

    def finish(self) -> None:
        if self.shown:
            self._stream.write(_CLEAR)
            self._stream.flush()

    def line(self, now: float) -> str:
        """The progress line: ``cleaning 120/4,000  35.2 docs/s  ETA 1:50``."""
        elapsed = max(now - self._started, 1e-6)
        rate = self.done / elapsed
        total = self.total
        if total is not None and total < self.done:  # a JSON list or a stream held more than counted
            total = None
        text = f"cleaning {self.done:,}/{'?' if total is None else format(total, ',')}  {rate:.1f} docs/s"
        if total is not None and rate > 0:
            text += f"  ETA {_clock((total - self.done) / rate)}"
        return text

    def _draw(self, now: float) -> None:
        self._drawn_at = now
        self._total_drawn = self.total is not None
        self._stream.write(_CLEAR + self.line(now))
        self._stream.flush()


def _clock(seconds: float) -> str:
    """``0:07``, ``12:34``, ``1:02:03``."""
    whole = int(seconds + 0.5)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _documents_in(rel: str, path: str, error: str | None) -> int:
    fmt, compressed = file_format(rel)
    if error or fmt != "jsonl":
        return 1
    try:
        with (gzip.open(path, "rb") if compressed else open(path, "rb")) as handle:
            count, last = 0, b"\n"
            while chunk := handle.read(1 << 20):
                count += chunk.count(b"\n")
                last = chunk[-1:]
            return count + (last != b"\n")
    except (OSError, EOFError, ValueError):
        return 1
