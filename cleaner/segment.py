"""Stage 3: split normalised text into blocks (non-empty lines) with their offsets."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Block:
    index: int
    start: int
    end: int
    text: str
    #: True when a blank line separates this block from the one before (a paragraph break).
    paragraph_break: bool


def segment(text: str) -> list[Block]:
    """Blocks are the non-empty lines of ``text``; ``text[b.start:b.end] == b.text``.

    >>> [(b.text, b.start, b.paragraph_break) for b in segment("a\\n\\nb\\nc")]
    [('a', 0, False), ('b', 3, True), ('c', 5, False)]
    """
    blocks: list[Block] = []
    position = 0
    blank_seen = False
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = position + line.index(stripped[0])
            blocks.append(Block(len(blocks), start, start + len(stripped), stripped, blank_seen and bool(blocks)))
            blank_seen = False
        else:
            blank_seen = True
        position += len(line) + 1
    return blocks


def join_blocks(text: str, blocks: list[Block]) -> str:
    """Join kept blocks of ``text``: a blank line where the gap between two of them held one, else
    a line break. A clean text therefore comes back unchanged.

    >>> t = "a\\n\\nb\\nc\\nd"
    >>> join_blocks(t, [b for b in segment(t) if b.text != "c"])
    'a\\n\\nb\\nd'
    """
    parts: list[str] = []
    previous: Block | None = None
    for block in blocks:
        if previous is not None:
            parts.append("\n\n" if "\n\n" in text[previous.end:block.start] else "\n")
        parts.append(block.text)
        previous = block
    return "".join(parts)
