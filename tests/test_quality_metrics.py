"""The benchmark metrics of benchmarks/quality.py on tiny hand-made examples.

Needs neither the benchmark data nor the cleaner package: the harness is loaded from its path.
"""
import gzip
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HARNESS = Path(__file__).resolve().parent.parent / "benchmarks" / "quality.py"
_spec = importlib.util.spec_from_file_location("quality", HARNESS)
quality = importlib.util.module_from_spec(_spec)
sys.modules["quality"] = quality  # dataclasses look the module up by name
_spec.loader.exec_module(quality)


# --- AEB shingle metric ---------------------------------------------------------------------

def test_identical_texts_are_perfect():
    assert quality.aeb_doc_counts("a b c d e", "a b c d e") == (1.0, 0.0, 0.0)


def test_extra_predicted_shingle_is_a_false_positive():
    # gold shingles: (one two three four), (two three four five); prediction adds (three four five six)
    tp, fp, fn = quality.aeb_doc_counts("one two three four five six", "one two three four five")
    assert (tp, fp, fn) == pytest.approx((2 / 3, 1 / 3, 0.0))
    assert quality.aeb_precision(tp, fp, fn) == pytest.approx(2 / 3)
    assert quality.aeb_recall(tp, fp, fn) == 1.0


def test_shingles_are_a_multiset():
    # gold "a b c d a b c d": abcd twice, bcda, cdab, dabc -> 5 shingles; prediction has abcd once.
    # As a multiset tp=1, fn=4 (recall 0.2); a set would have given tp=1, fn=3 (recall 0.25).
    assert quality.shingles("a b c d a b c d")[("a", "b", "c", "d")] == 2
    tp, fp, fn = quality.aeb_doc_counts("a b c d", "a b c d a b c d")
    assert (tp, fp, fn) == pytest.approx((0.2, 0.0, 0.8))
    assert quality.aeb_recall(tp, fp, fn) == pytest.approx(0.2)


def test_repeated_prediction_pays_for_every_copy():
    # prediction: abcd x3, bcda x2, cdab x2, dabc x2 = 9 shingles, one of them in the gold
    tp, fp, fn = quality.aeb_doc_counts("a b c d a b c d a b c d", "a b c d")
    assert quality.aeb_precision(tp, fp, fn) == pytest.approx(1 / 9)
    assert quality.aeb_recall(tp, fp, fn) == 1.0


def test_tokens_are_word_runs_with_case_kept():
    assert quality.aeb_doc_counts("Hello, world!", "hello world") == (0.0, 0.5, 0.5)
    assert quality.aeb_doc_counts("Hello, world!", "Hello world") == (1.0, 0.0, 0.0)


def test_empty_prediction_costs_recall_and_is_left_out_of_precision():
    empty = quality.aeb_doc_counts("", "a b c d e")
    assert empty == (0.0, 0.0, 1.0)
    perfect = quality.aeb_doc_counts("a b c d e", "a b c d e")
    scores = quality.aeb_scores([perfect, empty])
    assert scores.precision == 1.0  # averaged over the one page that predicted something
    assert scores.recall == 0.5
    assert scores.f1 == pytest.approx(2 / 3)


def test_empty_prediction_and_empty_gold_count_nowhere():
    assert quality.aeb_doc_counts("", "") == (0.0, 0.0, 0.0)
    perfect = quality.aeb_doc_counts("a b c d e", "a b c d e")
    assert quality.aeb_scores([perfect, (0.0, 0.0, 0.0)]).f1 == 1.0


def test_scores_average_per_document_then_take_f1():
    first = (2 / 3, 1 / 3, 0.0)   # P = 2/3, R = 1
    second = (0.2, 0.0, 0.8)      # P = 1,   R = 0.2
    scores = quality.aeb_scores([first, second])
    assert scores.precision == pytest.approx(5 / 6)
    assert scores.recall == pytest.approx(0.6)
    assert scores.f1 == pytest.approx(30 / 43)  # 2 * 5/6 * 0.6 / (5/6 + 0.6)


# --- trafilatura's with/without metric ------------------------------------------------------

def test_tfeval_counts_each_kind_of_outcome():
    counts = quality.tfeval_counts("Hello world\nfoo", ["Hello world", "missing"], ["foo", "bar baz"])
    assert dict(counts) == {"tp": 1, "fn": 1, "fp": 1, "tn": 1}


def test_tfeval_normalises_whitespace_on_both_sides():
    text = "Hello   world\n\n  foo\tbar\u00a0baz"
    counts = quality.tfeval_counts(text, ["world\n foo", "bar baz"], ["Hello  world foo"])
    assert dict(counts) == {"tp": 2, "fn": 0, "fp": 1, "tn": 0}


