"""clean-news as datatrove pipeline steps (``pip install "clean-news[datatrove]"``).

:class:`CleanNews` rewrites ``doc.text`` to the cleaned body, stores the record (title, source,
language, flags, removals ...) in ``doc.metadata["clean_news"]`` and counts removals by category
in datatrove's stats (``removed_<category>``). :class:`DropEmpty` drops the documents that
cleaning left without a body (stat ``dropped_empty_after_cleaning``)::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaner.datatrove_step import CleanNews, DropEmpty

    LocalPipelineExecutor(pipeline=[
        JsonlReader("crawl/"), CleanNews(), DropEmpty(), JsonlWriter("cleaned/"),
    ], tasks=4, logging_dir="logs/").run()

The step holds only the :class:`Config`; each process builds its :class:`Cleaner` on its first
document. A document that is not one at all (over the size limit) passes unchanged, with the
reason in ``doc.metadata["clean_news_error"]`` (stat ``not_a_document``).
"""

from __future__ import annotations

from typing import Any

from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.filters.base_filter import BaseFilter

from .config import Config
from .errors import InputError
from .workers import cleaner_for

#: The record's fields kept in ``doc.metadata["clean_news"]`` (``body`` is ``doc.text``; ``id`` is ``doc.id``).
METADATA_FIELDS = ("url", "title", "source", "author", "published", "language", "word_count", "removed", "flags",
                   "input_format", "encoding", "cleaner_version")


class CleanNews(PipelineStep):
    name = "clean-news"
    type = "✂️ - FORMAT"

    def __init__(self, config: Config | None = None, *, kind: str = "auto", url_key: str = "url") -> None:
        super().__init__()
        self.config = config or Config()
        self.kind = kind
        self.url_key = url_key

    def run(self, data: Any, rank: int = 0, world_size: int = 1) -> Any:
        cleaner = cleaner_for(self.config)  # once per process, not pickled with the step
        for doc in data:
            self.stat_update("documents")
            with self.track_time():
                url = doc.metadata.get(self.url_key)
                try:
                    cleaned = cleaner.clean(doc.text, kind=self.kind,  # type: ignore[arg-type]
                                            url=url if isinstance(url, str) and url else None, id=str(doc.id))
                except InputError as err:
                    self.stat_update("not_a_document")
                    doc.metadata["clean_news_error"] = str(err)
                    yield doc
                    continue
            record = cleaned.to_dict()
            doc.text = cleaned.body
            doc.metadata["clean_news"] = {name: record[name] for name in METADATA_FIELDS}  # type: ignore[literal-required]
            for removal in cleaned.removed:
                self.stat_update(f"removed_{removal.category}")
            yield doc


class DropEmpty(BaseFilter):
    """Drop documents with no body left after cleaning."""

    name = "clean-news drop empty"

    def filter(self, doc: Any) -> bool | tuple[bool, str]:
        return (True if doc.text.strip() else (False, "empty_after_cleaning"))
