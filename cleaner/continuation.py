"""HTML: the rest of an article body that the page splits into several containers.

Many pages cut the article body into chunks with ads or "most popular" rails between them, each
chunk a container of the same tag and class (``<div class="article__body">`` three times). An
extractor that scores containers may take the first chunk only. The chunks that follow the one the
extraction ended in, with the same tag and class and close to it in the tree, are the same
article: their paragraphs are added. Everything added goes through the same text stages.
"""

from __future__ import annotations

from typing import Any

from .dom import letters, skip_descendants

# What a chunk contributes: paragraphs, subheads and list items.
_TEXT_TAGS = ("p", "h2", "h3", "h4", "li")
# Chunks of one body sit under a common ancestor at most this many levels above the first.
_MAX_LEVELS = 3
# A heading between two chunks ends the body: what follows is another story or a box.
_END_TAGS = frozenset({"h1", "h2", "h3"})
# A text block mostly made of links is a list of stories, not more of the article.
_MAX_LINK_SHARE = 0.5
# A chunk without a paragraph of this many words is not more of the article.
_PARAGRAPH_MIN_WORDS = 12
# Words of the last extracted paragraph that find its element.
_PROBE_WORDS = 6
# A last extracted paragraph shorter than this (words) is too weak to find its element by.
_ANCHOR_MIN_WORDS = 8


def _key(text: str) -> str:
    """Letters and digits only, the first 80: extractors change spaces around links and quotes."""
    return letters(text)[:80]


def continued_lines(tree: Any, extracted: str) -> list[str]:
    """Paragraphs of the chunks that continue the body the extraction ended in (empty when there
    are none, or when the end of the extraction cannot be found in the tree)."""
    lines = [line for line in extracted.split("\n") if line.strip()]
    container = _last_container(tree, lines)
    if container is None or not container.xpath(
            "following::*[name() = $tag][@class = $cls]", tag=container.tag, cls=container.get("class")):
        return []
    ancestors = set()
    parent = container.getparent()
    while parent is not None and len(ancestors) < _MAX_LEVELS:
        ancestors.add(parent)
        parent = parent.getparent()
    article = next(container.iterancestors("article"), None)
    seen = {_key(line) for line in lines}
    added: list[str] = []
    from lxml.etree import Element  # lxml comes with trafilatura

    elements = tree.iter(Element)  # elements only, in document order
    for element in elements:  # up to the container, then past its own content
        if element is container:
            skip_descendants(elements, element)
            break
    for element in elements:
        tag = element.tag
        if tag in _END_TAGS and element.text_content().strip():
            break  # a heading between chunks starts the next story or a related box
        if tag != container.tag or element.get("class") != container.get("class"):
            continue
        if (not ancestors.intersection(element.iterancestors())
                or next(element.iterancestors("article"), None) is not article):
            break
        texts = _chunk_texts(element)
        if not any(len(text.split()) >= _PARAGRAPH_MIN_WORDS for text in texts):
            break  # no paragraph: a label, a form or a box, not more of the article
        for text in texts:
            key = _key(text)
            if key and key not in seen:
                seen.add(key)
                added.append(text)
        skip_descendants(elements, element)
    return added


def _chunk_texts(element: Any) -> list[str]:
    """The text blocks of a chunk, leaving out forms (a comment form), blocks holding scripts and
    blocks that are mostly links (a list of other stories)."""
    texts = []
    for block in element.iter(*_TEXT_TAGS):
        if (block.find(".//script") is not None or next(block.iterancestors("form"), None) is not None
                or _link_share(block) > _MAX_LINK_SHARE):
            continue
        texts.append(" ".join(block.text_content().split()))
    return texts


def _last_container(tree: Any, lines: list[str]) -> Any:
    """The element (with a class) holding the last extracted paragraph, or None."""
    anchor = next((line for line in reversed(lines) if len(line.split()) >= _ANCHOR_MIN_WORDS), None)
    if anchor is None:
        return None
    anchor_key = _key(anchor)
    # The first words narrow the search to a few paragraphs (XPath runs in C); the key decides.
    probe = " ".join(anchor.split()[:_PROBE_WORDS])
    try:
        found = tree.xpath("//p[contains(normalize-space(.), $probe)]", probe=probe)
    except (ValueError, UnicodeError):  # a control character or a lone surrogate: not in any tree
        return None
    for element in found:
        if _key(element.text_content()) == anchor_key:
            container = element.getparent()
            return container if container is not None and container.get("class") else None
    return None


def _link_share(element: Any) -> float:
    """Share of an element's text inside links (a list of related stories is mostly links)."""
    total = _visible_length(element)
    linked = sum(_visible_length(a) for a in element.iter("a"))
    return linked / total if total else 1.0


def _visible_length(element: Any) -> int:
    return sum(len(piece) for piece in element.text_content().split())
