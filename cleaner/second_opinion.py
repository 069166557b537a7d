"""HTML: a second opinion from readability where trafilatura's text looks wrong.

trafilatura ships a port of readability (``trafilatura.readability_lxml``: no extra dependency),
which scores paragraphs instead of containers. It is asked only where trafilatura's text is not
prose (under half of its words in prose lines: 12 words or more, ending like a sentence), or is
short and holds none of the page's own summary: checks on the text; other pages pay nothing.
Each of three patterns is a second, independent piece of evidence. For the first two, its text
is taken only when it is an article, not a fragment (at least ``second_opinion_min_words``
words, at least half in prose lines):

``layout_table``
    Pages built from tables (one ``<table>`` for the whole page, the article in one of its cells)
    make trafilatura keep the table: ``| menu | ... | headline date byline article ... |``, the
    site's menus and footer in the same rows and the article run into one cell, which the text
    stages cannot split. Readability's text is taken when most of trafilatura's words are in table
    rows (``layout_min_table_share``), readability's text lies inside those rows
    (``layout_min_agreement`` of its 4-word shingles: both agree where the article is, readability
    only leaves the chrome out), and it holds most of the table's longest cell, the page's densest
    prose (a readability pick of a promotion box beside the article cell is turned down). A table
    of content (ingredients, a list of names) fails the prose check.

``prose_elsewhere``
    trafilatura took a block of links or labels (a "more stories" list, a tag cloud) and
    readability found prose in another part of the page: the two texts share at most
    ``elsewhere_max_overlap`` of their 4-word shingles, each way.

``summary_elsewhere``
    On a page for one short post, trafilatura took a sidebar's box (an "about me" bio, in prose).
    The page's own summary (``og:description``, ``twitter:description``, ``<meta
    name="description">``) is the evidence: trafilatura's text is short (under
    ``second_opinion_min_words``) or not prose, holds none of the summary, shares nothing with
    readability's text, and readability's text holds the summary. Readability's text is then
    taken however short it is: the post is as long as the summary.
"""

from __future__ import annotations

import copy
import re
from itertools import islice
from typing import Any

from .config import Config
from .features import WORD as _TOKEN

_SPACE = re.compile(r"\s+")
# Elements whose text starts a new line in readability's summary.
_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td",
                         "th", "table", "blockquote", "pre", "section", "article", "header", "footer",
                         "figure", "figcaption", "dd", "dt", "dl", "hr"})
_SENTENCE_END = (".", "!", "?", '"', "”", "'", "’", ")", "。", "！", "？", "।", "؟", "۔")
# A line of at least this many words that ends like a sentence is prose (as Config.prose_min_words).
_PROSE_WORDS = 12
# A text with at least this share of its words in prose lines is prose.
_PROSE_SHARE = 0.5
# Readability's text must hold at least this share of the 4-word shingles of the longest cell.
_CELL_SHARE = 0.5
# The page's summaries: a summary of fewer words is a motto or a slogan, no evidence of the article.
_SUMMARY_QUERY = ('//meta[@property="og:description" or @name="og:description" or @name="description"'
                  ' or @name="twitter:description" or @property="twitter:description"]/@content')
_SUMMARY_MIN_WORDS = 8
# Readability's text holds a summary when it holds at least this share of its 4-word shingles.
_SUMMARY_HELD = 0.5


def table_rows(text: str) -> list[str]:
    """The lines of an extraction that are table rows (trafilatura writes a row as ``| a | b |``).

    >>> table_rows("Headline\\n| Home | News |\\nA sentence.")
    ['| Home | News |']
    """
    return [line for line in text.split("\n") if line.lstrip().startswith("|")]


def table_share(text: str) -> float:
    """Share of the words of ``text`` that are in table rows.

    >>> table_share("one two\\n| three | four | five | six |")
    0.6666666666666666
    """
    total = len(_TOKEN.findall(text))
    return sum(len(_TOKEN.findall(row)) for row in table_rows(text)) / total if total else 0.0


