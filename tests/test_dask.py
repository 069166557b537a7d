"""``--dask``: the command through real subprocesses against a real Dask cluster on 127.0.0.1
(``--dask local:2``, and ``dask scheduler`` / ``dask worker`` processes started here), compared
byte for byte with a local run. Every process started here is stopped here, within time limits."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cluster import Piece, Scope, batches, piece_tasks, pieces
from cleaner.inputs import expand
from cleaner.workers import WORKER_DIED
from conftest import ROOT, SEEDS, corpus_texts, make_corpus, shard_output

distributed = pytest.importorskip("distributed")

#: Loaded by every process started with this folder on PYTHONPATH (sitecustomize): a document
#: holding "CRASH-ALWAYS" kills the process cleaning it; one holding "CRASH-ONCE:PATH" kills it the
#: first time only (PATH marks that it happened); one holding "SLOW-DOC" takes 30 s, "PAUSE-DOC" 2 s.
HOOK = '''
import os
import time
import cleaner.runner as runner

_read_and_clean = runner.read_and_clean

def _crashing(task, cleaner):
    if task.record is not None:
        text = task.record.get("text", "")
    else:  # a path or a URL
        text = runner.read_bytes(task.fspath, task.compressed, 10**9).decode(errors="replace")
    if "SLOW-DOC" in text:  # pure Python, as a pathological document in the cleaner would be
        for _ in range(3000):
            time.sleep(0.01)
    if "PAUSE-DOC" in text:
        time.sleep(2)
    if "CRASH-ALWAYS" in text:
        os._exit(1)
    if "CRASH-ONCE:" in text:
        marker = text.split("CRASH-ONCE:", 1)[1].split()[0]
        if not os.path.exists(marker):
            open(marker, "w").close()
            os._exit(1)
    return _read_and_clean(task, cleaner)

runner.read_and_clean = _crashing
'''


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cleaner", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, env={**os.environ, **(env or {})})


def summary_counts(stderr: str) -> str:
    found = re.search(r"clean-news: (\d+ inputs = .* skipped)", stderr)
    assert found, stderr
    return found.group(1)


def same_run(local: tuple[subprocess.CompletedProcess, Path], cluster: tuple[subprocess.CompletedProcess, Path]):
    (run_a, out_a), (run_b, out_b) = local, cluster
    assert run_b.returncode == run_a.returncode, run_b.stderr
    assert summary_counts(run_b.stderr) == summary_counts(run_a.stderr)
    errors_a = Path(str(out_a).rstrip("/").replace(".jsonl.gz", "").replace(".jsonl", "") + ".errors.jsonl")
    errors_b = Path(str(out_b).rstrip("/").replace(".jsonl.gz", "").replace(".jsonl", "") + ".errors.jsonl")
    assert errors_b.read_bytes() == errors_a.read_bytes()
    if out_a.is_dir():
        files_a = sorted(p.relative_to(out_a) for p in out_a.rglob("*"))
        assert sorted(p.relative_to(out_b) for p in out_b.rglob("*")) == files_a
        for rel in files_a:
            assert (out_a / rel).is_dir() or (out_b / rel).read_bytes() == (out_a / rel).read_bytes(), rel
    else:
        assert out_b.read_bytes() == out_a.read_bytes()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def hook(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hook")
    (folder / "sitecustomize.py").write_text(HOOK)
    return folder


@pytest.fixture(scope="module")
def scheduler(hook: Path):
    """``dask scheduler`` and two ``dask worker`` processes (each a nanny and its worker) on
    127.0.0.1, with the crash hook loaded; a task that killed one worker is given up (KilledWorker)
    when it kills the second."""
    address = f"tcp://127.0.0.1:{_free_port()}"
    env = {**os.environ, "PYTHONPATH": f"{hook}{os.pathsep}{ROOT}",
           "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1"}
    scheduler_command = [sys.executable, "-m", "distributed.cli.dask_scheduler"]  # `dask scheduler`
    worker_command = [sys.executable, "-m", "distributed.cli.dask_worker"]        # `dask worker`
    port = address.rsplit(":", 1)[1]
    started = [subprocess.Popen([*scheduler_command, "--host", "127.0.0.1", "--port", port, "--no-dashboard"],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        for _ in range(2):
            started.append(subprocess.Popen([*worker_command, address, "--nthreads", "1", "--no-dashboard",
                                              "--host", "127.0.0.1"],
                                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        with distributed.Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        try:
            with distributed.Client(address, timeout="10s") as client:
                client.shutdown()  # the scheduler closes its workers and itself
        except Exception:  # noqa: BLE001 - stopped by the signals below then
            pass
        for process in reversed(started):
            if process.poll() is None:
                process.terminate()
        for process in started:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def test_a_local_cluster_writes_the_same_bytes_as_a_local_run(tmp_path):
    corpus = make_corpus(tmp_path)
    local = run_cli(str(corpus), "-o", str(tmp_path / "local.jsonl.gz"), "--workers", "2")
    cluster = run_cli(str(corpus), "-o", str(tmp_path / "dask.jsonl.gz"), "--dask", "local:2", "--dask-batch", "4")
    assert local.returncode == 1  # the bad JSONL lines
    same_run((local, tmp_path / "local.jsonl.gz"), (cluster, tmp_path / "dask.jsonl.gz"))
    assert "not JSON" in (tmp_path / "dask.errors.jsonl").read_text()


@pytest.mark.parametrize("gz", [False, True])
def test_a_jsonl_file_is_cut_into_line_ranges_that_give_the_tasks_of_the_whole_file(tmp_path, gz):
    corpus = make_corpus(tmp_path)
    path = corpus / ("records2.jsonl.gz" if gz else "records.jsonl")
    found = (0, path.name, str(path), None)
    cut = list(pieces([found], [str(path)], 7))
    lines = 20 if gz else 32
    assert [(p.first, p.count) for p in cut] == [(n, min(7, lines - n)) for n in range(0, lines, 7)]
    scope = Scope(max_bytes=10_000_000)
    whole = list(expand(*found[:3], 10_000_000))
    ranged = [task for piece in cut for task in piece_tasks(piece, scope)]
    assert ranged == whole
    assert [len(b) for b in batches(cut, 14)] == [2] * (len(cut) // 2) + [1] * (len(cut) % 2)
    assert list(pieces([found], [str(path)], 1000)) == [Piece(found, weight=lines)]
    # Ranges of one line each; a gzip file, read from its start for every range, in at most 16.
    singles = list(pieces([found], [str(path)], 1))
    assert len(singles) == (10 if gz else lines)
    assert [task for piece in singles for task in piece_tasks(piece, scope)] == whole


def test_a_tcp_cluster_writes_a_folder_as_a_local_run_does_and_resume_carries_a_local_run_on(tmp_path, scheduler):
    corpus = make_corpus(tmp_path)
    local = run_cli(str(corpus), str(SEEDS), "-o", str(tmp_path / "local") + "/", "--workers", "1")
    cluster = run_cli(str(corpus), str(SEEDS), "-o", str(tmp_path / "dask") + "/", "--dask", scheduler,
                      "--dask-batch", "5")
    same_run((local, tmp_path / "local"), (cluster, tmp_path / "dask"))
    # An interrupted run (stopped at the first bad line) is finished on the cluster, byte for byte.
    whole = run_cli(str(corpus), "-o", str(tmp_path / "whole.jsonl"), "--workers", "2")
    stopped = run_cli(str(corpus), "-o", str(tmp_path / "resumed.jsonl"), "--fail-fast", "--workers", "1")
    assert "--fail-fast" in stopped.stderr and not (tmp_path / "resumed.jsonl").exists()
    resumed = run_cli(str(corpus), "-o", str(tmp_path / "resumed.jsonl"), "--resume", "--dask", scheduler,
                      "--dask-batch", "3")
    assert "done before --resume" in resumed.stderr
    same_run((whole, tmp_path / "whole.jsonl"), (resumed, tmp_path / "resumed.jsonl"))


def test_resume_after_the_client_is_killed_finishes_the_run_on_the_cluster(tmp_path, scheduler):
    corpus = make_corpus(tmp_path, extra="PAUSE-DOC")
    out = tmp_path / "dask.jsonl"
    client = subprocess.Popen([sys.executable, "-m", "cleaner", str(corpus), "-o", str(out), "--dask", scheduler,
                               "--dask-batch", "2", "-q"], cwd=ROOT, stderr=subprocess.DEVNULL)
    keys = Path(str(out) + ".partial.keys")
    try:
        deadline = time.monotonic() + 60
        while not (keys.exists() and len(keys.read_text().splitlines()) >= 6) and time.monotonic() < deadline:
            assert client.poll() is None, "the run ended before it could be interrupted"
            time.sleep(0.05)
    finally:
        client.kill()  # SIGKILL: no clean-up of any kind
        client.wait(timeout=30)
    assert not out.exists() and len(keys.read_text().splitlines()) >= 6
    resumed = run_cli(str(corpus), "-o", str(out), "--resume", "--dask", scheduler, "--dask-batch", "2")
    assert "done before --resume" in resumed.stderr
    local = run_cli(str(corpus), "-o", str(tmp_path / "local.jsonl"), "--workers", "2")
    same_run((local, tmp_path / "local.jsonl"), (resumed, out))


def same_shards(local: tuple[subprocess.CompletedProcess, Path], cluster: subprocess.CompletedProcess,
                folder: Path) -> None:
    """A folder of shards holds the records of a local ``-o out.jsonl`` run, byte for byte, and
    the errors file and summary are the same."""
    run, out = local
    assert cluster.returncode == run.returncode, cluster.stderr
    assert summary_counts(cluster.stderr) == summary_counts(run.stderr)
    assert shard_output(folder) == out.read_bytes()
    errors = out.with_name(out.name.replace(".jsonl", ".errors.jsonl"))
    assert Path(str(folder) + ".errors.jsonl").read_bytes() == errors.read_bytes()


def test_the_workers_write_shards_of_file_url_inputs_as_a_local_run_writes_one_file(tmp_path, scheduler):
    corpus = make_corpus(tmp_path)
    # The same INPUTs (URLs are named in the errors file as given: "input"), read here.
    local = run_cli(corpus.as_uri(), SEEDS.as_uri(), "-o", str(tmp_path / "local.jsonl"), "--workers", "2")
    cluster = run_cli(corpus.as_uri(), SEEDS.as_uri(), "-o", f"{(tmp_path / 'out').as_uri()}/part-*.jsonl.gz",
                      "--dask", scheduler, "--shard-size", "6")
    same_shards((local, tmp_path / "local.jsonl"), cluster, tmp_path / "out")
    assert len(json.loads((tmp_path / "out" / "manifest.json").read_text())["shards"]) > 6


def test_resume_after_the_client_is_killed_keeps_the_shards_the_workers_wrote(tmp_path, scheduler):
    corpus = make_corpus(tmp_path, extra="PAUSE-DOC")  # in both JSONL files: 2 s each
    out = tmp_path / "out"
    command = [str(corpus), "-o", str(out / "part-*.jsonl"), "--dask", scheduler, "--shard-size", "2"]
    client = subprocess.Popen([sys.executable, "-m", "cleaner", *command, "-q"], cwd=ROOT,
                              stderr=subprocess.DEVNULL)
    results = out / ".clean-news"
    try:
        deadline = time.monotonic() + 60
        while not (results.exists() and len(list(results.glob("*.json"))) >= 4) and time.monotonic() < deadline:
            assert client.poll() is None, "the run ended before it could be interrupted"
            time.sleep(0.05)
    finally:
        client.kill()  # SIGKILL: no clean-up of any kind
        client.wait(timeout=30)
    assert not (out / "manifest.json").exists()
    # Tasks of the dead client that were running go on to write their shards: wait until no
    # temporary file is left (a shard's is opened when its task starts), twice, 1 s apart.
    deadline, quiet = time.monotonic() + 30, 0
    while quiet < 2 and time.monotonic() < deadline:
        time.sleep(1)
        quiet = 0 if list(out.glob(".*.partial")) or list(results.glob(".*.partial")) else quiet + 1
    written = {p.name[:-len(".json")]: (out / p.name[:-len(".json")]).stat().st_ino for p in results.glob("*.json")}
    assert len(written) >= 4
    documents = sum(json.loads(p.read_text())["records"] + json.loads(p.read_text())["errors"]
                    + json.loads(p.read_text())["skipped"] for p in results.glob("*.json"))
    resumed = run_cli(*command, "--resume")
    assert f"({documents} of them done before --resume)" in resumed.stderr, resumed.stderr
    assert {name: (out / name).stat().st_ino for name in written} == written  # kept, not written again
    local = run_cli(str(corpus), "-o", str(tmp_path / "local.jsonl"), "--workers", "2")
    same_shards((local, tmp_path / "local.jsonl"), resumed, out)


def test_a_worker_killed_mid_run_costs_a_retry_not_a_record(tmp_path, scheduler):
    marker = tmp_path / "killed-once"
    corpus = make_corpus(tmp_path, extra=f"CRASH-ONCE:{marker}")
    local = run_cli(str(corpus), "-o", str(tmp_path / "local.jsonl"), "--workers", "2")  # no hook: no crash
    assert not marker.exists()
    cluster = run_cli(str(corpus), "-o", str(tmp_path / "dask.jsonl"), "--dask", scheduler, "--dask-batch", "6")
    assert marker.exists()  # a worker died in the middle of the run
    same_run((local, tmp_path / "local.jsonl"), (cluster, tmp_path / "dask.jsonl"))
    assert b'"id":"special"' in (tmp_path / "dask.jsonl").read_bytes()


def test_a_document_that_kills_every_worker_is_reported_as_a_local_run_reports_it(tmp_path, scheduler, hook):
    corpus = make_corpus(tmp_path, extra="CRASH-ALWAYS")
    with_hook = {"PYTHONPATH": f"{hook}{os.pathsep}{ROOT}"}
    local = run_cli(str(corpus), "-o", str(tmp_path / "local.jsonl"), "--workers", "2", env=with_hook)
    cluster = run_cli(str(corpus), "-o", str(tmp_path / "dask.jsonl"), "--dask", scheduler, "--dask-batch", "6")
    same_run((local, tmp_path / "local.jsonl"), (cluster, tmp_path / "dask.jsonl"))
    problems = [json.loads(line) for line in (tmp_path / "dask.errors.jsonl").read_text().splitlines()]
    assert [(p["path"], p["id"]) for p in problems if p["reason"] == WORKER_DIED] == \
        [("records.jsonl", "special"), ("records2.jsonl.gz", "special")]
    # Shards: the shard task that kills its workers is cleaned again one document a task.
    sharded = run_cli(str(corpus), "-o", str(tmp_path / "shards" / "part-*.jsonl.gz"), "--dask", scheduler,
                      "--shard-size", "10")
    same_shards((local, tmp_path / "local.jsonl"), sharded, tmp_path / "shards")


def test_the_time_limit_holds_on_the_workers_as_in_a_local_run(tmp_path, scheduler, hook):
    corpus = make_corpus(tmp_path, extra="SLOW-DOC")
    with_hook = {"PYTHONPATH": f"{hook}{os.pathsep}{ROOT}"}
    local = run_cli(str(corpus), "-o", str(tmp_path / "local.jsonl"), "--workers", "2", "--timeout", "1",
                    env=with_hook)
    cluster = run_cli(str(corpus), "-o", str(tmp_path / "dask.jsonl"), "--dask", scheduler, "--timeout", "1")
    same_run((local, tmp_path / "local.jsonl"), (cluster, tmp_path / "dask.jsonl"))
    problems = [json.loads(line) for line in (tmp_path / "dask.errors.jsonl").read_text().splitlines()]
    assert [p["id"] for p in problems if "--timeout" in p["reason"]] == ["special", "special"]


def _learn_corpus(folder: Path) -> Path:
    corpus = folder / "learn"
    corpus.mkdir()
    texts = corpus_texts()
    with open(corpus / "a.jsonl", "w", encoding="utf-8") as handle:
        for i in range(24):
            site = ("Northern Ledger", "Harbour Times")[i % 2]
            body = texts[i % len(texts)].split("\n")[:6] + [f"Story number {i} of the week.",
                                                            f"Thanks for reading the {site}: share it with a friend."]
            handle.write(json.dumps({"id": str(i), "source": site, "text": "\n".join(body)}) + "\n")
    return corpus


def test_learn_on_a_cluster_writes_the_same_rules_file(tmp_path, scheduler):
    corpus = _learn_corpus(tmp_path)
    local = run_cli("learn", str(corpus), "-o", str(tmp_path / "local.toml"), "--stats", str(tmp_path / "s1"),
                    "--min-docs", "5", "--workers", "2")
    cluster = run_cli("learn", str(corpus), "-o", str(tmp_path / "dask.toml"), "--stats", str(tmp_path / "s2"),
                      "--min-docs", "5", "--dask", scheduler)
    assert local.returncode == 0 and cluster.returncode == 0, cluster.stderr
    learned = (tmp_path / "local.toml").read_text()
    assert "Thanks for reading" in learned  # something was learned
    assert (tmp_path / "dask.toml").read_text() == learned
    assert [p.read_bytes() for p in sorted((tmp_path / "s2").iterdir())] == \
        [p.read_bytes() for p in sorted((tmp_path / "s1").iterdir())]


def test_dask_not_installed_is_a_usage_error_that_says_how_to_install_it(tmp_path, monkeypatch):
    import builtins

    from cleaner.cli import main

    real_import = builtins.__import__

    def without_dask(name, *args, **kwargs):
        if name.split(".")[0] in ("distributed", "dask"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_dask)
    (tmp_path / "a.txt").write_text("Some text of an article that is long enough to keep.\n")
    for args in ([str(tmp_path / "a.txt"), "-o", str(tmp_path / "out.jsonl")], ["learn", str(tmp_path / "a.txt"),
                                                                               "-o", str(tmp_path / "l.toml")]):
        result = CliRunner().invoke(main, [*args, "--dask", "local:2"], prog_name="clean-news")
        assert result.exit_code == 2
        assert 'pip install "clean-news[dask]"' in result.output
    assert not (tmp_path / "out.jsonl").exists()