def test_tfeval_none_result_misses_everything_and_keeps_nothing():
    assert dict(quality.tfeval_counts(None, ["a", "b"], ["c"])) == {"tp": 0, "fn": 2, "fp": 0, "tn": 1}


def test_tfeval_scores_pool_counts():
    scores = quality.tfeval_scores({"tp": 3, "fp": 1, "fn": 2, "tn": 5})
    assert scores.precision == 0.75
    assert scores.recall == 0.6
    assert scores.f1 == pytest.approx(2 / 3)  # 2*3 / (2*3 + 1 + 2)


# --- baseline and harness plumbing ----------------------------------------------------------

def test_naive_line_filter_keeps_long_lines_ending_a_sentence_or_quote():
    text = "\n".join([
        "one two three four five six seven eight.",     # kept: 8 words and a full stop
        "one two three four five six seven.",           # 7 words
        "one two three four five six seven eight",      # no closing mark
        "one two three four five six seven “eight”",    # kept: closing quote
        "one two three four five six seven eight'",     # ASCII ' is an apostrophe, not a quote
    ])
    assert quality.naive_line_filter(text).splitlines() == [
        "one two three four five six seven eight.", "one two three four five six seven “eight”"]


def test_cli_records_are_mapped_back_by_path(tmp_path):
    (tmp_path / "a.txt").write_text("alpha text", encoding="utf-8")
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(b"<p>beta</p>"))
    fake_cli = tmp_path / "fake_cli.py"
    fake_cli.write_text(
        "import json, sys, pathlib\n"
        "inputs, out = pathlib.Path(sys.argv[1]), sys.argv[3]\n"
        "with open(out, 'w') as f:\n"
        "    f.write(json.dumps({'path': 'a.txt', 'body': 'ALPHA'}) + '\\n')\n", encoding="utf-8")
    docs = [quality.Doc("a", tmp_path / "a.txt", "text", ""),
            quality.Doc("b", tmp_path / "b.html.gz", "html", "")]
    results = quality.run_clean_news_cli(docs, [sys.executable, str(fake_cli)])
    assert results == {"a": "ALPHA", "b": None}  # b got no record: scored as an empty output


def test_failing_command_is_reported_not_raised_as_a_crash(tmp_path):
    docs = [quality.Doc("a", tmp_path / "a.txt", "text", "")]
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    with pytest.raises(quality.SystemFailed):
        quality.run_clean_news_cli(docs, [sys.executable, "-c", "import sys; sys.exit(3)"])
    with pytest.raises(quality.SystemFailed):
        quality.run_clean_news_cli(docs, [str(tmp_path / "no-such-command")])


def test_own_folder_is_matched_to_gold_by_name_without_extensions(tmp_path):
    (tmp_path / "a.txt").write_text("alpha", encoding="utf-8")
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(b"<p>beta</p>"))
    (tmp_path / "notes.md").write_text("not a document", encoding="utf-8")
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"a": {"articleBody": "A"}, "b": {"articleBody": "B"}}), encoding="utf-8")
    suite = quality.load_own_suite(tmp_path, gold)
    assert [(d.doc_id, d.kind, d.gold) for d in suite.docs] == [("a", "text", "A"), ("b", "html", "B")]
    assert suite.docs[1].text() == "<p>beta</p>"


# --- ceilings ---------------------------------------------------------------------------------

GOLD = "The council met on Tuesday to vote on the budget.\nIt passed by nine votes to four."


def test_perfect_line_filter_keeps_the_gold_lines_and_drops_the_rest():
    text = "Home News Sport\nThe council met on Tuesday to vote on the budget.\nnine votes\nSign up for our newsletter today"
    assert quality.perfect_line_filter(text, GOLD) == "The council met on Tuesday to vote on the budget.\nnine votes"


def test_any_cut_bound_counts_only_what_the_input_still_holds():
    assert quality.any_cut_counts(GOLD + "\nSign up for our newsletter today", GOLD) == (1.0, 0.0, 0.0)
    # The input lost the second sentence: 7 of the gold's 14 shingles are left.
    tp, fp, fn = quality.any_cut_counts("The council met on Tuesday to vote on the budget.", GOLD)
    assert fp == 0.0
    assert tp == pytest.approx(7 / 14)


# --- sites and folds --------------------------------------------------------------------------

