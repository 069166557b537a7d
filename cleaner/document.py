"""The result of cleaning one document: the body, its metadata and every removal with its reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

#: Categories a removal can carry. ``title``, ``source``, ``byline`` and ``dateline`` are header
#: lines moved into metadata rather than junk; ``duplicate`` is a copy of text already kept;
#: ``site_template`` is a publisher's recurring line learned from the corpus (``clean-news learn``);
#: the rest are boilerplate.
CATEGORIES = (
    "donation_appeal",
    "newsletter",
    "subscription",
    "market_ticker",
    "related_content",
    "promo",
    "disclaimer",
    "caption",
    "navigation",
    "social_share",
    "cookie_notice",
    "advertisement",
    "comments",
    "legal",
    "site_template",
    "duplicate",
    "title",
    "source",
    "byline",
    "dateline",
)


class RemovalDict(TypedDict):
    category: str
    rule: str
    text: str
    start: int
    end: int


class RecordDict(TypedDict):
    """The JSON record (``Document.to_dict()``); ``cleaner.schema.FIELDS`` gives the same types as data."""

    id: str | None
    path: str | None
    url: str | None
    title: str | None
    source: str | None
    author: str | None
    published: str | None
    language: str
    body: str
    word_count: int
    removed: list[RemovalDict]
    flags: list[str]
    input_format: str
    encoding: str | None
    cleaner_version: str


@dataclass(frozen=True)
class Removal:
    """One segment taken out of the text, and why.

    ``start``/``end`` are character offsets into :attr:`Document.text` (the normalised input).
    ``rule`` is the stable id of the rule or heuristic that decided it.
    """

    category: str
    rule: str
    text: str
    start: int
    end: int

    def to_dict(self) -> RemovalDict:
        return {
            "category": self.category,
            "rule": self.rule,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Document:
    """A cleaned article.

    ``text`` is the normalised input the offsets refer to (for HTML: the extracted text). It is kept
    so that every removal can be shown in place; it is not part of the JSON record.
    """

    body: str
    text: str
    title: str | None = None
    source: str | None = None
    author: str | None = None
    published: str | None = None
    language: str = "und"
    url: str | None = None
    removed: tuple[Removal, ...] = ()
    flags: tuple[str, ...] = ()
    input_format: str = "text"
    encoding: str | None = None
    id: str | None = None
    path: str | None = None
    cleaner_version: str = field(default="")

    @property
    def word_count(self) -> int:
        return len(self.body.split())

    def to_dict(self) -> RecordDict:
        """The JSON record, with exactly the documented keys, in a fixed order."""
        return {
            "id": self.id,
            "path": self.path,
            "url": self.url,
            "title": self.title,
            "source": self.source,
            "author": self.author,
            "published": self.published,
            "language": self.language,
            "body": self.body,
            "word_count": self.word_count,
            "removed": [r.to_dict() for r in self.removed],
            "flags": list(self.flags),
            "input_format": self.input_format,
            "encoding": self.encoding,
            "cleaner_version": self.cleaner_version,
        }
