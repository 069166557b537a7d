"""HTML context: lines from elements whose tag, class or id marks them as boilerplate."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st
from trafilatura.utils import load_html

from cleaner import Cleaner
from cleaner.dom import DomVocabulary, _folded, collect_junk, label_from_dom
from cleaner.rules import match_key

PARA = "The regional council approved the new budget for schools and libraries on Tuesday evening. "


def junk_of(html: str, share: float = 0.25):
    return collect_junk(load_html(html), DomVocabulary.load(), share)


def test_boilerplate_elements_are_found_by_tag_and_class():
    html = (f"<html><body><article><p>{PARA * 5}</p><figure><img src=x><figcaption>A bus at dawn</figcaption>"
            f"</figure></article><div class='related-posts'><p>Other story headline here</p></div></body></html>")
    junk = junk_of(html)
    assert {category for category, _ in junk.texts} == {"caption", "related_content"}
    labels = label_from_dom(["A bus at dawn", "Other story headline here", PARA.strip()], [None] * 3, junk, 0.25)
    assert [v.category if v else None for v in labels] == ["caption", "related_content", None]


def test_only_the_outermost_boilerplate_element_counts_and_document_order_is_kept():
    html = (f"<html><body><p>{PARA * 6}</p><div class='related'><p>Other story</p><aside>Inner box</aside>"
            f"<figcaption>Inner caption</figcaption></div><p>{PARA}</p><nav>Menu</nav><figure><figcaption>"
            "A bus at dawn</figcaption></figure></body></html>")
    junk = junk_of(html)
    assert [category for category, _ in junk.texts] == ["related_content", "navigation", "caption"]
    assert "inner box" in junk.texts[0][1] and "inner caption" in junk.texts[0][1]
    assert junk.element_of("Inner box") == 0 and junk.element_of("A bus at dawn") == 2


@settings(max_examples=300, deadline=None)
@given(st.lists((st.text(alphabet=st.sampled_from("aZ’“»—.!|ß İΣ\t\xa0"), min_size=1) | st.text(min_size=1))
                .map(str.strip).filter(bool), max_size=8))
def test_page_fold_built_from_the_pieces_is_the_fold_of_the_page(pieces):
    plain = "\n" + "\n".join(match_key(p) for p in pieces) + "\n" + match_key(" ".join(pieces)) + "\n"
    assert _folded(pieces, {}) == plain


def test_article_and_main_are_never_boilerplate_whatever_their_class():
    html = f"<html><body><article class='story url-breadcrumb share-tools'><p>{PARA}</p></article><p>{PARA * 9}</p></body></html>"
    assert junk_of(html).texts == ()


def test_an_element_wrapping_most_of_the_page_is_ignored():
    html = f"<html><body><div class='share-container'><p>{PARA * 10}</p></div><p>Footer</p></body></html>"
    assert junk_of(html).texts == ()


def test_text_also_found_outside_junk_is_kept():
    """A teaser box that repeats the article's first sentence does not remove that sentence."""
    html = (f"<html><body><aside><p>{PARA.strip()}</p></aside><article><p>{PARA.strip()}</p><p>{PARA * 6}</p>"
            "</article></body></html>")
    junk = junk_of(html)
    assert junk.texts and junk.element_of(PARA.strip()) is None


def test_element_claiming_too_much_of_the_extracted_text_is_ignored():
    html = (f"<html><body><div class='newsletter'><p>{PARA.strip()}</p></div>"
            f"<div>{'<p>Filler paragraph of the page with words.</p>' * 40}</div></body></html>")
    junk = junk_of(html)
    assert label_from_dom([PARA.strip()], [None], junk, 0.25) == [None]  # it would be all the text
    assert label_from_dom([PARA.strip(), "x" * 400], [None, None], junk, 0.25)[0] is not None


def test_dom_context_through_the_cleaner():
    html = (f"<html><head><title>Budget</title></head><body><article><h1>Budget</h1><p>{PARA * 4}</p>"
            f"<p>{PARA * 3}</p><div class='newsletter-signup'><p>Get the morning briefing every weekday at seven</p></div>"
            f"<p>{PARA * 3}</p></article></body></html>")
    doc = Cleaner().clean(html)
    rules = {(r.category, r.rule) for r in doc.removed}
    if "Get the morning briefing" in doc.text:
        assert ("newsletter", "dom_context") in rules
        assert "morning briefing" not in doc.body
