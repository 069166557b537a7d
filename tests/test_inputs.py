"""Every kind of input the robustness issue lists: it is cleaned, or it fails (or is skipped) with a
one-line reason, and the run goes on. Large inputs are generated here, never committed."""

from __future__ import annotations

import codecs
import copy
import gzip
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import Config
from cleaner.cli import main
from cleaner.inputs import Listing, discover, expand, read_bytes
from cleaner.runner import clean_task

RUSSIAN = ("Власти города объявили в понедельник, что новый бюджет направит больше денег на школы, дороги и "
           "жильё в течение следующего года.")
GERMAN = "Die Stadtverwaltung kündigte am Montag an, dass der neue Haushalt mehr Geld für Schulen und Straßen vorsieht."
FRENCH = "La mairie a annoncé lundi que le nouveau budget consacrera davantage d'argent aux écoles et à la santé."
ENGLISH = "The council said on Monday that the new budget would put more money into schools, roads and housing."


def invoke(*args: str):
    return CliRunner().invoke(main, [*args, "--workers", "1"])


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def outcomes_of(folder: Path, cleaner, **config) -> dict[str, object]:
    """Outcome per display path, cleaning in this process (so a test can change files in between)."""
    if config:
        cleaner = copy.copy(cleaner)
        cleaner.config = Config(**config)
    found = [t for r, rel, path, error in discover([str(folder)], Listing())
             for t in expand(r, rel, path, cleaner.config.max_bytes, error)]
    return {t.display_path + (f":{t.line}" if t.line else ""): clean_task(t, cleaner) for t in found}

# Second paragraphs, different from the first (a repeated paragraph is removed as a duplicate).
RUSSIAN_2 = "Жители района смогут обсудить план на открытом собрании, которое пройдёт в городской библиотеке."
GERMAN_2 = "Die Anwohner können den Plan bei einer öffentlichen Versammlung in der Stadtbücherei besprechen."
ENGLISH_2 = "Residents will be able to discuss the plan at a public meeting in the town library next week."
FRENCH_2 = "Les habitants pourront discuter du projet lors d'une réunion publique à la bibliothèque municipale."


# -- encodings and line endings -------------------------------------------------------------------

ENCODED = {
    "utf8.txt": (GERMAN + "\n\n" + RUSSIAN).encode("utf-8"),
    "utf8-bom.txt": codecs.BOM_UTF8 + (GERMAN + "\n\n" + RUSSIAN).encode("utf-8"),
    "utf16le-bom.txt": codecs.BOM_UTF16_LE + (FRENCH + "\n\n" + RUSSIAN).encode("utf-16-le"),
    "utf16be-bom.txt": codecs.BOM_UTF16_BE + (FRENCH + "\n\n" + RUSSIAN).encode("utf-16-be"),
    "cp1251.txt": (RUSSIAN + "\n\n" + RUSSIAN_2).encode("cp1251"),
    "koi8r.txt": (RUSSIAN + "\n\n" + RUSSIAN_2).encode("koi8-r"),
    "latin1-german.txt": (GERMAN + "\n\n" + GERMAN_2).encode("latin-1"),
    "cp1252-german.txt": (GERMAN + " \u201eZitat\u201c \u2013 Ende.").encode("cp1252"),
    "latin1-french.txt": (FRENCH + "\n\n" + FRENCH_2).encode("latin-1"),
    "cp1252-french.txt": (FRENCH + " \u00ab\u00a0C\u2019est fini\u00a0\u00bb, \u0153uvre.").encode("cp1252"),
    "mixed-endings.txt": (ENGLISH + "\r\n\r\n" + ENGLISH_2 + "\r\r" + GERMAN + "\n\n" + FRENCH + "\r\n").encode(),
}


