"""``Dataset.map`` with :class:`cleaner.hf.CleanBatch`, batched and in two processes."""

from __future__ import annotations

import pickle

import pytest

from cleaner import Cleaner
from cleaner.hf import CleanBatch
from conftest import SEEDS

datasets = pytest.importorskip("datasets")


def test_batched_map_in_two_processes_keeps_columns_and_adds_the_record(cleaner: Cleaner):
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    rows = {"text": texts + ["\x89PNG not text"], "doc": [f"d{i}" for i in range(len(texts) + 1)],
            "url": [None] * len(texts) + ["https://example.org/x"]}
    rows["text"][-1] = b"\x89PNG\r\n\x1a\n\x00\x00".decode("latin-1")  # a str: cleaned as text, not an error
    ds = datasets.Dataset.from_dict(rows)
    step = CleanBatch(id_field="doc")
    assert len(pickle.dumps(step)) < 2000  # the Cleaner is built in each process, never shipped
    mapped = ds.map(step, batched=True, batch_size=2, num_proc=2, features=step.features(ds.features))
    assert mapped.column_names[:3] == ["text", "doc", "url"]
    assert "body" in mapped.column_names and "removed" in mapped.column_names
    for row, text in zip(mapped, texts):
        expected = cleaner.clean(text, id=row["doc"]).to_dict()
        assert row["body"] == expected["body"] and row["id"] == row["doc"]
        assert [r["rule"] for r in row["removed"]] == [r["rule"] for r in expected["removed"]]
    assert mapped[-1]["url"] == "https://example.org/x"
