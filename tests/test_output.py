"""Output that cannot be lost, corrupted or written over the inputs; odd file names."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import main
from cleaner.output import FolderSink, Journal, JsonlSink
from cleaner.runner import Outcome

ARTICLE = "An article sentence that is long enough to be kept as prose in the output, about {}."


def invoke(*args: str):
    return CliRunner().invoke(main, [*args, "--workers", "1"])


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def fingerprint(folder: Path) -> dict[bytes, tuple[str, int]]:
    """Content hash and modification time of every file under ``folder``, by raw name."""
    found = {}
    for dirpath, _, names in os.walk(os.fsencode(folder)):
        for name in names:
            path = os.path.join(dirpath, name)
            with open(path, "rb") as handle:
                found[path] = (hashlib.sha256(handle.read()).hexdigest(), os.stat(path).st_mtime_ns)
    return found


ODD_NAMES = [b"with space.txt", b"new\nline.txt", b"tab\tname.txt", b"caf\xe9.txt", b"caf\xe8.txt",
             b"back\\slash.txt", b"a..b.txt", "\u00e9t\u00e9 \u6771\u4eac.txt".encode()]


@pytest.fixture
def odd_folder(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for number, name in enumerate(ODD_NAMES):
        (Path(os.fsdecode(os.fsencode(folder) + b"/" + name))).write_text(ARTICLE.format(number))
    return folder


def test_odd_file_names_give_distinct_valid_json_paths(odd_folder, tmp_path):
    before = fingerprint(odd_folder)
    out = tmp_path / "out.jsonl"
    result = invoke(str(odd_folder), "-o", str(out))
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    raw.decode("utf-8")  # strict: the output is valid UTF-8
    paths = [r["path"] for r in read_jsonl(out)]
    assert len(paths) == len(set(paths)) == len(ODD_NAMES)
    assert "caf\\xe9.txt" in paths and "caf\\xe8.txt" in paths and "new\nline.txt" in paths
    assert fingerprint(odd_folder) == before


def test_odd_file_names_in_folder_output_stay_inside_out_and_apart(odd_folder, tmp_path):
    out = tmp_path / "out"
    result = invoke(str(odd_folder), "-o", str(out))
    assert result.exit_code == 0, result.output
    written = sorted(p for p in os.listdir(os.fsencode(out)))
    expected = sorted(name[:-4] + suffix for name in ODD_NAMES for suffix in (b".json", b".txt"))
    assert written == expected  # one pair per input, named as the input (raw bytes kept), nothing else


def test_inputs_that_would_share_an_output_name_do_not_overwrite_each_other(tmp_path):
    first, second = tmp_path / "day1", tmp_path / "day2"
    for folder in (first, second):
        folder.mkdir()
        (folder / "story.txt").write_text(ARTICLE.format(folder.name + " text"))
    (first / "story.html").write_text("<html><body><p>" + ARTICLE.format("html") + "</p></body></html>")
    (first / "Story.TXT").write_text(ARTICLE.format("upper case"))
    out = tmp_path / "out"
    assert invoke(str(first), str(second), "-o", str(out)).exit_code == 0
    records = {p.name: json.loads(p.read_text()) for p in out.glob("*.json")}
    assert sorted(records) == ["Story.json", "story~2.json", "story~3.json", "story~4.json"]
    assert [records[n]["path"] for n in sorted(records)] == ["Story.TXT", "story.html", "story.txt", "story.txt"]
    bodies = {records[n]["body"] for n in records}
    assert len(bodies) == 4
    assert (out / "story~4.txt").read_text() == records["story~4.json"]["body"] + "\n"


def test_folder_names_cannot_leave_out(tmp_path):
    sink = FolderSink(str(tmp_path / "out"))
    for rel in ("../../etc/passwd", "/abs/path.txt", "a/../../b.txt", "..", "", "./x.txt"):
        target = sink.target(rel, None)
        assert os.path.commonpath([sink.out, target]) == sink.out and target != sink.out, rel


@pytest.mark.parametrize("make_args,message", [
    (lambda t: [str(t / "in" / "a.txt"), "-o", str(t / "in" / "a.txt")], "is the same as input"),
    (lambda t: [str(t / "in"), "-o", str(t / "in" / "sub" / "out.jsonl")], "inside input folder"),
    (lambda t: [str(t / "in"), "-o", str(t / "in")], "is the same as input"),
    (lambda t: [str(t / "x.errors.jsonl"), "-o", str(t / "x.jsonl")], "errors file"),
    (lambda t: [str(t / "in"), "-o", str(t / "o.jsonl"), "--errors", str(t / "in" / "e.jsonl")], "errors file"),
    (lambda t: [str(t / "x.jsonl.partial"), "-o", str(t / "x.jsonl")], "is the same as input"),
    (lambda t: [str(t / "in"), "-o", str(t)], "is inside output folder"),
])
def test_output_that_could_touch_an_input_is_refused(tmp_path, make_args, message):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(ARTICLE.format("a"))
    for name in ("x.errors.jsonl", "x.jsonl.partial"):
        (tmp_path / name).write_text(json.dumps({"text": ARTICLE.format(name)}) + "\n")
    before = fingerprint(tmp_path)
    result = invoke(*make_args(tmp_path))
    assert result.exit_code == 2
    assert message in result.output
    assert fingerprint(tmp_path) == before


def test_a_lone_surrogate_in_a_json_record_still_gives_utf8_output(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "s\\ud800", "text": "Broken \\udc80 surrogate in an article sentence of words."}\n')
    out = tmp_path / "out.jsonl"
    assert invoke(str(source), "-o", str(out)).exit_code == 0
    record = json.loads(out.read_bytes().decode("utf-8"))
    assert record["id"] == "s\ufffd" and "Broken \ufffd surrogate" in record["body"]


def test_journal_keys_with_line_breaks_and_odd_bytes_survive_a_resume(tmp_path):
    keys = ["0:new\nline.txt", "0:tab\tname.txt", "0:caf\udce9.txt", "1:x.jsonl#3"]
    journal = Journal(str(tmp_path / "k"), None, resume=False)
    for key in keys:
        journal.finish_task(Outcome(key=key, status="record"))
    journal.close()
    resumed = Journal(str(tmp_path / "k"), None, resume=True)
    assert list(resumed.done) == keys
    resumed.close()


def test_a_journal_line_cut_by_a_crash_is_not_counted(tmp_path):
    path = tmp_path / "k"
    path.write_text(json.dumps(["0:a.txt", "record"]) + "\n" + json.dumps(["0:b.txt", "rec"]))
    journal = Journal(str(path), None, resume=True)
    assert journal.done == {"0:a.txt": "record"}
    journal.close()


def _run_all(tmp_path: Path, *extra: str):
    source = tmp_path / "in"
    source.mkdir(exist_ok=True)
    for number in range(6):
        (source / f"d{number}.txt").write_text(ARTICLE.format(number))
    (source / "bad.txt").write_bytes(b"%PDF-1.4 binary")
    return invoke(str(source), "-o", str(tmp_path / "out.jsonl"), *extra)


@pytest.mark.parametrize("crash_in", ["JsonlSink.commit", "Journal.commit"])
def test_a_crash_while_finishing_is_finished_by_resume(tmp_path, monkeypatch, crash_in):
    clean = tmp_path / "clean"
    clean.mkdir()
    assert _run_all(clean).exit_code == 1
    cls, method = crash_in.split(".")

    def crash(self):
        raise KeyboardInterrupt  # stands for a kill at this moment: nothing after it runs

    target = {"JsonlSink": JsonlSink, "Journal": Journal}[cls]
    with monkeypatch.context() as patch:
        patch.setattr(target, method, crash)
        assert _run_all(tmp_path).exit_code == 130
    assert (tmp_path / "out.jsonl.partial.keys").exists()
    result = _run_all(tmp_path, "--resume")
    assert result.exit_code == 1, result.output
    assert "7 inputs = 6 cleaned + 1 failed + 0 skipped (7 of them done before --resume)" in result.output
    assert (tmp_path / "out.jsonl").read_bytes() == (clean / "out.jsonl").read_bytes()
    assert (tmp_path / "out.errors.jsonl").read_bytes() == (clean / "out.errors.jsonl").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean", "in", "out.errors.jsonl", "out.jsonl"]


def test_resume_after_fail_fast_counts_the_earlier_failure(tmp_path):
    first = _run_all(tmp_path, "--fail-fast")
    assert first.exit_code == 1 and "stopped at the first failure" in first.output
    assert not (tmp_path / "out.jsonl").exists()
    second = _run_all(tmp_path, "--resume")
    assert second.exit_code == 1  # the failure before --resume still counts
    assert "7 inputs = 6 cleaned + 1 failed + 0 skipped (1 of them done before --resume)" in second.output
    assert len(read_jsonl(tmp_path / "out.jsonl")) == 6


def test_a_run_without_resume_says_it_starts_an_interrupted_run_again(tmp_path):
    _run_all(tmp_path, "--fail-fast")
    result = _run_all(tmp_path)
    assert "an interrupted run of this output was found; starting again" in result.output
    assert "7 inputs = 6 cleaned + 1 failed + 0 skipped in" in result.output


def test_resume_refuses_files_that_do_not_match_the_journal(tmp_path):
    _run_all(tmp_path, "--fail-fast")
    (tmp_path / "out.errors.jsonl.partial").unlink()
    result = _run_all(tmp_path, "--resume")
    assert result.exit_code == 2
    assert "cannot be resumed; run again without --resume" in result.output


def test_an_unwritable_output_is_a_clear_message_not_a_traceback(tmp_path):
    (tmp_path / "blocker").write_text("a file where a folder is needed")
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    result = invoke(str(seeds), "-o", str(tmp_path / "blocker" / "out.jsonl"))
    assert result.exit_code == 1
    assert "cannot write the output" in result.output and "Traceback" not in result.output
