"""``clean-news learn``: count a corpus (pass 1, in worker processes) and write the learned rules.

The command is thin: options in, :func:`count_corpus` and :mod:`cleaner.learn` calls, files out.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
import tomllib
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

import click

from .cluster import DEFAULT_BATCH, ClusterError
from .config import Config
from .errors import InputError
from .features import Lexicon
from .inputs import Listing, ReadError, Task, discover, expand, is_url, read_bytes, url_problem
from .learn import (Counts, DocLines, LearnParams, chunks, doc_lines, learned_lines, read_protect, read_stats,
                    render, stats_files, write_stats)
from .pipeline import text_of
from .rule_index import load_rules
from .rules import RuleError
from .runner import DocumentTimeout, time_limit
from .source import SOURCE_FROM, source_key
from .workers import usable_cpus

@dataclass(frozen=True)
class Reader:
    """What reading a document for learning needs: the config and the lexicon. Not a whole
    Cleaner (learning uses no rules and no language profiles), and no DOM vocabulary: the
    boilerplate elements it finds label lines but never change the extracted text."""

    config: Config
    lexicon: Lexicon

    @classmethod
    def of(cls, config: Config) -> Reader:
        return cls(config, Lexicon.load())

    def text_of(self, content: str | bytes, *, url: str | None = None, kind: str = "auto"):  # type: ignore[no-untyped-def]
        return text_of(content, url=url, kind=kind, config=self.config, vocabulary=None)


#: The Reader of a learning worker process (set before forking, or by the initializer): a cache,
#: not shared state.
_reader: Reader | None = None


def read_task(task: Task, reader: Reader, in_threads: bool = False) -> DocLines | str:
    """A document's lines, or why it gives none: "unkeyed" (no source key) or "unreadable". The
    time limit holds in the main thread, and in other threads with ``in_threads`` (see :func:`time_limit`)."""
    config = reader.config
    if task.error:
        return "unreadable"
    try:
        with time_limit(config.timeout, in_threads):
            if task.record is not None:
                record = task.record
                is_html = isinstance(record.get("html"), str)
                url = record.get("url") if isinstance(record.get("url"), str) else None
                text, extraction, _ = reader.text_of(record["html"] if is_html else record["text"], url=url,
                                                      kind="html" if is_html else "auto")
                key = source_key(record_source=record.get("source"), url=url or extraction.url, rel=task.rel,
                                 source_from=config.source_from)
            else:
                data = read_bytes(task.fspath, task.compressed, config.max_bytes)
                text, extraction, _ = reader.text_of(data, kind=task.fmt)
                key = source_key(url=extraction.url, rel=task.rel, source_from=config.source_from)
    except (DocumentTimeout, ReadError, InputError, RecursionError, MemoryError):
        return "unreadable"
    if key is None:
        return "unkeyed"
    return doc_lines(text, key, reader.lexicon, config.prose_min_words, config.appeal_voice_max)


def _read_chunk(chunk: list[Task]) -> list[tuple[int, DocLines | str]]:
    assert _reader is not None
    return [(task.root, read_task(task, _reader)) for task in chunk]


def _init_worker(config: Config) -> None:
    global _reader
    if _reader is None or _reader.config != config:
        _reader = Reader.of(config)


def _tasks(inputs: list[str], max_bytes: int) -> Iterator[Task]:
    for root, rel, fspath, error in discover(inputs, Listing()):
        yield from expand(root, rel, fspath, max_bytes, error)


def count_corpus(inputs: list[str], config: Config, params: LearnParams, workers: int, client: Any = None,
                 batch: int = DEFAULT_BATCH) -> list[Counts]:
    """Pass 1: the counts of each INPUT (a shard each), with ``workers`` processes, or on the Dask
    cluster of ``client`` (documents read on the workers, counted here in input order). The counts
    do not depend on the number of workers: each document is counted once, in the same order."""
    _init_worker(config)
    shards = [Counts(params.line_cap) for _ in inputs]

    def take(results: Iterable[tuple[int, DocLines | str]]) -> None:
        for root, found in results:
            if found == "unkeyed":
                shards[root].unkeyed += 1
            elif found == "unreadable":
                shards[root].unreadable += 1
            else:
                assert isinstance(found, DocLines)
                shards[root].add_doc(found)

    if client is not None:
        from .cluster import Scope, batches, learn_batch, map_batches, pieces

        work = batches(pieces(discover(inputs, Listing()), inputs, batch), batch)
        for results in map_batches(client, work, learn_batch, config, Scope(config.max_bytes)):
            take(results)
        return shards
    tasks = _tasks(inputs, config.max_bytes)
    if workers <= 1:
        for chunk in chunks(tasks, 16):
            take(_read_chunk(chunk))
        return shards
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(config,)) as pool:
        pending: deque[Future] = deque()
        for chunk in chunks(tasks, 16):
            pending.append(pool.submit(_read_chunk, chunk))
            if len(pending) >= 4 * workers:  # bounded: memory does not grow with the corpus
                take(pending.popleft().result())
        while pending:
            take(pending.popleft().result())
    return shards


def learn_text(counts: Counts, params: LearnParams, config: Config, protect: list[str]) -> tuple[str, int]:
    """The learned file for ``counts``, and the number of rules in it."""
    builtin = load_rules(max_chars=config.rule_max_chars)
    learned, turned_away = learned_lines(counts, params, builtin, Lexicon.load(), protect)
    return render(learned, counts, params, protect=protect, turned_away=turned_away,
                  source_from=config.source_from), len(learned)


def _inside(path: str, folder: str) -> bool:
    return os.path.commonpath([folder, path]) == folder


def _shard_name(index: int, given: str) -> str:
    base = os.path.basename(os.path.normpath(given)) or "input"
    return f"{index:04d}-{re.sub(r'[^A-Za-z0-9._-]+', '_', base)[:60]}.stats.jsonl"


def _existing_protect(out: str) -> list[str]:
    """The [protect] lines of the learned file about to be replaced; refuses to replace any other file."""
    if not os.path.exists(out):
        return []
    try:
        data = tomllib.loads(Path(out).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise RuleError(f"{out}: exists and is not a readable learned file ({err}); "
                        "fix it, or remove it to learn afresh") from err
    if "learned" not in data:
        raise RuleError(f"{out}: exists and is not a learned file (no [learned] table); "
                        "write the learned rules somewhere else")
    return read_protect(out)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("inputs", nargs=-1)
@click.option("-o", "--output", "out", metavar="LEARNED.toml", help="Where to write the learned rules.")
@click.option("--stats", "stats_dir", metavar="DIR",
              help="Also write the exact counts of each INPUT to DIR (one .stats.jsonl file per INPUT).")
@click.option("--merge", "merge_dirs", multiple=True, metavar="DIR",
              help="Learn from the counts in DIR (written by --stats) instead of reading INPUTs. Repeatable.")
@click.option("--min-docs", type=click.IntRange(min=2), default=LearnParams.min_docs, show_default=True,
              help="Sources with fewer documents teach nothing.")
@click.option("--min-share", type=click.FloatRange(min=0, max=1, min_open=True), default=LearnParams.min_share,
              show_default=True, help="A line is learned when at least this share of its source's documents hold it.")
@click.option("--max-words", type=click.IntRange(min=1), default=LearnParams.max_words, show_default=True,
              help="Longer lines are never learned.")
@click.option("--line-cap", type=click.IntRange(min=100), default=LearnParams.line_cap, show_default=True,
              help="Distinct lines counted per source and INPUT (memory bound); the file says how many were dropped.")
@click.option("--protect", "protect_files", multiple=True, metavar="FILE",
              help="A TOML file whose [protect] lines are never learned (a learned file will do). Repeatable.")
@click.option("--source-from", type=click.Choice(SOURCE_FROM), default="auto", show_default=True,
              help="Source of a document without a 'source' field or URL: none, or the first folder under INPUT.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of usable CPUs).")
@click.option("--dask", "dask", metavar="ADDRESS",
              help="Read the documents on the Dask cluster at ADDRESS (tcp://host:8786) or on local[:N] worker "
                   "processes. See docs/cluster.md.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=Config.max_bytes, show_default=True,
              help="Larger documents are not read.")
@click.option("--extraction", type=click.Choice(["balanced", "precision", "recall"]), default="balanced",
              show_default=True, help="HTML extraction mode: use the one you clean with.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on standard error.")
def learn(inputs: tuple[str, ...], out: str | None, stats_dir: str | None, merge_dirs: tuple[str, ...],
          min_docs: int, min_share: float, max_words: int, line_cap: int, protect_files: tuple[str, ...],
          source_from: str, workers: int | None, dask: str | None, max_bytes: int, extraction: str, quiet: bool) -> None:
    """Learn each source's boilerplate from the documents in INPUT files and folders.

    Writes rules (the format of the built-in rules) that `clean-news INPUT... --rules LEARNED.toml`
    applies. A source is a document's 'source' field, else its URL's registered domain, else (with
    --source-from folder) its first folder. See docs/learn.md.
    """
    try:
        params = LearnParams(min_docs=min_docs, min_share=min_share, max_words=max_words, line_cap=line_cap)
        config = Config(max_bytes=max_bytes, extraction=extraction, source_from=source_from)
        if merge_dirs and inputs:
            raise click.UsageError("give INPUTs to read, or --merge DIRs of counts, not both")
        if not merge_dirs and not inputs:
            raise click.UsageError("no INPUT given: name files or folders to learn from (or --merge DIR)")
        if not out and not stats_dir:
            raise click.UsageError("no output given: add -o LEARNED.toml (or --stats DIR)")
        for given in inputs:
            if is_url(given):
                problem = url_problem(given)
                if problem:
                    raise click.UsageError(f"input {given!r}: {problem}")
                continue
            if not os.path.lexists(given):
                raise click.UsageError(f"input {given!r} does not exist")
            real = os.path.realpath(given)
            if stats_dir and os.path.isdir(real) and _inside(os.path.realpath(stats_dir), real):
                # its .jsonl files would be read as documents by the next run
                raise click.UsageError(f"--stats folder {stats_dir!r} is inside input {given!r}; put it elsewhere")
        protect = [line for path in protect_files for line in read_protect(path)]
        if out:
            protect += _existing_protect(out)
        if merge_dirs:
            total = Counts(line_cap)
            for folder in merge_dirs:
                for path in stats_files(folder):
                    total.merge(read_stats(path))
        else:
            shards = _count(list(inputs), config, params, workers or usable_cpus(), dask)
            if stats_dir:
                os.makedirs(stats_dir, exist_ok=True)
                for index, (given, shard) in enumerate(zip(inputs, shards)):
                    write_stats(shard, os.path.join(stats_dir, _shard_name(index, given)))
            total = Counts(line_cap)
            for shard in shards:
                total.merge(shard)
        if out:
            text, rules = learn_text(total, params, config, protect)
            tmp = out + ".partial"
            Path(tmp).write_text(text, encoding="utf-8")
            os.replace(tmp, out)
    except (RuleError, ClusterError) as err:
        raise click.UsageError(str(err)) from err
    except BrokenProcessPool:
        click.echo("clean-news learn: a worker process died (out of memory, killed or crashed); nothing was "
                   "written. Cleaning the same inputs (clean-news INPUT... -o OUT) names the document that "
                   "kills a worker", err=True)
        sys.exit(1)
    except OSError as err:
        click.echo(f"clean-news learn: cannot write: {err.filename or ''}: {err.strerror or err}", err=True)
        sys.exit(1)
    if not quiet:
        documents = sum(c.documents for c in total.sources.values())
        big = sum(1 for c in total.sources.values() if c.documents >= params.min_docs)
        dropped = sum(c.dropped for c in total.sources.values())
        click.echo(f"clean-news learn: {documents} documents of {len(total.sources)} sources ({big} with at least "
                   f"{params.min_docs}), {total.unkeyed} without a source, {total.unreadable} unreadable"
                   + (f"; {dropped} distinct lines dropped at --line-cap" if dropped else ""), err=True)
        if out:
            click.echo(f"clean-news learn: {rules} rules written to {out}", err=True)
        if stats_dir and not merge_dirs:
            click.echo(f"clean-news learn: counts written to {stats_dir}", err=True)


def _count(inputs: list[str], config: Config, params: LearnParams, workers: int, dask: str | None) -> list[Counts]:
    if dask is None:
        return count_corpus(inputs, config, params, workers)
    from .cluster import connect

    with connect(dask, config) as client:  # a clear usage error when Dask is not installed
        from distributed import KilledWorker

        try:
            return count_corpus(inputs, config, params, workers, client)
        except KilledWorker as err:  # reported as a local run reports a dead worker
            raise BrokenProcessPool(str(err)) from err


def learn_into(inputs: list[str], config: Config, workers: int, quiet: bool, client: Any = None,
               batch: int = DEFAULT_BATCH) -> Config:
    """``clean-news INPUT... --learn``: learn from the INPUTs with the default parameters, and return
    ``config`` with the learned file added to its rule files (a temporary file, removed at exit:
    ``clean-news learn`` keeps one to read and edit)."""
    import atexit
    import tempfile

    params = LearnParams()
    total = Counts(params.line_cap)
    for shard in count_corpus(inputs, config, params, workers, client, batch):
        total.merge(shard)
    text, rules = learn_text(total, params, config, [])
    handle, path = tempfile.mkstemp(prefix="clean-news-learned-", suffix=".toml")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    atexit.register(lambda: os.path.exists(path) and os.remove(path))
    if not quiet:
        click.echo(f"clean-news: learned {rules} rules from {sum(c.documents for c in total.sources.values())} "
                   "documents (clean-news learn -o FILE keeps them)", err=True)
    return Config(**{**config.__dict__, "rule_files": (*config.rule_files, path)})
