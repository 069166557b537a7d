from __future__ import annotations

from cleaner.segment import join_blocks, segment


def test_offsets_point_into_the_text():
    text = "Title\n\nFirst paragraph.\nSecond line\n\n\nThird."
    blocks = segment(text)
    assert [b.text for b in blocks] == ["Title", "First paragraph.", "Second line", "Third."]
    assert all(text[b.start:b.end] == b.text for b in blocks)
    assert [b.paragraph_break for b in blocks] == [False, True, False, True]


def test_join_keeps_the_original_separators():
    text = "a\nb\n\nc\nd"
    assert join_blocks(text, segment(text)) == text


def test_join_across_a_removed_block_keeps_a_paragraph_break_if_the_gap_had_one():
    text = "a\n\nJUNK\nb\nc"
    kept = [b for b in segment(text) if b.text != "JUNK"]
    assert join_blocks(text, kept) == "a\n\nb\nc"


def test_empty_text_has_no_blocks():
    assert segment("") == []
