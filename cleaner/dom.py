"""HTML context for text lines: what the page's markup says about where a line came from.

Before extraction, the text of every element whose tag, class or id marks it as boilerplate
(``cleaner/lexicon/dom.toml``: ``figcaption``, ``aside``, ``class="related-posts"`` ...) is
collected. After extraction, a line that comes from such an element is labelled with that
element's category (rule ``dom_context``). An element holding more than ``dom_max_share`` of the
page's text is ignored: it wraps the article (``<div class="story share-tools">``).
"""

from __future__ import annotations

import re
import tomllib
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from itertools import islice
from typing import Any

from .heuristics import Verdict
from .rules import _TRAILING_CHARS, folded_words, match_key

_WORD_SPLIT = re.compile(r"[^a-z]+")
_CONTAINERS = frozenset({"html", "body", "main", "article"})


@dataclass(frozen=True)
class DomVocabulary:
    tags: dict[str, str]
    class_words: dict[str, str]

    @classmethod
    def load(cls) -> DomVocabulary:
        data = tomllib.loads((resources.files("cleaner") / "lexicon" / "dom.toml").read_text(encoding="utf-8"))
        return cls(tags=dict(data["tags"]), class_words=dict(data["class_words"]))

    def category(self, element: Any) -> str | None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _CONTAINERS:
            return None  # whatever its class says ("article ... url-breadcrumb"), it holds the article
        if tag in self.tags:
            return self.tags[tag]
        names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
        for word in _WORD_SPLIT.split(names):
            if word in self.class_words:
                return self.class_words[word]
        return None


@dataclass(frozen=True)
class DomJunk:
    """Folded text of boilerplate elements, by category, and of the whole page."""

    texts: tuple[tuple[str, str], ...] = ()
    page: str = ""

    def element_of(self, line: str) -> int | None:
        """Index of the boilerplate element ``line`` comes from; None when it also stands outside
        such elements (a teaser of this very article repeats its first sentence)."""
        key = match_key(line)
        if len(key) < 3:
            return None
        short = len(key.split()) <= 2
        needle = f"\n{key}\n" if short else key
        found = [(index, text.count(needle)) for index, (_, text) in enumerate(self.texts) if needle in text]
        if not found or self.page.count(needle) > sum(n for _, n in found):
            return None
        return found[0][0]


def collect_junk(tree: Any, vocabulary: DomVocabulary, max_share: float) -> DomJunk:
    """Text of the outermost boilerplate elements of ``tree`` (an lxml tree), without changing it."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    page_pieces = [p.strip() for p in root.itertext() if p.strip()]
    total = sum(len(p) + 1 for p in page_pieces)
    found: list[tuple[str, str]] = []
    folds: dict[str, str] = {}  # piece -> folded_words(piece): the page's pieces are folded once
    categories: dict[tuple, str | None] = {}  # (tag, class, id) -> category, within this page
    from lxml.etree import Element  # lxml comes with trafilatura, on the first HTML page

    # Elements in document order (lxml's iterator: no Python stack, and pages nest deeply); the
    # descendants of an element taken as boilerplate come right after it and are skipped.
    elements = root.iter(Element)
    for element in elements:
        signature = (element.tag, element.get("class"), element.get("id"))
        category = categories[signature] if signature in categories else categories.setdefault(
            signature, vocabulary.category(element))
        if category is not None:
            pieces = [p.strip() for p in element.itertext() if p.strip()]
            text = " ".join(pieces)
            if text and len(text) <= max_share * total:
                found.append((category, _folded(pieces, folds)))
                skip_descendants(elements, element)
    if not found:
        return DomJunk()
    return DomJunk(tuple(found), _folded(page_pieces, folds))


def skip_descendants(elements: Iterator[Any], element: Any) -> None:
    """Advance ``elements``, an lxml ``iter(Element)`` in document order that has just given
    ``element``, past ``element``'s descendants."""
    from lxml.etree import Element

    deque(islice(elements, sum(1 for _ in element.iterdescendants(Element))), maxlen=0)


def _folded(pieces: list[str], folds: dict[str, str]) -> str:
    """Every piece on its own line (so a short line can be matched whole), then all of them run
    together (so a line that spans several pieces can be found): each piece's
    :func:`match_key`, then ``match_key(" ".join(pieces))``, built from the pieces' folds
    (see :func:`folded_words`) instead of folding the page's text a second time."""
    words = [folds[p] if p in folds else folds.setdefault(p, folded_words(p)) for p in pieces]
    return ("\n" + "\n".join(w.rstrip(_TRAILING_CHARS) for w in words) + "\n"
            + " ".join(words).rstrip(_TRAILING_CHARS) + "\n")


def label_from_dom(texts: list[str], labels: list[Verdict | None], junk: DomJunk,
                   max_share: float) -> list[Verdict | None]:
    """Label the lines that the rules left alone and that come from a boilerplate element.

    An element that would take more than ``max_share`` of the extracted text is not boilerplate:
    the extractor chose it as the article.
    """
    if not junk.texts:
        return labels
    sources = [junk.element_of(t) if labels[i] is None else None for i, t in enumerate(texts)]
    claimed: dict[int, int] = {}
    for text, source in zip(texts, sources):
        if source is not None:
            claimed[source] = claimed.get(source, 0) + len(text)
    total = sum(len(t) for t in texts) or 1
    out = list(labels)
    for i, source in enumerate(sources):
        if source is not None and claimed[source] <= max_share * total:
            out[i] = Verdict(junk.texts[source][0], "dom_context")
    return out
