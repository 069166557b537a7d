"""The ``clean-news`` command: options in, library calls, output out.

Exit codes: 0 all documents cleaned (or skipped with a reason), 1 some document failed, 2 usage error.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from typing import Iterator

import click

from . import __version__
from .config import Config
from .errors import InputError
from .explain import colour_for, explain_header, explain_lines
from .inputs import Listing, ReadError, Task, discover, expand, file_format, read_bytes
from .output import FolderSink, JsonlSink, Journal, ResumeError, Sink, StdoutSink, default_errors_path
from .pipeline import Cleaner
from .rules import RuleError
from .runner import Summary
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
              help="A .jsonl file, '-' for standard output, or a folder (one .txt and one .json per document).")
@click.option("--explain", "explain_file", metavar="FILE",
              help="Print FILE with every removed segment marked with its category and rule, and exit.")
@click.option("--rules", "rule_files", multiple=True, metavar="FILE",
              help="Extra rule file (TOML, same format as the built-in rules). Repeatable.")
@click.option("--disable", multiple=True, metavar="NAME", help="Switch off a rule or heuristic by name. Repeatable.")
@click.option("--errors", "errors_path", metavar="PATH",
              help="Where to write errors and skips (default: OUT.errors.jsonl beside the output).")
@click.option("--fail-fast", is_flag=True, help="Stop at the first document that fails.")
@click.option("--resume", is_flag=True, help="Carry on an interrupted run with the same inputs and OUT.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of usable CPUs).")
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
def main(inputs: tuple[str, ...], out: str | None, explain_file: str | None, rule_files: tuple[str, ...],
         disable: tuple[str, ...], errors_path: str | None, fail_fast: bool, resume: bool, workers: int | None,
         max_bytes: int, timeout: float, extraction: str, quiet: bool, learn_first: bool, source_from: str) -> None:
    """Clean scraped news articles in INPUT files and folders (.txt, .html, .json, .jsonl, and .gz of each).

    `clean-news learn INPUT... -o LEARNED.toml` learns each source's boilerplate instead (see its --help).
    """
    try:
        config = Config(rule_files=rule_files, disabled=frozenset(disable), max_bytes=max_bytes, timeout=timeout,
                        extraction=extraction, source_from=source_from)
        if explain_file:
            sys.exit(_explain(explain_file, config))
        paths = _check_paths(inputs, out, errors_path, resume)
        if learn_first:
            from .learn_command import learn_into

            config = learn_into(list(inputs), config, workers or usable_cpus(), quiet)
        summary = _run(list(inputs), paths, config, fail_fast, resume, workers or usable_cpus(), quiet)
    except (RuleError, ResumeError) as err:
        raise click.UsageError(str(err)) from err
    except OSError as err:  # writing the output failed (disk full, permissions): nothing is lost
        where = f"{err.filename}: " if err.filename else ""
        hint = "" if out == "-" else "; fix that and run the same command with --resume"
        click.echo(f"clean-news: cannot write the output: {where}{err.strerror or err}{hint}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("clean-news: interrupted; run the same command with --resume to go on", err=True)
        sys.exit(130)
    sys.exit(1 if summary.errors else 0)


@dataclass(frozen=True)
class OutputPaths:
    """Everything a run writes, decided once from OUT and --errors."""

    out: str
    folder: bool
    errors: str | None
    keys: str | None

    @classmethod
    def of(cls, out: str, errors: str | None) -> OutputPaths:
        if out == "-":
            return cls(out, False, errors, None)
        folder = os.path.isdir(out) or not out.lower().endswith(".jsonl")
        keys = os.path.join(out, ".clean-news.keys") if folder else out + ".partial.keys"
        return cls(out, folder, errors or default_errors_path(out), keys)

    def written(self) -> list[tuple[str, str]]:
        """(what, path) of every file and folder the run writes."""
        items = []
        if self.out != "-":
            items.append(("output", self.out))
            if not self.folder:
                items += [("output", self.out + ".partial"), ("output", self.out + ".partial.keys")]
        if self.errors:
            items += [("errors file", self.errors), ("errors file", self.errors + ".partial")]
        return items


def _check_paths(inputs: tuple[str, ...], out: str | None, errors: str | None, resume: bool) -> OutputPaths:
    """Refuse any output that could overwrite, or land among, the inputs."""
    if not inputs:
        raise click.UsageError("no INPUT given: name files or folders to clean")
    if not out:
        raise click.UsageError("no output given: add -o OUT (a .jsonl file, '-' for stdout, or a folder)")
    for given in inputs:
        if not os.path.lexists(given):
            raise click.UsageError(f"input {given!r} does not exist")
    if out == "-" and resume:
        raise click.UsageError("--resume needs an output file or folder, not stdout")
    if out != "-" and os.path.isdir(out) and out.endswith(".jsonl"):
        raise click.UsageError(f"output {out!r} is a folder but ends in .jsonl")
    paths = OutputPaths.of(out, errors)
    real_inputs = [(given, os.path.realpath(given)) for given in inputs]
    for what, path in paths.written():
        real = os.path.realpath(path)
        for given, real_in in real_inputs:
            if real == real_in:
                raise click.UsageError(f"{what} {path!r} is the same as input {given!r}; inputs are never overwritten")
            if os.path.isdir(real_in) and _inside(real, real_in):
                raise click.UsageError(f"{what} {path!r} is inside input folder {given!r}; write it somewhere else")
    if paths.folder:
        real_out = os.path.realpath(out)
        for given, real_in in real_inputs:
            if _inside(real_in, real_out):
                raise click.UsageError(f"input {given!r} is inside output folder {out!r}; write the output somewhere else")
    return paths


def _printable(text: str) -> str:
    """A file name on one line: a line break or other control character in it is shown escaped."""
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


def _inside(path: str, folder: str) -> bool:
    return os.path.commonpath([folder, path]) == folder


def _tasks(inputs: list[str], max_bytes: int, done: dict[str, str], sink: Sink, listing: Listing) -> Iterator[Task]:
    for root, rel, fspath, error in discover(inputs, listing):
        for task in expand(root, rel, fspath, max_bytes, error):
            if task.key not in done:
                yield task
            elif done[task.key] == "record":
                sink.claim(task)  # its output name, taken again in the same order as before


def _run(inputs: list[str], paths: OutputPaths, config: Config, fail_fast: bool, resume: bool, workers: int,
         quiet: bool) -> Summary:
    cleaner_for(config)  # fail early, in this process, on a bad rule file (before writing anything)
    out = paths.out
    if paths.folder:
        os.makedirs(out, exist_ok=True)
    elif out != "-":
        os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    if not resume and paths.keys and os.path.exists(paths.keys):
        click.echo("clean-news: an interrupted run of this output was found; starting again from the beginning "
                   "(add --resume to carry it on instead)", err=True)
    journal = Journal(paths.keys, paths.errors, resume)
    sink: Sink = FolderSink(out) if paths.folder else StdoutSink() if out == "-" else JsonlSink(out, journal)
    summary = Summary()
    summary.add_done(journal.done.values())
    listing = Listing()
    started = time.monotonic()
    show_progress = not quiet and sys.stderr.isatty()
    stopped = False
    if journal.complete:
        click.echo("clean-news: the interrupted run had cleaned everything; finishing its output", err=True)
    else:
        tasks = _tasks(inputs, config.max_bytes, journal.done, sink, listing)
        with click.progressbar(length=0, label="cleaning", file=sys.stderr, hidden=not show_progress,
                               show_pos=True, show_percent=False) as bar:
            for outcome in run_tasks(tasks, config, workers):
                summary.add(outcome)
                if outcome.status == "record":
                    sink.write(outcome)
                else:
                    journal.problem(outcome)
                    if not quiet:
                        where = _printable(outcome.path) + (f":{outcome.line}" if outcome.line else "")
                        click.echo(f"clean-news: {outcome.status}: {where}: {outcome.reason}", err=True)
                journal.finish_task(outcome)
                bar.update(1)
                if fail_fast and outcome.status == "error":
                    stopped = True
                    break
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
    _print_summary(summary, listing, time.monotonic() - started, out, paths.errors)
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
    if listing.ignored:
        click.echo(f"clean-news: {listing.ignored} file{'s' if listing.ignored > 1 else ''} of other types ignored",
                   err=True)
    if out != "-":
        click.echo(f"clean-news: output: {out}" + (f"; errors and skips: {errors_path}" if errors_path else ""), err=True)


def _explain_folder(path: str) -> str | None:
    """With --source-from folder, an explained file's source is the folder it is in (a learning
    run over INPUT/SOURCE/file.txt keys it by that same folder)."""
    return os.path.basename(os.path.dirname(os.path.abspath(path))) or None


def _explain(path: str, config: Config) -> int:
    fmt, compressed = file_format(path)
    try:
        data = read_bytes(path, compressed, config.max_bytes)
        cleaner = Cleaner(config)
        doc = cleaner.clean(data, kind=fmt if fmt in ("text", "html") else "auto", path=path,
                            source=_explain_folder(path) if config.source_from == "folder" else None)
    except (ReadError, InputError) as err:
        click.echo(f"clean-news: error: {path}: {err}", err=True)
        return 1
    colour = sys.stdout.isatty()
    for line in explain_header(doc):
        click.echo(click.style(line, bold=True) if colour else line)
    click.echo("")
    evidence = {rule.id: rule.evidence for rule in cleaner.rules.rules if rule.evidence}
    for line, category in explain_lines(doc, evidence):
        tint = colour_for(category)
        click.echo(click.style(line, fg=tint) if colour and tint else line)
    return 0


if __name__ == "__main__":  # pragma: no cover
    main()
