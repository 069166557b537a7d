"""Features at their thresholds, the two labelling passes, and the tail run."""

from __future__ import annotations

from functools import partial

import pytest

from cleaner import heuristics
from cleaner.config import Config
from cleaner.features import Lexicon, block_features, content_words, is_prose, lead_overlap
from cleaner.heuristics import Verdict, is_article_prose, protect_prose, revise_tail_run
from cleaner.pipeline import STAGES, LinesLeft, LineTests

CONFIG = Config()
# The line tests in the pipeline's order.
label_blocks = partial(heuristics.label_blocks, tests=next(s.tests for s in STAGES if type(s) is LineTests))


@pytest.fixture(scope="module")
def lexicon():
    return Lexicon.load()


def words(n: int, end: str = ".") -> str:
    return " ".join(["alpha"] * n) + end


@pytest.mark.parametrize("n,expected", [(CONFIG.prose_min_words - 1, False), (CONFIG.prose_min_words, True)])
def test_prose_needs_min_words(lexicon, n, expected):
    assert is_prose(block_features(words(n), lexicon), CONFIG.prose_min_words) is expected


def test_prose_needs_a_sentence_end(lexicon):
    assert not is_prose(block_features(words(20, ""), lexicon), CONFIG.prose_min_words)
    assert is_prose(block_features(words(20, ".”"), lexicon), CONFIG.prose_min_words)


def test_a_table_cell_ends_where_its_text_ends(lexicon):
    """An extractor writes table cells as "| text |": the sentence inside the cell counts."""
    assert is_prose(block_features("| " + words(20) + " |  | ", lexicon), CONFIG.prose_min_words)
    assert not is_prose(block_features("| " + words(20, "") + " |", lexicon), CONFIG.prose_min_words)


@pytest.mark.parametrize("text,field", [
    ("placeholder", "widget_word"), ("goTop", "widget_word"), ("quote", "widget_word"),
    ("23 hours ago", "relative_time"), ("vor 3 Stunden", "relative_time"), ("il y a 2 heures", "relative_time"),
    ("hace 5 minutos", "relative_time"), ("3 часа назад", "relative_time"), ("2 години тому", "relative_time"),
    ("Author\u00a0 FXStreet".replace("\u00a0", " "), "author_line"),
])
def test_widget_shapes(lexicon, text, field):
    assert getattr(block_features(text, lexicon), field)


def test_widget_shapes_do_not_fire_on_sentences(lexicon):
    feat = block_features("The author said 23 hours ago was the deadline for the placeholder bill.", lexicon)
    assert not (feat.widget_word or feat.relative_time or feat.author_line)


def test_lead_overlap_counts_content_words_only(lexicon):
    feat = block_features("The gold price rose and the dollar fell.", lexicon)
    assert lead_overlap(feat, frozenset({"gold", "price"})) == pytest.approx(2 / 5)
    assert lead_overlap(block_features("and the of", lexicon), frozenset({"gold"})) == 0.0


def test_appeal_voice_share(lexicon):
    assert block_features("We need your help to continue our work.", lexicon).appeal_voice == pytest.approx(3 / 8)


def make(lexicon, texts):
    return [block_features(t, lexicon) for t in texts]


LEAD = frozenset({"council", "budget", "schools", "library", "vote"})
ARTICLE = "The council approved the budget for schools and the library after a long vote on Monday."
#: Paragraphs on the article's topic that share no four words in a row.
PARAGRAPHS = [
    "The school board asked the council for a larger budget to repair three library roofs this year.",
    "Parents spoke for an hour about crowded classrooms before the vote was finally called at ten.",
    "A library volunteer said the reading room had been closed twice since the storm in March.",
    "Teachers at two schools will get new laptops once the spending plan clears its second reading.",
    "Opponents warned that the tax rise needed to fund it would fall hardest on small shops downtown.",
    "The mayor promised a public meeting in every district before any library branch is merged.",
]
OFF_TOPIC = "Shares of a carmaker jumped after quarterly deliveries beat forecasts by a wide margin."


def test_tail_run_takes_unlabelled_blocks_after_an_opener(lexicon):
    texts = [ARTICLE, ARTICLE, "Dear readers,", OFF_TOPIC, "Monthly"]
    labels = [None, None, Verdict("donation_appeal", "dear_readers", opens_run=True), None,
              Verdict("donation_appeal", "donation_choice")]
    out = revise_tail_run(make(lexicon, texts), labels, LEAD, CONFIG, texts)
    assert out[:2] == [None, None]
    assert out[3] == Verdict("donation_appeal", "tail_run")
    assert out[4] == labels[4]  # labelled blocks keep their own label


def test_tail_run_stops_where_article_prose_follows(lexicon):
    texts = [ARTICLE, "Dear readers,", OFF_TOPIC, ARTICLE]
    labels = [None, Verdict("donation_appeal", "dear_readers", opens_run=True), None, None]
    out = revise_tail_run(make(lexicon, texts), labels, LEAD, CONFIG, texts)
    assert out == labels  # the opener stays labelled; nothing else is taken


def test_a_related_boxs_teasers_in_list_items_do_not_end_the_article(lexicon):
    """Under a related header at the end, other stories come as list items, each a headline and a
    one-sentence teaser. A teaser that shares one word with the story (a place name) is no
    paragraph of the story as a list item: the header takes the box. The same sentence as a
    paragraph of its own, or a list item on the story's topic twice over, still ends the article."""
    header = Verdict("related_content", "related_header", opens_run=True)
    teaser = "- Police in the county suspended an officer who was charged after a crash near the library."
    box = ["- Officer suspended after crash", teaser, "- Ferry service cut again",
           "- Islanders were left without a ferry for a third day this week."]
    texts = [ARTICLE] + PARAGRAPHS[:3] + ["More local headlines"] + box
    features = make(lexicon, texts)
    assert 0.1 <= lead_overlap(features[6], LEAD) < 0.2  # "library": once, in ten content words
    labels = [None] * 4 + [header] + [None] * 4
    out = revise_tail_run(features, labels, LEAD, CONFIG, texts)
    assert out[5:] == [Verdict("related_content", "tail_run")] * 4
    as_paragraph = texts[:6] + [teaser[2:]] + texts[7:]
    assert revise_tail_run(make(lexicon, as_paragraph), labels, LEAD, CONFIG, as_paragraph)[6] is None
    on_topic = (texts[:6] + ["- The council said the library budget for schools would come to a second vote in May."]
                + texts[7:])
    assert revise_tail_run(make(lexicon, on_topic), labels, LEAD, CONFIG, on_topic)[6] is None


