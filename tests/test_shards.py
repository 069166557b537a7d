"""``-o 'DIR/part-*.jsonl.gz'`` without a cluster, and INPUTs given as ``file://`` URLs: the command
through real subprocesses on real files, compared byte for byte with ``-o out.jsonl``. (On a Dask
cluster: tests/test_dask.py.)"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, make_corpus, shard_output


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cleaner", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def counts(stderr: str) -> str:
    found = re.search(r"clean-news: (\d+ inputs = .* skipped)", stderr)
    assert found, stderr
    return found.group(1)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("shards"))


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory) -> tuple[subprocess.CompletedProcess, bytes, bytes]:
    """One run with ``-o out.jsonl``: (the run, its records, its errors file)."""
    folder = tmp_path_factory.mktemp("reference")
    run = run_cli(str(corpus), "-o", str(folder / "out.jsonl"), "--workers", "2")
    assert run.returncode == 1, run.stderr  # the bad JSONL line
    return run, (folder / "out.jsonl").read_bytes(), (folder / "out.errors.jsonl").read_bytes()


@pytest.mark.parametrize("workers, suffix", [("1", ".jsonl.gz"), ("2", ".jsonl")])
def test_shards_concatenated_are_the_bytes_of_one_output_file(tmp_path, corpus, reference, workers, suffix):
    run, records, errors = reference
    sharded = run_cli(str(corpus), "-o", str(tmp_path / "out" / f"part-*{suffix}"), "--shard-size", "4",
                      "--workers", workers)
    assert sharded.returncode == run.returncode, sharded.stderr
    assert counts(sharded.stderr) == counts(run.stderr)
    assert shard_output(tmp_path / "out") == records
    assert (tmp_path / "out.errors.jsonl").read_bytes() == errors
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["errors"] == errors.count(b'"status":"error"') and manifest["skipped"] == 1
    shards = manifest["shards"]
    # Input order: the two JSONL files (32 and 20 lines: 8 and 5 ranges of 4 lines), then the
    # 8 files of pages/ (in shards of 4), each shard naming where it starts and ends.
    assert [(s["input"]["from"]["path"], s["input"]["from"]["line"], s["input"]["to"]["line"]) for s in shards[:3]] \
        == [("records.jsonl", 1, 4), ("records.jsonl", 5, 8), ("records.jsonl", 9, 12)]
    assert shards[-1]["input"] == {"from": {"path": "pages/04.txt", "line": None},
                                   "to": {"path": "pages/page.html", "line": None}}
    assert len(shards) == 8 + 5 + 2
    assert sum(s["records"] + s["errors"] + s["skipped"] for s in shards) == int(counts(run.stderr).split()[0])


def test_resume_keeps_the_verified_shards_and_does_the_rest_again(tmp_path, corpus, reference):
    run, records, errors = reference
    out = tmp_path / "out"
    pattern = str(out / "part-*.jsonl.gz")
    stopped = run_cli(str(corpus), "-o", pattern, "--shard-size", "4", "--fail-fast", "--workers", "1")
    assert "--fail-fast" in stopped.stderr and not (out / "manifest.json").exists()
    finished = sorted(p.name for p in (out / ".clean-news").iterdir())
    assert finished == [f"part-{n:05d}.jsonl.gz.json" for n in range(4)]
    # The fourth shard (lines 13 to 16: a blank line, the bad line) is the one the run stopped
    # after. One finished shard is damaged since, and a shard write was cut off: both are done again.
    damaged = out / "part-00001.jsonl.gz"
    damaged.write_bytes(damaged.read_bytes()[:-5])
    (out / ".part-00004.jsonl.gz.0123456789ab.partial").write_bytes(b"\x1f\x8b half")
    kept = {name: (out / name).stat().st_ino for name in ("part-00000.jsonl.gz", "part-00002.jsonl.gz",
                                                          "part-00003.jsonl.gz")}
    resumed = run_cli(str(corpus), "-o", pattern, "--shard-size", "4", "--resume", "--workers", "2")
    assert resumed.returncode == 1, resumed.stderr
    assert "(11 of them done before --resume)" in resumed.stderr  # shards 0, 2 and 3
    assert counts(resumed.stderr) == counts(run.stderr)
    assert {name: (out / name).stat().st_ino for name in kept} == kept  # not written again
    assert shard_output(out) == records
    assert (tmp_path / "out.errors.jsonl").read_bytes() == errors
    assert not list(out.glob(".*.partial"))


def test_a_new_run_replaces_the_shards_of_an_earlier_one(tmp_path, corpus, reference):
    _, records, _ = reference
    pattern = str(tmp_path / "out" / "part-*.jsonl")
    assert run_cli(str(corpus), "-o", pattern, "--shard-size", "2").returncode == 1
    (tmp_path / "out" / "part-00099.jsonl").write_text("a stale shard\n")
    (tmp_path / "out" / "notes.txt").write_text("not a shard: left alone\n")
    again = run_cli(str(corpus), "-o", pattern, "--shard-size", "25")
    assert again.returncode == 1, again.stderr
    assert (tmp_path / "out" / "notes.txt").exists()
    assert sorted(p.name for p in (tmp_path / "out").glob("part-*")) == [f"part-{n:05d}.jsonl" for n in range(4)]
    assert shard_output(tmp_path / "out") == records


def test_input_and_output_given_as_file_urls(tmp_path, corpus, reference):
    run, records, errors = reference
    out = tmp_path / "out"
    result = run_cli(corpus.as_uri() + "/", "-o", f"{out.as_uri()}/part-*.jsonl.gz", "--shard-size", "10",
                     "--errors", str(tmp_path / "errors.jsonl"))
    assert result.returncode == 1, result.stderr
    assert counts(result.stderr) == counts(run.stderr)
    assert shard_output(out) == records
    assert (tmp_path / "errors.jsonl").read_bytes() == errors
    # One file by URL, into one output file: the same record as the same file by path.
    page = corpus / "pages" / "01.txt"
    by_url = run_cli(page.as_uri(), "-o", str(tmp_path / "one.jsonl"))
    by_path = run_cli(str(page), "-o", str(tmp_path / "two.jsonl"))
    assert by_url.returncode == by_path.returncode == 0, by_url.stderr
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()


def test_unusable_urls_and_patterns_are_refused_with_the_reason(tmp_path, corpus):
    missing = (tmp_path / "nothing-here").as_uri()
    cases = [
        ([missing, "-o", str(tmp_path / "a.jsonl")], f"input '{missing}': does not exist"),
        (["nosuchscheme://bucket/crawl/", "-o", str(tmp_path / "a.jsonl")],
         "fsspec cannot read nosuchscheme:// URLs here"),
        ([str(corpus), "-o", f"{tmp_path.as_uri()}/out.jsonl"], "only a folder of shards can be a URL"),
        ([str(corpus), "-o", str(tmp_path / "o" / "*" / "p.jsonl")], "goes in the file name"),
        ([str(corpus), "-o", str(tmp_path / "p-*.csv")], "shards are .jsonl or .jsonl.gz files"),
        ([str(corpus), "-o", str(tmp_path / "out.jsonl"), "--shard-size", "5"], "--shard-size goes with"),
        ([str(corpus), "-o", str(corpus / "pages" / "p-*.jsonl")], "is inside input folder"),
    ]
    for args, message in cases:
        result = run_cli(*args)
        assert result.returncode == 2 and message in " ".join(result.stderr.split()), (args, result.stderr)
    assert not list(tmp_path.glob("*.jsonl")) and not (corpus / "pages" / "manifest.json").exists()


def test_a_url_input_without_fsspec_says_what_to_install(tmp_path, corpus, monkeypatch):
    import builtins

    from cleaner.cli import main

    real_import = builtins.__import__

    def without_fsspec(name, *args, **kwargs):
        if name.split(".")[0] == "fsspec":
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_fsspec)
    result = CliRunner().invoke(main, [corpus.as_uri(), "-o", str(tmp_path / "out.jsonl")], prog_name="clean-news")
    assert result.exit_code == 2
    assert 'reading a URL needs fsspec, which is not installed: pip install "clean-news[dask]"' in result.output
    assert not os.path.exists(tmp_path / "out.jsonl")


def test_learn_reads_file_urls_as_it_reads_paths(tmp_path, corpus):
    by_path = run_cli("learn", str(corpus), "-o", str(tmp_path / "path.toml"), "--min-docs", "3")
    by_url = run_cli("learn", corpus.as_uri(), "-o", str(tmp_path / "url.toml"), "--min-docs", "3")
    assert by_path.returncode == by_url.returncode == 0, by_url.stderr
    assert "[[rule]]" in (tmp_path / "path.toml").read_text()  # something was learned
    assert (tmp_path / "url.toml").read_bytes() == (tmp_path / "path.toml").read_bytes()
