"""Whole-page text: page detection, clusters, the headline anchor and the region's edges."""

from __future__ import annotations

import pytest

from cleaner import Cleaner
from cleaner.config import Config
from cleaner.features import Lexicon, block_features
from cleaner.heuristics import Verdict
from cleaner.page import (PROSE, Cluster, announced_list_end, article_region, block_class, clusters, extend,
                          headline_anchors, ingredient_lists, looks_like_page, main_cluster,
                          numbered_sections_after_region)

CONFIG = Config()
PARAGRAPH = ("The regional council approved the new budget for schools and libraries on Tuesday after a "
             "debate that lasted well into the night.")
TEASER = "Celebrity chef opens a new restaurant in the old harbour district"


@pytest.fixture(scope="module")
def lexicon():
    return Lexicon.load()


def feats(lexicon, texts):
    return [block_features(t, lexicon) for t in texts]


MENU = ["Home", "News", "Sport", "Weather", "Video", "Opinion", "Business", "Culture", "Travel", "Contact",
        "About us", "Privacy"]


def test_page_detection_needs_the_tiny_share(lexicon):
    """A framed text is a page when at least page_tiny_share of its lines have three words or fewer."""
    frame = MENU[:CONFIG.page_frame_min_tiny]
    prose_for_share = int(len(frame) / CONFIG.page_tiny_share)  # the most paragraphs the share allows
    page = frame + [PARAGRAPH] * (prose_for_share - len(frame))
    diluted = frame + [PARAGRAPH] * (prose_for_share - len(frame) + 1)
    assert sum(len(t.split()) <= 3 for t in page) >= CONFIG.page_tiny_share * len(page)
    assert looks_like_page(page, feats(lexicon, page), CONFIG)
    assert sum(len(t.split()) <= 3 for t in diluted) < CONFIG.page_tiny_share * len(diluted)
    assert not looks_like_page(diluted, feats(lexicon, diluted), CONFIG)
    assert not looks_like_page(["Home"] * 11, feats(lexicon, ["Home"] * 11), CONFIG)  # too few lines