def second_opinion(tree: Any, extracted: str, config: Config) -> tuple[str, str] | None:
    """``(stage, text)``: readability's text of the page and the stage that takes it, when
    trafilatura's ``extracted`` text looks wrong and readability's holds up (see the module's
    docstring); else None. ``tree`` is the parsed page; it is not changed."""
    not_prose = prose_share(extracted) < _PROSE_SHARE
    layout = config.enabled("layout_table") and table_share(extracted) >= config.layout_min_table_share
    swap = (layout or config.enabled("prose_elsewhere")) and not_prose
    # Most pages are long prose: their tokens are counted up to the bound only, and kept for nothing.
    bound = config.second_opinion_min_words
    short = sum(1 for _ in islice(_TOKEN.finditer(extracted), bound)) < bound
    if not (swap or (config.enabled("summary_elsewhere") and (not_prose or short))):
        return None
    extracted_tokens = _tokens(extracted)
    summaries = (missing_summaries(tree, extracted_tokens, config.elsewhere_max_overlap)
                 if config.enabled("summary_elsewhere") else [])
    if not (swap or summaries):
        return None
    text = readability_text(tree)
    tokens = _tokens(text)
    apart = max(containment(tokens, extracted_tokens),
                containment(extracted_tokens, tokens)) <= config.elsewhere_max_overlap
    if apart and any(containment(summary, tokens) >= _SUMMARY_HELD for summary in summaries):
        return "summary_elsewhere", text
    if not swap or len(tokens) < config.second_opinion_min_words or prose_share(text) < _PROSE_SHARE:
        return None
    if layout and _inside_layout(tokens, table_rows(extracted), config):
        return "layout_table", text
    if config.enabled("prose_elsewhere") and apart:
        return "prose_elsewhere", text
    return None


def missing_summaries(tree: Any, extracted_tokens: list[str], max_held: float) -> list[list[str]]:
    """The tokens of the page's own summaries (``og:description``, ``twitter:description``, ``<meta
    name="description">``) of at least ``_SUMMARY_MIN_WORDS`` words, when trafilatura's text holds at
    most ``max_held`` of the 4-word shingles of each (else none: it holds the article they sum up)."""
    summaries = []
    for value in tree.xpath(_SUMMARY_QUERY):
        tokens = _tokens(str(value))
        if len(tokens) >= _SUMMARY_MIN_WORDS:
            if containment(tokens, extracted_tokens) > max_held:
                return []
            summaries.append(tokens)
    return summaries


def _inside_layout(tokens: list[str], rows: list[str], config: Config) -> bool:
    """Readability's text lies inside the table rows and holds most of their longest cell."""
    if containment(tokens, _tokens("\n".join(rows))) < config.layout_min_agreement:
        return False
    cells = (cell for row in rows for cell in row.split("|"))
    longest = max(cells, key=lambda cell: len(cell.split()), default="")
    return containment(_tokens(longest), tokens) >= _CELL_SHARE


def readability_text(tree: Any) -> str:
    """The article that trafilatura's readability port finds in ``tree``, one line per block
    ("" when it finds nothing)."""
    from lxml.html import fromstring
    from trafilatura.readability_lxml import Document

    try:
        summary = Document(copy.deepcopy(tree), min_text_length=25).summary()  # it edits the tree it reads
        root = fromstring(summary) if summary.strip() else None
    except Exception:  # a page readability cannot read: no second opinion, trafilatura's text stays
        return ""
    if root is None:
        return ""
    for element in root.iter():
        if element.text:
            element.text = _SPACE.sub(" ", element.text)
        if element.tail:
            element.tail = _SPACE.sub(" ", element.tail)
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def prose_share(text: str) -> float:
    """Share of the words of ``text`` in prose lines (at least 12 words, ending like a sentence).

    >>> prose_share("Home\\nThis line is a sentence of the article, long enough to count as prose.")
    0.9333333333333333
    """
    total = prose = 0
    for line in text.split("\n"):
        words = len(line.split())
        total += words
        if words >= _PROSE_WORDS and line.rstrip().endswith(_SENTENCE_END):
            prose += words
    return prose / total if total else 0.0


def containment(tokens: list[str], other: list[str]) -> float:
    """Share of the distinct 4-token shingles of ``tokens`` that also occur in ``other``.

    >>> containment("a b c d e".split(), "x a b c d y".split())
    0.5
    """
    mine, theirs = _shingles(tokens), _shingles(other)
    return len(mine & theirs) / len(mine) if mine else 0.0


def _tokens(text: str) -> list[str]:
    return [token.casefold() for token in _TOKEN.findall(text)]


def _shingles(tokens: list[str]) -> set[tuple[str, ...]]:
    return set(zip(tokens, tokens[1:], tokens[2:], tokens[3:]))
