"""Learning each source's boilerplate (``clean-news learn``): the command through real subprocesses,
on a corpus written here, and the counting and normalisation it rests on."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from cleaner.features import Lexicon
from cleaner.learn import Counts, DocLines, LearnParams, doc_lines, line_key, stable_hash
from cleaner.rule_index import load_rules
from cleaner.rules import RuleError, match_key
from cleaner.source import SourceKey
from conftest import ROOT

TOPICS = ("council", "budget", "river", "school", "police", "hospital", "market", "energy", "harbour",
          "festival", "court", "election", "transport", "housing", "library", "bridge", "museum", "farmers")
#: A story's follow-ups quote the same statement: shared by a few of the source's documents only.
SHARED_PARAGRAPH = ("The mayor said in a statement that the inquiry would report before the end of the year "
                    "and that every finding would be published in full.")
#: Background repeated in most flood stories: on the articles' own topic, so never learned.
BACKGROUND = ("The flood of the valley river destroyed homes and the harbour bridge, and the valley farmers "
              "still wait for the river defences.")
FOOTER = "Planet Daily is owned by Orbit Media Group of Springfield"
EDITION = "Edition {n} of the Planet Daily print paper"
HEADER = "More from Planet Daily"
SMALL_FOOTER = "Gazette footer: printed on recycled paper"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cleaner", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=300)


def _paragraphs(rng: random.Random, n: int, topic: str) -> list[str]:
    out = []
    for p in range(n):
        words = [rng.choice(TOPICS) for _ in range(rng.randint(14, 28))]
        out.append(f"The {topic} committee met on day {rng.randint(1, 28)} and discussed " + " ".join(words) + ".")
    return out


def planet_doc(i: int) -> tuple[str, list[str]]:
    """A Planet Daily page and its article paragraphs."""
    rng = random.Random(i)
    topic = TOPICS[i % len(TOPICS)]
    article = _paragraphs(rng, 3, topic)
    if i % 8 == 0:
        article.insert(1, SHARED_PARAGRAPH)
    if i % 4 != 3:  # a flood story: the background paragraph sits among flood prose
        article = [BACKGROUND, "Residents of the valley said the river flood had ruined their homes and that "
                   "the harbour bridge was still closed to farmers.",
                   "Farmers in the valley asked when the harbour bridge and the river defences would be rebuilt "
                   "after the flood took their homes."] + article
    lines = [f"Council {topic} plans questioned", *article, FOOTER, EDITION.format(n=400 + i), HEADER,
             f"The {rng.choice(TOPICS)} story of week {rng.randint(1, 50)}",
             f"A {rng.choice(TOPICS)} tale nobody expected"]
    return "\n\n".join(lines), article


def small_doc(i: int) -> str:
    rng = random.Random(1000 + i)
    return "\n\n".join(_paragraphs(rng, 3, "gazette") + [SMALL_FOOTER])


def write_jsonl(path: Path, indexes: range, *, small: range = range(0)) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        for i in indexes:
            text, _ = planet_doc(i)
            out.write(json.dumps({"id": f"p{i}", "url": f"https://www.planetdaily.com/news/{i}", "text": text}) + "\n")
        for i in small:
            out.write(json.dumps({"id": f"s{i}", "source": "Small Gazette", "text": small_doc(i)}) + "\n")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_jsonl(folder / "a.jsonl", range(0, 20), small=range(0, 6))
    write_jsonl(folder / "b.jsonl", range(20, 40), small=range(6, 12))
    return folder


@pytest.fixture(scope="module")
def learned(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("learned") / "learned.toml"
    result = run_cli("learn", str(corpus / "a.jsonl"), str(corpus / "b.jsonl"), "-o", str(out), "--workers", "1")
    assert result.returncode == 0, result.stderr
    assert "1 rules" not in result.stderr
    return out


def _rules(path: Path) -> list[dict]:
    return tomllib.loads(path.read_text(encoding="utf-8")).get("rule", [])


def test_learn_writes_the_template_lines_scoped_with_evidence(learned):
    rules = _rules(learned)
    by_exemplar = {r["evidence"]["exemplar"]: r for r in rules}
    assert set(by_exemplar) == {FOOTER, HEADER, EDITION.format(n=400)}  # the smallest of the edition lines
    for rule in rules:
        assert rule["id"].startswith("learned_planetdaily_com_")
        assert rule["domains"] == ["planetdaily.com"] and rule["enabled"] is True
        assert rule["evidence"]["documents"] == rule["evidence"]["source_documents"] == 40
        assert rule["evidence"]["tail"] == 1.0 and rule["evidence"]["version"]
    assert by_exemplar[HEADER]["opens_run"] is True  # varying headlines follow it
    assert "opens_run" not in by_exemplar[FOOTER]
    assert by_exemplar[EDITION.format(n=400)]["patterns"]  # digits vary: a pattern, not a phrase
    data = tomllib.loads(learned.read_text())
    sources = {s["name"]: s for s in data["learned"]["source"]}
    assert sources["Small Gazette"]["documents"] == 12 and sources["Small Gazette"]["rules"] == 0
    assert data["learned"]["min_docs"] == 30 and data["learned"]["candidates_turned_away"]["on_topic"] >= 1


def test_article_text_is_never_learned(learned):
    text = learned.read_text()
    assert SHARED_PARAGRAPH not in text  # in 5 of 40 documents
    assert BACKGROUND not in text  # in 30 of 40, but on the articles' own topic
    assert SMALL_FOOTER not in text  # its source has fewer documents than --min-docs


def test_learned_file_round_trips_through_the_rule_loader(learned):
    rules = [r for r in load_rules([learned]).rules if r.origin == str(learned)]
    assert len(rules) == 3 and all(r.category in ("site_template", "related_content") for r in rules)
    ruleset = load_rules([learned], builtin=False)
    for variant in (FOOTER, EDITION.format(n=7), "Edition 12345 of the Planet Daily print paper.", HEADER):
        hit = ruleset.first_hit(variant, scoped=True, domain="news.planetdaily.com")
        assert hit is not None and hit.rule.id.startswith("learned_"), variant
        assert ruleset.first_hit(variant, scoped=True, domain="otherpaper.com") is None
    assert all("of 40 planetdaily.com documents, 100% in the tail" in r.evidence for r in rules)


def test_learning_does_not_depend_on_input_order_or_workers(corpus, learned, tmp_path):
    out = tmp_path / "reversed.toml"
    result = run_cli("learn", str(corpus / "b.jsonl"), str(corpus / "a.jsonl"), "-o", str(out), "--workers", "2")
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == learned.read_bytes()


def test_merging_two_halves_equals_learning_on_the_whole(corpus, learned, tmp_path):
    for half in ("a", "b"):
        result = run_cli("learn", str(corpus / f"{half}.jsonl"), "--stats", str(tmp_path / half), "-q")
        assert result.returncode == 0, result.stderr
    stats = (tmp_path / "a" / "0000-a.jsonl.stats.jsonl").read_text().splitlines()
    assert json.loads(stats[0])["format"] == "clean-news-learn-stats/1"
    keys = [(r["scope"], r["source"], r["key"]) for r in map(json.loads, stats[1:]) if r["type"] == "line"]
    assert keys == sorted(keys) and len(keys) > 40
    merged = tmp_path / "merged.toml"
    result = run_cli("learn", "--merge", str(tmp_path / "b"), "--merge", str(tmp_path / "a"), "-o", str(merged))
    assert result.returncode == 0, result.stderr
    assert merged.read_bytes() == learned.read_bytes()
    # Either half alone has 20 Planet Daily documents: under the minimum, nothing is learned.
    result = run_cli("learn", "--merge", str(tmp_path / "a"), "-o", str(tmp_path / "half.toml"))
    assert result.returncode == 0 and _rules(tmp_path / "half.toml") == []


def test_protected_lines_are_never_learned_and_stay_protected(corpus, learned, tmp_path):
    protect = tmp_path / "protect.toml"
    protect.write_text(f'[protect]\nlines = ["{FOOTER.upper()}"]\n')
    out = tmp_path / "learned.toml"
    result = run_cli("learn", str(corpus), "-o", str(out), "--protect", str(protect))
    assert result.returncode == 0, result.stderr
    assert FOOTER not in {r["evidence"]["exemplar"] for r in _rules(out)} and len(_rules(out)) == 2
    # Learning again into the same file keeps its [protect] section, with no --protect.
    result = run_cli("learn", str(corpus), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert tomllib.loads(out.read_text())["protect"]["lines"] == [FOOTER.upper()] and len(_rules(out)) == 2


def test_learned_rules_apply_to_their_source_only(corpus, learned, tmp_path):
    out = tmp_path / "clean.jsonl"
    result = run_cli(str(corpus), "--rules", str(learned), "-o", str(out))
    assert result.returncode == 0, result.stderr
    records = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    for i in range(40):
        record, (_, article) = records[f"p{i}"], planet_doc(i)
        assert record["body"].split("\n\n") == article, i  # every paragraph kept, every template line gone
        rules = {r["rule"] for r in record["removed"]}
        assert sum(rule.startswith("learned_") for rule in rules) == 3 and "tail_run" in rules
    assert all(SMALL_FOOTER in records[f"s{i}"]["body"] for i in range(12))
    # --learn does both passes in one command, with the same result.
    again = tmp_path / "again.jsonl"
    result = run_cli(str(corpus), "--learn", "-o", str(again))
    assert result.returncode == 0, result.stderr
    assert "learned 3 rules" in result.stderr
    assert [json.loads(line)["body"] for line in again.read_text().splitlines()] == [
        r["body"] for r in records.values()]


def test_a_learned_removal_explains_itself(tmp_path):
    planet = tmp_path / "corpus" / "planet"
    planet.mkdir(parents=True)
    for i in range(30):
        (planet / f"{i:02d}.txt").write_text(planet_doc(i)[0], encoding="utf-8")
    learned = tmp_path / "learned.toml"
    result = run_cli("learn", str(tmp_path / "corpus"), "--source-from", "folder", "-o", str(learned))
    assert result.returncode == 0, result.stderr
    assert {tuple(r["sources"]) for r in _rules(learned)} == {("planet",)}
    result = run_cli("--explain", str(planet / "05.txt"), "--rules", str(learned), "--source-from", "folder")
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if FOOTER in line)
    assert line.startswith("[site_template/learned_planet_")
    assert line.endswith("(in 30 of 30 planet documents, 100% in the tail)")
    # Without the source key the same file is cleaned as without learning.
    result = run_cli("--explain", str(planet / "05.txt"), "--rules", str(learned))
    assert f"\n{FOOTER}\n" in result.stdout


def test_switched_off_and_deleted_rules_leave_a_valid_file(learned, tmp_path):
    text = learned.read_text()
    edited = tmp_path / "edited.toml"
    edited.write_text(text.replace("enabled = true", "enabled = false", 1))
    assert len([r for r in load_rules([edited], builtin=False).rules]) == 2
    rule_start = text.index("\n[[rule]]\n")
    edited.write_text(text[:rule_start])  # every rule deleted: still a valid (empty) learned file
    assert load_rules([edited], builtin=False).rules == ()


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("enabled = true", "enabled = 'no'", 1), "'enabled' must be true or false"),
    (lambda t: t.replace("documents = 40\nsource", "documents = 41\nsource", 1), "is more than 'source_documents'"),
    (lambda t: t.replace("tail = 1.0", "tail = 'most'", 1), "evidence 'tail' must be a share"),
    (lambda t: t.replace("[protect]\nlines = []", "[protect]\nlines = 'x'"), "[protect] must be a table"),
    (lambda t: t.replace('match = "whole"', 'match = "whole', 1), "not valid TOML"),
    (lambda t: t.replace("enabled = true", "colour = 'red'", 1), "unknown keys ['colour']"),
])
def test_bad_hand_edits_are_clear_errors_naming_the_file(learned, tmp_path, edit, message):
    bad = tmp_path / "bad.toml"
    bad.write_text(edit(learned.read_text()))
    with pytest.raises(RuleError, match=r"bad\.toml") as caught:
        load_rules([bad])
    assert message in str(caught.value)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(FOOTER)
    result = run_cli(str(tmp_path / "in"), "--rules", str(bad), "-o", str(tmp_path / "out.jsonl"))
    assert result.returncode == 2 and str(bad) in result.stderr and message in result.stderr


def test_learn_refuses_to_overwrite_what_is_not_a_learned_file(corpus, tmp_path):
    other = tmp_path / "notes.toml"
    other.write_text('title = "my notes"\n')
    result = run_cli("learn", str(corpus), "-o", str(other))
    assert result.returncode == 2 and "not a learned file" in result.stderr
    assert other.read_text() == 'title = "my notes"\n'
    damaged = tmp_path / "stats"
    damaged.mkdir()
    (damaged / "0000-x.stats.jsonl").write_text('{"format": "something else"}\n')
    result = run_cli("learn", "--merge", str(damaged), "-o", str(tmp_path / "m.toml"))
    assert result.returncode == 2 and "0000-x.stats.jsonl: line 1" in result.stderr


def test_documents_without_a_source_teach_nothing(tmp_path):
    for i in range(35):
        (tmp_path / f"{i}.txt").write_text(planet_doc(i)[0], encoding="utf-8")
    out = tmp_path / "learned.toml"
    result = run_cli("learn", str(tmp_path), "-o", str(tmp_path / "learned.toml"))
    assert result.returncode == 0, result.stderr
    data = tomllib.loads(out.read_text())
    assert data["learned"]["documents_without_source"] == 35 and "rule" not in data


# -- counting and normalisation -----------------------------------------------------------------


def test_line_key_merges_lines_that_differ_in_numbers_and_dates():
    assert line_key("Updated 14 min ago") == line_key("updated 3 min ago!") == "updated 0 min ago"
    assert line_key("Posted Nov 19, 2024") == line_key("Posted March 1, 2025")
    assert line_key("You may also like") == "you may also like"  # "may" only as a date's month
    assert line_key("Posted May 3") != line_key("Posted June 3")


def test_stable_hash_is_the_same_in_another_process():
    code = "from cleaner.learn import stable_hash; print(stable_hash('domains', 'example.com', 'x'))"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert other.stdout.strip() == stable_hash("domains", "example.com", "x")
    assert len(stable_hash("a")) == 16 and stable_hash("a", "b") != stable_hash("ab")


def test_the_line_cap_bounds_memory_and_counts_what_it_drops():
    source = SourceKey("sources", "x")
    counts = Counts(line_cap=100)
    keep = ("template line", "Template line", "tail", False, False)
    for doc in range(60):
        lines = {"template line": keep[1:]}
        lines.update({f"unique {doc} {j}": (f"unique {doc} {j}", "body", False, True) for j in range(5)})
        counts.add_doc(DocLines(source, lines, frozenset()))
        assert counts.sources[source].distinct() <= 100
    c = counts.sources[source]
    assert c.lines["template line"].docs == 60 and c.documents == 60
    assert c.dropped > 0 and c.dropped + len(c.lines) == 1 + 60 * 5


def test_doc_lines_records_place_topic_and_runs():
    text = "\n\n".join(["Menu line", BACKGROUND,
                        "The flood of the river ruined the homes of the valley farmers near the harbour bridge.",
                        "Valley farmers say the harbour bridge and river defences failed in the flood of their homes.",
                        "Some other sentence about the council budget that is long enough to be prose.",
                        HEADER, "Varying headline"])
    found = doc_lines(text, SourceKey("sources", "x"), Lexicon.load())
    assert found.lines[line_key("Menu line")][1] == "head" and found.lines[line_key(HEADER)][1] == "tail"
    assert found.lines[line_key(BACKGROUND)][2] is True  # its words are in the article's other prose
    assert found.lines[line_key(HEADER)][2] is False
    assert (line_key(HEADER), line_key("Varying headline")) in found.pairs


def test_learn_params_refuse_thresholds_that_make_no_sense():
    with pytest.raises(ValueError):
        LearnParams(min_share=0)
    with pytest.raises(ValueError):
        LearnParams(min_docs=1)


def test_html_pages_are_keyed_by_their_canonical_link(tmp_path):
    """No record and no URL: the page's canonical link gives the source, when learning and cleaning."""
    corpus = tmp_path / "pages"
    corpus.mkdir()
    for i in range(30):
        text, article = planet_doc(i)
        paragraphs = "".join(f"<p>{line}</p>" for line in text.split("\n\n"))
        (corpus / f"{i:02d}.html").write_text(
            f'<html><head><title>Council plans {i}</title><link rel="canonical" '
            f'href="https://news.planetdaily.com/story/{i}"></head><body><article>{paragraphs}</article>'
            "</body></html>", encoding="utf-8")
    learned = tmp_path / "learned.toml"
    result = run_cli("learn", str(corpus), "-o", str(learned))
    assert result.returncode == 0, result.stderr
    assert {r["evidence"]["exemplar"] for r in _rules(learned)} >= {FOOTER, HEADER}
    assert all(r["domains"] == ["planetdaily.com"] for r in _rules(learned))
    result = run_cli("--explain", str(corpus / "03.html"), "--rules", str(learned))
    assert result.returncode == 0, result.stderr
    assert any(line.startswith("[site_template/learned_planetdaily_com_") and FOOTER in line
               for line in result.stdout.splitlines())


