"""The record's schema as data, so that many output files load as one table.

A JSON reader guesses each file's column types from its values: in a file where every ``url`` is
null, ``url`` is typed ``null`` and will not combine with a file where it is a string. Giving the
reader the schema removes the guess::

    from datasets import load_dataset
    from cleaner import record_schema
    ds = load_dataset("json", data_files=["a.jsonl", "b.jsonl.gz"], features=record_schema(), split="train")

``meta`` (the fields an input record brought with it) depends on the input, so it is declared by
the caller: ``record_schema(meta={"lang": Value("string")})``. A file whose records have no
``meta`` then loads with ``meta`` null.
"""

from __future__ import annotations

from typing import Any

#: The record's fields and their types, in the order of ``Document.to_dict()``: the one place the
#: schema is written down (``record_schema`` and the tests read it).
FIELDS: dict[str, str] = {
    "id": "string",
    "path": "string",
    "url": "string",
    "title": "string",
    "source": "string",
    "author": "string",
    "published": "string",
    "language": "string",
    "body": "string",
    "word_count": "int64",
    "removed": "removals",
    "flags": "list[string]",
    "input_format": "string",
    "encoding": "string",
    "cleaner_version": "string",
}
REMOVAL_FIELDS: dict[str, str] = {"category": "string", "rule": "string", "text": "string", "start": "int64",
                                  "end": "int64"}


def record_schema(meta: Any = None) -> Any:
    """The record as ``datasets.Features`` (needs ``pip install "clean-news[datasets]"``).

    ``meta``: the ``datasets`` types of the input fields carried under ``meta`` (a dict or
    ``Features``), when the records have any.
    """
    try:
        from datasets import Features, Sequence, Value
    except ImportError as err:  # an optional extra
        raise ImportError('record_schema() needs the datasets package: pip install "clean-news[datasets]"') from err
    removal = {name: Value(kind) for name, kind in REMOVAL_FIELDS.items()}
    types = {"string": Value("string"), "int64": Value("int64"), "list[string]": Sequence(Value("string")),
             "removals": [removal]}
    features = {name: types[kind] for name, kind in FIELDS.items()}
    if meta is not None:
        features["meta"] = dict(meta)
    return Features(features)
