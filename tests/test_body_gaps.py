"""Stage body_gaps: headings and lists real trafilatura skips between two paragraphs go back."""

from __future__ import annotations

import trafilatura
from lxml import html
from trafilatura.utils import load_html

from cleaner import Cleaner, Config
from cleaner.body_gaps import filled_gaps

from conftest import FIXTURES

PAGE = (FIXTURES / "html" / "body_gaps.html").read_text(encoding="utf-8")
ANNOUNCES = "Before the first meeting, walk the lot with the neighbours who want to take part and note what it offers:"
ITEMS = ["- Six hours of sun on most beds in midsummer", "- A tap or a rain barrel within easy reach",
         "- Soil that has been tested for lead and other metals"]
NEXT = ("Most cities lend vacant lots to garden groups for a small fee, as long as the group carries its own "
        "insurance and keeps the site tidy through the year.")


def test_trafilatura_alone_keeps_the_paragraphs_and_drops_the_headings_and_lists():
    # What the stage is for: the article's wrapper starts hidden (an animation), and trafilatura
    # reads it paragraph by paragraph.
    text = trafilatura.bare_extraction(load_html(PAGE), include_comments=False, include_tables=True).text
    lines = text.split("\n")
    assert lines[lines.index(ANNOUNCES) + 1] == NEXT
    assert "What the site needs" not in text and "rain barrel" not in text


def test_the_list_goes_back_under_the_line_that_announces_it():
    tree = load_html(PAGE)
    text = trafilatura.bare_extraction(tree, include_comments=False, include_tables=True).text
    filled, count = filled_gaps(tree, text)
    lines = filled.split("\n")
    at = lines.index(ANNOUNCES)
    assert lines[at + 1:at + 5] == [*ITEMS, NEXT]
    assert lines[at - 1] == "What the site needs"
    assert count == 7  # two headings and five list items
    assert [line for line in lines if line in text.split("\n")] == text.split("\n")  # nothing reordered


def test_the_cleaned_page_holds_the_whole_article_and_says_why():
    doc = Cleaner().clean(PAGE.encode("utf-8"), kind="html").to_dict()
    body = doc["body"].split("\n")
    assert body[body.index(ANNOUNCES) + 1:body.index(ANNOUNCES) + 4] == ITEMS
    assert "body_gaps" in doc["flags"]
    off = Cleaner(Config(disabled=frozenset({"body_gaps"}))).clean(PAGE.encode("utf-8"), kind="html").to_dict()
    assert "rain barrel" not in off["body"] and "body_gaps" not in off["flags"]


def _tree(inner: str) -> object:
    return html.fromstring(f"<html><body><div class='story'>{inner}</div></body></html>")


FIRST = "The first paragraph of the story is long enough to be found again in the text."
SECOND = "The second paragraph of the story follows after a list the extractor left out."


def test_a_list_of_links_between_the_paragraphs_stays_out():
    links = "<ul><li><a href='/a'>Another story on this site</a></li><li><a href='/b'>And one more story</a></li></ul>"
    tree = _tree(f"<p>{FIRST}</p>{links}<p>{SECOND}</p>")
    assert filled_gaps(tree, f"{FIRST}\n{SECOND}") == (f"{FIRST}\n{SECOND}", 0)
    plain = _tree(f"<p>{FIRST}</p><ul><li>Soil test</li><li>Water tap</li></ul><p>{SECOND}</p>")
    assert filled_gaps(plain, f"{FIRST}\n{SECOND}") == (f"{FIRST}\n- Soil test\n- Water tap\n{SECOND}", 2)


def test_only_between_two_lines_the_extraction_holds_one_after_the_other():
    tree = _tree(f"<p>{FIRST}</p><h3>A subheading</h3><p>{SECOND}</p>")
    other = "A line the extraction took from elsewhere on the page, between the two."
    assert filled_gaps(tree, f"{FIRST}\n{other}\n{SECOND}")[1] == 0
    assert filled_gaps(tree, f"{SECOND}\n{FIRST}")[1] == 0  # in the other order: not a gap
    assert filled_gaps(tree, f"{FIRST}\n{SECOND}") == (f"{FIRST}\nA subheading\n{SECOND}", 1)


def test_blocks_of_different_parents_are_no_gap():
    tree = html.fromstring(f"<html><body><div><p>{FIRST}</p></div><h3>Elsewhere</h3>"
                           f"<div><p>{SECOND}</p></div></body></html>")
    assert filled_gaps(tree, f"{FIRST}\n{SECOND}")[1] == 0
