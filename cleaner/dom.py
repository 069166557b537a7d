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
from bisect import bisect_right
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from itertools import islice
from typing import Any

from .config import Config
from .features import Features, is_prose
from .heuristics import Verdict, is_article_prose
from .rules import _TITLE_SEPARATOR, _TRAILING_CHARS, folded_words, match_key

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


def collect_junk(tree: Any, vocabulary: DomVocabulary, max_share: float,
                 related_link_share: float = 0.0) -> DomJunk:
    """Text of the outermost boilerplate elements of ``tree`` (an lxml tree), without changing it.

    An element whose class or id says "related" while its words are mostly not link text (under
    ``related_link_share`` of them are) is no box of other stories, whose headlines are links, but
    a wrapper of such a box that holds prose too (the story going on below "More on this topic"):
    it is passed over, and the elements inside it are looked at one by one. (An ``<aside>`` is
    a sidebar whatever it holds.)"""
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
            if text and len(text) <= max_share * total and not (
                    category == "related_content" and element.tag not in vocabulary.tags
                    and _link_share(element, text) < related_link_share):
                found.append((category, _folded(pieces, folds)))
                skip_descendants(elements, element)
    if not found:
        return DomJunk()
    return DomJunk(tuple(found), _folded(page_pieces, folds))


def _link_share(element: Any, text: str) -> float:
    """Share of the words of ``element`` (whose text is ``text``) that are link text."""
    words = len(text.split())
    links = sum(len(" ".join(a.itertext()).split()) for a in element.iter("a"))
    return links / words if words else 1.0


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



class PageText:
    """Where in the page a line of extracted text comes from: the page's words in document order,
    with the element each run of them belongs to. Built on first use (only a document with lines
    after its article asks). Words only, so punctuation and spacing the extractor changed do not
    matter."""

    def __init__(self, tree: Any) -> None:
        self._tree = tree
        self._index: tuple[list[int], list[Any], str] | None = None

    def _built(self) -> tuple[list[int], list[Any], str]:
        if self._index is None:
            starts: list[int] = []
            owners: list[Any] = []
            pieces: list[str] = []
            at = 0
            root = self._tree.find(".//body")
            root = root if root is not None else self._tree
            # The text nodes in document order (lxml's, no Python walk): an element's own text, or
            # the text after an element (its tail), which belongs to that element's parent.
            for text in root.xpath(".//text()"):
                element = text.getparent()
                if text.is_tail:
                    if element is root:
                        continue
                    owner = element.getparent()
                elif element.tag in _NO_TEXT:
                    continue
                else:
                    owner = element
                words = _words(text)
                if words:
                    starts.append(at)
                    owners.append(owner)
                    pieces.append(words)
                    at += len(words) + 1
            self._index = (starts, owners, " ".join(pieces))
        return self._index

    def places(self, lines: list[str]) -> list[Any | None]:
        """For each of ``lines`` (in document order), the smallest element holding it, or None
        where it is too short to place or not found. Each line is looked for after the one before
        it, so a headline that a menu printed earlier is placed where the text has it."""
        starts, owners, page = self._built()
        out: list[Any | None] = []
        at = 0
        for line in lines:
            key = _words(line)
            found = page.find(key, at) if len(key) >= _PLACE_MIN_CHARS else -1
            if found < 0:
                out.append(None)
                continue
            at = found + len(key)
            first = owners[bisect_right(starts, found) - 1]
            last = owners[bisect_right(starts, found + len(key) - 1) - 1]
            out.append(first if first is last else common_ancestor([first, last]))
        return out

    def headline(self) -> Any | None:
        """The heading element (``h1`` to ``h3``) that prints the page's title (its ``og:title`` or
        ``<title>``), or the longest part of it around a separator ("Blog: Post", "Post | Site")
        that a heading prints; None when no heading does."""
        titles = [" ".join(str(t).split()) for t in self._tree.xpath(
            '//meta[@property="og:title"]/@content | //head/title/text()')]
        keys = {_words(part) for title in titles for part in (title, *_TITLE_PARTS.split(title))}
        starts, owners, page = self._built()
        for key in sorted((k for k in keys if len(k) >= _PLACE_MIN_CHARS), key=len, reverse=True):
            at = page.find(key)
            while at >= 0:
                element = owners[bisect_right(starts, at) - 1]
                heading = next((e for e in (element, *element.iterancestors()) if e.tag in _HEADINGS), None)
                # the heading prints the title, not a longer line that names the site in passing
                if heading is not None and len(key) >= _HEADLINE_SHARE * len(_words(heading.xpath("string()"))):
                    return heading
                at = page.find(key, at + 1)
        return None


_NO_TEXT = frozenset({"script", "style", "noscript", "template"})
_HEADINGS = frozenset({"h1", "h2", "h3"})
# A heading prints the title (or a part of it) when that makes up this share of its text at least.
_HEADLINE_SHARE = 0.5
# A title's parts: around a site-name separator ("Headline | Site", as the rules read a title), or
# after a blog's "Name: ".
_TITLE_PARTS = re.compile(_TITLE_SEPARATOR.pattern + r"|:\s+")
_TEXT_WORD = re.compile(r"\w+")
_NOT_WORD = re.compile(r"\W+")
#: A line shorter than this (in its words, spaced) is not placed: "Home", "More" stand anywhere.
_PLACE_MIN_CHARS = 8


