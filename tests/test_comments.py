"""The comment_section heuristic: a signed, dated thread after the article goes; dated lines that
are the article (a timeline, a mail archive, a live blog) stay."""

from __future__ import annotations

import pytest

from cleaner import Cleaner, Config

ARTICLE = [
    "The city council voted on Tuesday to close the old harbour bridge to cars from next spring.",
    "Engineers found cracks in two of the bridge's steel girders during an inspection in March, the council said.",
    "Cyclists and pedestrians will still be able to cross while a replacement is designed and built.",
    "The council expects the new bridge to open in 2027 and to cost about 40 million euros.",
]

THREAD = [
    "3 Comments",
    "Maria K. — July 17th, 2012, 6:18 pm",
    "Finally! I cross that bridge every morning and it shakes when the buses pass.",
    "Reply",
    "Tom — July 17th, 2012, 7:02 pm",
    "Forty million seems a lot for a bridge that short, does anyone know who gets the contract?",
    "Reply",
    "J.J. — July 18th, 2012, 8:12 am",
    "Good news for cyclists at least.",
    "Reply",
]


@pytest.fixture(scope="module")
def cleaner():
    return Cleaner()


def removed_by(doc, rule):
    return [r.text for r in doc.removed if r.rule == rule]


def assert_thread_goes(cleaner, lines, witness, before=()):
    """Cleaning the article with ``lines`` after it leaves the article, and ``witness`` went as
    part of the comment thread."""
    doc = cleaner.clean("\n".join(ARTICLE + list(before) + list(lines)))
    assert doc.body == "\n".join(ARTICLE)
    assert witness in " ".join(removed_by(doc, "comment_section"))


def test_a_signed_thread_after_the_article_is_removed(cleaner):
    doc = cleaner.clean("\n\n".join(ARTICLE + THREAD), kind="text")
    assert doc.body.split("\n\n") == ARTICLE
    assert "Tom — July 17th, 2012, 7:02 pm" in removed_by(doc, "comment_section")
    assert {r.category for r in doc.removed if r.rule == "comment_section"} == {"comments"}


def test_a_thread_without_reply_links_needs_signatures_close_together(cleaner):
    thread = [line for line in THREAD if line != "Reply"]
    doc = cleaner.clean("\n\n".join(ARTICLE + thread), kind="text")
    assert doc.body.split("\n\n") == ARTICLE


def test_the_article_stays_when_the_stage_is_disabled():
    doc = Cleaner(Config(disabled=frozenset({"comment_section"}))).clean("\n\n".join(ARTICLE + THREAD), kind="text")
    assert "Forty million seems a lot for a bridge that short, does anyone know who gets the contract?" in doc.body
    assert not removed_by(doc, "comment_section")


def test_the_articles_own_date_line_does_not_open_the_thread(cleaner):
    """A dated line far above the next one is the article's date line: the thread starts at the comments."""
    head = ["Menu", "News", "Sport", "Weather", "Contact us", "Subscribe to our weekly edition today",
            "Published Tuesday 8th January 2008 16:05 GMT"]
    story = ARTICLE + [p.replace("council", "city") for p in ARTICLE] + [p.replace("bridge", "crossing") for p in ARTICLE]
    text = "\n\n".join(head + story + THREAD)
    doc = cleaner.clean(text, kind="text")
    for paragraph in ARTICLE:
        assert paragraph in doc.body
    assert "Tom — July 17th, 2012, 7:02 pm" not in doc.body


def test_a_mail_archive_quoted_in_an_article_is_kept(cleaner):
    """Dated headers several paragraphs apart, with no replies, are the story itself."""
    parts = list(ARTICLE)
    for day in range(1, 5):
        parts += [f"Date: Fri, {day} Feb 2002 11:53:40 -0500", "From: Matt Fredette",
                  "I have the kernel booting on the 712 now, but the console still hangs after the probe.",
                  "The serial port works at 9600 baud, and the network card is found at the second try.",
                  "I will send the patches to the list once the disk driver survives a full build.",
                  "Shalayeff answered within the hour, and the two ports grew closer from then on."]
    doc = cleaner.clean("\n\n".join(parts), kind="text")
    assert not removed_by(doc, "comment_section")
    assert "Date: Fri, 3 Feb 2002 11:53:40 -0500" in doc.body


def test_a_live_blog_with_clock_times_only_is_kept(cleaner):
    parts = list(ARTICLE)
    for hour in range(10, 16):
        parts += [f"{hour}:30", f"Police have closed the road to the harbour as of {hour}:30, a spokesman said."]
    doc = cleaner.clean("\n\n".join(parts), kind="text")
    assert not removed_by(doc, "comment_section")


def test_numbers_that_only_look_like_dates_are_no_signature(cleaner):
    """'25/25/50' and '14.11.24' hold no date with a separate clock time."""
    parts = ARTICLE + ["Meal 2: Between 11:00 am and 12:00 noon (25/25/50 meal)",
                       "Meal 3: Between 3:00 pm and 4:00 pm (25/25/50 meal)",
                       "Meal 4: Between 7:00 pm and 8:00 pm (25/25/50 meal)",
                       "14.11.24", "08.12.25", "01.12.25"]
    doc = cleaner.clean("\n\n".join(parts), kind="text")
    assert not removed_by(doc, "comment_section")


UNSIGNED = [
    "Finally! I cross that bridge every morning and it shakes when the buses pass.",
    "[Reply]",
    "Forty million seems a lot for a bridge that short, does anyone know who gets the contract?",
    "[Reply]",
    "Good news for cyclists at least.",
    "ReplyDelete",
    "Will the ferry run again while they build it?",
    "[Reply]",
]


def test_a_thread_whose_signatures_were_dropped_goes_by_its_reply_links(cleaner):
    assert_thread_goes(cleaner, UNSIGNED, "Finally! I cross that bridge")


