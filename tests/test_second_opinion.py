"""Stages layout_table, prose_elsewhere and summary_elsewhere: through real trafilatura and its readability port."""

from __future__ import annotations

from cleaner import Cleaner, Config
from cleaner.extract import extract_html
from cleaner.second_opinion import prose_share, table_rows, table_share

from conftest import FIXTURES

LAYOUT_PAGE = (FIXTURES / "html" / "layout_table.html").read_text(encoding="utf-8")
DATA_TABLE_PAGE = (FIXTURES / "html" / "data_table.html").read_text(encoding="utf-8")
FIRST = ("The city council voted on Tuesday evening to approve a new pedestrian bridge over the river, "
         "ending a debate that has divided the town for more than three years.")
LAST = ("Construction is due to start in the autumn, and the council hopes that the bridge will be open "
        "to the public before the end of next year, weather permitting.")


def test_trafilatura_alone_returns_the_layout_table():
    # What the stage is for: without it, the article is one table cell run together with the
    # site's menus, in rows the text stages cannot split.
    result = extract_html(LAYOUT_PAGE, url=None, config=Config(disabled=frozenset({"layout_table"})))
    assert result.second_opinion is None
    assert table_share(result.text) == 1.0
    assert any(FIRST in row and "Local news" in row for row in table_rows(result.text))


def test_layout_table_takes_readabilitys_article_paragraph_by_paragraph():
    result = extract_html(LAYOUT_PAGE, url=None, config=Config())
    assert result.second_opinion == "layout_table"
    lines = result.text.split("\n")
    assert FIRST in lines and LAST in lines
    assert table_rows(result.text) == []
    assert "Home" not in result.text and "Copyright 2008" not in result.text
    assert result.title == "Council approves new bridge over the river"


def test_layout_table_is_flagged_and_the_byline_still_goes():
    doc = Cleaner().clean(LAYOUT_PAGE.encode("utf-8"), kind="html").to_dict()
    assert "layout_table" in doc["flags"]
    assert FIRST in doc["body"] and LAST in doc["body"]
    assert ("dated_byline", "March 3, 2008 By Jane Miller") in [(r["rule"], r["text"]) for r in doc["removed"]]


def test_a_table_of_content_is_not_a_layout():
    # Mostly table rows too, but readability's text is the table itself (a list of names), not prose.
    result = extract_html(DATA_TABLE_PAGE, url=None, config=Config())
    assert table_share(result.text) > 0.9
    assert result.second_opinion is None
    assert "| Constituency 0 | Member number 0 |" in result.text


def test_a_page_without_table_rows_never_asks_readability():
    page = ("<html><body><article><p>" + FIRST + "</p><p>" + LAST + "</p></article></body></html>")
    result = extract_html(page, url=None, config=Config())
    assert result.second_opinion is None
    assert FIRST in result.text


def test_prose_share_at_the_prose_line_threshold():
    eleven = "one two three four five six seven eight nine ten eleven."
    twelve = "one two three four five six seven eight nine ten eleven twelve."
    assert prose_share(eleven) == 0.0
    assert prose_share(twelve) == 1.0
    assert prose_share(twelve[:-1]) == 0.0  # no sentence end


def test_the_command_flags_the_stage_and_disable_switches_it_off(tmp_path):
    import json
    import subprocess
    import sys

    def flags(*extra: str) -> list[list[str]]:
        out = tmp_path / f"out{len(extra)}.jsonl"
        subprocess.run([sys.executable, "-m", "cleaner", str(FIXTURES / "html" / "layout_table.html"),
                        "-o", str(out), "-q", *extra], check=True, capture_output=True, text=True)
        return [json.loads(line)["flags"] for line in out.read_text(encoding="utf-8").splitlines()]

    assert flags() == [["layout_table"]]
    assert flags("--disable", "layout_table") == [[]]


