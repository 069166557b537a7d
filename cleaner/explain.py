"""Showing a person why each part of a document was removed."""

from __future__ import annotations

from .document import Document

_MARK_COLOURS = {"title": "cyan", "source": "cyan", "byline": "cyan", "dateline": "cyan"}


def explain_lines(doc: Document, evidence: dict[str, str] | None = None) -> list[tuple[str, str | None]]:
    """The document's text as ``(line, category or None)`` pairs; removed lines are prefixed with
    ``[category/rule]``, and followed by `` (why)`` where ``evidence`` has a reason for the rule
    (a learned rule's evidence). Everything in ``doc.text`` appears once, in order."""
    lines: list[tuple[str, str | None]] = []
    position = 0
    evidence = evidence or {}
    for removal in sorted(doc.removed, key=lambda r: r.start):
        lines.extend((line, None) for line in _nonblank(doc.text[position:removal.start]))
        tag = f"[{removal.category}/{removal.rule}]"
        why = f"  ({evidence[removal.rule]})" if removal.rule in evidence else ""
        lines.extend((f"{tag} {line}{why}", removal.category) for line in _nonblank(removal.text))
        position = removal.end
    lines.extend((line, None) for line in _nonblank(doc.text[position:]))
    return lines


def explain_header(doc: Document) -> list[str]:
    fields = ("title", "source", "author", "published", "language", "word_count")
    header = [f"{name}: {getattr(doc, name)}" for name in fields if getattr(doc, name) not in (None, "")]
    counts: dict[str, int] = {}
    for removal in doc.removed:
        counts[removal.category] = counts.get(removal.category, 0) + 1
    if counts:
        header.append("removed: " + ", ".join(f"{c} {n}" for c, n in sorted(counts.items())))
    if doc.flags:
        header.append("flags: " + ", ".join(doc.flags))
    return header


def colour_for(category: str | None) -> str | None:
    if category is None:
        return None
    return _MARK_COLOURS.get(category, "red")


def _nonblank(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]