def test_a_comment_header_below_most_of_the_prose_takes_the_thread(lexicon):
    """Readers' comments answer the story and share its words, so they pass for its prose; below
    a thread's header ("16 thoughts on ...") that stands under most of the prose, they are the
    thread. A header above most of the prose (a link at the top) takes nothing."""
    header = Verdict("comments", "comment_header", opens_run=True)
    comments = ["Great news for the library, the council should have passed this budget years ago.",
                "I went to the vote and the schools deserve every cent of this budget, well done."]
    texts = [ARTICLE] + PARAGRAPHS[:5] + ["16 thoughts on “Council approves budget”"] + comments
    labels = [None] * 6 + [header] + [None] * 2
    out = revise_tail_run(make(lexicon, texts), labels, LEAD, CONFIG, texts)
    assert out[:7] == labels[:7]
    assert out[7:] == [Verdict("comments", "tail_run")] * 2
    top = [ARTICLE, "16 thoughts on “Council approves budget”"] + PARAGRAPHS[:4]
    labels = [None, header] + [None] * 4
    assert revise_tail_run(make(lexicon, top), labels, LEAD, CONFIG, top) == labels


def test_a_bare_comments_heading_opens_the_thread_only_below_half_of_the_prose(lexicon):
    """"Comments" or "4 Comments" alone on a line heads a thread below half of the prose; near the
    top it is a link by the byline or a menu item, and "Comments?" asks a question."""
    count = Verdict("comments", "comment_count")
    comments = ["Great news for the library, the council should have passed this budget years ago.",
                "I went to the vote and the schools deserve every cent of this budget, well done."]
    texts = [ARTICLE] + PARAGRAPHS[:5] + ["4 Comments"] + comments
    labels = [None] * 6 + [count] + [None] * 2
    out = revise_tail_run(make(lexicon, texts), labels, LEAD, CONFIG, texts)
    assert out[7:] == [Verdict("comments", "tail_run")] * 2
    asked = texts[:6] + ["Comments?"] + comments
    assert revise_tail_run(make(lexicon, asked), labels, LEAD, CONFIG, asked) == labels
    form = texts[:6] + ["Leave a reply"] + comments
    prompt = [None] * 6 + [Verdict("comments", "comment_prompt")] + [None] * 2
    assert revise_tail_run(make(lexicon, form), prompt, LEAD, CONFIG, form)[7:] == [Verdict("comments", "tail_run")] * 2
    more = ["The library board will meet again in June to decide which branches open first, the council said.",
            "Budget hearings for the schools drew more than two hundred parents over three long evenings.",
            "The vote followed months of talks between the council, the unions and the library trustees."]
    high = [ARTICLE] + PARAGRAPHS[:4] + ["4 Comments"] + PARAGRAPHS[4:] + more + comments
    labels = [None] * 5 + [count] + [None] * (len(high) - 6)
    assert revise_tail_run(make(lexicon, high), labels, LEAD, CONFIG, high) == labels


def test_the_last_comment_count_heads_a_thread_longer_than_its_article(lexicon):
    """A short post under which readers wrote more than it holds: its count ("74 Comments") is
    above less than half of the prose, but it is the text's last count and stands under the
    article's prose: the thread goes. Printed by the byline, or again further down, a count is a
    link, and the thread (if any) starts at the last one."""
    count = Verdict("comments", "comment_count")
    thread = [f"Reader {n} here: I think the council was wrong about the roads, and the parks need money more."
              for n in range(12)]
    closing = "The library and the schools will share the budget that the council passed in the vote."
    texts = [ARTICLE] + PARAGRAPHS[:4] + [closing] + ["74 Comments"] + thread
    labels = [None] * 6 + [count] + [None] * len(thread)
    out = revise_tail_run(make(lexicon, texts), labels, LEAD, CONFIG, texts)
    assert out[:7] == labels[:7]
    assert out[7:] == [Verdict("comments", "tail_run")] * len(thread)
    byline = Verdict("byline", "byline")
    top = texts[:6] + ["By Jane Doe", "74 Comments"] + thread
    top_labels = [None] * 6 + [byline, count] + [None] * len(thread)
    assert revise_tail_run(make(lexicon, top), top_labels, LEAD, CONFIG, top) == top_labels
    again = texts[:6] + ["74 Comments"] + thread[:6] + ["74 Comments"] + thread[6:]
    again_labels = [None] * 6 + [count] + [None] * 6 + [count] + [None] * 6
    out = revise_tail_run(make(lexicon, again), again_labels, LEAD, CONFIG, again)
    assert out[:14] == again_labels[:14]
    assert out[14:] == [Verdict("comments", "tail_run")] * 6


def test_three_commenters_name_lines_open_the_thread_however_long(lexicon):
    """Name lines with no date ("Jill Winger says") are the thread's header when three of them stand
    after the article: the run takes the comments from the first, even a thread longer than the
    article. Two name lines open nothing."""
    name = Verdict("comments", "commenter_line")
    comments = ["Great news for the library, the council should have passed this budget years ago.",
                "I went to the vote and the schools deserve every cent of this budget, well done.",
                "The library budget is a good start, and the council must keep its promise on schools."]
    texts, labels = [ARTICLE] + PARAGRAPHS[:5], [None] * 6
    for n, comment in enumerate(comments * 2):
        texts += [f"Reader {n} says", comment]
        labels += [name, None]
    out = revise_tail_run(make(lexicon, texts), labels, LEAD, CONFIG, texts)
    assert out[:7] == labels[:7]
    assert [v.rule for v in out[7::2]] == ["tail_run"] * 6
    two = texts[:10]
    assert revise_tail_run(make(lexicon, two), labels[:10], LEAD, CONFIG, two) == labels[:10]


