"""The benchmark metrics of benchmarks/quality.py on tiny hand-made examples.

Needs neither the benchmark data nor the cleaner package: the harness is loaded from its path.
"""
import gzip
import importlib.util
import json
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
