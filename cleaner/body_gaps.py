"""HTML: the blocks of the article that the extraction skipped between two of its paragraphs.

On some pages trafilatura returns the article's paragraphs without the headings and lists
between them: "The site needs:" stands on its own, and the list it announces is gone (putting
them back lifts 29 of the 400 WCXB development pages; one way to get there is an article that
starts hidden for an animation, ``style="opacity:0"``, but removing that style alone mends one).

Where two consecutive extracted lines come from two blocks of one parent element, the blocks that
stand between them in that element are the same article: its headings, paragraphs, lists and
quotes that the extraction does not hold go back between the two lines. Nothing from outside
that element is added, a block mostly of links (a related-links list) stays out, and everything
added goes through the same text stages.
"""

from __future__ import annotations

from typing import Any

from .dom import letters
from .features import WORD as _WORD

_BLOCKS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote"})
_LISTS = frozenset({"ul", "ol"})
_VISIBLE = (".//text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::iframe"
            " or ancestor::template)]")
# A block mostly of link text is a list of other stories, not the article's.
_MAX_LINK_SHARE = 0.5
# Lines shorter than this (letters and digits) are too weak to place by.
_MIN_KEY = 20


def filled_gaps(tree: Any, extracted: str) -> tuple[str, int]:
    """``extracted`` with the blocks put back that stand between two blocks of one parent element
    whose texts are consecutive lines of it; and how many lines were put back."""
    lines = extracted.split("\n")
    # A block the extraction holds starts a line with its first letters and ends one with its
    # last (a paragraph with line breaks spans several lines).
    starts: dict[str, int] = {}
    ends: dict[str, int] = {}
    for i, line in enumerate(lines):
        key = letters(line)
        if len(key) >= _MIN_KEY:
            starts.setdefault(key[:_MIN_KEY], i)
            ends.setdefault(key[-_MIN_KEY:], i)
    groups: dict[Any, list[Any]] = {}
    for element in tree.iter(*_BLOCKS):
        parent = element.getparent()
        if parent is not None and not (parent.tag in _LISTS or parent.tag in _BLOCKS):
            groups.setdefault(parent, []).append(element)
    have: str | None = None  # the whole text's key, made only when a gap is found
    after: dict[int, list[str]] = {}
    for blocks in groups.values():
        if len(blocks) < 3:
            continue
        before: int | None = None  # the last line of the last block the extraction holds
        missing: list[Any] = []
        for block in blocks:
            key = letters("".join(block.itertext()))
            first = starts.get(key[:_MIN_KEY]) if len(key) >= _MIN_KEY else None
            last = ends.get(key[-_MIN_KEY:]) if first is not None else None
            if first is None or last is None or last < first:
                missing.append(block)
                continue
            # only where the extraction goes straight from the one block to the other
            if before is not None and missing and first == before + 1:
                have = have if have is not None else letters(extracted)
                added = [text for gap in missing for text in _rendered(gap) if letters(text) not in have]
                after.setdefault(before, []).extend(added)
            before, missing = last, []
    if not after:
        return extracted, 0
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        out += after.get(i, [])
    return "\n".join(out), sum(len(v) for v in after.values())


def _rendered(element: Any) -> list[str]:
    """The element's lines, as trafilatura prints them (a list item as ``- item``); none when most
    of its words are link text."""
    words = len(_WORD.findall(_text(element)))
    linked = sum(len(_WORD.findall(_text(a))) for a in element.iter("a"))
    if not words or linked > _MAX_LINK_SHARE * words:
        return []
    if element.tag in _LISTS:
        return [f"- {text}" for text in map(_text, element.iter("li")) if text]
    return [_text(element)]


def _text(element: Any) -> str:
    """What the element prints: its text without scripts, styles, frames and comments."""
    return " ".join(" ".join(element.xpath(_VISIBLE)).split())