def test_a_run_opened_above_the_main_prose_does_not_take_it(lexicon):
    """A sign-up box in a sidebar above a story told in one long block with no full stop at its
    end (a table cell ending in a phone number): the story outweighs all the prose above the box."""
    story = " ".join(PARAGRAPHS).replace(".", ";") + " For further information call (800) 901-1719 ext 7"
    texts = ["Home | About Us | Contact", "Sign up for our newsletter:", "Popular Articles", story, "Copyright 2008"]
    labels = [None, Verdict("newsletter", "newsletter_signup", opens_run=True), None, None, None]
    out = revise_tail_run(make(lexicon, texts), labels, LEAD, CONFIG, texts)
    assert out[3] is None
    # Below two paragraphs of the article, a block of the same length is no longer "the main prose".
    texts = [ARTICLE, PARAGRAPHS[0], "Sign up for our newsletter:", OFF_TOPIC + " " + OFF_TOPIC]
    labels = [None, None, Verdict("newsletter", "newsletter_signup", opens_run=True), None]
    assert revise_tail_run(make(lexicon, texts), labels, LEAD, CONFIG, texts)[3] == Verdict("newsletter", "tail_run")


def test_widget_run_category_comes_from_its_content(lexicon):
    texts = [ARTICLE, "placeholder", "EUR/USD falls 0.5% to 1.08 as gold slips $12", "placeholder", "Some headline"]
    labels = label_blocks(texts, make(lexicon, texts), [None] * 5, LEAD, CONFIG)
    out = revise_tail_run(make(lexicon, texts), labels, LEAD, CONFIG, texts)
    assert [v.category if v else None for v in out] == [None] + ["market_ticker"] * 4
    news = [ARTICLE, "placeholder", "Some other headline about a football match", "Author Jane Doe", "4 hours ago"]
    labels = label_blocks(news, make(lexicon, news), [None] * 5, LEAD, CONFIG)
    out = revise_tail_run(make(lexicon, news), labels, LEAD, CONFIG, news)
    assert [v.category if v else None for v in out] == [None] + ["related_content"] * 4


def test_a_lone_widget_label_opens_no_run(lexicon):
    """A media label ("Video") is not a widget unless widget junk (bylines, time stamps) follows."""
    texts = [ARTICLE, "Video", "Event details follow", "Tickets from $40"]
    labels = label_blocks(texts, make(lexicon, texts), [None] * 4, LEAD, CONFIG)
    out = revise_tail_run(make(lexicon, texts), labels, LEAD, CONFIG, texts)
    assert out == [None, Verdict("navigation", "widget_word"), None, None]


def test_a_separator_line_is_removed_but_opens_no_run(lexicon):
    """A lone "-" between list items is a separator, even with labelled junk further down: the
    off-topic items after it stay (a newsletter's list of stories)."""
    other = "A new game is finally coming out after twelve years of waiting, but only for headsets."
    texts = [ARTICLE, "-", OFF_TOPIC, "-", other, "2019-11-19T08:57:40+01:00", "5 hours ago"]
    labels = [None] * 5 + [Verdict("dateline", "timestamp_line"), None]
    labels = label_blocks(texts, make(lexicon, texts), labels, LEAD, CONFIG)
    out = revise_tail_run(make(lexicon, texts), labels, LEAD, CONFIG, texts)
    assert [v.rule if v else None for v in out] == [
        None, "widget_word", None, "widget_word", None, "timestamp_line", "relative_time"]


def test_lone_widget_junk_outside_a_run_gets_a_fallback_category(lexicon):
    texts = ["placeholder", ARTICLE, ARTICLE]
    labels = label_blocks(texts, make(lexicon, texts), [None] * 3, LEAD, CONFIG)
    out = revise_tail_run(make(lexicon, texts), labels, LEAD, CONFIG, texts)
    assert out[0] == Verdict("navigation", "widget_word")


def test_revision_reads_a_snapshot(lexicon):
    """Two openers in a row: the run starts at the first; the result does not depend on loop order."""
    texts = [ARTICLE, "Dear readers,", OFF_TOPIC, "Related articles", OFF_TOPIC]
    labels = [None, Verdict("donation_appeal", "dear_readers", opens_run=True), None,
              Verdict("related_content", "related_header", opens_run=True), None]
    out = revise_tail_run(make(lexicon, texts), labels, LEAD, CONFIG, texts)
    assert [v.category if v else None for v in out] == [
        None, "donation_appeal", "donation_appeal", "related_content", "related_content"]


def test_article_prose_between_junk_needs_double_overlap(lexicon):
    feat = block_features("The council debated the plans for many hours while residents waited outside in the cold rain.",
                          lexicon)
    overlap = lead_overlap(feat, LEAD)
    assert CONFIG.lead_overlap_min <= overlap < 2 * CONFIG.lead_overlap_min
    assert is_article_prose(feat, LEAD, CONFIG)
    assert not is_article_prose(feat, LEAD, CONFIG, between_junk=True)


def test_market_line_keeps_on_topic_prices(lexicon):
    lead = frozenset({"gold", "price", "ounce"})
    ticker = ["Oil $81.20 +1.2%", "BTC $64,100 -0.8%"]
    on_topic = ["Gold $2,431 +1.2% an ounce"]
    assert label_blocks(ticker, make(lexicon, ticker), [None, None], lead, CONFIG) == [
        Verdict("market_ticker", "market_line")] * 2
    assert label_blocks(on_topic, make(lexicon, on_topic), [None], lead, CONFIG) == [None]


