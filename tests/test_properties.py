"""Properties over any input: cleaning never raises, the body is made only of the input's own
blocks, and cleaning the body again changes nothing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from cleaner import InputError
from cleaner.decode import normalise, repair_mojibake, unescape_entities
from cleaner.segment import segment

# Any Unicode text up to a bound; lines and paragraphs come from the line breaks st.text draws.
ANY_TEXT = st.text(max_size=1500)
# derandomize: the same examples on every run and machine, so CI is reproducible (a property failure
# found by a random run is shrunk and added as an @example, as the ones below were).
SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

# Text shaped like a scraped article: headlines, prose, boilerplate lines and noise, in any order.
HEADLINES = ["Big News Today", "Council Agrees New Budget", "Markets Rally As Rates Fall",
             "Die Regierung plant neue Regeln", "Новые правила для водителей"]
PROSE = ["The council said on Monday that the new budget would fund more schools, roads and housing in the city.",
         "Officials expect further talks next week, and the opposition has promised to challenge the plan in court.",
         "Die Regierung kündigte am Montag an, dass die neuen Regeln ab dem kommenden Jahr für alle Bürger gelten.",
         "Rates fell by 2% as markets rallied on Monday, the central bank said in a statement to reporters there."]
JUNK = ["Read more", "Subscribe to our newsletter", "By Jane Doe", "Photo: Reuters", "2 hours ago", "placeholder",
        "BTC $64,000 +2.1%", "Support The Moscow Times!", "Share this article", "Source: Reuters", "0",
        "Please support our journalism today: your donation of any size helps us keep reporting."]
LINE = st.one_of(st.sampled_from(HEADLINES), st.sampled_from(PROSE), st.sampled_from(JUNK), st.text(max_size=60))
ARTICLE_SHAPED = st.lists(st.tuples(LINE, st.sampled_from(["\n", "\n\n"])), max_size=14).map(
    lambda parts: "".join(line + gap for line, gap in parts))


def assert_body_is_made_of_blocks(doc) -> None:
    """Every body line is a whole block of the normalised input, in input order, each used once."""
    blocks = [b.text for b in segment(doc.text)]
    position = 0
    for line in filter(None, doc.body.split("\n")):
        assert line in blocks[position:], f"{line!r} is not one of the input's remaining blocks"
        position = blocks.index(line, position) + 1


@SETTINGS
@given(ANY_TEXT)
def test_any_text_is_cleaned_into_its_own_blocks(cleaner, text):
    doc = cleaner.clean(text, kind="text")
    assert doc.text == normalise(unescape_entities(repair_mojibake(text)[0])[0])
    assert_body_is_made_of_blocks(doc)


@SETTINGS
@given(st.one_of(ANY_TEXT, ARTICLE_SHAPED))
def test_any_text_in_auto_mode_is_cleaned_into_the_blocks_it_was_read_as(cleaner, text):
    assert_body_is_made_of_blocks(cleaner.clean(text))


@SETTINGS
@given(st.binary(max_size=3000))
def test_any_bytes_give_a_document_or_an_input_error(cleaner, data):
    try:
        doc = cleaner.clean(data)
    except InputError as err:
        assert str(err) and "\n" not in str(err)
    else:
        assert_body_is_made_of_blocks(doc)


@SETTINGS
@given(ANY_TEXT)
def test_cleaning_is_idempotent_on_any_text(cleaner, text):
    body = cleaner.clean(text).body
    assert cleaner.clean(body).body == body


@SETTINGS
@example(f"{HEADLINES[0]}\n{HEADLINES[1]}\n{PROSE[0]}")
@example(f"0\n{HEADLINES[0]}\n{PROSE[0]}\n0")
# The copy of the last paragraph goes: the quotes before it then stand after the article.
@example(f"{PROSE[0]}\nBTC $64,000 +2.1%\nBTC $64,000 +2.1%\n{PROSE[0]}\n")
# Copies with a removed line between them are a run of copies, in the first pass as in the second.
@example(f"{PROSE[0]}\n{PROSE[0]}\nRead more\n{PROSE[0]}\n{PROSE[1]}\n")
# A widget word beside a line a rule removes ("©Qº{" ends like code): the second pass no longer sees it.
@example("By Jane Doe\nBig News Today\nÖ\n\nplaceholder\n\n\n\n\n©Qº{\n2 hours ago\n\n")
@given(ARTICLE_SHAPED)
def test_cleaning_is_idempotent_on_article_shaped_text(cleaner, text):
    body = cleaner.clean(text).body
    assert cleaner.clean(body).body == body


@pytest.mark.xfail(strict=True, reason="known gap: page detection counts the lines a rule removed, and a "
                   "second pass without them can cross the tiny-line share (found by the property test above)")
def test_page_detection_near_its_share_is_idempotent(cleaner):
    text = ("Subscribe to our newsletter\nBTC $64,000 +2.1%\n\n\nx2® (jè\n\n0\n\nØ\n"
            "Rates fell by 2% as markets rallied on Monday, the central bank said in a statement to reporters there.\n\n"
            "Die Regierung kündigte am Montag an, dass die neuen Regeln ab dem kommenden Jahr für alle Bürger gelten.\n"
            "Ò[\n\n®nÃ5ßMÓ\nOfficials expect further talks next week, and the opposition has promised to challenge "
            "the plan in court.\nThe council said on Monday that the new budget would fund more schools, roads and "
            "housing in the city.\nBTC $64,000 +2.1%\nDie Regierung plant neue Regeln\n")
    body = cleaner.clean(text).body
    assert cleaner.clean(body).body == body
