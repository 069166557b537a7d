"""Stage cell_tails: a table cell's text that real trafilatura drops after an inset box is put back."""

from __future__ import annotations

import trafilatura
from lxml import html
from trafilatura.utils import load_html

from cleaner import Cleaner, Config
from cleaner.cell_tails import restored_tails

from conftest import FIXTURES

PAGE = (FIXTURES / "html" / "cell_tail.html").read_text(encoding="utf-8")
LEAD = ("The Harbour Bridge reopened to traffic on Tuesday morning after eleven months of repairs to its "
        "cracked steel deck, the county council said.")
SECOND = "Commuters who had faced a forty-minute detour"


def _trafilatura(page: str) -> tuple[object, str]:
    tree = load_html(page)
    result = trafilatura.bare_extraction(tree, include_comments=False, include_tables=True)
    return tree, result.text


def test_trafilatura_alone_drops_the_lead_after_the_inset_box():
    # What the stage is for: the story's first paragraph, the tail of the photo box, is missing
    # while the paragraphs after the next line break are there.
    _, text = _trafilatura(PAGE)
    assert SECOND in text and LEAD not in text


def test_the_lead_goes_back_in_front_of_the_text_that_follows_it():
    tree, text = _trafilatura(PAGE)
    restored, runs = restored_tails(tree, text)
    assert runs == [LEAD]
    assert f"{LEAD} {SECOND}" in restored
    assert restored.replace(f"{LEAD} ", "", 1) == text


def test_the_cleaned_page_opens_with_the_lead_and_says_why():
    doc = Cleaner().clean(PAGE.encode("utf-8"), kind="html").to_dict()
    assert doc["body"].split("\n")[0] == LEAD
    assert "cell_tails" in doc["flags"]
    off = Cleaner(Config(disabled=frozenset({"cell_tails"}))).clean(PAGE.encode("utf-8"), kind="html").to_dict()
    assert LEAD not in off["body"] and "cell_tails" not in off["flags"]


def _page(cell: str) -> object:
    return html.fromstring(f"<html><body><table><tr><td>{cell}</td></tr></table></body></html>")


AFTER = "The second paragraph of the story follows the break here."


def test_a_run_already_extracted_a_link_run_or_a_short_run_is_left_alone():
    run = "The lead of the story sits after the box and runs to more than eight words."
    text = f"| {AFTER} |"
    tree = _page(f'<div class="box"><div>Photo</div></div>{run}<br>{AFTER}')
    assert restored_tails(tree, text)[1] == [run]
    assert restored_tails(tree, f"| {run} {AFTER} |")[1] == []  # trafilatura kept it
    teaser = _page(f'<div class="box"></div><a href="/p">A teaser headline of another story on this site</a><br>{AFTER}')
    assert restored_tails(teaser, text)[1] == []
    label = _page(f'<div class="box"></div>Photo: Jane Doe<br>{AFTER}')
    assert restored_tails(label, text)[1] == []


def test_a_run_whose_following_text_was_not_extracted_is_not_guessed_at():
    run = "The lead of the story sits after the box and runs to more than eight words."
    tree = _page(f'<div class="box"></div>{run}<br>{AFTER}')
    assert restored_tails(tree, "| Something else entirely that trafilatura took from the page. |")[1] == []
    assert restored_tails(_page(f'<div class="box"></div>{run}'), f"| {AFTER} |")[1] == []  # nothing follows


def test_before_a_paragraph_the_run_is_a_line_of_its_own():
    run = "The lead of the story sits after the box and runs to more than eight words."
    tree = _page(f'<div class="box"></div>{run}<p>{AFTER}</p>')
    assert restored_tails(tree, f"Headline\n{AFTER}")[0] == f"Headline\n{run}\n{AFTER}"


def test_a_page_without_tables_is_untouched():
    tree = html.fromstring("<html><body><div><div>Box</div>Some text after a box that is long enough.<br>"
                           f"{AFTER}</div></body></html>")
    assert restored_tails(tree, AFTER) == (AFTER, [])


def test_a_table_of_many_cells_after_boxes_keeps_every_lead():
    # The shape of benchmarks/robustness.py's "cells after boxes" case, small: each anchor is
    # looked for after the last, so every cell's lead goes back in its own place.
    leads = [f"Lead number {n} of this cell tells of the harbour and the town council today." for n in range(200)]
    rows = "".join(f"<tr><td><div><div>Photo</div></div>{lead}<br>Second line of cell {n}, which the "
                   "extractor keeps in its place.</td></tr>" for n, lead in enumerate(leads))
    tree = load_html(f"<html><body><table>{rows}</table></body></html>")
    text = trafilatura.bare_extraction(tree, include_comments=False, include_tables=True).text
    assert not any(lead in text for lead in leads)  # trafilatura drops every one
    restored, runs = restored_tails(tree, text)
    assert runs == leads
    positions = [restored.find(lead) for lead in leads]
    assert all(at >= 0 for at in positions) and positions == sorted(positions)
    assert all(restored.find(f"Second line of cell {n},") > positions[n] for n in range(200))