def test_repeated_short_lines_are_navigation(lexicon):
    texts = ["Share this", ARTICLE, "Share this", "Share this"]
    out = label_blocks(texts, make(lexicon, texts), [None] * 4, LEAD, CONFIG)
    assert out[0] == out[2] == out[3] == Verdict("navigation", "repeated_line", weak=True)
    assert out[1] is None


def test_a_repeated_label_between_paragraphs_is_kept(lexicon):
    """A roundup's "Pros" / "Cons" labels repeat inside the article, each over different content:
    not navigation. The same labels as a block of repeated lines (a menu) are."""
    texts = [ARTICLE]
    for good, bad in zip(PARAGRAPHS[:3], PARAGRAPHS[3:]):
        texts += ["Pros", good, "Cons", bad]
    assert label_blocks(texts, make(lexicon, texts), [None] * len(texts), LEAD, CONFIG) == [None] * len(texts)
    menu = ["Home", "Sport", PARAGRAPHS[0], "Home", "Sport", PARAGRAPHS[1], "Home", "Sport", PARAGRAPHS[2]]
    out = label_blocks(menu, make(lexicon, menu), [None] * len(menu), LEAD, CONFIG)
    assert [v.rule if v else None for v in out[3:5]] == ["repeated_line", "repeated_line"]


def test_labels_of_the_storys_own_structure_stay_where_a_menu_goes(lexicon):
    """A plan's "Library roof" / "School repairs" items repeat as a block inside the article, like a
    menu, but their words are the story's: they stay in article text. A menu's words are not the
    story's; a widget heading printed back to back, or the same items on a whole page, go."""
    items = ["Library roofs", "School repairs"]
    texts = [ARTICLE]
    for paragraph in PARAGRAPHS[:3]:
        texts += items + [paragraph]
    assert label_blocks(texts, make(lexicon, texts), [None] * len(texts), LEAD, CONFIG) == [None] * len(texts)
    paged = label_blocks(texts, make(lexicon, texts), [None] * len(texts), LEAD, CONFIG, page=True)
    assert [v.rule if v else None for v in paged[4:6]] == ["repeated_line", "repeated_line"]
    heading = ["Library roofs"] * 3
    stacked = [ARTICLE] + heading + [PARAGRAPHS[0]] + heading + [PARAGRAPHS[1]]
    out = label_blocks(stacked, make(lexicon, stacked), [None] * len(stacked), LEAD, CONFIG)
    assert [v.rule if v else None for v in out[1:4]] == ["repeated_line"] * 3


def test_the_storys_own_list_after_its_last_paragraph_stays(lexicon):
    """A roundup's entries after its last paragraph repeat the story's words ("- Library roofs")
    under different names: in article text they stay where they sit. A share bar printed after the
    article three times is not the story's and goes; on a whole page the repeated items go too."""
    texts = [ARTICLE, PARAGRAPHS[0]]
    for name in ("North branch", "Harbour branch", "Hill branch"):
        texts += [name, "- Library roofs", "- School repairs"]
    assert label_blocks(texts, make(lexicon, texts), [None] * len(texts), LEAD, CONFIG) == [None] * len(texts)
    paged = label_blocks(texts, make(lexicon, texts), [None] * len(texts), LEAD, CONFIG, page=True)
    assert [v.rule if v else None for v in paged[3:5]] == ["repeated_line", "repeated_line"]
    shared = [ARTICLE, PARAGRAPHS[0]] + ["Share this story", "Tweet"] * 3
    out = label_blocks(shared, make(lexicon, shared), [None] * len(shared), LEAD, CONFIG)
    assert [v.rule if v else None for v in out[2:]] == ["repeated_line"] * 6


@pytest.mark.parametrize("appeal", [
    "Subscribe to Posts by Email", "Tell us why!", "Follow us!", "Let us know what you think!",
    "Folgen Sie uns auf Twitter", "Suivez-nous sur Twitter", "Download our app", "Share this site",
])
def test_a_request_to_the_reader_after_the_article_is_an_appeal(lexicon, appeal):
    """After the last paragraph, a short line that asks the reader to act, speaks of the publication
    and shares no word with the story goes, in whatever words; between paragraphs it stays."""
    after = [ARTICLE, PARAGRAPHS[0], appeal]
    assert label_blocks(after, make(lexicon, after), [None] * 3, LEAD, CONFIG)[2] == Verdict("promo", "reader_appeal")
    between = [ARTICLE, appeal, PARAGRAPHS[0]]
    assert label_blocks(between, make(lexicon, between), [None] * 3, LEAD, CONFIG) == [None] * 3


@pytest.mark.parametrize("line", [
    "Tell us what you think of the library budget",   # the story's words
    "\"You can count on us,\" the mayor told the school board.",  # a quotation
    "Count on us for:",                                # it introduces what follows
    "We told you we love lists.",                      # the writer's "we", not a request
    "Read about US schools",                           # the country
    "The library will open its doors again in May",    # no request
])
def test_lines_after_the_article_that_are_no_appeal_stay(lexicon, line):
    texts = [ARTICLE, PARAGRAPHS[0], line]
    assert label_blocks(texts, make(lexicon, texts), [None] * 3, LEAD, CONFIG) == [None] * 3


def test_letter_spaced_text_is_not_a_copy_of_itself(lexicon):
    """In letter-spaced text ("T h e c o u n c i l") the words are letters, and a new sentence made
    of the words of earlier ones shares most runs of four letters with them: it is no copy."""
    lines = [ARTICLE] + PARAGRAPHS + ["The council approved the library budget for the school board."]
    spaced = [" ".join(line.replace(" ", "")) for line in lines]
    assert label_blocks(spaced, make(lexicon, spaced), [None] * len(lines), LEAD, CONFIG) == [None] * len(lines)


def test_a_lone_x_in_a_code_block_is_code_not_a_close_button(lexicon):
    code = [ARTICLE, "fn longest(x: &str, y: &str) -> &str {", "x", "} else {", "y", "}", PARAGRAPHS[0]]
    assert label_blocks(code, make(lexicon, code), [None] * len(code), LEAD, CONFIG) == [None] * len(code)
    popup = [ARTICLE, "x", PARAGRAPHS[0]]
    assert label_blocks(popup, make(lexicon, popup), [None] * 3, LEAD, CONFIG)[1].rule == "widget_word"


