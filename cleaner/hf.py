"""Cleaning a Hugging Face ``datasets.Dataset`` with ``Dataset.map(..., batched=True, num_proc=N)``.

:class:`CleanBatch` is a small picklable object that holds only the :class:`Config`: each process
builds its :class:`Cleaner` once, on its first batch, and keeps it (shipping a built Cleaner to
every task would cost 5 MB and half a second per unpickle)::

    from datasets import load_dataset
    from cleaner.hf import CleanBatch

    ds = load_dataset("json", data_files="crawl.jsonl", split="train")
    step = CleanBatch(text_field="text")
    ds = ds.map(step, batched=True, num_proc=4, features=step.features(ds.features))

The dataset's columns are kept and the record's fields are added (``body``, ``removed``,
``language`` ...); a column of the same name as a record field is replaced by it, unless
``prefix`` sets the added names apart. A document that cannot be cleaned (binary, over the size
limit) keeps its row, with ``body`` null and the reason in ``error``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .config import Config
from .errors import InputError
from .schema import FIELDS
from .workers import cleaner_for


@dataclass(frozen=True)
class CleanBatch:
    text_field: str = "text"
    id_field: str | None = "id"
    url_field: str | None = "url"
    kind: str = "auto"
    prefix: str = ""
    config: Config = field(default_factory=Config)

    def __call__(self, batch: dict[str, list[Any]]) -> dict[str, list[Any]]:
        cleaner = cleaner_for(self.config)  # built once per process
        texts = batch[self.text_field]
        added: dict[str, list[Any]] = {self.prefix + name: [] for name in [*FIELDS, "error"]}
        for row, text in enumerate(texts):
            record: dict[str, Any] = {}
            error = None
            try:
                doc = cleaner.clean(text or "", kind=self.kind,  # type: ignore[arg-type]
                                    url=_value(batch, self.url_field, row), id=_value(batch, self.id_field, row))
                record = dict(doc.to_dict())
            except InputError as err:
                error = str(err)
            for name in FIELDS:
                added[self.prefix + name].append(record.get(name))
            added[self.prefix + "error"].append(error)
        return {**batch, **added}

    def features(self, columns: Any) -> Any:
        """The ``datasets.Features`` of the mapped dataset: ``columns`` (the input's) plus the record's."""
        from datasets import Features, Value

        from .schema import record_schema

        record = record_schema()
        merged = dict(columns)
        merged.update({self.prefix + name: record[name] for name in FIELDS})
        merged[self.prefix + "error"] = Value("string")
        return Features(merged)


def _value(batch: dict[str, list[Any]], name: str | None, row: int) -> str | None:
    if not name or name not in batch:
        return None
    value = batch[name][row]
    return str(value) if value not in (None, "") else None
