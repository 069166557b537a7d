"""The command, through a real subprocess and in-process with click's runner."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import Cleaner
from cleaner.cli import main
from conftest import ROOT, SEEDS

RECORD_KEYS = ["id", "path", "url", "title", "source", "author", "published", "language", "body", "word_count",
               "removed", "flags", "input_format", "encoding", "cleaner_version"]


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cleaner", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=300)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_seeds_to_jsonl_subprocess(tmp_path):
    out = tmp_path / "cleaned.jsonl"
    result = run_cli("seeds", "-o", str(out))
    assert result.returncode == 0, result.stderr
    records = read_jsonl(out)
    assert [r["path"] for r in records] == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert all(list(r) == RECORD_KEYS for r in records)
    assert records[1]["source"] == "The Moscow Times"
    assert "5 inputs = 5 cleaned + 0 failed + 0 skipped" in result.stderr
    assert (tmp_path / "cleaned.errors.jsonl").read_text() == ""
    assert not list(tmp_path.glob("*.partial*"))


def test_folder_output_mirrors_the_input_tree(tmp_path):
    source = tmp_path / "in"
    (source / "sub").mkdir(parents=True)
    (source / "sub" / "a.txt").write_text("An article sentence that is long enough to be kept as prose here.")
    (source / "b.html").write_text("<html><body><article><p>" + "Paragraph text of the page. " * 10
                                   + "</p></article></body></html>")
    (source / ".hidden.txt").write_text("hidden")
    (source / "notes.pdfx").write_text("ignored type")
    out = tmp_path / "out"
    result = run_cli(str(source), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == [
        "b.json", "b.txt", os.path.join("sub", "a.json"), os.path.join("sub", "a.txt")]
    assert json.loads((out / "sub" / "a.json").read_text())["path"] == os.path.join("sub", "a.txt")
    assert (out / "b.txt").read_text().startswith("Paragraph text of the page.")
    assert "1 file of other types ignored" in result.stderr


def test_stdout_output():
    result = run_cli("seeds/000_32a84c20e0a0a956.txt", "-o", "-")
    assert result.returncode == 0
    assert json.loads(result.stdout)["id"] == "000_32a84c20e0a0a956"


def test_json_jsonl_and_gzip_inputs(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    lines = [json.dumps({"id": "r1", "text": "A plain text record with enough words to count as one.",
                         "url": "https://example.org/x"}),
             "this is not json",
             json.dumps({"id": "r3", "html": "<html><body><p>" + "Some html record text. " * 8 + "</p></body></html>",
                         "title": "Given title"})]
    (source / "records.jsonl").write_text("\n".join(lines) + "\n")
    with gzip.open(source / "more.jsonl.gz", "wt") as handle:
        handle.write(json.dumps({"text": "Compressed record text, also long enough to be a sentence."}) + "\n")
    (source / "list.json").write_text(json.dumps([{"text": "First item of a JSON list of records."}, {"no": 1}]))
    with gzip.open(source / "page.txt.gz", "wb") as handle:
        handle.write("Gzipped plain text article sentence number one.".encode())
    out = tmp_path / "out.jsonl"
    result = run_cli(str(source), "-o", str(out))
    assert result.returncode == 1  # two records fail
    records = read_jsonl(out)
    assert [(r["path"], r["id"]) for r in records] == [
        ("list.json", "list:1"), ("more.jsonl.gz", "more:1"), ("page.txt.gz", "page"),
        ("records.jsonl", "r1"), ("records.jsonl", "r3")]
    assert records[3]["url"] == "https://example.org/x"
    assert records[4]["title"] == "Given title" and records[4]["input_format"] == "jsonl:html"
    errors = read_jsonl(tmp_path / "out.errors.jsonl")
    assert [(e["path"], e["line"], e["status"]) for e in errors] == [
        ("list.json", 2, "error"), ("records.jsonl", 2, "error")]
    assert "no 'text' or 'html'" in errors[0]["reason"] and "not JSON" in errors[1]["reason"]
    assert "7 inputs = 5 cleaned + 2 failed + 0 skipped" in result.stderr


def test_bad_files_are_reported_and_the_run_goes_on(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (source / "doc.txt").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (source / "empty.txt").write_text("  \n\t\n")
    (source / "good.txt").write_text("A good article sentence which is long enough to be kept.")
    out = tmp_path / "out.jsonl"
    result = run_cli(str(source), "-o", str(out), "--errors", str(tmp_path / "problems.jsonl"))
    assert result.returncode == 1
    assert [r["path"] for r in read_jsonl(out)] == ["good.txt"]
    problems = {e["path"]: e for e in read_jsonl(tmp_path / "problems.jsonl")}
    assert problems["image.txt"]["reason"] == "not text: looks like a PNG image"
    assert problems["doc.txt"]["reason"] == "not text: looks like a PDF document"
    assert problems["empty.txt"]["status"] == "skip"
    assert "image.txt: not text: looks like a PNG image" in result.stderr
    assert "4 inputs = 1 cleaned + 2 failed + 1 skipped" in result.stderr


@pytest.mark.parametrize("args,message", [
    ([], "no INPUT given"),
    (["seeds"], "no output given"),
    (["no-such-folder", "-o", "x.jsonl"], "does not exist"),
    (["seeds", "-o", "seeds/out.jsonl"], "inside input folder"),
    (["seeds/000_32a84c20e0a0a956.txt", "-o", "seeds/000_32a84c20e0a0a956.txt"], "same as input"),
    (["seeds", "-o", "-", "--resume"], "--resume needs an output"),
])
def test_usage_errors_exit_2(args, message):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert message in result.output


def test_bad_rule_file_is_a_usage_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('category = "nope"\n')
    result = CliRunner().invoke(main, ["seeds", "-o", str(tmp_path / "o.jsonl"), "--rules", str(bad)])
    assert result.exit_code == 2
    assert "bad.toml" in result.output and "'category' must be one of" in result.output


def test_user_rules_from_the_command_line(tmp_path):
    rules = tmp_path / "mine.toml"
    rules.write_text('category = "promo"\n[[rule]]\nid = "my_site_rule"\nmatch = "start"\n'
                     'phrases = ["further discussions between"]\nmax_words = 40\n')
    out = tmp_path / "o.jsonl"
    result = CliRunner().invoke(main, ["seeds/001_3598751789ca851f.txt", "-o", str(out), "--rules", str(rules)])
    assert result.exit_code == 0, result.output
    removed = read_jsonl(out)[0]["removed"]
    assert ("promo", "my_site_rule") in [(r["category"], r["rule"]) for r in removed]


def test_explain_marks_every_removal():
    result = run_cli("--explain", "seeds/003_f7001711cbad47fb.txt")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert "source: Cryptopolitan" in lines
    assert "[source/source_line] Source Cryptopolitan" in lines
    assert "[market_ticker/widget_word] placeholder" in lines
    assert "[market_ticker/relative_time] 23 hours ago" in lines
    assert "Ukraine nears deal with the US, but Russian-occupied territories block access" in lines


def test_explain_of_a_bad_file_says_why(tmp_path):
    png = tmp_path / "x.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = CliRunner().invoke(main, ["--explain", str(png)])
    assert result.exit_code == 1
    assert "x.txt: not text: looks like a PNG image" in result.output


def _library_lines(inputs: list[str]) -> list[str]:
    """The records of ``inputs`` (folders and files of .txt) made by the library, one JSON line each."""
    cleaner = Cleaner()
    lines = []
    for given in inputs:
        path = ROOT / given
        files = sorted(p for p in path.iterdir() if p.suffix == ".txt") if path.is_dir() else [path]
        for file in files:
            record = cleaner.clean(file.read_bytes(), kind="text", id=file.stem, path=file.name).to_dict()
            lines.append(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
    return lines


def test_workers_do_not_change_the_output(tmp_path):
    """Library, CLI in this process with 1 worker, CLI with 2 and 3 worker processes: the same bytes."""
    inputs = ["seeds", "fixtures/clean", *map(str, sorted((ROOT / "fixtures" / "dirty").glob("*.txt")))]
    outputs = {n: tmp_path / f"workers{n}.jsonl" for n in (1, 2, 3)}
    assert CliRunner().invoke(main, [*inputs, "-o", str(outputs[1]), "--workers", "1"]).exit_code == 0
    for n in (2, 3):
        assert run_cli(*inputs, "-o", str(outputs[n]), "--workers", str(n)).returncode == 0
    expected = (len(list((ROOT / "seeds").glob("*.txt"))) + len(list((ROOT / "fixtures" / "clean").glob("*.txt")))
                + len(inputs) - 2)
    assert len(read_jsonl(outputs[1])) == expected
    assert outputs[1].read_bytes() == outputs[2].read_bytes() == outputs[3].read_bytes()
    assert outputs[1].read_text(encoding="utf-8").splitlines() == _library_lines(inputs)


def test_workers_keep_order_with_errors_html_and_records(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    page = ("<html><head><title>A page</title></head><body><article><p>"
            + "The council met on Tuesday to approve the plan for the new bridge. " * 6 + "</p></article></body></html>")
    lines = [json.dumps({"id": f"r{i}", "text": (ROOT / "seeds" / name).read_text(encoding="utf-8")})
             for i, name in enumerate(sorted(p.name for p in (ROOT / "seeds").glob("*.txt")))]
    lines.insert(2, "not json")
    lines.insert(4, json.dumps({"id": "h", "html": page}))
    (source / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (source / "page.html").write_text(page, encoding="utf-8")
    (source / "empty.txt").write_text("\n")
    outputs = {n: tmp_path / f"workers{n}.jsonl" for n in (1, 2)}
    for n, out in outputs.items():
        assert run_cli(str(source), "-o", str(out), "--workers", str(n)).returncode == 1  # the bad line
    assert outputs[1].read_bytes() == outputs[2].read_bytes()
    assert (tmp_path / "workers1.errors.jsonl").read_bytes() == (tmp_path / "workers2.errors.jsonl").read_bytes()
    assert [r["id"] for r in read_jsonl(outputs[1])] == ["page", "r0", "r1", "r2", "h", "r3", "r4"]


def test_version_and_help():
    assert "clean-news, version" in CliRunner().invoke(main, ["--version"]).output
    help_text = CliRunner().invoke(main, ["--help"]).output
    for option in ("--output", "--explain", "--rules", "--errors", "--resume", "--workers", "--max-bytes", "--timeout"):
        assert option in help_text


def test_a_misspelt_disable_is_a_usage_error_naming_it(tmp_path):
    result = run_cli(str(SEEDS), "-o", str(tmp_path / "out.jsonl"), "--disable", "tail_rn")
    assert result.returncode == 2
    assert "cannot disable 'tail_rn'" in result.stderr
    assert not (tmp_path / "out.jsonl").exists()
