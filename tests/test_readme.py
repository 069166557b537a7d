"""The README shows the command's real ``--help`` and stays a user's page."""

from __future__ import annotations

import re

from click.testing import CliRunner

from cleaner.cli import main
from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_help_excerpt_in_the_readme_matches_the_command():
    excerpt = re.search(r"<!-- help:[^\n]*-->\n```\n(.*?)```\n<!-- /help -->", README, re.S)
    assert excerpt, "README.md has no <!-- help --> block"
    actual = CliRunner().invoke(main, ["--help"], prog_name="clean-news", terminal_width=100).output
    assert excerpt.group(1) == actual, "README's --help excerpt is out of date: paste `COLUMNS=100 clean-news --help`"


def test_the_readme_is_short_and_points_to_the_docs():
    assert len(README.splitlines()) < 300
    for page in ("docs/performance.md", "docs/design.md"):
        assert page in README and (ROOT / page).exists()
