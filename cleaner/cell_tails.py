"""HTML: the text trafilatura drops from a table cell, after an element it keeps nothing of.

Old table layouts put the story in one cell, often after an inset box (a photo and its caption):
``<td><div class="inset"><img>(AP)</div><b>(AP)</b> The story's first paragraph.<br><br>The second.``
trafilatura reads such a cell element by element; when it keeps nothing of an element, the text
after that element (its tail, with the bold dateline trafilatura has stripped into it) goes too,
while the text after the next line break stays. So the story loses its lead.

Where such a run of text after an element inside a cell is missing from the extraction, and the
text that follows it on the page is there, the run is put back in front of that text. Nothing is
taken from elsewhere on the page: only text that sits between two pieces trafilatura kept.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from .dom import letters
from .features import WORD as _WORD

# Phrasing elements: their text runs on with the text around them (HTML's phrasing content, less
# <br>). Any other element ends a run.
_INLINE = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "dfn", "em", "font", "i", "img", "ins",
    "kbd", "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time",
    "tt", "u", "var", "wbr",
})
# A run this short is a caption or a label, not a paragraph worth putting back (words).
_MIN_WORDS = 8
# A run mostly of link text is a teaser or a menu, which trafilatura leaves out on purpose.
_MAX_LINK_SHARE = 0.5
# How far along its row (one line) a run moved to the cell's end is looked for (characters).
_ROW_WINDOW = 20_000
# Words of the following text that find where the run goes.
_ANCHOR_WORDS = 6


def restored_tails(tree: Any, extracted: str) -> tuple[str, list[str]]:
    """``extracted`` with the runs trafilatura dropped from table cells put back, and those runs."""
    if tree.find(".//td") is None:
        return extracted, []
    inserts: list[tuple[int, str]] = []
    done: set[str] = set()
    words: _Words | None = None  # made at the first run worth looking for
    at = 0  # the page and the extraction run in one order: each anchor is looked for after the last
    for element in tree.xpath("//*[ancestor::td or ancestor::th]"):  # each once, in page order
        if element.tag in _INLINE or element.tag == "br":  # their tails run on
            continue
        run, linked, after = _run_after(element)
        count = len(_WORD.findall(run))
        if count < _MIN_WORDS or len(_WORD.findall(linked)) > _MAX_LINK_SHARE * count:
            continue
        anchor = _WORD.findall(_words_from(after))[:_ANCHOR_WORDS]
        if len(anchor) < _ANCHOR_WORDS:
            continue
        words = words if words is not None else _Words(extracted)
        found = words.find(anchor, at)
        if found is None:
            continue
        at, key = found, letters(run)
        # kept in its place (the usual case), or later in its cell's row (trafilatura moves such a
        # tail to the end of the cell at times), or put back already
        line_end = extracted.find("\n", at)
        line_end = len(extracted) if line_end < 0 else min(line_end, at + _ROW_WINDOW)
        if key in done or key in letters(extracted[max(0, at - 2 * len(run) - 40):line_end]):
            continue
        text = " ".join(run.split())
        # before a paragraph of its own the run is a line of its own; inside a cell's line, words
        start = at
        while start > 0 and extracted[start - 1] == " ":
            start -= 1
        inserts.append((at, text + ("\n" if start == 0 or extracted[start - 1] == "\n" else " ")))
        done.add(key)
    if not inserts:
        return extracted, []
    pieces, last = [], 0
    for position, text in inserts:
        pieces += [extracted[last:position], text]
        last = position
    pieces.append(extracted[last:])
    return "".join(pieces), [text.rstrip() for _, text in inserts]


class _Words:
    """The words of a text, to find a run of words wherever spaces and punctuation differ."""

    def __init__(self, text: str) -> None:
        found = list(_WORD.finditer(text))
        self.offsets = [match.start() for match in found]  # where each word starts in the text
        self.joined = " ".join(match.group() for match in found)
        self.starts: list[int] = []  # where each word starts in ``joined``
        at = 0
        for match in found:
            self.starts.append(at)
            at += len(match.group()) + 1

    def find(self, words: list[str], offset: int) -> int | None:
        """Where in the text ``words`` first stand one after the other, at ``offset`` or later."""
        first = bisect_left(self.offsets, offset)
        at = self.starts[first] if first < len(self.starts) else len(self.joined)
        needle = " ".join(words)
        while (at := self.joined.find(needle, at)) >= 0:
            index = bisect_left(self.starts, at)
            end = at + len(needle)
            if index < len(self.starts) and self.starts[index] == at and (
                    end == len(self.joined) or self.joined[end] == " "):
                return self.offsets[index]
            at += 1
        return None


def _run_after(element: Any) -> tuple[str, str, Any]:
    """The text after ``element`` up to the next line break or block, the part of it that is link
    text, and the element that ends it (None at the end of the parent)."""
    parts = [element.tail or ""]
    linked: list[str] = []
    sibling = element.getnext()
    while sibling is not None and _inline(sibling):
        parts += [_text(sibling), sibling.tail or ""]
        if isinstance(sibling.tag, str):
            linked += [_text(link) for link in sibling.iter("a")]
        sibling = sibling.getnext()
    return "".join(parts), " ".join(linked), sibling


def _words_from(sibling: Any) -> str:
    """The first words from ``sibling`` on: after a line break, or a block's own."""
    follower: list[str] = []
    while sibling is not None and len(_WORD.findall(" ".join(follower))) < _ANCHOR_WORDS:
        if isinstance(sibling.tag, str) and sibling.tag != "br":
            follower.append(_text(sibling))
            if not _inline(sibling):
                break
        follower.append(sibling.tail or "")
        sibling = sibling.getnext()
    return " ".join(follower)


def _inline(element: Any) -> bool:
    """A comment, or a phrasing element holding phrasing elements only."""
    if not isinstance(element.tag, str):
        return True
    return element.tag in _INLINE and all(
        not isinstance(inner.tag, str) or inner.tag in _INLINE or inner.tag == "br" for inner in element.iterdescendants())


def _text(element: Any) -> str:
    """The element's text, without its comments'."""
    return "" if not isinstance(element.tag, str) else element.xpath("string()")