def test_site_is_the_registrable_domain_and_a_blog_host_keeps_the_blog():
    assert quality.site_of_url("https://news.bbc.co.uk/2/hi/x.stm") == "bbc.co.uk"
    assert quality.site_of_url("http://www.bbc.co.uk/news") == "bbc.co.uk"
    assert quality.site_of_url("https://www.nytimes.com/2019/11/19/a.html") == "nytimes.com"
    assert quality.site_of_url("http://opinionator.blogs.nytimes.com/x") == "nytimes.com"
    assert quality.site_of_url("https://climatedrift.substack.com/p/x") == "climatedrift.substack.com"
    assert quality.site_of_url("http://www.example.blogspot.com/") == "example.blogspot.com"
    assert quality.site_of_url("not a url") == ""


def test_tfeval_keys_that_are_not_urls_name_their_domain():
    assert quality.site_of_tfeval_key("hard::nationnews.com-schools.html") == "nationnews.com"
    assert quality.site_of_tfeval_key("hard::laestrella.com.pa-laboral.html") == "laestrella.com.pa"
    assert quality.site_of_tfeval_key("hard::blog.python.org.html") == "python.org"


def test_page_site_comes_from_canonical_then_og_url_then_base_then_links():
    links = '<a href="http://ad.doubleclick.net/x">ad</a>' * 5 + '<a href="http://www.paper.co.uk/a">a</a>' * 2
    assert quality.site_of_page('<link rel="canonical" href="https://www.one.com/a">'
                                '<meta property="og:url" content="https://two.com/a">') == "one.com"
    assert quality.site_of_page('<meta property="og:url" content="https://two.com/a">' + links) == "two.com"
    assert quality.site_of_page('<base href="http://three.org/dir/">' + links) == "three.org"
    # no page URL: the host its links point to most, ad and sharing hosts left out
    assert quality.site_of_page(links + '<a href="http://other.com/">o</a>') == "paper.co.uk"
    assert quality.site_of_page("<p>no links at all</p>") == ""


def test_fold_of_is_stable_across_interpreters_and_in_range():
    sites = ["bbc.co.uk", "nytimes.com", "example.blogspot.com", "zeit.de", "a", "b", "c"]
    here = [quality.fold_of(site, 5) for site in sites]
    assert all(0 <= f < 5 for f in here)
    assert len(set(here)) > 1
    code = ("import importlib.util, sys; s = importlib.util.spec_from_file_location('q', sys.argv[1]); "
            "q = importlib.util.module_from_spec(s); sys.modules['q'] = q; s.loader.exec_module(q); "
            f"print([q.fold_of(x, 5) for x in {sites!r}])")
    for seed in ("0", "12345"):  # Python's str hash() changes with the seed; the folds must not
        out = subprocess.run([sys.executable, "-c", code, str(HARNESS)], capture_output=True, text=True,
                             env={**os.environ, "PYTHONHASHSEED": seed}, check=True).stdout
        assert out.strip() == str(here)


def _ext_benchmark(data, name="mini"):
    """A two-site ext benchmark: x1, x2 from paper.com (one via canonical, one via its links), y1 from other.org."""
    root = data / "ext" / name
    for sub in ("html", "residual", "fulltext"):
        (root / sub).mkdir(parents=True)
    pages = {"x1": '<link rel="canonical" href="http://www.paper.com/1"><p>Alpha beta gamma delta.</p>',
             "x2": '<a href="http://paper.com/home">home</a><p>Alpha beta gamma delta.</p>',
             "y1": '<link rel="canonical" href="https://other.org/y"><p>Alpha beta gamma delta.</p>'}
    for key, html in pages.items():
        (root / "html" / f"{key}.html.gz").write_bytes(gzip.compress(html.encode()))
        (root / "residual" / f"{key}.txt").write_text("Alpha beta gamma delta.", encoding="utf-8")
        (root / "fulltext" / f"{key}.txt").write_text("Home\nAlpha beta gamma delta.", encoding="utf-8")
    (root / "gold.json").write_text(json.dumps({k: {"articleBody": "Alpha beta gamma delta."} for k in pages}))
    return root


def test_ext_suite_docs_carry_the_site_of_their_page_in_every_mode(tmp_path, monkeypatch):
    _ext_benchmark(tmp_path)
    monkeypatch.setattr(quality, "EXT_BENCHMARKS", ["mini"])
    for mode in ("html", "residual", "fulltext"):
        suite = quality.load_suite(tmp_path, f"mini {mode}")
        assert suite.metric == "aeb"
        assert {d.doc_id: d.site for d in suite.docs} == {"x1": "paper.com", "x2": "paper.com", "y1": "other.org"}
        assert {d.kind for d in suite.docs} == {"html" if mode == "html" else "text"}


