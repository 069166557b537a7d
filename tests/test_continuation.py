"""An article body split into chunks of the same class: the chunks after the extracted one are
added, and nothing else of the same class is (real trafilatura, real lxml)."""

from __future__ import annotations

import pytest

from cleaner import Cleaner, Config

FIRST = [
    "The city council met on Tuesday evening to argue once more about next year's budget for schools.",
    "Members spent an hour on the cost of repairing roads that were damaged during the long winter.",
    "The library asked for money to stay open on Sundays, which several members supported in the debate.",
]
SECOND = [
    "After the break, the mayor proposed cutting the parks budget to pay for the new school buses.",
    "Two members walked out in protest, saying the parks had already lost staff over the last decade.",
    "The vote was postponed until December, when the finance office will publish its revised forecast.",
]
CHUNK = '<div class="body__container article__body">{}</div>'


def paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def page(after_first: str, *, outside_article: str = "") -> str:
    return f"""<!DOCTYPE html><html><head><title>Council argues over the budget</title></head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main><article><h1>Council argues over the budget</h1>
<div class="grid">{CHUNK.format(paragraphs(FIRST))}<aside class="rail"><div class="ad"></div></aside></div>
{after_first}
</article>{outside_article}</main>
<footer><p>Copyright 2024 Example News. All rights reserved.</p></footer></body></html>"""


AD = '<div class="ad ad--wide"><span>Advertisement</span></div>'


@pytest.fixture(scope="module")
def without_continuation() -> Cleaner:
    return Cleaner(Config(disabled=frozenset({"body_continuation"})))


def test_the_chunks_after_an_ad_are_the_same_article(cleaner, without_continuation):
    html = page(AD + f'<div class="grid">{CHUNK.format(paragraphs(SECOND))}</div>')
    assert cleaner.clean(html, kind="html").body.split("\n") == FIRST + SECOND
    # The extractor alone stops at the first chunk: the stage is what brings the rest back.
    assert without_continuation.clean(html, kind="html").body.split("\n") == FIRST


@pytest.mark.parametrize("after_first", [
    # The next story, under its own headline.
    AD + "<h2>Storm closes the harbour</h2>" + CHUNK.format(paragraphs(SECOND)),
    # A box of the same class that is a list of other stories.
    AD + CHUNK.format("".join(f'<p><a href="/story/{i}">Another story about the town number {i} today</a></p>'
                              for i in range(4))),
    # A label over a link, in a box of the same class.
    AD + CHUNK.format('<p>More in Springfield</p><p><a href="/springfield">Springfield</a></p>'),
    # A comment form in a box of the same class.
    CHUNK.format('<form><p>Members of the public who want to speak at the December meeting can give their '
                 'name and the subject of their question in the box below.</p><input name="q"></form>'),
])
def test_a_same_class_box_that_is_not_the_article_is_left_out(cleaner, after_first):
    assert cleaner.clean(page(after_first), kind="html").body.split("\n") == FIRST


def test_a_chunk_in_another_article_element_is_left_out(cleaner):
    other = f"<article>{CHUNK.format(paragraphs(SECOND))}</article>"
    assert cleaner.clean(page(AD, outside_article=other), kind="html").body.split("\n") == FIRST


def test_links_and_scripts_at_the_end_of_a_chunk_are_left_out(cleaner):
    links = "".join(f'<li><a href="/story/{i}">Another story about the town, number {i}, from this week</a></li>'
                    for i in range(4))
    script = '<p><script>var slot = "rail-17"; loadSlot(slot);</script>Partner content</p>'
    html = page(AD + f'<div class="grid">{CHUNK.format(paragraphs(SECOND) + script + "<ul>" + links + "</ul>")}</div>')
    assert cleaner.clean(html, kind="html").body.split("\n") == FIRST + SECOND


def test_an_extraction_with_a_control_character_adds_nothing_and_does_not_fail():
    from trafilatura.utils import load_html

    from cleaner.continuation import continued_lines

    tree = load_html(page(AD + f'<div class="grid">{CHUNK.format(paragraphs(SECOND))}</div>'))
    assert continued_lines(tree, "\n".join(FIRST)) == SECOND
    assert continued_lines(tree, "\n".join(FIRST[:2] + ["The\x01" + FIRST[2]])) == []