def test_every_encoding_and_line_ending_comes_out_as_the_same_text(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    for name, data in ENCODED.items():
        (source / name).write_bytes(data)
    out = tmp_path / "out.jsonl"
    result = invoke(str(source), "-o", str(out))
    assert result.exit_code == 0, result.output
    records = {r["path"]: r for r in read_jsonl(out)}
    assert sorted(records) == sorted(ENCODED)
    for name, record in records.items():
        assert "\ufffd" not in record["body"] and "\r" not in record["body"], name
    assert {n: records[n]["encoding"] for n in ("utf8-bom.txt", "utf16le-bom.txt", "utf16be-bom.txt", "cp1251.txt",
                                                "koi8r.txt")} == {
        "utf8-bom.txt": "utf-8-sig", "utf16le-bom.txt": "utf-16-le", "utf16be-bom.txt": "utf-16-be",
        "cp1251.txt": "cp1251", "koi8r.txt": "koi8-r"}
    assert records["cp1251.txt"]["body"] == records["koi8r.txt"]["body"] == RUSSIAN + "\n\n" + RUSSIAN_2
    assert records["latin1-german.txt"]["body"] == GERMAN + "\n\n" + GERMAN_2
    assert records["cp1252-german.txt"]["body"].endswith("\u201eZitat\u201c \u2013 Ende.")
    assert records["cp1252-french.txt"]["body"].endswith("C\u2019est fini \u00bb, \u0153uvre.")
    assert records["utf16le-bom.txt"]["body"] == FRENCH + "\n\n" + RUSSIAN
    assert records["mixed-endings.txt"]["body"].split("\n") == [ENGLISH, "", ENGLISH_2, "", GERMAN, "", FRENCH]
    assert {r["language"] for n, r in records.items() if "cp1251" in n or "koi8" in n} == {"ru"}


# -- not text, empty, malformed -------------------------------------------------------------------

def test_files_that_are_not_text_fail_with_what_they_are(tmp_path, cleaner):
    source = tmp_path / "in"
    source.mkdir()
    (source / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (source / "paper.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nstream\n\x00\x01\x02")
    (source / "noise.txt").write_bytes(os.urandom(20_000))
    (source / "squeezed.txt").write_bytes(gzip.compress(ENGLISH.encode() * 50)[10:])  # deflate without its header
    found = outcomes_of(source, cleaner)
    assert found["image.txt"].reason == "not text: looks like a PNG image"
    assert found["paper.txt"].reason == "not text: looks like a PDF document"
    assert found["noise.txt"].reason == "not text: looks like binary data"
    assert found["squeezed.txt"].reason == "not text: looks like binary data"
    assert {o.status for o in found.values()} == {"error"}


def test_empty_and_near_empty_documents_are_skipped_with_a_reason(tmp_path, cleaner):
    source = tmp_path / "in"
    source.mkdir()
    (source / "zero.txt").write_bytes(b"")
    (source / "blank.txt").write_text(" \n\t\r\n \u00a0\n")
    (source / "bom-only.txt").write_bytes(codecs.BOM_UTF8)
    (source / "invisible.txt").write_text("\u200b\u200d\ufeff\n\u2060")
    (source / "dashes.txt").write_text("- - -\n***\n…\n|")
    (source / "scripts.html").write_text("<html><head><script>var a = 1;</script></head><body></body></html>")
    (source / "word.txt").write_text("Hello")
    found = outcomes_of(source, cleaner)
    reasons = {path: (o.status, o.reason) for path, o in found.items()}
    assert reasons == {
        "zero.txt": ("skip", "empty or whitespace-only document"),
        "blank.txt": ("skip", "empty or whitespace-only document"),
        "bom-only.txt": ("skip", "empty or whitespace-only document"),
        "invisible.txt": ("skip", "empty or whitespace-only document"),
        "dashes.txt": ("skip", "no words, only punctuation, symbols or invisible characters"),
        "scripts.html": ("skip", "no text found in the HTML"),
        "word.txt": ("record", ""),
    }


def test_malformed_json_and_jsonl_fail_per_file_or_line(tmp_path, cleaner):
    source = tmp_path / "in"
    source.mkdir()
    (source / "cut.json").write_text('[{"text": "A record that was cut off in the mid')
    (source / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (source / "lines.jsonl").write_text('{"text": "' + ENGLISH + '"}\n{"text": 5}\n[1, 2]\n{"text": "\\ud800 x"\n\n')
    found = outcomes_of(source, cleaner)
    assert found["cut.json"].reason.startswith("not valid JSON (")
    assert found["deep.json"].status == "error"
    assert [(k, o.status) for k, o in found.items() if k.startswith("lines")] == [
        ("lines.jsonl:1", "record"), ("lines.jsonl:2", "error"), ("lines.jsonl:3", "error"), ("lines.jsonl:4", "error")]
    assert found["lines.jsonl:2"].reason == "record has no 'text' or 'html' string"
    assert found["lines.jsonl:3"].reason == "a JSON list, not a record"
    assert found["lines.jsonl:4"].reason.startswith("not JSON (")


def test_broken_html_is_cleaned(cleaner, tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "unclosed.html").write_text("<html><body><div><p>" + ENGLISH + "<p>" + GERMAN + "<div><span><b>" + FRENCH)
    (source / "entities.html").write_text(
        "<html><body><p>" + ENGLISH + " &bogus; &#99999999999; &#xD800; &#0; &amp &lt;tag&gt; &#x110000; &</p>")
    (source / "cut-in-a-tag.html").write_text("<html><body><p>" + ENGLISH + "</p><a href=\"http://exa")
    (source / "unclosed-comment.html").write_text("<html><body><p>" + ENGLISH + "</p><!-- the rest " + "<p>x</p>" * 50)
    found = outcomes_of(source, cleaner)
    assert {k: o.status for k, o in found.items()} == dict.fromkeys(found, "record")
    assert found["unclosed.html"].record["body"].startswith(ENGLISH + "\n" + GERMAN)
    assert found["entities.html"].record["body"].startswith(ENGLISH + " &bogus;")
    assert found["cut-in-a-tag.html"].record["body"].startswith(ENGLISH)


# More shapes (tables, lists, unclosed comments), with times: benchmarks/robustness.py.
@pytest.mark.parametrize("opening,closing", [("<div>", "</div>"), ("<span>", "")])
def test_html_nested_100000_levels_deep_is_extracted(cleaner, tmp_path, opening, closing):
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + opening * 100_000 + ENGLISH + closing * 100_000 + "</body></html>")
    outcome = outcomes_of(tmp_path, cleaner, timeout=120)["deep.html"]
    assert outcome.status == "record", outcome.reason
    assert outcome.record["body"] == ENGLISH


# -- size ----------------------------------------------------------------------------------------

FIFTY_MB = 50_000_000


def test_50_mb_text_and_html_files_fail_with_the_size_limit(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    paragraph = (ENGLISH + "\n\n").encode()
    with open(source / "big.txt", "wb") as handle:
        handle.write(paragraph * (FIFTY_MB // len(paragraph) + 1))
    with open(source / "big.html", "wb") as handle:
        handle.write(b"<html><body>" + (b"<p>" + paragraph + b"</p>") * (FIFTY_MB // (len(paragraph) + 7) + 1))
    out = tmp_path / "out.jsonl"
    result = invoke(str(source), "-o", str(out))
    assert result.exit_code == 1
    errors = {e["path"]: e["reason"] for e in read_jsonl(tmp_path / "out.errors.jsonl")}
    assert errors == dict.fromkeys(["big.html", "big.txt"], "is larger than the size limit of 20,000,000 bytes (--max-bytes)")


def test_a_gzip_bomb_is_read_only_up_to_the_limit(tmp_path, monkeypatch, cleaner):
    bomb = tmp_path / "bomb.txt.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as handle:
        chunk = b"a" * 1_000_000
        for _ in range(60):
            handle.write(chunk)
    assert bomb.stat().st_size < 200_000
    read = []
    original = gzip.GzipFile.read

    def counting_read(self, size=-1):
        data = original(self, size)
        read.append(len(data))
        return data

    monkeypatch.setattr(gzip.GzipFile, "read", counting_read)
    with pytest.raises(Exception, match=r"decompresses to more than the size limit of 1,000 bytes \(--max-bytes\)"):
        read_bytes(str(bomb), True, 1000)
    assert sum(read) <= 1001
    monkeypatch.undo()
    found = outcomes_of(tmp_path, cleaner, max_bytes=5_000_000)
    assert found["bomb.txt.gz"].reason == "decompresses to more than the size limit of 5,000,000 bytes (--max-bytes)"


def test_an_overlong_compressed_jsonl_line_fails_alone(tmp_path, cleaner):
    with gzip.open(tmp_path / "r.jsonl.gz", "wt") as handle:
        handle.write(json.dumps({"text": ENGLISH}) + "\n")
        handle.write(json.dumps({"text": "x" * 3000}) + "\n")
        handle.write(json.dumps({"text": GERMAN}) + "\n")
    found = outcomes_of(tmp_path, cleaner, max_bytes=2000)
    assert [(k, o.status) for k, o in found.items()] == [
        ("r.jsonl.gz:1", "record"), ("r.jsonl.gz:2", "error"), ("r.jsonl.gz:3", "record")]
    assert found["r.jsonl.gz:2"].reason == "line over the size limit of 2,000 bytes (--max-bytes)"


def test_a_truncated_gzip_fails_with_a_reason_after_its_good_lines(tmp_path, cleaner):
    data = gzip.compress("".join(json.dumps({"text": f"{ENGLISH} {n}"}) + "\n" for n in range(200)).encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    (tmp_path / "cut.txt.gz").write_bytes(data[: len(data) // 2])
    found = outcomes_of(tmp_path, cleaner)
    statuses = [o.status for k, o in found.items() if k.startswith("cut.jsonl.gz")]
    assert statuses[-1] == "error" and set(statuses[:-1]) == {"record"} and len(statuses) > 10
    assert found["cut.txt.gz"].reason.startswith("cannot read: ")


# -- the file system changing under the run ------------------------------------------------------

def test_symlink_loops_are_followed_once_and_a_self_link_fails(tmp_path):
    source = tmp_path / "in"
    (source / "sub").mkdir(parents=True)
    (source / "sub" / "a.txt").write_text(ENGLISH)
    os.symlink("..", source / "sub" / "parent")
    os.symlink(".", source / "sub" / "itself")
    os.symlink("self.txt", source / "self.txt")
    out = tmp_path / "out.jsonl"
    result = invoke(str(source), "-o", str(out))
    assert [r["path"] for r in read_jsonl(out)] == [os.path.join("sub", "a.txt")]
    errors = read_jsonl(tmp_path / "out.errors.jsonl")
    assert errors == [{"path": "self.txt", "line": None, "id": None, "status": "error",
                       "reason": "cannot open: too many levels of symbolic links", "input": None}]
    assert "2 inputs = 1 cleaned + 1 failed + 0 skipped" in result.output


def test_files_that_vanish_or_change_kind_after_discovery_fail_with_a_reason(tmp_path, cleaner):
    source = tmp_path / "in"
    source.mkdir()
    for name in ("deleted.txt", "now-a-folder.txt", "now-dangling.txt", "records.jsonl", "kept.txt"):
        (source / name).write_text(json.dumps({"text": ENGLISH}) if name.endswith("jsonl") else ENGLISH)
    found = list(discover([str(source)], Listing()))
    (source / "deleted.txt").unlink()
    (source / "now-a-folder.txt").unlink()
    (source / "now-a-folder.txt").mkdir()
    (source / "now-dangling.txt").unlink()
    os.symlink("nowhere", source / "now-dangling.txt")
    (source / "records.jsonl").unlink()
    tasks = [t for r, rel, path, error in found for t in expand(r, rel, path, 10**6, error)]
    reasons = {t.display_path: clean_task(t, cleaner).reason for t in tasks}
    assert reasons == {
        "deleted.txt": "cannot open: no such file or directory",
        "kept.txt": "",
        "now-a-folder.txt": "cannot open: is a directory",
        "now-dangling.txt": "cannot open: no such file or directory",
        "records.jsonl": "cannot open: no such file or directory",
    }


def test_a_folder_that_cannot_be_listed_is_one_failure(tmp_path, monkeypatch):
    source = tmp_path / "in"
    (source / "locked").mkdir(parents=True)
    (source / "locked" / "a.txt").write_text(ENGLISH)
    (source / "b.txt").write_text(ENGLISH)
    original = os.scandir

    def scandir(path):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return original(path)

    monkeypatch.setattr(os, "scandir", scandir)  # tests run as root, which chmod cannot lock out
    out = tmp_path / "out.jsonl"
    result = invoke(str(source), "-o", str(out))
    assert result.exit_code == 1
    assert read_jsonl(tmp_path / "out.errors.jsonl") == [
        {"path": "locked" + os.sep, "line": None, "id": None, "status": "error",
         "reason": "cannot list folder: permission denied", "input": None}]
    assert "2 inputs = 1 cleaned + 1 failed + 0 skipped" in result.output
