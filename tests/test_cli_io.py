"""The command in pipelines, through a real subprocess: content sniffing, standard input, gzip and
refused outputs, fields carried through, URLs from the page, error lines with ids."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS

ARTICLE = "The council met on Tuesday to approve the plan for the new bridge over the river. " * 6
APPEAL = "Support our journalism: donate today."
PAGE = ('<html><head><title>Bridge plan approved</title>'
        '<meta property="og:url" content="https://og.example.com/bridge">'
        '<link rel="canonical" href="https://news.example.com/bridge"></head>'
        f'<body><article><h1>Bridge plan approved</h1><p>{ARTICLE}</p><p>{APPEAL}</p></article></body></html>')


def run_cli(*args: str, stdin: str | bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    result = subprocess.run([sys.executable, "-m", "cleaner", *args], input=data, capture_output=True,
                            cwd=cwd or ROOT, timeout=300)
    result.stdout_text = result.stdout.decode("utf-8")  # type: ignore[attr-defined]
    result.stderr_text = result.stderr.decode("utf-8")  # type: ignore[attr-defined]
    return result


def lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def read_jsonl(path: Path) -> list[dict]:
    return lines(path.read_text(encoding="utf-8"))


# -- inputs ---------------------------------------------------------------------------------------

def test_html_in_files_of_any_name_is_cleaned_as_html(tmp_path):
    for name in ("page", "page.TXT", "page.php"):
        (tmp_path / name).write_text(PAGE)
    result = run_cli("page", "page.TXT", "page.php", "-o", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr_text
    records = lines(result.stdout_text)
    assert [r["input_format"] for r in records] == ["html", "html", "html"]
    for record in records:
        assert "<p>" not in record["body"] and record["body"].startswith("The council met")
        assert ("donation_appeal", APPEAL) in [(r["category"], r["text"]) for r in record["removed"]]


def test_a_broken_page_named_html_is_cleaned_as_html(tmp_path):
    """A page whose start the sniffing cannot read (a cut doctype, kilobytes of <link> tags) is
    HTML when its name says so; under a text name the content alone decides: its <html> tag further
    down makes it a page, and markup with no page frame stays text."""
    head = "<!DOCTYPEw.example.com/rss.xml\" >\n" + '<link rel="alternate" href="/feed">\n' * 80
    for name in ("broken.html", "broken.txt"):
        (tmp_path / name).write_text(head + PAGE)
    (tmp_path / "fragment.txt").write_text(head + ARTICLE)
    records = lines(run_cli("broken.html", "broken.txt", "fragment.txt", "-o", "-", cwd=tmp_path).stdout_text)
    assert [r["input_format"] for r in records] == ["html", "html", "text"]
    assert "<link" not in records[0]["body"] and "<link" not in records[1]["body"]


def test_kind_overrides_the_sniffing(tmp_path):
    (tmp_path / "page.html").write_text(PAGE)
    as_text = lines(run_cli("page.html", "-o", "-", "--kind", "text", cwd=tmp_path).stdout_text)[0]
    assert as_text["input_format"] == "text" and "<article>" in as_text["body"]
    (tmp_path / "tagless.txt").write_text(ARTICLE)
    as_html = lines(run_cli("tagless.txt", "-o", "-", "--kind", "html", cwd=tmp_path).stdout_text)[0]
    assert as_html["input_format"] == "html"


def test_skipped_files_are_named_in_the_summary(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_text(ARTICLE)
    for name in ("x.pdf", "y.pdf", "z.docx", "README"):
        (source / name).write_text("other")
    result = run_cli(str(source), "-o", str(tmp_path / "out.jsonl"))
    assert result.returncode == 0, result.stderr_text
    assert ("4 files of other types ignored (.pdf 2, (no extension) 1, .docx 1): README, x.pdf, y.pdf, z.docx"
            in result.stderr_text)


def test_an_empty_input_folder_is_a_warning(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run_cli(str(tmp_path / "empty"), "-o", str(tmp_path / "out.jsonl"))
    assert result.returncode == 0
    assert "warning: input folder" in result.stderr_text and "holds no file to clean" in result.stderr_text


def test_a_page_on_standard_input(tmp_path):
    result = run_cli("-o", "-", stdin=PAGE)
    assert result.returncode == 0, result.stderr_text
    [record] = lines(result.stdout_text)
    assert record["path"] == "<stdin>" and record["input_format"] == "html"
    assert record["body"].startswith("The council met")


def test_a_jsonl_stream_on_standard_input_is_read_as_records(tmp_path):
    stream = "\n".join([json.dumps({"id": "a", "text": ARTICLE + "\n" + APPEAL}), "not json",
                        json.dumps({"id": "b", "html": PAGE})]) + "\n"
    out = tmp_path / "out.jsonl"
    result = run_cli("-", "-o", str(out), stdin=stream)
    assert result.returncode == 1  # the bad line
    assert [r["id"] for r in read_jsonl(out)] == ["a", "b"]
    [error] = read_jsonl(tmp_path / "out.errors.jsonl")
    assert (error["path"], error["line"]) == ("<stdin>", 2)


def test_explain_reads_standard_input_and_each_record(tmp_path):
    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps({"id": "a", "text": ARTICLE + "\n" + APPEAL}) + "\n"
                       + json.dumps({"id": "b", "text": "Markets rallied on Friday as investors cheered the "
                                                        "report on the economy and its jobs."}) + "\n")
    result = run_cli("--explain", "-", stdin=records.read_text())
    assert result.returncode == 0, result.stderr_text
    out = result.stdout_text.splitlines()
    assert "== <stdin>:1 (id a)" in out and "== <stdin>:2 (id b)" in out
    assert f"[donation_appeal/donation_prompt] {APPEAL}" in out
    only = run_cli("--explain", str(records), "--id", "b").stdout_text.splitlines()
    assert "== records.jsonl:2 (id b)" in only and "== records.jsonl:1 (id a)" not in only
    missing = run_cli("--explain", str(records), "--id", "nope")
    assert missing.returncode == 1 and "no record with id 'nope'" in missing.stderr_text


def test_explain_with_extra_arguments_is_a_usage_error():
    result = run_cli("--explain", "seeds/000_32a84c20e0a0a956.txt", "seeds")
    assert result.returncode == 2
    assert "--explain takes one FILE" in result.stderr_text


# -- records keep what they came with -------------------------------------------------------------

def test_unused_fields_are_carried_under_meta_and_output_can_be_fed_back(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"doc_id": "0001", "raw_content": ARTICLE + "\n" + APPEAL, "link": "https://a.org/x",
                                  "lang": "en", "crawl": {"date": "2024-01-01"}}) + "\n")
    first = tmp_path / "first.jsonl"
    result = run_cli(str(source), "-o", str(first), "--text-field", "raw_content", "--id-field", "doc_id",
                     "--url-field", "link")
    assert result.returncode == 0, result.stderr_text
    [record] = read_jsonl(first)
    assert (record["id"], record["url"]) == ("0001", "https://a.org/x")
    assert record["meta"] == {"lang": "en", "crawl": {"date": "2024-01-01"}}
    assert APPEAL not in record["body"]
    second = tmp_path / "second.jsonl"
    assert run_cli(str(first), "-o", str(second)).returncode == 0
    [again] = read_jsonl(second)
    assert (again["id"], again["url"], again["body"], again["meta"]) == (
        "0001", "https://a.org/x", record["body"], record["meta"])
    assert again["removed"] == []


def test_the_url_comes_from_the_page_or_from_url(tmp_path):
    (tmp_path / "page.html").write_text(PAGE)
    rules = tmp_path / "site.toml"
    rules.write_text('category = "promo"\n[[rule]]\nid = "site_only"\nmatch = "start"\n'
                     'phrases = ["the council met on tuesday"]\nmax_words = 200\ndomains = ["news.example.com"]\n')
    [record] = lines(run_cli("page.html", "-o", "-", "--rules", str(rules), cwd=tmp_path).stdout_text)
    assert record["url"] == "https://news.example.com/bridge"  # the canonical link before og:url
    assert "site_only" in [r["rule"] for r in record["removed"]]
    [given] = lines(run_cli("page.html", "-o", "-", "--rules", str(rules), "--url", "https://other.org/a",
                            cwd=tmp_path).stdout_text)
    assert given["url"] == "https://other.org/a" and "site_only" not in [r["rule"] for r in given["removed"]]
    assert run_cli("seeds", "-o", "-", "--url", "https://x.org").returncode == 2


def test_error_lines_carry_the_id_and_the_input_root(tmp_path):
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "r.jsonl").write_text(json.dumps({"id": f"{name}-1", "text": 5}) + "\n"
                                                 + json.dumps({"id": f"{name}-2", "text": "\x00\x00\x00"}) + "\n")
    out = tmp_path / "out.jsonl"
    result = run_cli(str(tmp_path / "one"), str(tmp_path / "two"), "-o", str(out))
    assert result.returncode == 1
    errors = read_jsonl(tmp_path / "out.errors.jsonl")
    assert [(e["input"], e["path"], e["line"]) for e in errors][:2] == [
        (str(tmp_path / "one"), "r.jsonl", 1), (str(tmp_path / "one"), "r.jsonl", 2)]
    assert os.path.join(str(tmp_path / "two"), "r.jsonl") + ":1" in result.stderr_text


def test_an_error_line_names_the_record_id(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "big-one", "text": ARTICLE * 200}) + "\n")
    result = run_cli(str(source), "-o", str(tmp_path / "out.jsonl"), "--timeout", "0.0001")
    assert result.returncode == 1
    assert "in.jsonl:1 (id big-one):" in result.stderr_text
    [error] = read_jsonl(tmp_path / "out.errors.jsonl")
    assert error["id"] == "big-one"


# -- outputs --------------------------------------------------------------------------------------

def test_gzip_jsonl_output_holds_the_same_records(tmp_path):
    plain, packed = tmp_path / "r.jsonl", tmp_path / "r.jsonl.gz"
    assert run_cli(str(SEEDS), "-o", str(plain)).returncode == 0
    result = run_cli(str(SEEDS), "-o", str(packed))
    assert result.returncode == 0, result.stderr_text
    assert gzip.decompress(packed.read_bytes()) == plain.read_bytes()
    assert (tmp_path / "r.errors.jsonl").exists()
    assert not list(tmp_path.glob("*.partial*"))


@pytest.mark.parametrize("name", ["r.csv", "r.json", "r.parquet"])
def test_outputs_clean_news_does_not_write_are_refused(tmp_path, name):
    result = run_cli(str(SEEDS), "-o", str(tmp_path / name))
    assert result.returncode == 2
    assert f"clean-news does not write {Path(name).suffix} files" in result.stderr_text
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["cleaned", "cleaned.v2/"])
def test_a_name_without_extension_or_ending_in_a_slash_is_a_folder(tmp_path, name):
    result = run_cli(str(SEEDS), "-o", str(tmp_path) + "/" + name)
    assert result.returncode == 0, result.stderr_text
    assert len(list((tmp_path / name.rstrip("/")).glob("*.json"))) == len(list(SEEDS.glob("*.txt")))


def test_an_unwritable_output_is_refused_before_anything_starts(tmp_path):
    (tmp_path / "blocker").write_text("a file where a folder is needed")
    wanted = str(tmp_path / "blocker" / "out.jsonl")
    result = run_cli(str(SEEDS), "-o", wanted)
    assert result.returncode == 1
    assert result.stderr_text.startswith(f"clean-news: cannot write the output {wanted!r}")
    assert "inputs =" not in result.stderr_text  # nothing was cleaned


def test_a_closed_pipe_ends_the_run_quietly(tmp_path):
    # More output than a pipe holds (64 KiB), so the writer meets the closed pipe.
    source = tmp_path / "many.jsonl"
    source.write_text("".join(json.dumps({"id": f"r{n}", "text": ARTICLE}) + "\n" for n in range(400)))
    command = f"{sys.executable} -m cleaner {source} -o - --workers 1 | head -1"
    result = subprocess.run(["bash", "-c", f"set -o pipefail; {command}"], capture_output=True, text=True,
                            cwd=ROOT, timeout=300)
    assert json.loads(result.stdout)["id"] == "r0" and len(result.stdout.splitlines()) == 1
    assert result.stderr == ""  # no traceback, no advice about --resume, no summary
    assert result.returncode == 141


# -- the progress line ----------------------------------------------------------------------------

def test_the_progress_line_shows_the_total_as_soon_as_it_is_counted():
    import io
    from cleaner.progress import Progress

    stream = io.StringIO()
    progress = Progress(stream, shown=True, interval=3600)  # no redraw for the time passing
    progress.advance()
    assert "cleaning 1/?" in stream.getvalue()
    progress.total = 5  # the count in the background has come in
    progress.advance()
    assert "cleaning 2/5" in stream.getvalue()
    drawn = stream.getvalue()
    progress.advance()
    assert stream.getvalue() == drawn  # then every interval again


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_shows_done_of_total_rate_and_eta_with_errors_on_their_own_lines(tmp_path):
    import pty

    source = tmp_path / "in"
    source.mkdir()
    # Enough documents that the run outlasts the count in the background (41 took 0.05 s, and
    # once the whole run ended before the count came in).
    for n in range(200):
        (source / f"doc{n:03d}.txt").write_text(f"Story {n}. " + ARTICLE)
    (source / "doc020b.txt").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    main_fd, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "cleaner", str(source), "-o", str(tmp_path / "out.jsonl"),
                                "--workers", "1"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=terminal)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:  # the terminal closed: the command exited
            break
        if not chunk:
            break
        shown += chunk
    os.close(main_fd)
    assert process.wait(timeout=300) == 1
    text = shown.decode("utf-8")
    import re
    assert re.search(r"cleaning \d+/201  \d+\.\d docs/s  ETA \d+:\d\d", text), text
    # The error line is printed on a cleared line of its own, never glued to the progress line.
    assert "\r\x1b[Kclean-news: error: doc020b.txt: not text: looks like a PDF document\r\n" in text
    assert "201 inputs = 200 cleaned + 1 failed + 0 skipped" in text
