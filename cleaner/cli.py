"""The ``clean-news`` command: options in, library calls, output out.

Exit codes: 0 all documents cleaned (or skipped with a reason), 1 some document failed, 2 usage error.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Iterator

import click

from . import __version__
from .config import Config
from .errors import InputError
from .explain import colour_for, explain_header, explain_lines
from .inputs import Listing, ReadError, Task, discover, expand, file_format, read_bytes
from .output import FolderSink, JsonlSink, Journal, StdoutSink, default_errors_path
from .pipeline import Cleaner
from .rules import RuleError
from .runner import Outcome, Summary, run_tasks, usable_cpus


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
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
@click.option("--extraction", type=click.Choice(["balanced", "precision", "recall"]), default="balanced",
              show_default=True, help="HTML extraction mode (trafilatura's favor_precision / favor_recall).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no per-document error lines.")
@click.version_option(__version__, prog_name="clean-news")
def main(inputs: tuple[str, ...], out: str | None, explain_file: str | None, rule_files: tuple[str, ...],
         disable: tuple[str, ...], errors_path: str | None, fail_fast: bool, resume: bool, workers: int | None,
         max_bytes: int, extraction: str, quiet: bool) -> None:
    """Clean scraped news articles in INPUT files and folders (.txt, .html, .json, .jsonl, and .gz of each)."""
    try:
        config = Config(rule_files=rule_files, disabled=frozenset(disable), max_bytes=max_bytes, extraction=extraction)
        if explain_file:
            sys.exit(_explain(explain_file, config))
        _check_paths(inputs, out, resume)
        assert out is not None
        summary = _run(list(inputs), out, config, errors_path, fail_fast, resume, workers or usable_cpus(), quiet)
    except RuleError as err:
        raise click.UsageError(str(err)) from err
    sys.exit(1 if summary.errors else 0)


def _check_paths(inputs: tuple[str, ...], out: str | None, resume: bool) -> None:
    if not inputs:
        raise click.UsageError("no INPUT given: name files or folders to clean")
    if not out:
        raise click.UsageError("no output given: add -o OUT (a .jsonl file, '-' for stdout, or a folder)")
    for given in inputs:
        if not os.path.exists(given):
            raise click.UsageError(f"input {given!r} does not exist")
    if out == "-":
        if resume:
            raise click.UsageError("--resume needs an output file or folder, not stdout")
        return
    real_out = os.path.realpath(out)
    for given in inputs:
        real_in = os.path.realpath(given)
        if real_out == real_in:
            raise click.UsageError(f"output {out!r} is the same as input {given!r}; inputs are never overwritten")
        if os.path.isdir(real_in) and os.path.commonpath([real_in, real_out]) == real_in:
            raise click.UsageError(f"output {out!r} is inside input folder {given!r}; write it somewhere else")
    if os.path.isdir(out) and out.endswith(".jsonl"):
        raise click.UsageError(f"output {out!r} is a folder but ends in .jsonl")


def _tasks(inputs: list[str], max_bytes: int, done: dict[str, str], listing: Listing) -> Iterator[Task]:
    for root, rel, fspath in discover(inputs, listing):
        for task in expand(root, rel, fspath, max_bytes):
            if task.key not in done:
                yield task


def _run(inputs: list[str], out: str, config: Config, errors_path: str | None, fail_fast: bool,
         resume: bool, workers: int, quiet: bool) -> Summary:
    cleaner = Cleaner(config)  # fail early, in this process, on a bad rule file; reused for the run
    to_folder = out != "-" and (os.path.isdir(out) or not out.lower().endswith(".jsonl"))
    errors_path = errors_path or default_errors_path(out)
    keys_path = None if out == "-" else (os.path.join(out, ".clean-news.keys") if to_folder else out + ".partial.keys")
    if to_folder:
        os.makedirs(out, exist_ok=True)
    elif out != "-":
        os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    journal = Journal(keys_path, errors_path, resume)
    sink = FolderSink(out) if to_folder else StdoutSink() if out == "-" else JsonlSink(out, journal)
    summary = Summary(resumed=len(journal.done))
    listing = Listing()
    started = time.monotonic()
    show_progress = not quiet and sys.stderr.isatty()
    stopped = False
    with click.progressbar(length=0, label="cleaning", file=sys.stderr, hidden=not show_progress,
                           show_pos=True, show_percent=False) as bar:
        for outcome in run_tasks(_tasks(inputs, config.max_bytes, journal.done, listing), config, workers,
                                 cleaner=cleaner):
            summary.add(outcome)
            if outcome.status == "record":
                sink.write(outcome)
            else:
                journal.problem(outcome)
                if not quiet:
                    where = outcome.path + (f":{outcome.line}" if outcome.line else "")
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
        sink.commit()
        journal.commit()
    _print_summary(summary, listing, time.monotonic() - started, out, errors_path)
    return summary


def _print_summary(summary: Summary, listing: Listing, seconds: float, out: str, errors_path: str | None) -> None:
    inputs = summary.inputs + summary.resumed
    line = (f"clean-news: {inputs} inputs = {summary.documents} cleaned + {summary.errors} failed + "
            f"{summary.skipped} skipped")
    if summary.resumed:
        line += f" (+ {summary.resumed} done before --resume)"
    click.echo(f"{line} in {seconds:.1f} s", err=True)
    if summary.removals:
        parts = ", ".join(f"{cat} {n}" for cat, n in sorted(summary.removals.items(), key=lambda kv: (-kv[1], kv[0])))
        click.echo(f"clean-news: removals: {parts}", err=True)
    if listing.ignored:
        click.echo(f"clean-news: {listing.ignored} files of other types ignored", err=True)
    if out != "-":
        click.echo(f"clean-news: output: {out}" + (f"; errors and skips: {errors_path}" if errors_path else ""), err=True)


def _explain(path: str, config: Config) -> int:
    fmt, compressed = file_format(path)
    try:
        data = read_bytes(path, compressed, config.max_bytes)
        doc = Cleaner(config).clean(data, kind=fmt if fmt in ("text", "html") else "auto", path=path)
    except (ReadError, InputError) as err:
        click.echo(f"clean-news: error: {path}: {err}", err=True)
        return 1
    colour = sys.stdout.isatty()
    for line in explain_header(doc):
        click.echo(click.style(line, bold=True) if colour else line)
    click.echo("")
    for line, category in explain_lines(doc):
        tint = colour_for(category)
        click.echo(click.style(line, fg=tint) if colour and tint else line)
    return 0


if __name__ == "__main__":  # pragma: no cover
    main()
