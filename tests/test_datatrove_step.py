"""The datatrove steps in a real LocalPipelineExecutor, between datatrove's own JSONL reader and writer."""

from __future__ import annotations

import gzip
import json

import pytest

from cleaner import Cleaner
from conftest import SEEDS

pytest.importorskip("datatrove")

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from cleaner.datatrove_step import CleanNews, DropEmpty  # noqa: E402


def test_clean_and_drop_empty_in_a_local_executor(tmp_path, cleaner: Cleaner):
    source, out, logs = tmp_path / "in", tmp_path / "out", tmp_path / "logs"
    source.mkdir()
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    rows = [{"id": name, "text": text} for name, text in texts.items()]
    rows.append({"id": "only-junk", "text": "Subscribe to our newsletter\nShare this article"})
    (source / "part.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    executor = LocalPipelineExecutor(pipeline=[JsonlReader(str(source)), CleanNews(), DropEmpty(),
                                               JsonlWriter(str(out))], tasks=1, workers=1, logging_dir=str(logs))
    executor.run()
    with gzip.open(out / "00000.jsonl.gz", "rt", encoding="utf-8") as handle:
        written = [json.loads(line) for line in handle]
    assert [d["id"] for d in written] == list(texts)  # the empty one was dropped
    for doc in written:
        expected = cleaner.clean(texts[doc["id"]], id=doc["id"]).to_dict()
        assert doc["text"] == expected["body"]
        assert doc["metadata"]["clean_news"]["removed"] == expected["removed"]
        assert doc["metadata"]["clean_news"]["language"] == expected["language"]
    stats = json.loads((logs / "stats.json").read_text())
    steps = {step["name"].split(": ", 1)[-1]: step["stats"] for step in stats}
    expected_counts: dict[str, int] = {}
    for row in rows:
        for removal in cleaner.clean(row["text"]).removed:
            expected_counts[f"removed_{removal.category}"] = expected_counts.get(f"removed_{removal.category}", 0) + 1
    assert {k: v for k, v in steps["clean-news"].items() if k.startswith("removed_")} == expected_counts
    assert steps["clean-news"]["documents"] == len(rows)
    assert steps["clean-news drop empty"]["dropped_empty_after_cleaning"] == 1
