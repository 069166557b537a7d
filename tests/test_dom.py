"""HTML context: lines from elements whose tag, class or id marks them as boilerplate."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st
from trafilatura.utils import load_html

from cleaner import Cleaner, Config
from cleaner.config import HEURISTICS
from cleaner.dom import (DomVocabulary, PageText, _folded, collect_junk, common_ancestor, label_from_dom,
                         outside_article)
from cleaner.features import Lexicon, block_features
from cleaner.rules import match_key

from conftest import FIXTURES

PARA = "The regional council approved the new budget for schools and libraries on Tuesday evening. "


def junk_of(html: str, share: float = 0.25, related_link_share: float = Config().dom_related_link_share):
    return collect_junk(load_html(html), DomVocabulary.load(), share, related_link_share)


def test_boilerplate_elements_are_found_by_tag_and_class():
    html = (f"<html><body><article><p>{PARA * 5}</p><figure><img src=x><figcaption>A bus at dawn</figcaption>"
            f"</figure></article><div class='related-posts'><p><a href='/o'>Other story headline here</a></p></div></body></html>")
    junk = junk_of(html)
    assert {category for category, _ in junk.texts} == {"caption", "related_content"}
    labels = label_from_dom(["A bus at dawn", "Other story headline here", PARA.strip()], [None] * 3, junk, 0.25)
    assert [v.category if v else None for v in labels] == ["caption", "related_content", None]


def test_a_forms_labels_are_site_machinery_but_a_form_wrapping_the_page_is_not():
    """A report-this-comment or e-mail-a-friend form under the story: its labels and instructions
    are no part of it. A page built inside one form (ASP.NET) holds the article: never used."""
    form = ("<form action='/report'><p>Select type of offense:</p><p>Spam: Advertisements, commercial links, "
            "or repetitive posts</p></form>")
    junk = junk_of(f"<html><body><article><p>{PARA * 5}</p></article>{form}</body></html>")
    assert junk.texts and {category for category, _ in junk.texts} == {"navigation"}
    page = junk_of(f"<html><body><form id='aspnetForm'><article><p>{PARA * 5}</p></article>{form}</form>"
                   "</body></html>")
    assert page.texts and not any("regional council" in text for _, text in page.texts)


def test_a_photo_gallerys_captions_are_captions():
    for name in ("photo-gallery", "hp-slideshow"):
        junk = junk_of(f"<html><body><article><p>{PARA * 5}</p></article><ul class='{name}'><li><p>The mayor "
                       "cuts the ribbon at the new library on Monday.</p></li></ul></body></html>")
        assert {category for category, _ in junk.texts} == {"caption"}, name


TEASERS = "".join(f"<div class='rel-link'><a href='/s{i}'>{title}</a></div>" for i, title in enumerate(
    ("How to save money on car repairs", "Keep your car in great shape", "Make your car last longer")))
GOES_ON = ("<p>Flushes: coolant and brake fluid occasionally need to be changed, and a shop may offer it "
           "outside the regular schedule, the mechanic says.</p><p>Parts that are not worn out yet: one half "
           "shaft has little to do with the other, so replace the broken side and save the money.</p>"
           "<p>All prices are based on survey data from our members and on estimates from repair guides, and "
           "they vary with the make and model of the car and with where you live.</p>")


def test_a_related_wrapper_that_holds_the_story_going_on_is_not_a_box():
    """A wrapper marked "related" that holds a box of links and then the story's next paragraphs
    (mostly not link text) is passed over; the box of links inside it is still a box. A box of
    teasers, a headline link and a line under each, is one box whatever it holds."""
    html = (f"<html><body><article><p>{PARA * 20}</p></article><div id='more-related-articles'>"
            f"<div class='related-links'><p>More on car repair</p>{TEASERS}</div><div class='text'>{GOES_ON}</div>"
            "</div></body></html>")
    junk = junk_of(html)
    assert [category for category, _ in junk.texts] == ["related_content"]
    assert "keep your car in great shape" in junk.texts[0][1] and "flushes" not in junk.texts[0][1]
    assert junk.element_of("Flushes: coolant and brake fluid occasionally need to be changed") is None
    # without the bound the wrapper is one box, prose and all
    assert "flushes" in junk_of(html, related_link_share=0.0).texts[0][1]
    teasers = "".join(f"<li><a href='/t{i}'>Other story headline number {i}</a><p>A line about it.</p></li>"
                      for i in range(3))
    box = junk_of(f"<html><body><article><p>{PARA * 5}</p></article><ul class='related'>{teasers}</ul></body></html>")
    assert len(box.texts) == 1 and "a line about it" in box.texts[0][1]


def test_the_story_going_on_in_a_related_wrapper_stays_through_the_cleaner():
    parts = ("brakes", "tires", "filters", "belts", "wipers", "batteries", "spark plugs", "headlights")
    story = "".join(f"<div class='text'><p>Mechanics say a shop may recommend new {part} more often than "
                    f"the maker of your car does. Ask why, and check the manual: its schedule for {part} "
                    f"is what the car needs, and item {n} on the bill may not be.</p></div>"
                    for n, part in enumerate(parts))
    html = ("<html><head><title>Repairs you do not need</title></head><body><div class='content'><h1>Repairs "
            f"you do not need</h1>{story}<div id='more-related-articles'><div class='related-links'>{TEASERS}"
            f"</div><div class='text'>{GOES_ON}</div></div></div><div class='footer'>{PARA * 30}</div></body></html>")
    doc = Cleaner().clean(html)
    assert "Flushes: coolant and brake fluid" in doc.text  # trafilatura takes the story's end
    assert "Flushes: coolant and brake fluid" in doc.body and "replace the broken side" in doc.body
    assert "Keep your car in great shape" not in doc.body


def test_only_the_outermost_boilerplate_element_counts_and_document_order_is_kept():
    html = (f"<html><body><p>{PARA * 6}</p><div class='related'><p><a href='/o'>Other story</a></p><aside>Inner box</aside>"
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


# --- outside_article: lines after the article that the page prints outside its container ------

STORY = ["The regional council approved the new budget for schools and libraries on Tuesday evening.",
         "Council members said the budget adds teachers to the schools and longer hours to the libraries.",
         "The budget for schools and libraries takes effect in January, the council said on Tuesday."]
BIO = "Jane Roe is a reporter who writes about gardening, travel and food for several magazines."
LINKS = ["Ten ways to grow tomatoes on a balcony", "Our favourite beaches on the northern coast"]


def _page(story_extra: str = "", side: str = "") -> PageText:
    side = side or f"<p>{BIO}</p><ul>" + "".join(f"<li><a href='#'>{t}</a></li>" for t in LINKS) + "</ul>"
    return PageText(load_html(
        "<html><body><div id='menu'><a href='#'>Ten ways to grow tomatoes on a balcony</a></div>"
        "<div id='main'><div class='post'>" + "".join(f"<p>{p}</p>" for p in STORY) + story_extra + "</div></div>"
        f"<div id='side'>{side}</div></body></html>"))


def _outside(texts: list[str], page: PageText, config: Config = Config()) -> list[str | None]:
    lexicon = Lexicon.load()
    features = [block_features(t, lexicon) for t in texts]
    lead = frozenset().union(*(f.content_words for f in features[:len(STORY)]))
    labels = outside_article(texts, features, [None] * len(texts), lead, config, page)
    return [v.rule if v else None for v in labels]


def test_lines_after_the_article_from_outside_its_container_go():
    """A sidebar's profile and its links, which the extractor took after the story: their place on
    the page says so, whatever their words (the menu's copy of a link above is not where they are)."""
    assert _outside(STORY + [BIO] + LINKS, _page()) == [None] * 3 + ["outside_article"] * 3


def test_a_line_after_the_article_inside_its_container_stays():
    closing = "Questions go to the council office."
    texts = STORY + [closing] + [BIO] + LINKS
    assert _outside(texts, _page(f"<p>{closing}</p>")) == [None] * 4 + ["outside_article"] * 3


def test_lines_outside_that_outweigh_the_article_or_that_it_announces_stay():
    long_list = [f"Section {n} of the catalogue with its pages and its part numbers" for n in range(8)]
    side = "".join(f"<p>{t}</p>" for t in long_list)
    assert _outside(STORY + long_list, _page(side=side)) == [None] * 11  # > 2x the article's words
    assert _outside(STORY + long_list, _page(side=side), Config(outside_article_max_ratio=3.0))[3:] == [
        "outside_article"] * 8
    announced = STORY[:-1] + [STORY[-1][:-1] + ", and these are the schools:"]
    page = PageText(load_html("<html><body><div><div class='post'>" + "".join(f"<p>{p}</p>" for p in announced)
                              + "</div></div><div><p>North Hill School</p><p>River Road School</p></div></body></html>"))
    assert _outside(announced + ["North Hill School", "River Road School"], page) == [None] * 5


def test_where_the_headline_stands_with_the_lines_outside_they_are_the_post_and_the_paragraphs_a_bio():
    """A blog page for one short post: the extractor took the sidebar's bio (the only prose) and the
    post's list. The page's title names the post, and its heading stands in the post's element, not
    in the bio's: the list stays and the bio goes. With the title naming nothing on the page, or
    its heading in the bio's column, the list goes as before."""
    post = ["- Ten lanterns lit along the river", "- Paper boats in the harbour at dusk"]
    bio = BIO + " She has written about gardens for twenty years, and about food for ten."

    def page(title: str, heading_in_side: bool = False) -> PageText:
        heading = "<h3>Lanterns and boats this week</h3>"
        return PageText(load_html(
            f"<html><head><title>{title}</title></head><body>"
            f"<div id='side'>{heading if heading_in_side else ''}<div class='profile'><p>{bio}</p></div></div>"
            f"<div id='main'><div class='post'>{'' if heading_in_side else heading}"
            f"<div class='body'>{''.join(f'<p>{line}</p>' for line in post)}</div></div></div></body></html>"))

    lexicon = Lexicon.load()
    texts = [bio] + post
    features = [block_features(t, lexicon) for t in texts]
    lead = features[0].content_words

    def rules(p: PageText) -> list[str | None]:
        return [v.rule if v else None for v in outside_article(texts, features, [None] * 3, lead, Config(), p)]

    assert rules(page("Made by Hand: Lanterns and boats this week")) == ["outside_article", None, None]
    assert rules(page("Made by Hand")) == [None, "outside_article", "outside_article"]
    assert rules(page("Made by Hand: Lanterns and boats this week", heading_in_side=True)) == [
        None, "outside_article", "outside_article"]


def test_a_promo_on_the_topic_in_the_column_does_not_make_the_column_the_article():
    """An event plug in the page's main column shares the story's words (it counts as the article's
    last paragraph); the teasers under it come from the column too. Nine tenths of the paragraphs'
    words are in the story's element: that is the article's, and the teasers go. With every word
    counted (a share of 1), the column holds them all and they stay."""
    promo = "The council will host an open evening on the new budget for schools and libraries on Friday."
    teasers = ["Library hours change in March across the region and the city", "Road works on the bridge go on"]
    page = PageText(load_html(
        "<html><body><div id='column'><div class='story'>" + "".join(f"<p>{p}</p>" for p in STORY * 4)
        + f"</div><div class='promo'><p>{promo}</p></div><ul class='more'>"
        + "".join(f"<li>{t}</li>" for t in teasers) + "</ul></div></body></html>"))
    texts = STORY * 4 + [promo] + teasers
    assert _outside(texts, page) == [None] * 13 + ["outside_article"] * 2
    assert _outside(texts, page, Config(outside_article_box_share=1.0)) == [None] * 15


def test_a_heading_that_names_the_site_in_passing_is_not_the_headline():
    """The title's parts are the story's headline and the site's name; a sidebar heading that holds
    the site's name among other words does not print the title."""
    def page(heading: str) -> PageText:
        return PageText(load_html(
            "<html><head><title>Example Herald - Council approves the budget</title></head><body>"
            f"<div id='side'><h3>{heading}</h3></div><div id='main'><p>{STORY[0]}</p></div></body></html>"))

    assert page("Example Herald").headline() is not None
    assert page("Example Herald Live Podcast #94: Next-generation networking").headline() is None


def test_summary_page_through_the_pipeline_keeps_the_post(cleaner):
    page = (FIXTURES / "html" / "summary_elsewhere.html").read_text(encoding="utf-8")
    doc = cleaner.clean(page, kind="html")
    assert doc.body == "This bridge of paper lanterns lights a whole river in a soft glow. @MadeByHand"
    assert [r.rule for r in doc.removed] == ["outside_article"]


def test_page_text_places_lines_in_document_order_and_by_their_words():
    page = _page()
    menu, post, side = (page._tree.get_element_by_id(name) for name in ("menu", "main", "side"))
    found = page.places([STORY[0].upper().replace(" ", "  "), "Ten ways to grow tomatoes on a balcony!", "Nowhere"])
    assert found[0].getparent().getparent() is post  # the <p> in div.post in div#main
    assert found[1].tag == "a" and found[1].getparent().getparent().getparent() is side  # not the menu's
    assert found[2] is None
    assert common_ancestor([found[0], found[1]]).tag == "body"
    assert page.places(["Ten ways to grow tomatoes on a balcony"])[0].getparent() is menu


def test_outside_article_through_the_cleaner_can_be_disabled():
    assert "outside_article" in HEURISTICS
    html = ("<html><body><div class='post'><h1>Budget approved</h1>" + "".join(f"<p>{p}</p>" for p in STORY)
            + "</div></body></html>")
    for cleaner in (Cleaner(), Cleaner(Config(disabled=frozenset({"outside_article"})))):
        assert STORY[0] in cleaner.clean(html, kind="html").body