def test_fold_scores_group_documents_by_site(tmp_path):
    _ext_benchmark(tmp_path)
    suite = quality.load_suite(tmp_path, "mini residual")
    # clean-news-like output: perfect on paper.com, empty on other.org
    results = {"x1": "Alpha beta gamma delta.", "x2": "Alpha beta gamma delta.", "y1": ""}
    counts = quality.doc_counts(suite, results)
    k = 7
    folds = quality.fold_f1s(suite, counts, k)
    paper, other = quality.fold_of("paper.com", k), quality.fold_of("other.org", k)
    assert paper != other  # true for these two names with 7 folds; the test relies on it
    assert folds[paper] == 1.0 and folds[other] == 0.0
    assert [f for i, f in enumerate(folds) if i not in (paper, other)] == [None] * (k - 2)


# --- per-document accounting ------------------------------------------------------------------

def test_catastrophe_is_losing_over_half_of_an_article_the_input_had():
    assert quality.is_catastrophe(0.9, 0.44)
    assert not quality.is_catastrophe(0.9, 0.45)      # exactly half is not under half
    assert not quality.is_catastrophe(0.49, 0.0)      # the input never had the article
    assert quality.is_catastrophe(0.5, 0.2)


def test_account_counts_better_worse_beyond_the_margin_and_catastrophes_worst_first():
    reference = {"a": 0.80, "b": 0.80, "c": 0.80, "d": 0.90, "e": 0.60, "f": 0.30}
    new = {"a": 0.86, "b": 0.84, "c": 0.70, "d": 0.10, "e": 0.25, "f": 0.00}
    tally = quality.account(reference, new)
    assert tally["better"] == 1            # a (+0.06); b is +0.04, inside the margin
    assert tally["worse"] == 4             # c, d, e, f
    assert tally["catastrophes"] == ["d", "e"]   # f's input scored under 0.5
    assert tally["docs"] == 6


def test_removals_by_rule_sum_words_and_skip_categories():
    removed = [{"category": "promo", "rule": "promo_line", "text": "Buy now, save 20%"},
               {"category": "promo", "rule": "promo_line", "text": "Shop today"},
               {"category": "byline", "rule": "byline_line", "text": "By Jane Doe"},
               {"category": "navigation", "rule": "page_head", "text": "Home | News | Sport | Weather | About"}]
    assert quality.removals_by_rule(removed) == [
        ("promo_line", "promo", 6), ("page_head", "navigation", 5), ("byline_line", "byline", 3)]
    assert quality.removals_by_rule(removed, {"byline"}) == [("promo_line", "promo", 6), ("page_head", "navigation", 5)]


def test_targets_on_hand_made_numbers():
    good = {"docs": 10, "better": 3, "worse": 1, "catastrophes": []}
    bad = {"docs": 10, "better": 3, "worse": 2, "catastrophes": ["x"]}
    residual = quality.target_checks("residual", {"clean-news": 0.930, "as-is": 0.925}, good)
    assert [met for _, met in residual] == [True, True, True]
    assert [met for _, met in quality.target_checks("residual", {"clean-news": 0.929, "as-is": 0.925}, bad)] == [
        False, False, False]
    html = quality.target_checks("html", {"clean-news": 0.90, "trafilatura": 0.85, "readability": 0.91,
                                          "justext": 0.80}, None)
    assert len(html) == 1 and not html[0][1] and "readability-lxml" in html[0][0]
    assert quality.target_checks("fulltext", {"clean-news": 0.86, "c4-lines": 0.81}, None)[0][1]
    assert not quality.target_checks("fulltext", {"clean-news": 0.85, "c4-lines": 0.81}, None)[0][1]
    assert quality.target_checks("fulltext", {"clean-news": 0.85}, None)[0][1] is None  # c4-lines did not run


# --- C4 line rules ----------------------------------------------------------------------------

C4_TEXT = "\n".join([
    "  The council met on Tuesday to vote.  ",           # kept, stripped
    "Two words.",                                          # fewer than 3 words
    "The vote ended in a tie",                             # no terminal punctuation
    "And then there was silence...",                      # ends in an ellipsis
    "Enable JavaScript to see the comments.",              # javascript
    "Read our Privacy Policy before you go.",              # policy phrase
    "Budgets rose by ten percent.[1]",                     # citation cut, then kept
    "He said it was 'final.'",                             # ends in ' : kept
    "This line has one " + "x" * 1001 + " word.",          # a word over 1000 characters
    "So [edit]",                                           # 2 words
])


