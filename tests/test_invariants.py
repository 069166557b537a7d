"""Invariants on every golden and must-not-change document."""

from __future__ import annotations

import re

import pytest

from cleaner import Cleaner
from cleaner.decode import normalise
from conftest import FIXTURES, all_documents

APPEAL = "Please support our journalism today: your donation of any size helps us keep reporting."


def rebuilt(doc) -> str:
    """Body lines, title/source lines and removed segments, put back in text order."""
    pieces = [(r.start, r.text) for r in doc.removed]
    position = 0
    for line in doc.body.split("\n"):
        if not line:
            continue
        start = doc.text.index(line, position)
        while any(r.start <= start < r.end for r in doc.removed):
            start = doc.text.index(line, start + 1)
        pieces.append((start, line))
        position = start + len(line)
    return "".join(text for _, text in sorted(pieces))


@pytest.mark.parametrize("path", all_documents(), ids=lambda p: p.name)
def test_nothing_disappears_without_a_removal(cleaner, path):
    doc = cleaner.clean(path.read_bytes())
    assert re.sub(r"\s", "", rebuilt(doc)) == re.sub(r"\s", "", doc.text)
    for removal in doc.removed:
        assert doc.text[removal.start:removal.end] == removal.text
    starts = [r.start for r in doc.removed]
    assert starts == sorted(starts)


@pytest.mark.parametrize("path", all_documents(), ids=lambda p: p.name)
def test_idempotent(cleaner, path):
    doc = cleaner.clean(path.read_bytes())
    again = cleaner.clean(doc.body)
    assert again.body == doc.body


@pytest.mark.parametrize("path", all_documents(), ids=lambda p: p.name)
def test_deterministic_across_cleaners(path):
    first, second = Cleaner(), Cleaner()
    data = path.read_bytes()
    assert first.clean(data).to_dict() == second.clean(data).to_dict()


@pytest.mark.parametrize("path", all_documents(), ids=lambda p: p.name)
def test_adding_an_appeal_block_adds_one_removal(cleaner, path):
    text = normalise(path.read_text(encoding="utf-8"))
    doc = cleaner.clean(text)
    with_appeal = cleaner.clean(text + "\n\n" + APPEAL)
    assert with_appeal.body == doc.body
    assert len(with_appeal.removed) == len(doc.removed) + 1
    assert with_appeal.removed[-1].category == "donation_appeal"
    assert with_appeal.removed[-1].text == APPEAL


@pytest.mark.parametrize("path", sorted((FIXTURES / "clean").glob("*.txt")), ids=lambda p: p.name)
def test_clean_articles_come_out_whole(cleaner, path):
    """Articles that look like boilerplate to a careless rule keep every line; only the headline
    moves into the title field."""
    text = normalise(path.read_text(encoding="utf-8"))
    doc = cleaner.clean(text)
    headline, rest = text.split("\n", 1)
    assert doc.title == headline
    assert doc.body == rest
    assert [r.category for r in doc.removed] == ["title"]