# prose_elsewhere. trafilatura gets this small page right; the pages where it took a block of links
# instead of the article are large, so its failure is given here as the text it returned there.
ELSEWHERE_PAGE = (FIXTURES / "html" / "prose_elsewhere.html").read_text(encoding="utf-8")
LINK_BLOCK = "\n".join(["Cooking Basics", "Receive email alerts on:", "- Why three burger chains are hurting",
                        "- A secret drink pleasure you will never guess", "- A chef will launch a magazine next week",
                        "- Fried-chicken flavoured potato chips are a thing", "- Twenty quick and easy polenta recipes"])


def _tree(page: str):
    from trafilatura.utils import load_html

    return load_html(page)


def test_prose_elsewhere_takes_readabilitys_prose_over_a_block_of_links():
    from cleaner.second_opinion import second_opinion

    stage, text = second_opinion(_tree(ELSEWHERE_PAGE), LINK_BLOCK, Config())
    assert stage == "prose_elsewhere"
    assert text.split("\n")[0].startswith("Despite its hills and valleys")
    assert "burger" not in text


def test_prose_elsewhere_keeps_trafilaturas_text_when_it_is_prose_or_shares_readabilitys():
    from cleaner.second_opinion import second_opinion

    tree = _tree(ELSEWHERE_PAGE)
    trafilatura_text = extract_html(ELSEWHERE_PAGE, url=None, config=Config()).text
    assert second_opinion(tree, trafilatura_text, Config()) is None  # prose: readability is not asked
    # not prose, but holding readability's first paragraph: the two agree in part, no swap
    overlapping = LINK_BLOCK + "\n" + trafilatura_text.split("\n")[0].rstrip(".")
    assert second_opinion(tree, overlapping, Config()) is None
    assert second_opinion(tree, LINK_BLOCK, Config(disabled=frozenset({"prose_elsewhere"}))) is None


# summary_elsewhere. On a blog's page for one short post, trafilatura took the sidebar's "about" box
# (a bio in prose); the post is one sentence, which the page's own og:description repeats.
SUMMARY_PAGE = (FIXTURES / "html" / "summary_elsewhere.html").read_text(encoding="utf-8")
BIO = ("I make. I mend. I teach. And a single post is never enough room. Here I collect and celebrate the "
       "handmade work of others.\nmetaweblog")
POST = "This bridge of paper lanterns lights a whole river in a soft glow."


def test_summary_elsewhere_takes_the_short_post_the_pages_summary_names():
    from cleaner.second_opinion import second_opinion

    stage, text = second_opinion(_tree(SUMMARY_PAGE), BIO, Config())
    assert stage == "summary_elsewhere"
    assert POST in text
    assert "I teach" not in text


def test_summary_elsewhere_needs_a_short_text_without_the_summary_and_a_summary_readability_holds():
    from cleaner.second_opinion import second_opinion

    tree = _tree(SUMMARY_PAGE)
    # trafilatura's text holds the summary (and so shares readability's): it has the article
    assert second_opinion(tree, BIO + "\n" + POST, Config()) is None
    # a long text in prose is an article of its own, whatever the summary says
    long_prose = " ".join([BIO.split("\n")[0]] * 5)
    assert second_opinion(tree, long_prose, Config()) is None
    # no summary on the page (or one too short to say anything): nothing to go by
    bare = SUMMARY_PAGE.replace('<meta property="og:description"', '<meta property="og:nothing"')
    assert second_opinion(_tree(bare), BIO, Config()) is None
    motto = SUMMARY_PAGE.replace("via lanternworks.example This bridge of paper lanterns lights a whole river "
                                 "in a soft glow. @MadeByHand", "This bridge of paper lanterns lights")
    assert second_opinion(_tree(motto), BIO, Config()) is None
    # a summary that readability's text does not hold either: no second opinion to take
    elsewhere = SUMMARY_PAGE.replace("via lanternworks.example This bridge of paper lanterns lights a whole river in a "
                                     "soft glow.", "A ferry of folded paper boats crosses the harbour at dusk every summer.")
    assert second_opinion(_tree(elsewhere), BIO, Config()) is None
    assert second_opinion(tree, BIO, Config(disabled=frozenset({"summary_elsewhere"}))) is None