def test_the_cleaning_command_still_cleans_and_points_to_learn():
    result = run_cli("--help")
    assert result.returncode == 0 and "clean-news learn INPUT... -o LEARNED.toml" in result.stdout
    assert "--learn" in result.stdout and "--source-from" in result.stdout
    result = run_cli("learn", "--help")
    assert result.returncode == 0 and "Usage: clean-news learn [OPTIONS] [INPUTS]..." in result.stdout


def test_stats_are_never_written_into_an_input_folder(corpus):
    result = run_cli("learn", str(corpus), "--stats", str(corpus / "stats"))
    assert result.returncode == 2 and "is inside input" in result.stderr
    assert not (corpus / "stats").exists()


def test_the_line_cap_is_reported_in_the_file_and_on_stderr(corpus, tmp_path):
    out = tmp_path / "capped.toml"
    result = run_cli("learn", str(corpus), "-o", str(out), "--line-cap", "100")
    assert result.returncode == 0, result.stderr
    planet = next(s for s in tomllib.loads(out.read_text())["learned"]["source"] if s["name"] == "planetdaily.com")
    assert planet["dropped_lines"] > 0 and "distinct lines dropped at --line-cap" in result.stderr
    # The template is in every document: it survives the cap.
    assert {r["evidence"]["exemplar"] for r in _rules(out)} == {FOOTER, HEADER, EDITION.format(n=400)}