def test_page_detection_needs_a_frame_of_tiny_lines(lexicon):
    """Tiny lines between the paragraphs (a list, a recipe, a table inside the article) are no
    page frame: page_frame_min_tiny of them must stand before the first paragraph or after the last."""
    n = CONFIG.page_frame_min_tiny
    framed = MENU[:n // 2] + [PARAGRAPH] * n + MENU[n // 2:n]
    assert looks_like_page(framed, feats(lexicon, framed), CONFIG)
    short_frame = MENU[:n // 2] + [PARAGRAPH] * n + MENU[n // 2:n - 1]
    assert not looks_like_page(short_frame, feats(lexicon, short_frame), CONFIG)
    interleaved = [line for item in MENU[:n] for line in (item, PARAGRAPH)]
    assert sum(len(t.split()) <= 3 for t in interleaved) >= CONFIG.page_tiny_share * len(interleaved)
    assert not looks_like_page(interleaved, feats(lexicon, interleaved), CONFIG)


def test_page_detection_a_footer_sentence_a_rule_removed_is_no_paragraph(lexicon):
    """The frame is counted from the first and last paragraph the rules left: a removed copyright
    sentence at the very end does not hide the footer links before it."""
    n = CONFIG.page_frame_min_tiny
    footer = "Copyright 2020 The Example Times, all rights reserved, and please read our privacy policy."
    texts = MENU[:n // 2] + [PARAGRAPH] * n + MENU[n // 2:n] + [footer]
    assert not looks_like_page(texts, feats(lexicon, texts), CONFIG)
    labels = [None] * (len(texts) - 1) + [Verdict("legal", "rights_reserved")]
    assert looks_like_page(texts, feats(lexicon, texts), CONFIG, labels)


def test_page_detection_a_strong_tiny_share_needs_no_frame(lexicon):
    """A text whose lines are mostly tiny (page_tiny_strong) is a page wherever they stand."""
    n = 20
    tiny = int(n * CONFIG.page_tiny_strong)
    texts = [line for item in MENU[:tiny // 2] for line in (item, PARAGRAPH, item)]
    texts += [PARAGRAPH] * (n - len(texts))
    assert sum(len(t.split()) <= 3 for t in texts) >= CONFIG.page_tiny_strong * len(texts)
    assert looks_like_page(texts, feats(lexicon, texts), CONFIG)
    weaker = texts + [PARAGRAPH]
    assert not looks_like_page(weaker, feats(lexicon, weaker), CONFIG)


def test_page_detection_a_directory_whose_labels_stand_among_its_entries_is_no_page(lexicon):
    """A directory of restaurants, each a name, three labels and a description, has mostly tiny
    lines, but all of them stand among its paragraphs: no page. A menu above it makes it one."""
    cuisines = ["Korean", "French", "Mexican", "Indian", "Chinese", "Italian", "Seafood", "Thai"]
    entries = [line for n, cuisine in enumerate(cuisines)
               for line in (f"Restaurant {n}", "Bib Gourmand", cuisine, "$" * (1 + n % 3), PARAGRAPH)]
    directory = [PARAGRAPH, *entries]
    assert sum(len(t.split()) <= 3 for t in directory) >= CONFIG.page_tiny_strong * len(directory)
    assert not looks_like_page(directory, feats(lexicon, directory), CONFIG)
    assert looks_like_page(MENU[:3] + directory, feats(lexicon, MENU[:3] + directory), CONFIG)
    footer = directory + ["Privacy"]
    assert looks_like_page(footer, feats(lexicon, footer), CONFIG)


def test_page_detection_a_roundups_records_are_no_chrome(lexicon):
    """A roundup gives each product a record: its rank, name, price and ratings ("Sound 8.5"),
    mostly tiny lines. Their labels come again in every record with other values: they are the
    article's data, no page. A menu printed above and below the same text makes it a page; a
    blog's archive ("November 2012", "October 2012") is a menu, however alike its lines look."""
    roundup = [PARAGRAPH]
    for n, (sound, price) in enumerate([("8.5", "49,95"), ("7.5", "34,95"), ("7", "33,95"), ("8", "40")], 1):
        roundup += [f"Number {n}:", f"Earbuds {'ABCD'[n - 1]}", f"Price: {price}", PARAGRAPH, "Ratings",
                    f"Sound {sound}", f"Microphone {n + 5}", f"Battery {9 - n}", f"Stability {n + 4}"]
    assert sum(len(t.split()) <= 3 for t in roundup) >= CONFIG.page_tiny_strong * len(roundup)
    assert not looks_like_page(roundup, feats(lexicon, roundup), CONFIG)
    archive = [f"{month} {year}" for year in (2012, 2011) for month in ("December", "November", "October", "September")]
    paged = MENU + roundup + archive + MENU
    assert looks_like_page(paged, feats(lexicon, paged), CONFIG)
    listed = [PARAGRAPH] + archive + [PARAGRAPH] + archive + [PARAGRAPH] + archive + [PARAGRAPH]
    assert looks_like_page(listed, feats(lexicon, listed), CONFIG)


def test_page_detection_an_articles_own_lists_are_no_menus(lexicon):
    """Short lines that are mostly list items below the first paragraph (a roundup's "- Hemp",
    "- Organic cotton") are the article's lists: no page, however many. The same items above the
    article, or bare lines below it, are a page's menus."""
    items = [f"- {word}" for word in MENU] * 2
    listed = [PARAGRAPH, *items[:12], PARAGRAPH, *items[12:]]
    assert sum(len(t.split()) <= 3 for t in listed) >= CONFIG.page_tiny_strong * len(listed)
    assert not looks_like_page(listed, feats(lexicon, listed), CONFIG)
    above = [*items, PARAGRAPH, PARAGRAPH]
    assert looks_like_page(above, feats(lexicon, above), CONFIG)
    bare = [PARAGRAPH, *MENU, PARAGRAPH, *MENU]
    assert looks_like_page(bare, feats(lexicon, bare), CONFIG)
    # A few list items among a page's bare menu lines do not make it an article.
    mixed = [PARAGRAPH, *MENU, PARAGRAPH, *items[:10]]
    assert looks_like_page(mixed, feats(lexicon, mixed), CONFIG)
    # Numbered steps ("1. Preheat the oven") and other marks extractors write are list items too.
    numbered = [PARAGRAPH, *[f"{n}. {word}" for n, word in enumerate(MENU, 1)], PARAGRAPH,
                *[f"• {word}" for word in MENU]]
    assert sum(len(t.split()) <= 3 for t in numbered) >= CONFIG.page_tiny_strong * len(numbered)
    assert not looks_like_page(numbered, feats(lexicon, numbered), CONFIG)


def test_page_detection_counts_short_unspaced_lines(lexicon):
    """A Japanese menu item has no spaces but many characters' worth of words: it is tiny by length."""
    menu = ["サイトマップ", "プライバシーポリシー", "お問い合わせ", "ソフトウェア一般", "カテゴリ"] * 2
    prose = ["Kindle書籍を読む場合は、一般的にスマホやタブレットなどのモバイル端末で読むことが多いと思います。"]
    texts = menu + prose * 12
    assert all(f.words > 3 for f in feats(lexicon, menu[:2]))  # by words alone, not tiny
    assert looks_like_page(texts, feats(lexicon, texts), CONFIG)
    assert not looks_like_page(prose * 12, feats(lexicon, prose * 12), CONFIG)


def test_a_page_title_repeated_as_headline_marks_a_page(lexicon):
    """Few menu lines, but the text starts with the page's <title> and repeats its headline."""
    headline = "Council approves the new school budget"
    body = [PARAGRAPH] * (CONFIG.page_min_blocks - 2)
    page = [f"{headline} | Example Times", headline] + body
    assert looks_like_page(page, feats(lexicon, page), CONFIG)
    no_site = [headline, headline] + body  # no site name: an extractor's title line
    assert not looks_like_page(no_site, feats(lexicon, no_site), CONFIG)
    no_repeat = [f"{headline} | Example Times"] + [PARAGRAPH] * (CONFIG.page_min_blocks - 1)
    assert not looks_like_page(no_repeat, feats(lexicon, no_repeat), CONFIG)


def test_block_classes(lexicon):
    assert block_class(block_features(PARAGRAPH, lexicon), None, CONFIG) == PROSE
    assert block_class(block_features("Home", lexicon), None, CONFIG) == "short"
    assert block_class(block_features("Celebrity chef opens a new restaurant in the harbour", lexicon), None,
                       CONFIG) == "other"
    assert block_class(block_features(PARAGRAPH, lexicon), Verdict("promo", "x"), CONFIG) == "junk"


@pytest.mark.parametrize("sentence", [
    "Pemerintah akan membangun jalan baru di desa itu karena warga sudah lama menunggu bantuan dari pusat.",
    "Belediye, köydeki yeni yol için bu yıl daha fazla para ayıracağını ve çalışmaların yakında başlayacağını açıkladı.",
    "Kommunen har beslutat att den nya vägen ska byggas i år, och arbetet kommer att börja redan i maj.",
    "Obec oznámila, že nová silnice bude postavena ještě letos a práce začnou už v květnu podle plánu.",
    "Το δημοτικό συμβούλιο αποφάσισε ότι ο νέος δρόμος θα κατασκευαστεί φέτος και οι εργασίες θα ξεκινήσουν τον Μάιο.",
    "Chính quyền cho biết con đường mới sẽ được xây dựng trong năm nay và công việc sẽ bắt đầu vào tháng năm.",
])
def test_prose_is_recognised_in_more_languages(lexicon, sentence):
    """Page-region logic needs prose to be recognised by its function words, in any language."""
    assert block_class(block_features(sentence, lexicon), None, CONFIG) == PROSE


def test_clusters_break_on_long_gaps(lexicon):
    gap = CONFIG.page_max_gap
    texts = [PARAGRAPH] + ["Menu"] * gap + [PARAGRAPH] + ["Menu"] * (gap + 1) + [PARAGRAPH]
    classes = [block_class(f, None, CONFIG) for f in feats(lexicon, texts)]
    found = clusters(classes, feats(lexicon, texts), CONFIG)
    assert [(c.first, c.last) for c in found] == [(0, gap + 1), (2 * gap + 3, 2 * gap + 3)]


def test_headline_anchors_match_the_title_without_site_name():
    texts = ["Council approves budget for schools | Daily Example", "Home", "News",
             "Council approves budget for schools", PARAGRAPH, "council approves budget"]
    assert headline_anchors(texts) == [3]


def test_headline_anchors_in_japanese():
    """Without spaces, a headline's size is counted in character pairs."""
    texts = ["商品の改造が商標法違反に！？ | ライトハウス国際特許事務所", "ブログ", "商品の改造が商標法違反に！？"]
    assert headline_anchors(texts) == [2]


def test_region_never_grows_back_across_the_headline(lexicon):
    """A prose-like line above the headline (a tagline, a long menu) is not the article's start,
    however much it shares with the article's topic."""
    texts = ["Council budget | Daily Example", PARAGRAPH] + ["Home"] * 8 + ["Council budget"] + [PARAGRAPH] * 3
    features = feats(lexicon, texts)
    classes = [block_class(f, None, CONFIG) for f in features]
    found = clusters(classes, features, CONFIG)
    assert [(c.first, c.last) for c in found] == [(1, 1), (11, 13)]
    lead = frozenset(features[1].content_words)
    assert extend(found[1], found, features, classes, [None] * len(texts), lead, CONFIG) == (1, 13)
    assert extend(found[1], found, features, classes, [None] * len(texts), lead, CONFIG, [10]) == (11, 13)


def test_main_cluster_prefers_the_one_after_the_headline():
    article, comments = Cluster(10, 14, 200), Cluster(20, 60, 900)
    assert main_cluster([article, comments], [8], CONFIG) == article
    assert main_cluster([article, comments], [], CONFIG) == comments
    small = Cluster(10, 10, CONFIG.page_anchor_min_words - 1)
    assert main_cluster([small, comments], [8], CONFIG) == comments


def test_announced_list_stays_with_the_article():
    texts = [PARAGRAPH, "Tour dates:", "June 9 -- West Palm Beach, FL", "June 10 -- Tampa, FL", PARAGRAPH]
    classes = ["prose", "short", "short", "short", "prose"]
    assert announced_list_end(texts, classes, [None] * 5, 0, CONFIG) == 3
    unannounced = [PARAGRAPH, "Sitemap", "Contact", "Jobs"]
    assert announced_list_end(unannounced, ["prose", "short", "short", "short"], [None] * 4, 0, CONFIG) == 0


def test_region_cuts_chrome_and_keeps_the_article(lexicon):
    texts = (["Council approves budget | Daily Example"] + ["Home", "News", "Sport", "Weather", "Jobs"] * 2
             + ["Council approves budget", "Schools and libraries win most of the extra money", PARAGRAPH,
                "Buses will run every ten minutes on the main lines from June, officials said.",
                "Teachers welcomed the plan but warned that many school buildings still need repairs.",
                "The opposition voted against it, calling the spending on consultants far too high."]
             + ["Related articles", TEASER, "Storm warning for the coast as winds reach record speed"])
    labels = [None] * len(texts)
    labels[-3] = Verdict("related_content", "related_header", opens_run=True)
    out = article_region(texts, feats(lexicon, texts), labels, CONFIG)
    kept = [t for t, v in zip(texts, out) if v is None]
    assert kept == texts[12:17]  # the standfirst under the headline stays
    assert {v.rule for v in out[1:11]} == {"page_head"}
    assert {v.rule for v in out[-2:]} == {"page_tail"}


def test_a_standfirst_right_above_the_first_paragraph_stays_without_a_headline(lexicon):
    """The page prints a headline other than its title, so no headline anchors the region: the
    sentence right above the first paragraph, on its topic, is the standfirst and stays. One cut
    off ("...") is a teaser's excerpt, and a sentence off the topic is no standfirst."""
    texts = (["Budget passes | Daily Example"] + ["Home", "News", "Sport", "Weather", "Jobs"] * 2
             + ["A late night at the council", "Council approves the budget for schools and libraries after a debate.",
                PARAGRAPH, "Buses will run every ten minutes on the main lines from June, officials said.",
                "Teachers welcomed the plan but warned that many school buildings still need repairs.",
                "The opposition voted against it, calling the spending on consultants far too high."])

    def verdict(standfirst):
        texts[12] = standfirst
        return article_region(texts, feats(lexicon, texts), [None] * len(texts), CONFIG)[12]

    assert not headline_anchors(texts)
    assert verdict("Council approves the budget for schools and libraries after a debate.") is None
    assert verdict("Council approves the budget for schools and libraries after a long...").rule == "page_head"
    assert verdict("Celebrity chef opens a new restaurant in the old harbour district.").rule == "page_head"


def test_numbered_sections_that_go_on_after_the_region_are_the_article(lexicon):
    """A guide in numbered sections: "4. Configuration" and "4.1. Options" go on from the region's
    "3." in its style, so they and the code and items under the last of them are the article's, up
    to the footer's menu. A teaser list after the article numbers its own way ("10. ...")."""
    steps = ["Install the package from the index and check that the command runs on your machine today.",
             "Write a small configuration file that names the folder you want to clean every night.",
             "Run the command on that folder and read the record of what it removed and why it did."]
    region = ["A guide to the cleaner | Example Docs"] + MENU + ["1. Installation", steps[0], "2. First steps",
                                                                   steps[1], "3. Running it", steps[2]]
    after = ["4. Configuration", "config = {'folder': 'news', 'keep': True}", "4.1. Options",
             "- folder: where the texts are", "- keep: keep the originals"]
    texts = region + after + ["Home", "About", "Jobs", "Privacy"]
    out = article_region(texts, feats(lexicon, texts), [None] * len(texts), CONFIG)
    assert [t for t, v in zip(texts, out) if v is None] == region[len(MENU) + 2:] + after
    first, last = len(MENU) + 2, len(region) - 1
    for teasers in (["10. Best tools for your garden this spring", "4. Ways to cook rice without a pot"],
                    ["4 Ways to cook rice without a pot", "5 Gardens to visit this spring"]):  # bare counts
        texts = region + teasers + ["Home", "About"]
        assert numbered_sections_after_region(texts, feats(lexicon, texts), [None] * len(texts), first, last,
                                              len(texts), CONFIG) == last
    counts = [line.replace(". ", " ", 1) if line[0].isdigit() else line for line in region]  # "3 Running it"
    texts = counts + ["4 Comments", "Be the first to comment on this guide", "Home", "About"]
    assert numbered_sections_after_region(texts, feats(lexicon, texts), [None] * len(texts), first, last,
                                          len(texts), CONFIG) == last
    texts = region + after + ["Home", "About"]
    assert numbered_sections_after_region(texts, feats(lexicon, texts), [None] * len(texts), first, last,
                                          len(texts), CONFIG) == len(region) + len(after) - 1


def test_a_long_list_under_a_short_introduction_is_the_article(lexicon):
    """A checklist page: a short introduction, then groups of items under tiny headings, then the
    footer. The items outweigh the introduction and nothing labelled them: they are the article.
    The footer's pair of tiny lines ends the list. The same few items, or dated items (a news
    list), under an article that outweighs them are left to the page tail."""
    intro = [PARAGRAPH, "Print it, pin it to the fridge, and tick each task off as soon as it is done."]
    items = [f"Book the {thing} early and compare three offers before you sign the contract"
             for thing in ("venue", "caterer", "photographer", "band", "florist", "baker")]
    checklist = ["12 months before", *items[:3], "9 months before", *items[3:]]
    footer = ["Privacy", "Contact", "Imprint"]
    texts = ["Home", "News"] * 5 + intro + checklist + footer
    out = article_region(texts, feats(lexicon, texts), [None] * len(texts), CONFIG)
    assert [t for t, v in zip(texts, out) if v is None] == intro + checklist
    assert sum(len(t.split()) for t in checklist) >= sum(len(t.split()) for t in intro)
    longer = ["Home", "News"] * 5 + intro * 4 + checklist + footer
    out = article_region(longer, feats(lexicon, longer), [None] * len(longer), CONFIG)
    assert [t for t, v in zip(longer, out) if v is None] == intro * 4
    # A directory's entries: a phone number over a tiny field is the entry's data, not a menu.
    entries = [line for n, item in enumerate(items) for line in (f"(415) 861-54{n:02d}", "Psychotherapy", item)]
    directory = ["Home", "News"] * 5 + intro + entries + footer
    out = article_region(directory, feats(lexicon, directory), [None] * len(directory), CONFIG)
    assert [t for t, v in zip(directory, out) if v is None] == intro + entries
    dated = ["Home", "News"] * 5 + intro + [f"{item} (May 2012)" for item in items] + footer
    out = article_region(dated, feats(lexicon, dated), [None] * len(dated), CONFIG)
    assert [t for t, v in zip(dated, out) if v is None] == intro


def test_a_roundups_sections_after_the_region_are_the_article(lexicon):
    """A buying guide: an introduction, then one section per product under the same tiny headings
    ("Overview", "Pros", "Verdict"), each heading over that product's own lines, with a paragraph
    between one section's heading and the next's. The region is the introduction and the first
    section (the short items of the others break the prose apart); the sections after it follow the
    region's own template and are the article, up to the line under their last heading. The footer
    goes. A single repeated heading ("Overview"), or headings over the same lines each time (a
    share bar), carry the region no further."""
    products = ["Atlas 500", "Breeze Pro", "Cirrus X", "Dune Lite"]
    intro = [PARAGRAPH, "We tested every machine for a month in real homes, and these are the ones we would buy again."]

    def section(name, n, headings=("Overview", "Pros", "Verdict")):
        overview, pros, verdict = headings
        good = [["Quiet pump", "Small footprint"],
                ["Fast heating even on the coldest winter mornings", "Brushed steel body that resists fingerprints",
                 "Big tank for a whole office floor", "Cheap compatible pods in every supermarket"],
                ["Silent grinder that will not wake the house", "Programmable timer for the early shift",
                 "Glass jug keeps the brew hot for an hour", "Automatic cleaning cycle after every use"],
                ["Light enough for a weekend backpack trip", "Cheap to run on rechargeable batteries",
                 "Simple single button with no settings", "Portable case with a carrying strap"]][n]
        items = list(good)
        if n:  # the first product has a short list, so its section stands in the region
            items += ["Cons", ["", "Short power cable for most kitchen counters", "Loud motor when grinding the beans",
                               "Slow start after a night in the cold"][n],
                      ["", "No timer or any kind of schedule", "Plastic lid feels flimsy after months",
                       "Small tank holds only two cups"][n]]
        said = [("It heats up in two minutes and keeps the water at an even temperature for hours.",
                 "Buy it when the counter space in your kitchen matters more to you than a milk frother."),
                ("Brewing takes longer here, yet espresso shots came out rich, dense and consistently balanced.",
                 "Families who drink several cups of it each morning will appreciate that generous water reservoir."),
                ("A conical burr grinder sits under the lid, so whole beans become fresh coffee without fuss.",
                 "Anyone who is chasing flavour over speed should start their search with this quiet model."),
                ("Weighing barely two kilos, this travel unit packs into luggage and runs on batteries too.",
                 "Campers, students and frequent flyers can get a proper cup of coffee anywhere they roam.")][n]
        return [name, overview, said[0], pros, *items, verdict, said[1]]

    footer = ["Privacy", "Contact", "Imprint", "Careers"]
    sections = [line for n, name in enumerate(products) for line in section(name, n)]
    texts = ["Home", "News"] * 5 + intro + sections + footer
    out = article_region(texts, feats(lexicon, texts), [None] * len(texts), CONFIG)
    assert [t for t, v in zip(texts, out) if v is None] == intro + sections
    # One repeated heading is no template: the short items of the later sections go, as before.
    single = [line for n, name in enumerate(products) for line in section(name, n, ("Overview", f"Good {n}", f"Summary {n}"))]
    texts = ["Home", "News"] * 5 + intro + single + footer
    out = article_region(texts, feats(lexicon, texts), [None] * len(texts), CONFIG)
    assert out[texts.index("Glass jug keeps the brew hot for an hour")] is not None
    # Headings before the same line each time are a share bar and a follow box, not sections.
    widgets = {"Pros": ["Share", "Email"], "Verdict": ["Follow us", "Twitter"]}
    bar = [out for line in sections for out in widgets.get(line, [line])]
    texts = ["Home", "News"] * 5 + intro + bar + footer
    out = article_region(texts, feats(lexicon, texts), [None] * len(texts), CONFIG)
    assert out[texts.index("Portable case with a carrying strap")] is not None


def test_what_stands_between_the_article_and_its_comment_thread_is_the_articles(lexicon):
    """A recipe blog: the story, then the recipe's card (quantities, steps), then the readers'
    comments. The card shares the story's words and stands above the thread: it is the article's.
    A box of other stories' headlines there shares nothing with the story and goes, and so does
    a menu (a pair of tiny lines); without a thread below, the card is left to the page tail."""
    story = ["Roasting a turkey for the holiday dinner is easier than it looks, and a dry bird is never the cook's fault alone.",
             "The turkey needs butter under its skin, a hot oven at first and a lower heat later, and then a long rest.",
             "Brining the turkey overnight keeps it moist, though a good thermometer matters more than any brine."]
    card = ["Roast turkey with herb butter", "1 turkey of about 12 pounds", "1 stick butter, soft",
            "2 tablespoons chopped thyme", "1. Rub the butter with thyme under the turkey skin",
            "2. Roast the turkey in a hot oven for 30 minutes, then lower the heat"]
    thread = Verdict("comments", "comment_section")
    texts = ["Home", "News"] * 5 + story + card + ["6 Comments", "Jane said: lovely recipe"]
    labels = [None] * (len(texts) - 2) + [thread, thread]
    out = article_region(texts, feats(lexicon, texts), labels, CONFIG)
    assert [t for t, v in zip(texts, out) if v is None] == story + card
    headlines = ["Mayor opens new bridge over the river", "Storm closes schools across the county",
                 "Local team wins the regional cup final", "Prices of petrol rise for a third month"]
    for box, kept in ((headlines, []), (card[:3] + ["Home", "Contact"] + card[3:], [])):
        texts = ["Home", "News"] * 5 + story + box + ["6 Comments", "Jane said: lovely recipe"]
        labels = [None] * (len(texts) - 2) + [thread, thread]
        out = article_region(texts, feats(lexicon, texts), labels, CONFIG)
        assert [t for t, v in zip(texts, out) if v is None] == story + kept
    texts = ["Home", "News"] * 5 + story + card + ["Privacy", "Contact"]
    out = article_region(texts, feats(lexicon, texts), [None] * len(texts), CONFIG)
    assert [t for t, v in zip(texts, out) if v is None] == story


def test_a_related_box_inside_the_story_does_not_end_it(lexicon):
    """A "Most Read" box with three headlines in the middle of a news story: the story goes on
    below it, paragraph after paragraph on its topic, and stays; the box goes. Teasers of other
    stories under the box, a headline and a sentence each, are no story going on."""
    story = [f"The council approved the new budget for schools and libraries on {day}, after a debate "
             "that lasted well into the night and ended with a narrow vote in favour of the plan."
             for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")]
    more = [f"Budget talks for the schools and libraries resume {when}, when the council will vote on "
            "the plan for the libraries again, the mayor said in a statement to the council." for when in
            ("next week", "in March", "in the spring", "after the summer")]
    box = ["Most Read", "Storm closes the harbour", "Jane Doe", "Cup final goes to penalties", "John Roe",
           "Petrol prices rise again", "Ann Poe", "Schools"]
    header = Verdict("related_content", "related_header", opens_run=True)
    texts = ["Home", "News"] * 5 + story + box + more + ["Privacy", "Contact"]
    labels = [header if t == "Most Read" else None for t in texts]
    out = article_region(texts, feats(lexicon, texts), labels, CONFIG)
    assert [t for t, v in zip(texts, out) if v is None] == story + more
    teasers = [line for n, headline in enumerate(("Storm closes the harbour", "Cup final goes to penalties",
                                                  "Petrol prices rise again", "New bridge opens"))
               for line in (headline, more[n])]
    texts = ["Home", "News"] * 5 + story + box + teasers + ["Privacy", "Contact"]
    labels = [header if t == "Most Read" else None for t in texts]
    out = article_region(texts, feats(lexicon, texts), labels, CONFIG)
    assert [t for t, v in zip(texts, out) if v is None] == story


def test_the_article_stands_above_the_form_to_comment_on_it(lexicon):
    """A short blog post, the form to comment on it, then a sidebar of recent posts with teasers
    longer than the post: the article is above the form (as above a comment thread), and the
    region does not grow past the form into the sidebar."""
    post = [PARAGRAPH, "The vote was close, and the mayor thanked the council for a long and careful debate."]
    form = ["Leave a Reply", "Your email address will not be published.", "Name *", "Email *"]
    teasers = [line for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
               for line in (f"Chef opens a bistro ({day})",
                            f"A celebrity chef opened a bistro by the harbour on {day}, and the queue outside "
                            "its door was longer than the street itself.")]
    texts = ["Home", "News"] * 5 + post + form + ["Recent Posts"] + teasers + ["Privacy", "Contact"]
    known = {"Leave a Reply": Verdict("comments", "comment_prompt"),
             "Your email address will not be published.": Verdict("comments", "comment_form"),
             "Recent Posts": Verdict("related_content", "related_header", opens_run=True)}
    labels = [known.get(t) for t in texts]
    out = article_region(texts, feats(lexicon, texts), labels, CONFIG)
    assert [t for t, v in zip(texts, out) if v is None] == post


def test_region_never_takes_more_prose_than_it_keeps(lexicon):
    """An article cut into pieces by long lists (code, a spec table) has more prose outside its
    largest piece than inside it: the prose outside stays, and the lists between the pieces with it.
    One piece among much less prose outside is the article, and the rest is cut as before."""
    pieces = ["Compilers turn source code into machine code in several passes over the program tree.",
              "Each pass rewrites the tree a little, and the last one writes instructions for the CPU.",
              "Registers are few, so the allocator decides which values live in memory between uses."]
    main = [PARAGRAPH]
    listing = [f"- item {n}" for n in range(CONFIG.page_max_gap + 1)]
    texts = ["Home", "News"] * 5 + main + listing + pieces[:1] + listing + pieces[1:2] + listing + pieces[2:]
    out = article_region(texts, feats(lexicon, texts), [None] * len(texts), CONFIG)
    assert all(out[texts.index(p)] is None for p in pieces)
    assert all(v is not None for v in out[:10])
    assert all(v is None for v in out[10:])  # the lists between the pieces are the article's
    # Below the pieces, a sidebar: menus and a line of teaser prose. Mostly not prose: it goes.
    sidebar = ["Most read", "Sport", "Weather", "Jobs", "Contact", "About us", "Privacy", "Sitemap",
               "Advertise with us", "Terms of use", TEASER + " and more.", "RSS", "Careers", "Archive"]
    framed = texts + sidebar
    out = article_region(framed, feats(lexicon, framed), [None] * len(framed), CONFIG)
    assert all(v is None for v in out[10:len(texts)])
    assert [v.rule if v else None for v in out[len(texts):]] == ["page_tail"] * 10 + [None] + ["page_tail"] * 3
    one_piece = ["Home", "News"] * 5 + main * 2 + listing + pieces[:1] + ["Sitemap", "Contact"]
    out = article_region(one_piece, feats(lexicon, one_piece), [None] * len(one_piece), CONFIG)
    assert out[one_piece.index(pieces[0])] == Verdict("related_content", "page_tail", weak=True)


def test_a_split_article_runs_up_from_its_largest_piece_too(lexicon):
    """The largest piece of an article in pieces can stand in its middle (a roundup's longest
    section): the pieces above it, and the lists and headings between them, are the article's as
    far up as the text stays at least half prose with paragraphs as long as the region's. The menu
    above them is not: it goes."""
    pieces = ["Compilers turn source code into machine code in several passes over the program tree.",
              "Each pass rewrites the tree a little, and the last one writes instructions for the CPU.",
              "Registers are few, so the allocator decides which values live in memory between uses."]
    listing = [f"- item {n}" for n in range(CONFIG.page_max_gap + 1)]
    more = "Optimising passes remove the work that the program never needs at run time, such as dead stores."
    article = pieces[:2] + listing + [pieces[2], more] + listing + [PARAGRAPH, PARAGRAPH]
    texts = ["Home", "News"] * 5 + article
    out = article_region(texts, feats(lexicon, texts), [None] * len(texts), CONFIG)
    assert all(v is not None for v in out[:10])
    assert all(v is None for v in out[10:])
    # Never up across the headline: above it, a sidebar's blurb stays (it is prose) but its links go.
    links = ["Latest", "Sport", "Weather", "Jobs", "Archive", "Contact", "About us"]
    headed = ["How compilers work - Example Blog"] + ["Home", "News"] * 5 + [PARAGRAPH] + links + ["How compilers work"] + article
    out = article_region(headed, feats(lexicon, headed), [None] * len(headed), CONFIG)
    assert [v.rule if v else None for v in out[11:19]] == [None] + ["page_head"] * len(links)
    assert all(v is None for v in out[19 + 1:])


def test_a_short_sentence_between_two_paragraphs_of_a_split_article_stays(lexicon):
    """In an article in pieces only the non-prose lines outside the region go; a line written as a
    sentence but too short for a paragraph, right between two of the article's paragraphs, is the
    article's too. The same sentence beside a menu line is not."""
    pieces = ["Compilers turn source code into machine code in several passes over the program tree.",
              "Each pass rewrites the tree a little, and the last one writes instructions for the CPU.",
              "Registers are few, so the allocator decides which values live in memory between uses."]
    short = "Remember that each of the passes must keep its meaning."
    listing = [f"- item {n} of a long list of the passes" for n in range(CONFIG.page_max_gap + 1)]
    after = listing + pieces[2:] + ["Optimising passes remove the work the program never needs, such as dead stores."] \
        + listing + [PARAGRAPH, PARAGRAPH]
    texts = ["Home", "News"] * 5 + pieces[:1] + [short] + pieces[1:2] + after
    out = article_region(texts, feats(lexicon, texts), [None] * len(texts), CONFIG)
    assert out[texts.index(short)] is None and out[texts.index(listing[0])] is not None
    beside = ["Home", "News"] * 5 + pieces[:1] + [short, "Archive"] + pieces[1:2] + after
    out = article_region(beside, feats(lexicon, beside), [None] * len(beside), CONFIG)
    assert out[beside.index(short)] is not None


def test_the_region_does_not_run_on_into_teasers_of_other_stories(lexicon):
    """Below the article and a box of links, teasers of other stories are prose too, and outweigh
    it, but a sentence each: they stay (prose outside is never cut when it outweighs the region),
    but the region does not run on through the box and their titles, as it does through an
    article's own lists (test_region_never_takes_more_prose_than_it_keeps)."""
    long = " ".join([PARAGRAPH] * 3)
    box = ["More stories", "Sport", "Weather", "Jobs", "Contact", "About us", "Privacy"]
    teasers = []
    for n in range(20):
        teasers += [f"Other story {n}", f"Story {n} of another day told in a sentence of some length for readers."]
    texts = ["Council approves budget | Daily Example"] + MENU[:6] + ["Council approves budget"] + [long] * 3 + box
    start = len(texts)
    texts += teasers
    out = article_region(texts, feats(lexicon, texts), [None] * len(texts), CONFIG)
    assert all(v is None for v in out[8:11])
    assert all(v is None for v in out[start + 1::2])  # the teasers' sentences
    assert {v.rule for v in out[11:start] + out[start::2] if v} == {"page_tail"}
    assert all(v is not None for v in out[11:start] + out[start::2])


def test_article_text_is_never_treated_as_a_page(cleaner):
    """Extractor output and clean articles have few tiny lines: the region stage does not run."""
    sentences = [PARAGRAPH, "Buses will run every ten minutes on the main lines from June, officials said.",
                 "Teachers welcomed the plan but warned that many school buildings still need repairs.",
                 "The opposition voted against it, calling the spending on consultants far too high.",
                 "A public hearing on the details is planned for the first week of next month."]
    text = "\n".join(sentences + ["Short line", "Another"])
    assert cleaner.clean(text).body == text


def test_page_stage_does_not_run_on_html_extractions():
    html = "<html><body><article>" + "".join(f"<p>Row {i}</p>" for i in range(30)) + f"<p>{PARAGRAPH}</p></article></body></html>"
    doc = Cleaner().clean(html)
    assert not [r for r in doc.removed if r.rule.startswith("page_")]


def test_a_run_opener_above_most_of_the_prose_does_not_end_the_article(lexicon):
    """A note under the intro of a long guide ("Disclaimer: ...") opens runs elsewhere; when twice
    the region's prose follows it, on the guide's topic, it is inside the article and the sections
    after it stay. The same opener under a long article still ends it: the teasers after it go."""
    intro = "This guide explains how compilers turn source code into machine code, one pass at a time."
    pieces = ["Compilers turn source code into machine code in several passes over the program tree.",
              "Each pass rewrites the tree a little, and the last one writes instructions for the CPU.",
              "Registers are few, so the allocator decides which values live in memory between uses.",
              "Inlining copies a small function into its callers, which saves calls but grows the code."]
    listing = [f"- item {n}" for n in range(CONFIG.page_max_gap + 1)]
    texts = ["Home", "News"] * 5 + [intro, "Disclaimer: prices change often."]
    for piece in pieces:
        texts += listing + [piece]
    labels = [None] * len(texts)
    labels[11] = Verdict("disclaimer", "disclaimer_prefix", opens_run=True)
    out = article_region(texts, feats(lexicon, texts), labels, CONFIG)
    assert all(out[texts.index(p)] is None for p in pieces)
    short = ["Home", "News"] * 5 + [intro] + pieces + ["Disclaimer: prices change often."] + listing + pieces[:1]
    labels = [None] * len(short)
    labels[15] = Verdict("disclaimer", "disclaimer_prefix", opens_run=True)
    out = article_region(short, feats(lexicon, short), labels, CONFIG)
    assert out[-1] == Verdict("related_content", "page_tail", weak=True)


def _teasers(count):
    """Prose teasers of other stories: a sentence each, sharing no topic word with PARAGRAPH."""
    stars = ["singer", "actress", "footballer", "presenter", "model", "comedian"]
    return [f"The {stars[n % len(stars)]} number {n} shows off a tan on a sunny beach holiday with "
            f"friends and family in Spain this week." for n in range(count)]


def test_a_headline_in_a_share_bar_under_the_article_does_not_start_it(lexicon):
    """Pages name the story again in the share bar under it ("Share or comment on this article:
    <headline>"), and a column of teasers follows under a related-news header. That repetition is
    no headline: the article is the prose above it, however much longer the teasers are."""
    article = [" ".join([PARAGRAPH] * 3)] * 3
    related = Verdict("related_content", "related_header", opens_run=True)
    texts = (["Council approves budget | Daily Example"] + MENU + article
             + ["Share this article:", "Council approves budget"] + MENU[:CONFIG.page_max_gap] + ["DON'T MISS"]
             + _teasers(40))
    labels = [None] * len(texts)
    labels[texts.index("DON'T MISS")] = related
    out = article_region(texts, feats(lexicon, texts), labels, CONFIG)
    start = len(MENU) + 1
    assert all(v is None for v in out[start:start + len(article)])
    assert all(v == Verdict("related_content", "page_tail", weak=True) for v in out[-40:])
    # The same headline above the article, with no prose over it, still marks where it starts.
    found = clusters([PROSE] * 3 + ["short"] * 8 + [PROSE] * 3, feats(lexicon, article + ["x"] * 8 + article),
                     CONFIG)
    assert main_cluster(found, [9], CONFIG, [None] * 14) == found[1]
    ender = [None] * 14
    ender[10] = related
    assert main_cluster(found, [4], CONFIG, ender) == found[0]


def test_teasers_below_a_run_opener_end_the_article_however_many(lexicon):
    """A related-news header under the article ends it even when the teasers below outweigh the
    article twice over: they share nothing with its topic (test_a_run_opener_above_most_of_the_prose
    keeps a guide's sections, which do)."""
    article = [" ".join([PARAGRAPH] * 2)] * 2
    texts = ["Council approves budget | Daily Example"] + MENU + ["Council approves budget"] + article
    texts += ["More stories"] + MENU[:CONFIG.page_max_gap] + _teasers(12)
    labels = [None] * len(texts)
    labels[texts.index("More stories")] = Verdict("related_content", "related_header", opens_run=True)
    out = article_region(texts, feats(lexicon, texts), labels, CONFIG)
    assert sum(f.words for f in feats(lexicon, _teasers(12))) > 2 * 4 * len(PARAGRAPH.split())
    assert all(v is None for v in out[len(MENU) + 2:len(MENU) + 4])
    assert all(v == Verdict("related_content", "page_tail", weak=True) for v in out[-12:])


def test_the_article_is_a_cluster_above_the_comment_thread(lexicon):
    """Once comment_section has labelled a thread, a longer block of prose below it (a site's legal
    notice in the footer) is not the article: the short post above the thread is."""
    post = [PARAGRAPH, "Buses will run every ten minutes on the main lines from June, officials said."]
    legal = ["The copyright of all texts and pictures on this site stays with the author, who has to be "
             "asked before any of them may be copied, printed or published anywhere else in the world.",
             "This site links to other sites now and then; the author has checked them when the link was "
             "set, but cannot answer for what their owners put on them later, and does not own them."]
    thread = ["Lovely pictures!", "Like", "Thanks!", "Like"]
    texts = ["Home", "News"] * 5 + post + ["- item"] * (CONFIG.page_max_gap + 1) + thread + \
        ["- item"] * (CONFIG.page_max_gap + 1) + legal
    labels = [None] * len(texts)
    start = texts.index("Lovely pictures!")
    for i in range(start, start + len(thread)):
        labels[i] = Verdict("comments", "comment_section")
    out = article_region(texts, feats(lexicon, texts), labels, CONFIG)
    assert [out[texts.index(p)] for p in post] == [None, None]
    assert all(out[texts.index(p)] is not None for p in legal)


def test_no_region_without_prose_to_anchor_it(lexicon):
    """A page whose article is a list, a recipe or a product sheet, with one caption sentence for
    all its prose, has no article in prose: the region cuts nothing rather than keep the caption
    and drop the recipe."""
    caption = "Die Plätzchen halten sich in einer gut verschlossenen Dose mindestens zwei Wochen lang frisch."
    recipe = ["Mandelplätzchen | Example Kitchen"] + MENU + [
        "200 g Mehl", "100 g Zucker", "100 g gemahlene Mandeln", "1 Ei", "Alles verkneten und kühlen.",
        "Plätzchen ausstechen und backen.", caption] + MENU
    out = article_region(recipe, feats(lexicon, recipe), [None] * len(recipe), CONFIG)
    assert out == [None] * len(recipe)
    # With a paragraph of prose besides, the page's article is framed by chrome.
    page = recipe[:-len(MENU)] + [PARAGRAPH, "Buses will run every ten minutes on the main lines from June, officials said."] + MENU
    out = article_region(page, feats(lexicon, page), [None] * len(page), CONFIG)
    assert {v.rule for v in out[1:len(MENU) + 1]} == {"page_head"}
    assert {v.rule for v in out[-len(MENU):]} == {"page_tail"}


INGREDIENTS = ["Ingredients", "250 g flour", "2 tsp baking powder", "125 g butter, soft", "3 large eggs",
               "1/2 cup milk", "Zest of two lemons", "For the glaze:", "200 g icing sugar"]
METHOD = ["Heat the oven to 180 degrees and butter a loaf tin, then line its bottom with baking paper.",
          "Beat the butter with the sugar until pale, then add the eggs one by one and beat well after each.",
          "Fold in the flour, the baking powder, the milk and the lemon zest, and pour it into the tin.",
          "Bake for fifty minutes, let it cool, then stir the icing sugar with lemon juice and glaze it."]


def _recipe_page(lines):
    # No headline above the lines: what stands between a headline and the first paragraph stays anyway.
    return ["Lemon loaf cake | Example Kitchen"] + MENU + lines + METHOD + ["Home", "About", "Jobs"]


def test_a_recipes_ingredients_above_its_method_are_the_article(lexicon):
    """The method is the page's prose; the ingredient list above it is led by quantities ("250 g
    flour", "1/2 cup milk"), and the method names what it lists: it stays with its heading's
    neighbours, and the menu above it goes."""
    texts = _recipe_page(INGREDIENTS)
    out = article_region(texts, feats(lexicon, texts), [None] * len(texts), CONFIG)
    kept = [t for t, v in zip(texts, out) if v is None]
    assert all(line in kept for line in INGREDIENTS[1:]) and all(line in kept for line in METHOD)
    assert not any(line in kept for line in MENU)
    off = Config(disabled=frozenset({"page_list"}))
    out = article_region(texts, feats(lexicon, texts), [None] * len(texts), off)
    assert not any(v is None for t, v in zip(texts, out) if t in INGREDIENTS[1:])


@pytest.mark.parametrize("lines", [
    # a shop's menu: the same words after each number (words the method uses)
    ["6 inch Loaf Tin", "8 inch Loaf Tin", "10 inch Loaf Tin", "12 inch Loaf Tin"],
    # a numbered list of other stories counts up
    ["1 Lemon prices fall again", "2 Flour mills close in the north", "3 Butter stays dear", "4 Eggs from the coast"],
    # headlines in capitals
    ["8 Best Lemon Cakes to Bake This Spring", "10 Easy Flour Swaps for Every Kitchen",
     "15 Butter Tricks Bakers Swear By Today", "6 Egg Recipes for a Quick Weekend Brunch"],
    # three lines led by a quantity only
    ["250 g flour", "3 large eggs", "1/2 cup milk", "Zest of two lemons"],
])
def test_lists_of_numbers_that_are_no_ingredients_go_with_the_chrome(lexicon, lines):
    texts = _recipe_page(lines)
    out = article_region(texts, feats(lexicon, texts), [None] * len(texts), CONFIG)
    assert all(v is not None for t, v in zip(texts, out) if t in lines)


def test_an_ingredient_list_the_method_does_not_name_is_no_ingredient_list(lexicon):
    texts = _recipe_page(["250 g gravel", "2 kg cement", "125 l water", "3 steel rods", "1/2 bag sand"])
    classes = [block_class(f, None, CONFIG) for f in feats(lexicon, texts)]
    first = texts.index(METHOD[0])
    assert ingredient_lists(texts, feats(lexicon, texts), [None] * len(texts), classes, first, first + 3,
                            len(texts), CONFIG) == set()
    texts = _recipe_page(INGREDIENTS)
    classes = [block_class(f, None, CONFIG) for f in feats(lexicon, texts)]
    first = texts.index(METHOD[0])
    assert ingredient_lists(texts, feats(lexicon, texts), [None] * len(texts), classes, first, first + 3,
                            len(texts), CONFIG) >= {texts.index(line) for line in INGREDIENTS[1:]}


def test_a_list_of_quantities_longer_than_any_recipe_is_data_not_ingredients(lexicon):
    """Over ``page_list_max`` lines led by quantities is a table of data (a recipe lists a few
    dozen things at most); the check also keeps the cost of a page of such lines linear."""
    lines = [f"{(n * 37) % 500 + 5} g flour of mill {n}" for n in range(CONFIG.page_list_max + 1)]
    texts = _recipe_page(lines)
    out = article_region(texts, feats(lexicon, texts), [None] * len(texts), CONFIG)
    assert all(v is not None for t, v in zip(texts, out) if t in lines)
    texts = _recipe_page(lines[:CONFIG.page_list_max - 1])
    out = article_region(texts, feats(lexicon, texts), [None] * len(texts), CONFIG)
    assert all(v is None for t, v in zip(texts, out) if t in lines[:CONFIG.page_list_max - 1])