def test_a_photo_story_told_in_its_captions_keeps_them(lexicon):
    """Captions that outweigh the prose left around them are the story (a gallery: "Here are a few
    of our favourites:"); beside a longer article they are still removed."""
    captions = [f"{p[:-1]} (Jane Doe/Agency)" for p in PARAGRAPHS[:4]]
    caption = Verdict("caption", "photo_credit_line")
    gallery = [ARTICLE] + captions
    labels = [None] + [caption] * len(captions)
    assert protect_prose(make(lexicon, gallery), labels, LEAD, CONFIG, gallery) == [None] * len(gallery)
    story = [ARTICLE] + PARAGRAPHS + captions[:3]
    labels = [None] * (1 + len(PARAGRAPHS)) + [caption] * 3
    assert protect_prose(make(lexicon, story), labels, LEAD, CONFIG, story) == labels


def test_prices_between_paragraphs_are_the_articles_data(lexicon):
    """Numbers alone never make a ticker inside the article: a price list between its paragraphs
    stays; the same quotes after its last paragraph, side by side, are a ticker."""
    prices = ["Oil $81.20 +1.2%", "BTC $64,100 -0.8%"]
    inside = [ARTICLE] + prices + [PARAGRAPHS[0]]
    assert label_blocks(inside, make(lexicon, inside), [None] * 4, LEAD, CONFIG) == [None] * 4
    after = [ARTICLE] + prices
    assert label_blocks(after, make(lexicon, after), [None] * 3, LEAD, CONFIG) == [
        None] + [Verdict("market_ticker", "market_line")] * 2
    lone = [ARTICLE, prices[0], PARAGRAPHS[0]]
    assert label_blocks(lone, make(lexicon, lone), [None] * 4, LEAD, CONFIG)[1] is None


