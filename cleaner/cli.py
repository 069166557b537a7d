"""The ``clean-news`` command: options in, library calls, output out.

Exit codes: 0 all documents cleaned (or skipped with a reason), 1 some document failed, 2 usage error.
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

import click

from . import __version__
from .cluster import DEFAULT_BATCH, ClusterError
from .config import Config
from .destination import DestinationError, OutputPaths, UnwritableOutput
from .explain import colour_for, explain_header, explain_lines
from .inputs import DEFAULT_FIELDS, STDIN, Found, Listing, RecordFields, Task, discover, expand, is_url, url_problem
from .output import FolderSink, Journal, JsonlSink, ResumeError, Sink, StdoutSink
from .shards import DEFAULT_SHARD_SIZE, ShardResult
from .pipeline import KINDS, Cleaner
from .progress import Progress
from .rules import RuleError
from .runner import Outcome, Summary, clean_document
from .workers import cleaner_for, run_tasks, usable_cpus


class _WithLearn(click.Command):
    """The cleaning command, which hands ``clean-news learn ...`` to :mod:`cleaner.learn_command`."""

    def main(self, args=None, prog_name=None, **extra):  # type: ignore[no-untyped-def, override]
        args = list(sys.argv[1:] if args is None else args)
        if args[:1] == ["learn"]:
            from .learn_command import learn

            return learn.main(args[1:], prog_name=f"{prog_name or 'clean-news'} learn", **extra)
        return super().main(args, prog_name, **extra)


@click.command(cls=_WithLearn, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("inputs", nargs=-1)
@click.option("-o", "--output", "out", metavar="OUT",
              help="A .jsonl or .jsonl.gz file, '-' (stdout), a folder (one .txt and .json per document) or "
                   "shards ('DIR/part-*.jsonl.gz').")
@click.option("--explain", "explain_file", metavar="FILE",
              help="Print FILE ('-': standard input) with every removed segment marked with its category and "
                   "rule, and exit. A JSON or JSONL file: every record, or the one given by --id.")
@click.option("--id", "explain_id", metavar="ID", help="With --explain: only the record with this id.")
@click.option("--kind", type=click.Choice(KINDS), default="auto", show_default=True,
              help="Read files as text or HTML by their content (auto), or all as text or all as HTML.")
@click.option("--text-field", metavar="NAME", help="Record field holding the document (default: html, text, body).")
@click.option("--id-field", metavar="NAME", default="id", show_default=True, help="Record field holding the id.")
@click.option("--url-field", metavar="NAME", default="url", show_default=True, help="Record field holding the URL.")
@click.option("--url", "page_url", metavar="URL", help="The address of the one INPUT, for domain-scoped rules.")
@click.option("--rules", "rule_files", multiple=True, metavar="FILE",
              help="Extra rule file (TOML, same format as the built-in rules). Repeatable.")
@click.option("--disable", multiple=True, metavar="NAME", help="Switch off a rule or heuristic by name. Repeatable.")
@click.option("--errors", "errors_path", metavar="PATH",
              help="Where to write errors and skips (default: OUT.errors.jsonl beside the output).")
@click.option("--fail-fast", is_flag=True, help="Stop at the first document that fails.")
@click.option("--resume", is_flag=True, help="Carry on an interrupted run with the same inputs and OUT.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of usable CPUs).")
@click.option("--dask", "dask", metavar="ADDRESS",
              help="Clean on the Dask cluster at ADDRESS (tcp://host:8786) or local[:N] (docs/cluster.md).")
@click.option("--dask-batch", type=click.IntRange(min=1), default=DEFAULT_BATCH, show_default=True,
              metavar="N",
              help="With --dask: documents (JSONL lines) per task.")
@click.option("--shard-size", type=click.IntRange(min=1), default=DEFAULT_SHARD_SIZE, show_default=True, metavar="N",
              help="With shards: documents per shard.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=Config.max_bytes, show_default=True,
              help="Documents larger than this (after decompression) fail with a size-limit error.")
@click.option("--timeout", type=click.FloatRange(min=0), default=Config.timeout, show_default=True, metavar="SECONDS",
              help="A document that takes longer than this fails with a time-limit error (0: no limit).")
@click.option("--extraction", type=click.Choice(["balanced", "precision", "recall"]), default="balanced",
              show_default=True, help="HTML extraction mode (trafilatura's favor_precision / favor_recall).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no per-document error lines.")
@click.option("--learn", "learn_first", is_flag=True,
              help="Learn each source's boilerplate from the INPUTs first and apply it (see: clean-news learn --help).")
@click.option("--source-from", type=click.Choice(["auto", "folder"]), default="auto", show_default=True,
              help="Source of a document without a 'source' field or URL, for learned rules: none, or its first folder.")
@click.version_option(__version__, prog_name="clean-news")
def main(inputs: tuple[str, ...], out: str | None, explain_file: str | None, explain_id: str | None, kind: str,
         text_field: str | None, id_field: str, url_field: str, page_url: str | None, rule_files: tuple[str, ...],
         disable: tuple[str, ...], errors_path: str | None, fail_fast: bool, resume: bool, workers: int | None,
         dask: str | None, dask_batch: int, shard_size: int, max_bytes: int, timeout: float, extraction: str, quiet: bool,
         learn_first: bool, source_from: str) -> None:
    """Clean scraped news articles in INPUT files and folders (.txt, .html, .json, .jsonl, and .gz of each;
    '-' for standard input).

    `clean-news learn INPUT... -o LEARNED.toml` learns each source's boilerplate instead (see its --help).
    """
    try:
        config = Config(rule_files=rule_files, disabled=frozenset(disable), max_bytes=max_bytes, timeout=timeout,
                        extraction=extraction, source_from=source_from)
        reading = Reading(kind=kind, fields=RecordFields(text=text_field, id=id_field, url=url_field), url=page_url)
        if explain_file:
            if inputs or out:
                extra = " ".join([*inputs, *(["-o", out] if out else [])])
                raise click.UsageError(f"--explain takes one FILE and no INPUT or -o (got also: {extra})")
            sys.exit(_explain(explain_file, config, reading, explain_id))
        if explain_id:
            raise click.UsageError("--id goes with --explain")
        if not inputs and out and not sys.stdin.isatty():
            inputs = (STDIN,)  # cat page.html | clean-news -o -
        paths = _check_paths(inputs, out, errors_path, resume, page_url)
        if dask and STDIN in inputs:
            raise click.UsageError("--dask: the workers cannot read standard input; save it to a file and clean that")
        given = click.get_current_context().get_parameter_source("shard_size")
        if given is not click.core.ParameterSource.DEFAULT and paths.shards is None:
            raise click.UsageError("--shard-size goes with a folder of shards: -o 'DIR/part-*.jsonl.gz'")
        if paths.shards is not None and STDIN in inputs:
            raise click.UsageError("shards are cut from files: save standard input to a file and clean that")
        with _cluster(dask, config) as client:
            if learn_first:
                if STDIN in inputs:
                    raise click.UsageError("--learn reads its INPUTs twice: it cannot read standard input")
                from .learn_command import learn_into

                config = learn_into(list(inputs), config, workers or usable_cpus(), quiet, client, dask_batch)
            if paths.shards is not None:
                summary = _run_shards(list(inputs), paths, config, reading, fail_fast, resume,
                                      workers or usable_cpus(), quiet, client, shard_size, dask_batch)
            else:
                summary = _run(list(inputs), paths, config, reading, fail_fast, resume, workers or usable_cpus(),
                               quiet, client, dask_batch)
    except UnwritableOutput as err:
        click.echo(f"clean-news: {err}", err=True)
        sys.exit(1)
    except (RuleError, ResumeError, DestinationError, ClusterError) as err:
        raise click.UsageError(str(err)) from err
    except BrokenPipeError:
        _quiet_exit_on_broken_pipe()
    except OSError as err:  # writing the output failed (disk full, permissions): nothing is lost
        where = f"{err.filename}: " if err.filename else ""
        hint = "" if out == "-" else "; fix that and run the same command with --resume"
        click.echo(f"clean-news: cannot write the output: {where}{err.strerror or err}{hint}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("clean-news: interrupted; run the same command with --resume to go on", err=True)
        sys.exit(130)
    sys.exit(1 if summary.errors else 0)


@contextmanager
def _cluster(address: str | None, config: Config) -> Iterator[Any]:
    """The Dask client of ``--dask ADDRESS`` for the run (None without ``--dask``)."""
    if address is None:
        yield None
        return
    from .cluster import connect

    with connect(address, config) as client:
        yield client


def _quiet_exit_on_broken_pipe() -> None:
    """The reader of standard output went away (``clean-news ... -o - | head -1``): stop at once,
    quietly, as a command killed by SIGPIPE does (exit status 141)."""
    # Python would complain when it flushes stdout at exit; point it at /dev/null first.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(128 + 13)


@dataclass(frozen=True)
class Reading:
    """How documents are read: ``--kind``, the record field names and ``--url``."""

    kind: str = "auto"
    fields: RecordFields = DEFAULT_FIELDS
    url: str | None = None


def _check_paths(inputs: tuple[str, ...], out: str | None, errors: str | None, resume: bool,
                 page_url: str | None = None) -> OutputPaths:
    """Refuse any output that could overwrite, or land among, the inputs, or that cannot be written."""
    if not inputs:
        raise click.UsageError("no INPUT given: name files or folders to clean ('-' for standard input)")
    if not out:
        raise click.UsageError("no output given: add -o OUT (a .jsonl or .jsonl.gz file, '-' for stdout, or a folder)")
    for given in inputs:
        if given != STDIN and is_url(given):
            problem = url_problem(given)
            if problem:
                raise click.UsageError(f"input {given!r}: {problem}")
        elif given != STDIN and not os.path.lexists(given):
            raise click.UsageError(f"input {given!r} does not exist")
    if inputs.count(STDIN) > 1:
        raise click.UsageError("standard input ('-') can be named only once")
    if STDIN in inputs and resume:
        raise click.UsageError("--resume cannot replay standard input; save it to a file and clean that")
    if page_url and (len(inputs) > 1 or os.path.isdir(inputs[0])):
        raise click.UsageError("--url goes with a single INPUT file (or '-'); records give their own 'url' field")
    if out == "-" and resume:
        raise click.UsageError("--resume needs an output file or folder, not stdout")
    real_inputs = [(given, os.path.realpath(given)) for given in inputs if given != STDIN and not is_url(given)]
    for given, real_in in real_inputs:  # said before any complaint about OUT's name
        if out != "-" and os.path.realpath(out) == real_in:
            raise click.UsageError(f"output {out!r} is the same as input {given!r}; inputs are never overwritten")
    paths = OutputPaths.of(out, errors)
    for what, path in paths.written():
        real = os.path.realpath(path)
        for given, real_in in real_inputs:
            if real == real_in:
                raise click.UsageError(f"{what} {path!r} is the same as input {given!r}; inputs are never overwritten")
            if os.path.isdir(real_in) and _inside(real, real_in):
                raise click.UsageError(f"{what} {path!r} is inside input folder {given!r}; write it somewhere else")
    folder = out if paths.folder else paths.shards.folder if paths.shards and not is_url(paths.shards.folder) else None
    if folder:
        real_out = os.path.realpath(folder)
        for given, real_in in real_inputs:
            if _inside(real_in, real_out):
                raise click.UsageError(f"input {given!r} is inside output folder {out!r}; write the output somewhere else")
    return paths


def _printable(text: str) -> str:
    """A file name on one line: a line break or other control character in it is shown escaped."""
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


def _inside(path: str, folder: str) -> bool:
    return os.path.commonpath([folder, path]) == folder


def _tasks(inputs: list[str], found: Iterable[Found], max_bytes: int, reading: Reading, done: dict[str, str],
           sink: Sink) -> Iterator[Task]:
    several = len(inputs) > 1
    for root, rel, fspath, error in found:
        tasks = expand(root, rel, fspath, max_bytes, error, kind=reading.kind, fields=reading.fields,
                       given=inputs[root] if several else "", url=reading.url)
        for task in tasks:
            if task.key not in done:
                yield task
            elif done[task.key] == "record":
                sink.claim(task)  # its output name, taken again in the same order as before


def _sink(paths: OutputPaths, journal: Journal) -> Sink:
    if paths.kind == "folder":
        return FolderSink(paths.out)
    if paths.kind == "stdout":
        return StdoutSink()
    return JsonlSink(paths.out, journal, compress=paths.kind == "jsonl.gz")


def _cluster_outcomes(inputs: list[str], found: Iterable[Found], config: Config, reading: Reading,
                      done: dict[str, str], sink: Sink, client: Any, batch: int) -> Iterator[Outcome]:
    """The outcomes of a ``--dask`` run, in input order, without those done before ``--resume``."""
    from .cluster import Scope, batches, pieces, run_batches

    scope = Scope(config.max_bytes, reading.kind, reading.fields, reading.url)
    work = batches(pieces(found, inputs, batch), batch)
    # A JSONL output takes the records as the workers wrote them, as JSON lines.
    for outcome in run_batches(client, work, config, scope, as_lines=not isinstance(sink, FolderSink)):
        if outcome.key not in done:
            yield outcome
        elif done[outcome.key] == "record":
            sink.claim(outcome)  # its output name, taken again in the same order as before


def _run(inputs: list[str], paths: OutputPaths, config: Config, reading: Reading, fail_fast: bool, resume: bool,
         workers: int, quiet: bool, client: Any = None, batch: int = DEFAULT_BATCH) -> Summary:
    cleaner_for(config)  # fail early, in this process, on a bad rule file (before writing anything)
    paths.check_writable()
    if not resume and paths.keys and os.path.exists(paths.keys):
        click.echo("clean-news: an interrupted run of this output was found; starting again from the beginning "
                   "(add --resume to carry it on instead)", err=True)
    journal = Journal(paths.keys, paths.errors, resume)
    sink = _sink(paths, journal)
    summary = Summary()
    summary.add_done(journal.done.values())
    listing = Listing()
    started = time.monotonic()
    progress = Progress(sys.stderr, shown=not quiet and sys.stderr.isatty())
    stopped = False
    if journal.complete:
        click.echo("clean-news: the interrupted run had cleaned everything; finishing its output", err=True)
    else:
        # Listed as the run goes (millions of files need not be held at once); the progress line
        # counts them in a listing of its own.
        progress.count_in_background([given for given in inputs if given != STDIN])
        progress.done = summary.resumed
        found = discover(inputs, listing)
        if client is not None:
            outcomes = _cluster_outcomes(inputs, found, config, reading, journal.done, sink, client, batch)
        else:
            outcomes = run_tasks(_tasks(inputs, found, config.max_bytes, reading, journal.done, sink), config, workers)
        try:
            for outcome in outcomes:
                summary.add(outcome)
                if outcome.status == "record":
                    sink.write(outcome)
                else:
                    journal.problem(outcome)
                    if not quiet:
                        progress.message(f"clean-news: {_printable(outcome.message())}")
                journal.finish_task(outcome)
                progress.advance()
                if fail_fast and outcome.status == "error":
                    stopped = True
                    break
        finally:
            progress.finish()
    if stopped:
        sink.close()
        journal.close()
        click.echo("clean-news: stopped at the first failure (--fail-fast); run again with --resume to go on",
                   err=True)
    else:
        sink.sync()
        journal.mark_complete()
        sink.commit()
        journal.commit()
    _print_summary(summary, listing, time.monotonic() - started, paths.out, paths.errors)
    return summary


def _run_shards(inputs: list[str], paths: OutputPaths, config: Config, reading: Reading, fail_fast: bool,
                resume: bool, workers: int, quiet: bool, client: Any, shard_size: int, dask_batch: int) -> Summary:
    """A run into a folder of shards (:mod:`cleaner.shards`): shards of ``shard_size`` documents,
    written by the Dask workers or here, then the errors file and the manifest."""
    from .cluster import Scope, batches, local_shards, pieces, run_shards
    from .shards import finish, span, start

    pattern = paths.shards
    assert pattern is not None
    cleaner_for(config)  # fail early, in this process, on a bad rule file (before writing anything)
    paths.check_writable()
    done, interrupted = start(pattern, resume)
    if interrupted and not resume:
        click.echo("clean-news: an interrupted run of this output was found; starting again from the beginning "
                   "(add --resume to carry it on instead)", err=True)
    summary = Summary()
    results: dict[int, ShardResult] = dict(done)
    for result in done.values():
        summary.resumed += result.documents
        summary.documents += result.records
        summary.errors += result.errors
        summary.skipped += result.skipped
    listing = Listing()
    started = time.monotonic()
    progress = Progress(sys.stderr, shown=not quiet and sys.stderr.isatty())
    progress.count_in_background([given for given in inputs if given != STDIN])
    progress.done = summary.resumed
    scope = Scope(config.max_bytes, reading.kind, reading.fields, reading.url)
    planned = [0]

    def todo() -> Iterator[tuple[int, list]]:
        for index, batch in enumerate(batches(pieces(discover(inputs, listing), inputs, shard_size), shard_size)):
            planned[0] = index + 1
            if index not in done:
                yield index, batch
            elif done[index].input != span(batch):
                raise ResumeError(f"shard {done[index].name} of the interrupted run holds other documents than "
                                  "these inputs give now (were the inputs or --shard-size changed?); run again "
                                  "without --resume")

    work = run_shards(client, todo(), config, scope, pattern, dask_batch) if client is not None else \
        local_shards(todo(), config, scope, workers, pattern)
    stopped = False
    try:
        for result in work:
            results[result.index] = result
            summary.documents += result.records
            summary.errors += result.errors
            summary.skipped += result.skipped
            summary.removals.update(result.removals)
            for problem in result.problems:
                if not quiet:
                    progress.message(f"clean-news: {_printable(problem.message())}")
            progress.advance(result.documents)
            if fail_fast and result.errors:
                stopped = True
                break
    finally:
        work.close()
        progress.finish()
    if stopped:
        click.echo("clean-news: stopped at the first failure (--fail-fast; the shard holding it is written); run "
                   "again with --resume to go on", err=True)
    else:
        if any(index >= planned[0] for index in results):
            raise ResumeError("the interrupted run wrote more shards than these inputs give now (were the inputs "
                              "or --shard-size changed?); run again without --resume")
        finish(pattern, [results[index] for index in range(planned[0])], paths.errors)
    _print_summary(summary, listing, time.monotonic() - started, paths.out, paths.errors)
    return summary


def _print_summary(summary: Summary, listing: Listing, seconds: float, out: str, errors_path: str | None) -> None:
    line = (f"clean-news: {summary.inputs} inputs = {summary.documents} cleaned + {summary.errors} failed + "
            f"{summary.skipped} skipped")
    if summary.resumed:
        line += f" ({summary.resumed} of them done before --resume)"
    click.echo(f"{line} in {seconds:.1f} s", err=True)
    if summary.removals:
        parts = ", ".join(f"{cat} {n}" for cat, n in sorted(summary.removals.items(), key=lambda kv: (-kv[1], kv[0])))
        after = " (in the documents cleaned after --resume)" if summary.resumed else ""
        click.echo(f"clean-news: removals{after}: {parts}", err=True)
    for folder in listing.empty_folders:
        click.echo(f"clean-news: warning: input folder {_printable(folder)} holds no file to clean", err=True)
    if listing.ignored:
        kinds = ", ".join(f"{ext} {n}" for ext, n in sorted(listing.by_extension.items(), key=lambda kv: (-kv[1], kv[0])))
        names = ", ".join(_printable(name) for name in listing.examples)
        more = ", ..." if listing.ignored > len(listing.examples) else ""
        click.echo(f"clean-news: {listing.ignored} file{'s' if listing.ignored > 1 else ''} of other types ignored "
                   f"({kinds}): {names}{more}", err=True)
    if out != "-":
        click.echo(f"clean-news: output: {out}" + (f"; errors and skips: {errors_path}" if errors_path else ""), err=True)


def _explain_folder(path: str) -> str | None:
    """With --source-from folder, an explained file's source is the folder it is in (a learning
    run over INPUT/SOURCE/file.txt keys it by that same folder)."""
    return os.path.basename(os.path.dirname(os.path.abspath(path))) or None


def _explain(path: str, config: Config, reading: Reading, only_id: str | None) -> int:
    """Show every document of ``path`` (one file, or each record of a JSON/JSONL file) with its
    removals marked. Exit status 1 if one cannot be read or cleaned, or ``--id`` matches none."""
    if path != STDIN and not os.path.lexists(path):
        raise click.UsageError(f"--explain: file {path!r} does not exist")
    cleaner = Cleaner(config)
    colour = sys.stdout.isatty()
    status, shown = 0, 0
    rel = path if path == STDIN else os.path.basename(path) or path
    if config.source_from == "folder" and path != STDIN and _explain_folder(path):
        rel = os.path.join(_explain_folder(path), rel)  # its source is the folder it is in
    tasks = expand(0, rel, path, config.max_bytes, kind=reading.kind, fields=reading.fields, url=reading.url)
    evidence = {rule.id: rule.evidence for rule in cleaner.rules.rules if rule.evidence}
    for task in tasks:
        if only_id is not None and task.doc_id != only_id:
            continue
        heading = task.record is not None or task.line is not None
        outcome, doc = clean_document(task, cleaner)
        if doc is None or outcome.status != "record":
            click.echo(f"clean-news: {_printable(outcome.message())}", err=True)
            status = 1 if outcome.status == "error" else status
            continue
        if shown:
            click.echo("")
        shown += 1
        if heading:
            title = f"== {task.display_path}:{task.line} (id {task.doc_id})" if task.line else f"== {task.doc_id}"
            click.echo(click.style(title, bold=True) if colour else title)
        for line in explain_header(doc):
            click.echo(click.style(line, bold=True) if colour else line)
        click.echo("")
        for line, category in explain_lines(doc, evidence):
            tint = colour_for(category)
            click.echo(click.style(line, fg=tint) if colour and tint else line)
    if only_id is not None and not shown and status == 0:
        click.echo(f"clean-news: no record with id {only_id!r} in {path}", err=True)
        return 1
    return status


if __name__ == "__main__":  # pragma: no cover
    main()
