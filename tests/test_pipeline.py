"""The stage list: every stage and line test runs under the name ``--disable`` takes."""

from __future__ import annotations

import pytest

from cleaner import Cleaner, Config
from cleaner.config import HEURISTICS
from cleaner.pipeline import STAGES, LinesLeft, LineTests

# Stages that remove nothing themselves: the rules name their own rules, protect_prose gives lines
# back, whole_page only decides, and title_line_again records its title as title_line.
_NOT_REMOVERS = {"rules", "protect_prose", "whole_page", "title_line_again"}
# Names of stages that run before the line stages, inside decoding, extraction and the page region.
_ELSEWHERE = {"mojibake", "entities", "cell_tails", "body_gaps", "layout_table", "prose_elsewhere", "summary_elsewhere", "body_continuation", "page_list"}

STORY = [
    "The council approved the budget for schools and the library after a long vote on Monday night.",
    "The school board asked the council for a larger budget to repair three library roofs this year.",
    "Parents spoke for an hour about crowded classrooms before the vote was finally called at ten.",
]


def _names() -> list[str]:
    names = []
    for stage in STAGES:
        if isinstance(stage, LineTests):
            names += [test.__name__ for test in stage.tests]
        elif stage.__name__ not in _NOT_REMOVERS:
            names.append(stage.__name__)
    return names


def test_every_name_disable_takes_is_a_stage_or_a_line_test_of_the_pipeline():
    assert set(_names()) | _ELSEWHERE == set(HEURISTICS)


def test_the_second_look_decides_only_tests_the_first_pass_runs():
    first = next(s for s in STAGES if type(s) is LineTests)
    again = next(s for s in STAGES if type(s) is LinesLeft)
    assert set(again.tests) < set(first.tests)
    assert STAGES.index(again) > STAGES.index(first)


@pytest.mark.parametrize("line, name", [
    ("Subscribe to Posts by Email", "reader_appeal"),
    ("23 hours ago", "relative_time"),
])
def test_a_line_test_switched_off_by_its_name_keeps_its_line(line, name):
    text = "\n\n".join(STORY + [line])
    removed = Cleaner().clean(text, kind="text").removed
    assert [(r.rule, r.text) for r in removed] == [(name, line)]
    kept = Cleaner(Config(disabled=frozenset({name}))).clean(text, kind="text")
    assert kept.removed == () and kept.body.endswith(line)
