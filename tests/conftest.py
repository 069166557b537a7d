from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest

from cleaner import Cleaner

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "fixtures"


@pytest.fixture(scope="session")
def cleaner() -> Cleaner:
    return Cleaner()


def golden_cases() -> list[tuple[Path, Path]]:
    """(input, expected) pairs of every golden document."""
    pairs = [(p, FIXTURES / "seeds" / f"{p.stem}.expected.json") for p in sorted(SEEDS.glob("*.txt"))]
    pairs += [(p, p.with_suffix(".expected.json")) for p in sorted((FIXTURES / "dirty").glob("*.txt"))]
    return pairs


def all_documents() -> list[Path]:
    """Every golden input plus every must-not-change article."""
    return [p for p, _ in golden_cases()] + sorted((FIXTURES / "clean").glob("*.txt"))


def load_expected(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def corpus_texts() -> list[str]:
    paths = sorted(SEEDS.glob("*.txt")) + sorted((FIXTURES / "dirty").glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


def make_corpus(folder: Path, extra: str = "") -> Path:
    """Files of each kind, and a JSONL file (with a bad line and a blank one) of 30 records."""
    corpus = folder / "corpus"
    (corpus / "pages").mkdir(parents=True)
    texts = corpus_texts()
    for i, text in enumerate(texts[:6]):
        (corpus / "pages" / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    (corpus / "pages" / "page.html").write_text(f"<html><body><h1>A page</h1><p>{texts[0]}</p></body></html>")
    (corpus / "pages" / "empty.txt").write_text("   \n")
    lines = []
    for i in range(30):
        lines.append(json.dumps({"id": f"r{i}", "text": texts[i % len(texts)] + f"\nItem {i}.",
                                 "url": f"https://site{i % 3}.example.com/a/{i}", "lang_hint": "xx"}))
        if i == 11:
            lines += ["", "not json"]
    if extra:
        lines.insert(17, json.dumps({"id": "special", "text": texts[1] + "\n" + extra}))
    (corpus / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with gzip.open(corpus / "records2.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines[:20]) + "\n")
    return corpus


def shard_output(folder: Path) -> bytes:
    """The records of a folder of shards, decompressed and concatenated in the manifest's order,
    after checking the manifest against the files (names by position, counts, sha256, size)."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == "clean-news shards 1"
    prefix, suffix = manifest["pattern"].split("*")
    names = [entry["name"] for entry in manifest["shards"]]
    assert names == [f"{prefix}{n:05d}{suffix}" for n in range(len(names))]
    on_disk = sorted(p.name for p in folder.iterdir() if p.name.startswith(prefix) and p.name.endswith(suffix))
    assert on_disk == names  # no shard left over from another run, none missing
    assert not (folder / ".clean-news").exists()
    data = b""
    for entry in manifest["shards"]:
        raw = (folder / entry["name"]).read_bytes()
        assert (len(raw), hashlib.sha256(raw).hexdigest()) == (entry["bytes"], entry["sha256"])
        plain = gzip.decompress(raw) if entry["name"].endswith(".gz") else raw
        assert plain.count(b"\n") == entry["records"]
        data += plain
    assert manifest["records"] == sum(entry["records"] for entry in manifest["shards"])
    return data
