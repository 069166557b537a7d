"""Crash and resume for real: kill -9 the command mid-run, run it again with --resume, and get
byte for byte what one clean run writes."""

from __future__ import annotations

import gzip
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL and /proc")

WORDS = ("the council said on monday that its new budget would fund schools roads and housing across the city "
         "while officials expect further talks next week with residents and business groups").split()
BOILERPLATE = ["Read more: https://example.com/more", "Subscribe to our newsletter", "Share this article",
               "Please support our journalism today: your donation of any size helps us keep reporting."]


def make_corpus(folder: Path, documents: int = 300) -> None:
    """A few hundred documents of every kind, bad ones and odd names included."""
    rng = random.Random(7)

    def article(n: int) -> str:
        paragraphs = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(14, 40))).capitalize() + "."
                      for _ in range(rng.randint(3, 9))]
        paragraphs.insert(rng.randint(1, len(paragraphs)), rng.choice(BOILERPLATE))
        return f"Council budget story number {n}\n\n" + "\n\n".join(paragraphs)

    (folder / "sub").mkdir(parents=True)
    records = []
    for n in range(documents):
        kind = n % 10
        if kind == 7:
            records.append(json.dumps({"id": f"rec{n}", "text": article(n)}) if n % 20 else "not json at all")
            continue
        name = f"doc{n:04d}"
        where = folder / "sub" if n % 3 == 0 else folder
        if kind == 3:
            (where / f"{name}.html").write_text(f"<html><body><article><p>{article(n)}</p></article></body></html>")
        elif kind == 5:
            with gzip.open(where / f"{name}.txt.gz", "wt", encoding="utf-8") as handle:
                handle.write(article(n))
        else:
            (where / f"{name}.txt").write_text(article(n))
    (folder / "records.jsonl").write_text("\n".join(records) + "\n")
    (folder / "really a pdf.txt").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (folder / "empty.txt").write_text(" \n\t\n")
    (Path(os.fsdecode(os.fsencode(folder) + b"/odd\nname \xff.txt"))).write_text(article(9999))


def command(source: Path, out: Path, workers: int, *extra: str) -> list[str]:
    return [sys.executable, "-m", "cleaner", str(source), "-o", str(out), "--workers", str(workers), "-q", *extra]


def run(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=600)


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def kill_mid_run(args: list[str], journal: Path, after: int) -> None:
    """Start the command, SIGKILL its main process once the journal lists ``after`` documents, and
    check that its workers do not outlive it."""
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 300
        while not (journal.exists() and journal.read_bytes().count(b"\n") >= after):
            assert process.poll() is None, "the run finished before it could be killed"
            assert time.monotonic() < deadline, "the run made no progress"
            time.sleep(0.01)
        workers = children(process.pid)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        deadline = time.monotonic() + 20
        while any(alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(alive(w) for w in workers), "worker processes outlived the killed run"
    finally:
        for pid in [process.pid, *workers]:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        process.wait(timeout=60)


def folder_bytes(folder: Path) -> dict[bytes, bytes]:
    found = {}
    for dirpath, _, names in os.walk(os.fsencode(folder)):
        for name in names:
            path = os.path.join(dirpath, name)
            with open(path, "rb") as handle:
                found[os.path.relpath(path, os.fsencode(folder))] = handle.read()
    return found


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "in"
    make_corpus(folder)
    return folder


@pytest.fixture(scope="module")
def clean_run(corpus, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("clean") / "out.jsonl"
    result = run(command(corpus, out, 1))
    assert result.returncode == 1, result.stderr  # the corpus holds bad documents
    return {"out": out.read_bytes(), "errors": out.with_name("out.errors.jsonl").read_bytes(), "stderr": result.stderr}


def test_the_corpus_has_good_and_bad_documents(clean_run):
    records = clean_run["out"].decode("utf-8").splitlines()
    problems = [json.loads(line) for line in clean_run["errors"].decode("utf-8").splitlines()]
    assert len(records) > 250
    assert {p["status"] for p in problems} == {"error", "skip"}
    inputs = len(records) + len(problems)
    assert f"{inputs} inputs = {len(records)} cleaned + " in clean_run["stderr"]


# Killed early, and killed after the file whose name holds a line break (about the 185th task).
@pytest.mark.parametrize("workers,after", [(1, 60), (2, 230)])
def test_kill_minus_nine_then_resume_gives_the_clean_output(corpus, clean_run, tmp_path, workers, after):
    out = tmp_path / "out.jsonl"
    out.write_text("the previous complete output\n")
    before = folder_bytes(corpus)
    kill_mid_run(command(corpus, out, workers), tmp_path / "out.jsonl.partial.keys", after=after)
    assert out.read_text() == "the previous complete output\n"  # untouched until the run completes
    assert (tmp_path / "out.jsonl.partial").exists()
    result = run(command(corpus, out, workers, "--resume"))
    assert result.returncode == 1, result.stderr
    assert out.read_bytes() == clean_run["out"]
    assert (tmp_path / "out.errors.jsonl").read_bytes() == clean_run["errors"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.errors.jsonl", "out.jsonl"]
    assert "of them done before --resume" in result.stderr
    assert clean_run["stderr"].split(" in ")[0] in result.stderr  # the same totals
    assert folder_bytes(corpus) == before  # inputs never modified


def test_kill_minus_nine_then_resume_into_a_folder(corpus, tmp_path):
    clean, crashed = tmp_path / "clean", tmp_path / "crashed"
    assert run(command(corpus, clean, 2)).returncode == 1
    kill_mid_run(command(corpus, crashed, 2), crashed / ".clean-news.keys", after=200)
    assert run(command(corpus, crashed, 2, "--resume")).returncode == 1
    assert folder_bytes(crashed) == folder_bytes(clean)
    assert (tmp_path / "crashed.errors.jsonl").read_bytes() == (tmp_path / "clean.errors.jsonl").read_bytes()


def test_the_output_is_byte_identical_for_any_number_of_workers(corpus, clean_run, tmp_path):
    out = tmp_path / "out.jsonl"
    assert run(command(corpus, out, 2)).returncode == 1
    assert out.read_bytes() == clean_run["out"]
    assert (tmp_path / "out.errors.jsonl").read_bytes() == clean_run["errors"]


def test_kill_minus_nine_then_resume_into_gzip_jsonl(corpus, clean_run, tmp_path):
    out = tmp_path / "out.jsonl.gz"
    kill_mid_run(command(corpus, out, 2), tmp_path / "out.jsonl.gz.partial.keys", after=150)
    assert not out.exists()  # written only when the run is complete
    result = run(command(corpus, out, 2, "--resume"))
    assert result.returncode == 1, result.stderr
    assert gzip.decompress(out.read_bytes()) == clean_run["out"]
    assert (tmp_path / "out.errors.jsonl").read_bytes() == clean_run["errors"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.errors.jsonl", "out.jsonl.gz"]
