"""One stable schema: output files of different runs load together with ``datasets`` and pandas."""

from __future__ import annotations

import json
import subprocess
import sys
import typing

import pytest

from cleaner import Document, RecordDict, clean, record_schema
from cleaner.schema import FIELDS
from conftest import ROOT, SEEDS

datasets = pytest.importorskip("datasets")


def run_cli(*args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "cleaner", *args, "--workers", "1"], capture_output=True,
                            text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("outputs")
    source = folder / "records.jsonl"
    source.write_text(json.dumps({"id": "0001", "url": "https://example.org/a", "text": "A council sentence that "
                                  "is long enough to be kept as the body of this article."}) + "\n")
    run_cli(str(SEEDS), "-o", str(folder / "seeds.jsonl"))  # every url null
    run_cli(str(source), "-o", str(folder / "records.jsonl.gz"))
    return [folder / "seeds.jsonl", folder / "records.jsonl.gz"]


def test_the_schema_lists_every_field_of_the_record_in_order():
    record = clean("An article sentence, long enough to be a paragraph of the body.\nRead more").to_dict()
    assert list(record) == list(FIELDS) == list(record_schema())
    assert list(typing.get_type_hints(RecordDict)) == list(FIELDS)
    assert typing.get_type_hints(Document.to_dict)["return"] is RecordDict


def test_files_with_and_without_urls_load_together(outputs):
    ds = datasets.load_dataset("json", data_files=[str(p) for p in outputs], features=record_schema(), split="train")
    assert len(ds) == len(list(SEEDS.glob("*.txt"))) + 1
    assert ds.features["url"] == datasets.Value("string")
    assert ds[-1]["id"] == "0001" and ds[-1]["url"] == "https://example.org/a"
    assert ds[0]["url"] is None
    assert any(r["category"] == "source" and r["end"] > r["start"] for row in ds for r in row["removed"])


def test_input_fields_under_meta_are_declared_by_the_caller(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "x", "lang": "en", "text": "An article sentence, long enough to be a "
                                  "paragraph of the body of this piece."}) + "\n")
    run_cli(str(source), "-o", str(tmp_path / "with_meta.jsonl"))
    run_cli(str(SEEDS), "-o", str(tmp_path / "without.jsonl"))
    ds = datasets.load_dataset("json", data_files=[str(tmp_path / "with_meta.jsonl"), str(tmp_path / "without.jsonl")],
                               features=record_schema(meta={"lang": datasets.Value("string")}), split="train")
    assert ds[0]["meta"] == {"lang": "en"} and ds[1]["meta"] is None


def test_the_pandas_recipe_keeps_ids_as_strings(outputs):
    pandas = pytest.importorskip("pandas")
    frame = pandas.concat([pandas.read_json(p, lines=True, dtype=False) for p in outputs], ignore_index=True)
    assert frame["id"].iloc[-1] == "0001"