def test_one_phrase_repeated_over_and_over_is_junk(lexicon):
    """A block that is one phrase again and again is junk by its shape, however long; a paragraph
    that says something twice, or a chorus sung four times, is not."""
    flood = "Sign up for our newsletter today! " * 2000
    chorus = " ".join(["And the river runs on and on to the sea,"] * 4 + [PARAGRAPHS[0]])
    texts = [ARTICLE, flood.strip(), chorus]
    out = label_blocks(texts, make(lexicon, texts), [None] * 3, LEAD, CONFIG)
    assert out == [None, Verdict("duplicate", "repeated_phrase"), None]
    phrase = "one two three four five six"
    at_share = " ".join([phrase] * (CONFIG.repeated_phrase_min_words // len(phrase.split()) + 1))
    assert len(at_share.split()) >= CONFIG.repeated_phrase_min_words
    assert label_blocks([at_share], make(lexicon, [at_share]), [None], LEAD, CONFIG)[0] is not None
    short = " ".join([phrase] * ((CONFIG.repeated_phrase_min_words - 1) // len(phrase.split())))
    assert label_blocks([short], make(lexicon, [short]), [None], LEAD, CONFIG)[0] is None


def test_a_line_repeated_twice_is_navigation_only_in_a_whole_page(lexicon):
    texts = ["Charges quickly in the case", ARTICLE, "Charges quickly in the case"]
    assert label_blocks(texts, make(lexicon, texts), [None] * 3, LEAD, CONFIG) == [None] * 3
    paged = label_blocks(texts, make(lexicon, texts), [None] * 3, LEAD, CONFIG, page=True)
    assert paged[0] == paged[2] == Verdict("navigation", "repeated_line", weak=True)


def test_duplicate_block_and_headline_repeat(lexicon):
    first = "The council approved the budget for schools and the library after a long vote."
    texts = ["Council approves budget", first, "Council approves budget", first + " Again."]
    out = label_blocks(texts, make(lexicon, texts), [None] * 4, LEAD, CONFIG, title="Council approves budget | Daily")
    assert out == [Verdict("title", "headline_repeat"), None, Verdict("title", "headline_repeat"),
                   Verdict("duplicate", "duplicate_block", weak=True)]


def test_a_lone_copy_inside_the_article_is_a_repeated_item(lexicon):
    """A training plan repeats its "Warm up" step between different days: in article text a copy
    standing alone inside the article stays. Copies in a run, or after the article, go; on a whole
    page every copy goes."""
    warm_up = "Warm up for ten minutes with easy jogging and a few short strides before the main set."
    texts = [PARAGRAPHS[0], warm_up, PARAGRAPHS[1], warm_up, PARAGRAPHS[2]]
    assert label_blocks(texts, make(lexicon, texts), [None] * 5, LEAD, CONFIG) == [None] * 5
    paged = label_blocks(texts, make(lexicon, texts), [None] * 5, LEAD, CONFIG, page=True)
    assert paged[3] == Verdict("duplicate", "duplicate_block", weak=True)
    copied_run = PARAGRAPHS[:4] + [PARAGRAPHS[4]] + PARAGRAPHS[:4] + [PARAGRAPHS[5]]
    out = label_blocks(copied_run, make(lexicon, copied_run), [None] * 10, LEAD, CONFIG)
    assert [v.rule if v else None for v in out] == [None] * 5 + ["duplicate_block"] * 4 + [None]
    at_the_end = PARAGRAPHS[:3] + [PARAGRAPHS[0]]
    out = label_blocks(at_the_end, make(lexicon, at_the_end), [None] * 4, LEAD, CONFIG)
    assert out[3] == Verdict("duplicate", "duplicate_block", weak=True)


def test_a_short_run_of_copies_inside_the_article_is_a_repeated_item(lexicon):
    """Each week of a training plan repeats its "Warm up" and "Cool down" steps around a main set
    of its own: a run of up to ``structured_copy_max_run`` copies between lines that are not copies
    stays in article text; a longer run is a copy of the article and goes."""
    warm_up = "Warm up for ten minutes with easy jogging and a few short strides before the main set."
    cool_down = "Cool down with ten minutes of walking and gentle stretching for the calves and hips."
    texts = [PARAGRAPHS[0], "Week one", warm_up, cool_down, PARAGRAPHS[1], "Week two", warm_up, cool_down,
             PARAGRAPHS[2]]
    assert label_blocks(texts, make(lexicon, texts), [None] * 9, LEAD, CONFIG) == [None] * 9
    one = Config(structured_copy_max_run=1)
    out = label_blocks(texts, make(lexicon, texts), [None] * 9, LEAD, one)
    assert [v.rule if v else None for v in out] == [None] * 6 + ["duplicate_block"] * 2 + [None]
    run = CONFIG.structured_copy_max_run
    longer = PARAGRAPHS[:run + 1] + [PARAGRAPHS[run + 1]] + PARAGRAPHS[:run + 1] + [PARAGRAPHS[run + 2]]
    out = label_blocks(longer, make(lexicon, longer), [None] * len(longer), LEAD, CONFIG)
    assert [v.rule if v else None for v in out] == [None] * (run + 2) + ["duplicate_block"] * (run + 1) + [None]


def test_repeated_table_rows_are_not_duplicates(lexicon):
    """Two tables with the same header row, as an extractor writes tables: each keeps its header."""
    header = "| Pos | Player | Plays | Share | Stats |"
    texts = [header, "| QB | Jane Doe | 61 | 100 | 20/31, 245 yds |", header, "| RB | John Roe | 40 | 66 | 12 car, 58 yds |"]
    assert label_blocks(texts, make(lexicon, texts), [None] * 4, LEAD, CONFIG) == [None] * 4


def test_repeated_table_cells_are_not_navigation(lexicon):
    """An extractor that writes one table cell a line repeats the same cells row after row."""
    texts = [cell for name in ("Jane Doe |", "John Roe |", "Ann Poe |") for cell in ("| DL |", name, "57 |", "77% |")]
    assert label_blocks(texts, make(lexicon, texts), [None] * len(texts), LEAD, CONFIG) == [None] * len(texts)


@pytest.mark.parametrize("copied,expected", [(12, True), (11, False)])
def test_duplicate_share_threshold(lexicon, copied, expected):
    """15 shingles in the second block; 12 of them already seen is 80%."""
    words = [f"w{i}" for i in range(30)]
    first = " ".join(words[:15]) + "."
    second = " ".join(words[:copied + 3] + [f"x{i}" for i in range(15 - copied)]) + "."  # 18 tokens
    out = label_blocks([first, second], make(lexicon, [first, second]), [None, None], LEAD, CONFIG)
    assert (out[1] == Verdict("duplicate", "duplicate_block", weak=True)) is expected


def test_protect_prose_keeps_reported_speech(lexicon):
    reported = "Some donors asked to become a member of the food bank's volunteer scheme, which now has a list."
    appeal = "Become a member today and your support will help us keep our newsroom going for years."
    labels = [Verdict("donation_appeal", "donation_prompt", partial=True)] * 2
    lead = frozenset({"food", "bank", "donors", "volunteer", "scheme"})
    out = protect_prose(make(lexicon, [reported, appeal]), labels, lead, CONFIG, [reported, appeal])
    assert out == [None, labels[1]]


def test_an_on_topic_line_that_opens_with_a_prompt_is_not_protected(cleaner):
    """Protection is for reported speech, in the middle of a sentence; a line that opens with the
    prompt ("Follow X on Twitter ...") is the prompt, however much it shares with the article."""
    text = ("Times readers debate the new city budget\n\n"
            "The city budget for the Times Square area was approved on Monday after a long debate.\n\n"
            "Follow the Times budget team on Twitter and Instagram for the latest on the city budget.")
    doc = cleaner.clean(text, kind="text")
    assert "follow_prompt" in [r.rule for r in doc.removed]
    assert doc.body == "The city budget for the Times Square area was approved on Monday after a long debate."


def test_disabled_heuristic_does_not_fire(lexicon):
    config = Config(disabled=frozenset({"widget_word"}))
    assert label_blocks(["placeholder"], make(lexicon, ["placeholder"]), [None], LEAD, config) == [None]


@pytest.mark.parametrize("line,paragraphs,expected", [
    ("Kremlin Says It’s Waiting for Official Confirmation", True, True),
    ("Why newsletters became the hottest product in journalism", False, True),
    ("Is the Fed done raising rates?", True, True),
    ("Remember New Jersey’s epic quest to find a state slogan?", False, False),
    ("The major Asian market indexes were mixed in early trading Tuesday after", False, False),
    ("CLICK FOR FULL STATE SWIM RESULTS", True, False),
    ("Tested by: John Milbank RRP: £23.99", True, False),
    ("Visit www.example.com for tickets", True, False),
    ("The council met on Monday.", True, False),
])
def test_headline_shape(lexicon, line, paragraphs, expected):
    from cleaner.title import _reads_as_headline

    assert _reads_as_headline(line, lexicon, allow_question=paragraphs) is expected


def test_lead_overlap_works_for_japanese(lexicon):
    """Japanese has no spaces: topic words are kanji and katakana pairs, so a paragraph on the
    title's topic overlaps it and one on another topic does not."""
    title = block_features("商品の改造が商標法違反に", lexicon)
    on_topic = block_features("不正に改造したiPhoneを販売すると、商標権侵害になるのでしょうか。", lexicon)
    off_topic = block_features("今日は大阪で雨が降りました。", lexicon)
    lead = title.content_words
    assert lead_overlap(on_topic, lead) >= CONFIG.lead_overlap_min
    assert lead_overlap(off_topic, lead) < CONFIG.lead_overlap_min
    assert "iphone" in content_words(["不正に改造したiphoneを販売"], lexicon)



def test_a_headline_over_its_byline_and_nothing_else_is_the_title(cleaner):
    """An extractor that missed the article leaves the headline and the byline: the headline is
    the title, and there is no body to invent from it."""
    text = "Man pleads guilty to threatening the mayor\n\nBy Jane Doe - 11/18/19 11:04 PM EST"
    doc = cleaner.clean(text, kind="text")
    assert doc.title == "Man pleads guilty to threatening the mayor"
    assert doc.body == ""
    assert [r.category for r in doc.removed] == ["title", "byline"]


@pytest.mark.parametrize("text", [
    "Man pleads guilty to threatening the mayor",
    "Man pleads guilty to threatening the mayor\n\nHe faces up to five years",
])
def test_a_headline_without_a_byline_under_it_stays_body(cleaner, text):
    doc = cleaner.clean(text, kind="text")
    assert doc.body == text
    assert doc.title is None


PRISON_STORY = ("WASHINGTON – Two federal prison officers were charged Tuesday with falsifying records, "
                "prosecutors said, after an inmate in their unit was found dead last summer.")


def test_a_headline_worded_apart_from_the_known_title_is_still_the_title(cleaner):
    headline = "Two federal prison officers charged with falsifying records after inmate's death"
    doc = cleaner.clean(f"{headline}\n\n{PRISON_STORY}", kind="text",
                        title="Prison guards charged in connection with inmate's death")
    assert doc.body == PRISON_STORY
    assert [(r.category, r.text) for r in doc.removed] == [("title", headline)]


def test_a_first_line_off_the_known_titles_topic_stays(cleaner):
    text = f"Live coverage from the courthouse steps\n\n{PRISON_STORY}"
    doc = cleaner.clean(text, kind="text", title="Prison guards charged in connection with inmate's death")
    assert doc.body == text


def test_a_story_paragraph_announcing_its_list_opens_no_tail_run(lexicon):
    """A paragraph on the story's topic that asks the reader to act and announces a list ("... at
    one of the following library branches:") goes by its own rule, but the branches' dates and
    addresses under it are the story's: it opens no run. A short heading ("Related stories:") does."""
    call = ("It only takes an hour of your time. Make a donation to the library today at one of the "
            "following library branches:")
    branches = ["Tuesday, May 5", "Main Street Library", "12 Main Street", "Saturday, May 9", "Riverside Library"]
    texts = PARAGRAPHS[:3] + [call] + branches
    labels = [None] * 3 + [Verdict("donation_appeal", "donation_prompt", opens_run=True)] + [None] * 5
    assert revise_tail_run(make(lexicon, texts), labels, LEAD, CONFIG, texts) == labels
    heading = PARAGRAPHS[:3] + ["Related stories:"] + branches
    labels = [None] * 3 + [Verdict("related_content", "related_header", opens_run=True)] + [None] * 5
    out = revise_tail_run(make(lexicon, heading), labels, LEAD, CONFIG, heading)
    assert out[4:] == [Verdict("related_content", "tail_run")] * 5


def test_the_pipeline_keeps_the_list_a_story_paragraph_announces():
    from cleaner import Cleaner
    call = ("It only takes an hour of your time. Make a donation to the library today at one of the "
            "following library branches:")
    branches = ["Tuesday, May 5", "Main Street Library", "12 Main Street", "3:30 to 8:00 pm",
                "Saturday, May 9", "Riverside Library", "995 River Road", "10:00 am to 3:00 pm"]
    text = "\n\n".join([ARTICLE] + PARAGRAPHS[:3] + [call] + branches)
    body = Cleaner().clean(text, kind="text").body
    assert all(line in body for line in branches)


def test_labels_between_different_lines_each_time_are_the_articles_structure(lexicon):
    """A restaurant guide labels each entry with its cuisine and its price: each label repeats, next
    to another repeated label, but with different lines before and after it every time. Inside the
    article that is the story's structure, and it stays; a menu's items stand between the same
    lines each time (see ``test_a_repeated_label_between_paragraphs_is_kept``). On a whole page
    every repeated line there goes, as before."""
    names = ["Casa Luna", "Seoul Kitchen", "Bangkok Lane", "Taco Norte", "Han River", "Thai Garden",
             "El Patio", "Bap House", "Lotus Room"]
    cuisines, prices = ["Mexican", "Korean", "Thai"], ["$", "$$", "$$$"]
    texts = [PARAGRAPHS[0]]
    for n, name in enumerate(names):
        row, col = n % 3, n // 3
        texts += [name, cuisines[row], prices[(row + col) % 3]]
    texts.append(PARAGRAPHS[1])
    out = label_blocks(texts, make(lexicon, texts), [None] * len(texts), LEAD, CONFIG)
    assert out == [None] * len(texts)
    paged = label_blocks(texts, make(lexicon, texts), [None] * len(texts), LEAD, CONFIG, page=True)
    assert paged[2] == Verdict("navigation", "repeated_line", weak=True)
    # The second look, among the lines left, keeps them too.
    again = next(s.tests for s in STAGES if type(s) is LinesLeft)
    assert heuristics.revise_edges(texts, make(lexicon, texts), out, LEAD, CONFIG, tests=again) == out


def test_a_label_announcing_what_follows_heads_different_content_each_time(lexicon):
    """A certification roundup ends each entry with the same field ("- Recognized:
    Internationally") and then "Pros:" over that entry's own list: the label repeats after the
    same line each time, but announces (":") different lines. It is the article's structure and
    stays; the same label without its colon is a repeated line between the same neighbours."""
    items = ["- Earn more than peers without it", "- Asked for by most postings", "- Covers many niches",
             "- Recognised by large firms"]
    texts = [PARAGRAPHS[0]]
    for n, item in enumerate(items):
        texts += [f"- Price: ${100 * (n + 2)}", "- Recognized: Internationally", "Pros:", item, PARAGRAPHS[1 + n % 3]]
    out = label_blocks(texts, make(lexicon, texts), [None] * len(texts), LEAD, CONFIG)
    assert all(out[i] is None for i, t in enumerate(texts) if t == "Pros:")
    bare = [t.rstrip(":") for t in texts]
    labelled = label_blocks(bare, make(lexicon, bare), [None] * len(bare), LEAD, CONFIG)
    assert all(labelled[i] == Verdict("navigation", "repeated_line", weak=True) for i, t in enumerate(bare) if t == "Pros")


def test_a_table_header_printed_twice_under_each_heading_is_structure(lexicon):
    """An extractor printed each table's header row twice ("Pos Player Plays % Stats"), under each
    position's heading and over its own rows: the pair counts as one line between different
    lines, and the headers stay. The same line three times in a row (a gallery's title under
    every photo) is no copy of one line, and goes."""
    sections = [("Defensive Line", "DL Larry Ogunjobi 63 85% 1 tackle"), ("Linebacker", "LB Joe Schobert 74 100% 7 tackles"),
                ("Cornerback", "CB Denzel Ward 74 100% 4 tackles")]
    header = "Pos Player Plays % Stats"
    texts = [PARAGRAPHS[0]]
    for heading, row in sections:
        texts += [heading, header, header, row]
    texts.append(PARAGRAPHS[1])
    out = label_blocks(texts, make(lexicon, texts), [None] * len(texts), LEAD, CONFIG)
    assert all(out[i] is None for i, t in enumerate(texts) if t == header)
    thrice = [PARAGRAPHS[0]] + [t for heading, row in sections for t in (heading, header, header, header, row)] + [PARAGRAPHS[1]]
    out = label_blocks(thrice, make(lexicon, thrice), [None] * len(thrice), LEAD, CONFIG)
    assert any(out[i] is not None for i, t in enumerate(thrice) if t == header)


def test_a_directorys_website_lines_are_its_entries_data(lexicon):
    """Each entry of a directory gives its own address under the same label: three "Website:"
    lines with different addresses inside the article stay; the same label once, or the same
    address three times, is a link line and goes."""
    entries = [("North branch", "https://north.example.org/"), ("Harbour branch", "https://harbour.example.org/"),
               ("Hill branch", "https://hill.example.org/")]
    texts = [PARAGRAPHS[0]]
    for (name, site), paragraph in zip(entries, PARAGRAPHS[1:]):
        texts += [name, f"Website: {site}", paragraph]
    link = Verdict("navigation", "labelled_link")
    labels = [link if t.startswith("Website:") else None for t in texts]
    assert protect_prose(make(lexicon, texts), labels, LEAD, CONFIG, texts) == [None] * len(texts)
    same = [t if not t.startswith("Website:") else "Website: https://library.example.org/" for t in texts]
    assert protect_prose(make(lexicon, same), labels, LEAD, CONFIG, same) == labels
    once = texts[:4] + [PARAGRAPHS[4]]
    assert protect_prose(make(lexicon, once), labels[:4] + [None], LEAD, CONFIG, once) == labels[:4] + [None]
    from cleaner import Cleaner
    body = Cleaner().clean("\n\n".join([ARTICLE] + texts), kind="text").body
    assert all(f"Website: {site}" in body for _, site in entries)


def test_a_contents_entry_naming_a_box_opens_no_run_above_its_section(lexicon):
    """A guide's table of contents lists its sections, the last one "More stories from Sweden",
    which is also a related box's heading. The entry stands above the guide's paragraphs and comes
    again below them: the run opens at the heading, not at the entry, even where the paragraphs
    share no words with the lead (a page whose first prose was a teaser)."""
    heading = "More stories from Sweden"
    guide = ["Sweden is a country of endless forests, clear lakes and quiet roads for a camper van trip.",
             "The summer season runs from the middle of June to the middle of August in most regions.",
             "Food prices are about fifteen percent higher than at home, and alcohol costs much more.",
             "Wild camping is allowed for walkers and cyclists, but not for camper vans on the road."]
    teasers = ["Skiing in Jamtland", "The Kattegatt trail", "Trekking in Lapland"]
    texts = guide[:1] + ["Contents:", "Travel tips", heading] + guide[1:] + [heading] + teasers
    box = Verdict("related_content", "more_from_header", opens_run=True)
    labels = [None] * 3 + [box] + [None] * 3 + [box] + [None] * 3
    out = revise_tail_run(make(lexicon, texts), labels, LEAD, CONFIG, texts)
    assert out[4:7] == [None] * 3
    assert out[8:] == [Verdict("related_content", "tail_run")] * 3


def test_a_related_box_inside_the_story_goes_up_to_the_next_paragraph(lexicon):
    """A "More:" header between two paragraphs opens no tail run (the story goes on), but the
    headlines under it are the box's: they go, up to the story's next paragraph. Once the box's
    headlines come as list items, a line that is none (the story's next subheading) stays."""
    header = Verdict("related_content", "related_header", opens_run=True)
    box = ["Taliban talks seen as the only hope", "Young people must be heard: UN envoy",
           "China invites officials for two-day talks"]
    texts = PARAGRAPHS[:2] + ["More:"] + box + PARAGRAPHS[2:4]
    labels = [None] * 2 + [header] + [None] * 5
    out = heuristics.related_box(texts, make(lexicon, texts), labels, CONFIG)
    assert out[3:6] == [Verdict("related_content", "related_box")] * 3
    assert out[:2] == [None, None] and out[6:] == [None, None]
    items = ["- " + line for line in box]
    texts = PARAGRAPHS[:2] + ["Also read:"] + items + ["Library hours on weekends"] + PARAGRAPHS[2:4]
    labels = [None] * 2 + [header] + [None] * 6
    out = heuristics.related_box(texts, make(lexicon, texts), labels, CONFIG)
    assert out[3:6] == [Verdict("related_content", "related_box")] * 3
    assert out[6:] == [None] * 3
    # No paragraph after the headlines: not a box inside the story (the tail run's business).
    texts = PARAGRAPHS[:2] + ["More:"] + box
    labels = [None] * 2 + [header] + [None] * 3
    assert heuristics.related_box(texts, make(lexicon, texts), labels, CONFIG) == labels