def test_c4_line_filter_applies_the_line_rules():
    assert quality.c4_line_filter(C4_TEXT).splitlines() == [
        "The council met on Tuesday to vote.", "Budgets rose by ten percent.", "He said it was 'final.'"]


def test_c4_line_filter_counts_words_before_cutting_citations():
    # datatrove counts the words of the line as it came, so "[1]" is a word for the 3-word rule
    assert quality.c4_line_filter("Rates rose [1].") == "Rates rose ."
    assert quality.c4_line_filter("Rates rose.") == ""


def test_c4_line_filter_matches_datatrove():
    pytest.importorskip("datatrove")  # the bench extra
    run = quality.c4_lines_datatrove()
    text = C4_TEXT + "\nRates rose [1].\nA {curly} line is only a line rule here.\nlorem ipsum dolor sit amet."
    assert run(text) == quality.c4_line_filter(text)
    assert "A {curly} line is only a line rule here." in run(text)  # document-level drops are off


# --- never-cut corpus -------------------------------------------------------------------------

def test_never_cut_summary_counts_lost_gold_words_but_not_metadata_moves():
    """A byline or date line moved to metadata is no loss; an author box is, though its category is
    "byline": its header and the run it opens took article text that went nowhere."""
    docs = [quality.Doc("a", Path("a.txt"), "text", "one two three four five six seven eight nine ten"),
            quality.Doc("b", Path("b.txt"), "text", "By Jane Doe\nalpha beta gamma delta epsilon zeta eta theta"),
            quality.Doc("c", Path("c.txt"), "text", "untouched text here"),
            quality.Doc("d", Path("d.txt"), "text", "May 5, 2020\nstory\nAbout the Author\nJane writes")]
    records = {"a": {"removed": [{"category": "navigation", "rule": "page_tail", "text": "nine ten"}]},
               "b": {"removed": [{"category": "byline", "rule": "byline", "text": "By Jane Doe"},
                                 {"category": "promo", "rule": "promo_line", "text": "alpha"}]},
               "c": {"removed": []},
               "d": {"removed": [{"category": "dateline", "rule": "date_line", "text": "May 5, 2020"},
                                 {"category": "byline", "rule": "about_the_author", "text": "About the Author"},
                                 {"category": "byline", "rule": "tail_run", "text": "Jane writes"}]}}
    summary = quality.never_cut_summary(docs, records)
    assert summary["words"] == 33
    assert summary["removed_words"] == 3 + 5
    assert summary["share"] == pytest.approx(8 / 33)
    assert summary["documents_touched"] == 3
    assert [(e["rule"], e["words"], e["documents"], e["categories"]) for e in summary["by_rule"]] == [
        ("about_the_author", 3, 1, ["byline"]), ("page_tail", 2, 1, ["navigation"]),
        ("tail_run", 2, 1, ["byline"]), ("promo_line", 1, 1, ["promo"])]
    assert summary["missing_records"] == 0


def test_gold_bodies_are_written_one_file_each(tmp_path):
    data = tmp_path / "data"
    (data / "aeb").mkdir(parents=True)
    (data / "aeb" / "gold.json").write_text(json.dumps({"p1": {"articleBody": "Body one.", "url": "http://a.com/"}}))
    _ext_benchmark(data, "dragnet")
    out = tmp_path / "out"
    out.mkdir()
    docs = quality.gold_body_docs(data, out)
    assert [d.doc_id for d in docs] == ["aeb/p1", "dragnet/x1", "dragnet/x2", "dragnet/y1"]
    assert (out / "aeb__p1.txt").read_text(encoding="utf-8") == "Body one."
    assert all(d.kind == "text" and d.text() == d.gold for d in docs)


def test_gold_article_ends_at_a_misspelled_comment_separator_unless_as_shipped():
    thread = "Great post!\nJane — June 25th, 2012\nThanks."
    for separator in ("@#$%^&*() COMMENTS", "!#@$%^&*() COMMENTS", "!@ $%^&*() COMMENTS"):
        entry = {"articleBody": f"The story.\nIts end.\n\n{separator}\n\n{thread}", "comments": ""}
        assert quality.article_body(entry) == "The story.\nIts end."
        assert quality.article_body(entry, as_shipped=True) == entry["articleBody"]
    # A body whose comments were split off already, or that only mentions comments, stays whole.
    split = {"articleBody": "The story.\n!@#$%^&*() COMMENTS\nx", "comments": "Great post!"}
    assert quality.article_body(split) == split["articleBody"]
    plain = {"articleBody": "The story.\nREAD THE COMMENTS\nMore story.", "comments": ""}
    assert quality.article_body(plain) == plain["articleBody"]