def test_reply_links_after_every_post_of_a_forum_keep_the_posts(cleaner):
    # The first post is as short as the answers: no article above the thread.
    posts = ["Does anyone know when the harbour bridge closes to cars?", "Reply",
             "Next spring, the council said on Tuesday.", "Reply",
             "Cyclists can still cross it, I asked.", "Reply"]
    doc = cleaner.clean("\n".join(posts))
    assert not removed_by(doc, "comment_section")


def test_reply_links_far_apart_are_no_thread(cleaner):
    text = [ARTICLE[0], "Reply", ARTICLE[1], ARTICLE[2], ARTICLE[3], "Reply", "Good news for cyclists at least.",
            "The council met again on Friday.", "Tom wrote to the mayor.", "Nobody answered him.", "Reply"]
    doc = cleaner.clean("\n".join(text))
    assert not removed_by(doc, "comment_section")


REACTIONS = [
    "Great post, Anna. I cross that bridge every morning and it shakes when the buses pass.",
    "Forty million seems a lot for a bridge that short.",
    "Thanks for sharing this, I had no idea the girders were cracked.",
    "@Tom it is the steel that costs, not the length.",
    "Will the ferry run again while they build it?",
]


def test_a_thread_with_neither_signatures_nor_links_goes_by_its_readers_answers(cleaner):
    assert_thread_goes(cleaner, REACTIONS, "Will the ferry run again")


def test_two_different_answers_after_the_article_start_a_thread(cleaner):
    # The extractor kept two readers' answers and what they wrote between them, nothing else.
    answers = [REACTIONS[0], REACTIONS[1], "Thanks for this, the buses shake it even more in winter."]
    assert_thread_goes(cleaner, answers, REACTIONS[1])


def test_one_answer_or_the_same_line_twice_is_no_thread(cleaner):
    # One answer may be a quote in the story; one line printed twice is one widget, not two readers.
    # (Neither is followed by lines that say "I": see the one-answer tests below.)
    for extra in ([REACTIONS[3], REACTIONS[1]], [REACTIONS[3], REACTIONS[1], REACTIONS[3]]):
        doc = cleaner.clean("\n".join(ARTICLE + extra))
        assert not removed_by(doc, "comment_section"), extra
        assert REACTIONS[1] in doc.body


ONE_ANSWER_THREAD = [
    "Great post, Anna.",
    "I cross that bridge every morning and I can feel it shake when the buses pass.",
    "My kids walk over it to school, so I am glad they found the cracks.",
]


def test_one_answer_and_readers_speaking_for_themselves_after_a_longer_article_is_a_thread(cleaner):
    assert_thread_goes(cleaner, ONE_ANSWER_THREAD, ONE_ANSWER_THREAD[2])


def test_one_answer_followed_by_the_story_in_the_reporters_voice_is_no_thread(cleaner):
    # A quote inside the story: what follows it is the story again, not readers saying "I".
    story = ARTICLE[:2] + ["Great work, Anna, the mayor told the chief engineer at the meeting.",
                           ARTICLE[2], ARTICLE[3], "The ferry will run twice an hour until the new bridge opens."]
    doc = cleaner.clean("\n".join(story))
    assert not removed_by(doc, "comment_section")


def test_one_answer_followed_by_more_than_the_article_is_no_thread(cleaner):
    # A blog post told in the first person, longer after the line than before it, stays whole.
    diary = ONE_ANSWER_THREAD + [
        "I rode my bike over the bridge again this morning and I counted the cracked bolts myself.",
        "My neighbour says I worry too much, but I have crossed it every day for twenty years.",
        "I will write to the council again next week and I will post their answer here.",
    ]
    assert sum(len(line.split()) for line in diary) > sum(len(line.split()) for line in ARTICLE)
    doc = cleaner.clean("\n".join(ARTICLE + diary))
    assert not removed_by(doc, "comment_section")


def test_two_thanks_in_an_article_are_no_thread(cleaner):
    text = ARTICLE[:2] + ["Thanks to the inspectors, the cracks were found in time.",
                          "Hi Anna, the mayor wrote to the chief engineer, thank you for your work."] + ARTICLE[2:]
    doc = cleaner.clean("\n".join(text))
    assert not removed_by(doc, "comment_section")
    assert "Thanks to the inspectors" in doc.body


def test_the_authors_own_thanks_for_reading_opens_no_thread(cleaner):
    text = ARTICLE + ["Thanks for reading!", "Thank you for reading, and see you next week.",
                      "Thanks to everyone who wrote in about the bridge."]
    doc = cleaner.clean("\n".join(text))
    assert not removed_by(doc, "comment_section")


def test_a_comment_heading_above_the_first_answer_starts_the_thread(cleaner):
    early = "The steel will come from a mill up the river, so the trucks will not cross the town."
    assert_thread_goes(cleaner, REACTIONS, early, before=["Comments", early])


def test_readers_seconding_and_praising_are_answers_too(cleaner):
    answers = ["So incredibly helpful!", "I second this, the buses are the problem.", "Kudos to the engineers.",
               "What a great idea to keep the bridge open for bikes."]
    doc = cleaner.clean("\n".join(ARTICLE + answers))
    assert doc.body == "\n".join(ARTICLE)


def test_a_page_of_letters_to_the_editor_is_kept(cleaner):
    letters = ["Dear Editor,", "The bridge has been unsafe for years and the council knew it, as every cyclist did.",
               "Dear Editor,", "Forty million euros is a fair price for a bridge that will last a century.",
               "Dear Sir,", "Why not bring back the ferry while the new bridge is built?"]
    doc = cleaner.clean("\n".join(ARTICLE + letters))
    assert not removed_by(doc, "comment_section")