def letters(text: str) -> str:
    """Letters and digits only, casefolded: how an extraction's text and the page's are compared
    where extractors change spaces, punctuation and quotes, and escape table cells' pipes.

    >>> letters("| (AP) | The Debaters, |")
    'apthedebaters'
    """
    return _NOT_WORD.sub("", text).casefold()


def _words(text: str) -> str:
    return " ".join(_TEXT_WORD.findall(text.casefold()))


def common_ancestor(elements: list[Any]) -> Any | None:
    """The deepest element that holds all of ``elements`` (each counts as holding itself)."""
    if not elements:
        return None
    path = []  # the first element and its ancestors, deepest first
    element = elements[0]
    while element is not None:
        path.append(element)
        element = element.getparent()
    depth = {id(e): n for n, e in enumerate(path)}
    lowest = 0
    for element in elements[1:]:
        while element is not None and id(element) not in depth:
            element = element.getparent()
        if element is None:
            return None
        lowest = max(lowest, depth[id(element)])
    return path[lowest]


#: Elements too small to be the article's container: a paragraph, a quote, a list, a table
#: (a layout table's cell holds the story; the container is around the table).
_NOT_A_CONTAINER = frozenset({"p", "blockquote", "li", "ol", "ul", "dl", "dd", "dt", "span", "a", "b", "i", "em",
                              "strong", "font", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "tbody",
                              "table"})


def outside_article(texts: list[str], features: list[Features], labels: list[Verdict | None],
                    lead_vocabulary: frozenset[str], config: Config, page: PageText) -> list[Verdict | None]:
    """HTML: the lines after the article's last paragraph on its topic that the page prints outside
    the element holding the article's paragraphs (nine tenths of their words, as
    ``outside_article_box_share`` says: a promo in the page's column is not the article), a
    sidebar's profile, a "top stories" column, a footer that the extractor took too, from the
    first such line to the end, when no line after
    it comes from inside that element. Kept when the article announces them (its last line ends
    in ":") or when they outweigh the article (``outside_article_max_ratio``): then the element
    is the article's first part only. When the page's headline (:meth:`PageText.headline`) stands
    nearer to them than to that element, the paragraphs are a sidebar's bio beside a short post:
    the lines after stay, and the paragraphs outside the headline's element go."""
    on_topic = [i for i, (f, v) in enumerate(zip(features, labels))
                if v is None and is_article_prose(f, lead_vocabulary, config)]
    if not on_topic:
        return labels
    last = on_topic[-1]
    tail = [i for i in range(last + 1, len(texts)) if labels[i] is None]
    if not tail:
        return labels
    paragraphs = [i for i in range(last + 1) if labels[i] is None and is_prose(features[i], config.prose_min_words)]
    placed = dict(zip(paragraphs + tail, page.places([texts[i] for i in paragraphs + tail])))
    homes = [placed[i] for i in paragraphs if placed[i] is not None]
    box = _holding(homes, [features[i].words for i in paragraphs if placed[i] is not None],
                   config.outside_article_box_share)
    if box is None:
        return labels
    while box.tag in _NOT_A_CONTAINER and box.getparent() is not None:
        box = box.getparent()
    if len(homes) == 1 and box.getparent() is not None:
        box = box.getparent()  # one paragraph's element says little about the article's
    start = None
    for i in tail:
        if placed[i] is None:
            continue
        if _holds(box, placed[i]):
            start = None
        elif start is None:
            start = i
    if start is None:
        return labels
    before = [i for i in range(start) if labels[i] is None]
    if before and texts[before[-1]].rstrip().endswith(":"):
        return labels
    headline = page.headline()
    if headline is not None and not _holds(box, headline):
        story = common_ancestor([headline, placed[start]])
        if _depth(story) > _depth(common_ancestor([headline, box])):
            return [Verdict("related_content", "outside_article")
                    if v is None and i < start and placed.get(i) is not None and not _holds(story, placed[i]) else v
                    for i, v in enumerate(labels)]
    outside = sum(features[i].words for i in range(start, len(texts)) if labels[i] is None)
    if outside > config.outside_article_max_ratio * sum(features[i].words for i in before):
        return labels
    return [Verdict("related_content", "outside_article") if i >= start and v is None else v
            for i, v in enumerate(labels)]


def _holding(elements: list[Any], weights: list[int], share: float) -> Any | None:
    """The deepest element that holds ``share`` of the weight of ``elements`` (more than half:
    the elements that do are one chain of ancestors; at 1, their common ancestor)."""
    held: dict[int, list[Any]] = {}  # id -> [element, weight, depth]
    for element, weight in zip(elements, weights):
        chain = [element, *element.iterancestors()]
        for depth, ancestor in enumerate(reversed(chain)):
            entry = held.setdefault(id(ancestor), [ancestor, 0, depth])
            entry[1] += weight
    need = share * sum(weights)
    enough = [(depth, element) for element, weight, depth in held.values() if weight >= need]
    return max(enough, key=lambda pair: pair[0])[1] if enough else None


def _depth(element: Any) -> int:
    return sum(1 for _ in element.iterancestors())


def _holds(container: Any, element: Any) -> bool:
    while element is not None:
        if element is container:
            return True
        element = element.getparent()
    return False