SCOPED_RULES = """
category = "promo"
[[rule]]
id = "shop_both"
match = "contains"
phrases = ["visit the shop"]
domains = ["example.com"]
sources = ["Example Times"]
[[rule]]
id = "shop_news"
match = "contains"
phrases = ["visit the shop", "shop now"]
domains = ["news.example.com"]
[[rule]]
id = "shop_key"
match = "whole"
patterns = ['shop \\\\d+ now']
sources = ["planet"]
[[rule]]
id = "shop_other"
match = "contains"
phrases = ["shop now"]
domains = ["other.org"]
position = "head"
"""


@pytest.mark.parametrize("text", ["Visit the shop", "Shop now", "Shop 12 now", "nothing here"])
@pytest.mark.parametrize("source, domain, source_key", [
    (None, "news.example.com", None), (None, "www.news.example.com", "planet"), ("Example Times", None, None),
    (None, "example.com.evil.org", None), (None, "other.org", "Planet"), (None, None, None)])
@pytest.mark.parametrize("position", ["any", "head"])
def test_scoped_rules_by_scope_give_the_first_rule_in_file_order(tmp_path, text, source, domain, source_key,
                                                                 position):
    """The per-scope index gives what trying every scoped rule in order gives."""
    path = tmp_path / "scoped.toml"
    path.write_text(SCOPED_RULES)
    ruleset = load_rules([path], builtin=False)
    expected = next((r.id for r in ruleset.rules if r.position == position and r.applies_to(source, domain, source_key)
                     and r.test(text, match_key(text), len(text.split()))), None)
    hit = ruleset.first_hit(text, position=position, source=source, domain=domain, scoped=True, source_key=source_key)
    assert (hit.rule.id if hit else None) == expected
