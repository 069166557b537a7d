"""Stage 5: heuristics that need no phrase list (after jusText).

The line tests (``headline_repeat`` ... ``reader_appeal``) each judge one line with what
:class:`Lines` gathered about the document; ``label_blocks`` tries them in the pipeline's order
on each line the rules left, and ``revise_edges`` decides some again among the lines left.
``revise_tail_run`` revises labels from a block's place in the document, reading a snapshot and
returning new labels, so the result does not depend on loop order. Both labels stay visible: a
block taken by a run records ``tail_run`` as its rule.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .config import Config
from .features import LIST_MARK, WORD, Features, find_words, is_prose, lead_overlap
from .rules import headline_keys, match_key


@dataclass(frozen=True)
class Verdict:
    """Why a block is not article body. ``category`` None means "widget junk, category from context"."""

    category: str | None
    rule: str
    opens_run: bool = False
    flag: str | None = None
    #: The rule matched somewhere inside the block (``contains`` mode), not the block's whole shape.
    partial: bool = False
    #: The category is a guess from shape or position (a copy, a repeated line, page chrome); inside
    #: a tail run the run's category is used instead.
    weak: bool = False


#: Category given to context-less widget junk that no run explains.
_FALLBACK_CATEGORY = {"widget_word": "navigation", "relative_time": "related_content", "author_line": "related_content"}


@dataclass
class Lines:
    """What the line tests read about a document: its lines, the labels the stages before gave
    them (a test reads those, not the verdicts of its own pass), and the evidence gathered once
    per pass."""

    texts: list[str]
    features: list[Features]
    keys: list[str]
    labels: list[Verdict | None]
    config: Config
    #: The first and the last paragraph still standing: a line before or after them is outside
    #: the article's prose (``last`` is -1 when there is none).
    first: int
    last: int
    #: Content words of the story (prose plus lines that occur once; empty on a whole page, whose
    #: menus are often on its topic too) and of its paragraphs only.
    story: frozenset[str]
    paragraphs: frozenset[str]
    #: Per line: repeats often enough to be a menu item; is a short line of quotes off the lead's
    #: topic; is something a ticker stands next to.
    repeated: Mapping[int, bool]
    market: Mapping[int, bool]
    ticker_company: Mapping[int, bool]
    #: The lines a line's neighbours are read from (adjacent lines, or the lines left standing).
    neighbours: Callable[[int], list[int]]
    headline: frozenset[str] = frozenset()
    #: Per line, its 4-word shingles (``duplicate_block``, ``repeated_phrase``; none for lines
    #: labelled before the pass, short lines, table cells and letter-spaced text), and those of the
    #: lines kept so far in this pass.
    shingles: list[set[tuple[str, ...]]] = field(default_factory=list)
    seen: set[tuple[str, ...]] = field(default_factory=set)
    #: Per line (article text only): it repeats, with different lines before and after it each time.
    between_different: Mapping[int, bool] = field(default_factory=dict)

    def outside(self, i: int) -> bool:
        return i < self.first or i > self.last


LineTest = Callable[[int, Lines], "Verdict | None"]


def headline_repeat(i: int, c: Lines) -> Verdict | None:
    """The title again, further down the text."""
    return Verdict("title", "headline_repeat") if c.headline and c.keys[i] in c.headline else None


def repeated_phrase(i: int, c: Lines) -> Verdict | None:
    """One phrase over and over in one block (a broken widget, a spam flood): junk by its shape, in
    any language and at any length (rules look at the first characters only)."""
    shingles = c.shingles[i]
    if not shingles:
        return None
    tokens = c.features[i].tokens or _tokens(c.texts[i])
    if (len(tokens) >= c.config.repeated_phrase_min_words
            and len(shingles) <= c.config.repeated_phrase_share * (len(tokens) - 3)):
        return Verdict("duplicate", "repeated_phrase")
    return None


def duplicate_block(i: int, c: Lines) -> Verdict | None:
    """A block whose text already appeared (a page's structured-data copy, a teaser of the lead)."""
    shingles = c.shingles[i]
    if shingles and len(shingles & c.seen) >= c.config.duplicate_share * len(shingles):
        return Verdict("duplicate", "duplicate_block", weak=True)
    return None


def widget_word(i: int, c: Lines) -> Verdict | None:
    """A lone widget label ("placeholder", "goTop", "quote"). A lone "•" or "-" is a separator
    (between list items, too): removed, but it opens no run."""
    if c.features[i].widget_word and not _beside_code(c.texts, c.labels, i):
        return Verdict(None, "widget_word", opens_run=bool(WORD.search(c.texts[i])))
    return None


def relative_time(i: int, c: Lines) -> Verdict | None:
    """A lone feed time stamp ("23 hours ago")."""
    return Verdict(None, "relative_time") if c.features[i].relative_time else None


def author_line(i: int, c: Lines) -> Verdict | None:
    """An "Author X" line of a feed widget."""
    return Verdict(None, "author_line") if c.features[i].author_line else None


def repeated_line(i: int, c: Lines) -> Verdict | None:
    """A short line that occurs again in the document, outside the article's prose or in a block of
    such lines. Inside the article, a repeated label ("Pros", "Cons", "Best for", a line of code)
    heads different content each time; a menu or share bar repeats as a block of lines. In article
    text, a label in the story's words is its structure wherever it stands (a roundup's "- organic
    cotton" under each brand after its last paragraph), and so is a label inside the article with
    different lines before and after it each time (a guide's "Mexican" between each restaurant's
    name and price, "Summary" between each product's specs and its verdict): a menu or a share
    bar repeats as the same lines in the same order."""
    feat = c.features[i]
    if not (c.repeated[i] and _repeated_shape(c.texts[i], feat, c.config)):
        return None
    if c.between_different.get(i) and not c.outside(i):
        return None
    neighbours = c.neighbours(i)
    if ((c.outside(i) or any(c.repeated[j] for j in neighbours))
            and not _on_topic(c.keys[i], [c.keys[j] for j in neighbours], feat, c.story)):
        return Verdict("navigation", "repeated_line", weak=True)
    return None


def market_line(i: int, c: Lines) -> Verdict | None:
    """A ticker is a widget beside the article: a short line of prices, percentages or currency
    pairs off the article's topic, outside its prose, next to more quotes or widget junk (time
    stamps, "placeholder"). Prices in a list or table between its paragraphs are its own data."""
    if c.market[i] and c.outside(i) and any(c.ticker_company[j] for j in c.neighbours(i)):
        return Verdict("market_ticker", "market_line")
    return None


def reader_appeal(i: int, c: Lines) -> Verdict | None:
    """After the article, a short line that asks the reader to act, speaks of the publication and
    shares no word with the story's paragraphs is an appeal or a plug ("Subscribe to Posts by
    Email", "Tell us why!", "Folgen Sie uns"), in whatever words (see ``Features.appeal_words``)."""
    appeal = c.features[i].appeal_words
    if i > c.last >= 0 and appeal is not None and appeal.isdisjoint(c.paragraphs):
        return Verdict("promo", "reader_appeal")
    return None


def label_blocks(texts: list[str], features: list[Features], labels: list[Verdict | None],
                 lead_vocabulary: frozenset[str], config: Config, *, title: str | None = None,
                 page: bool = False, keys: list[str] | None = None,
                 tests: tuple[LineTest, ...]) -> list[Verdict | None]:
    """Pass 1: label the blocks the rules left alone, each by the first of ``tests`` that answers
    (their order is :data:`cleaner.pipeline.STAGES`).

    ``page`` says the text is a whole web page (see :func:`cleaner.page.looks_like_page`): there a
    line repeated twice is navigation; in article text it takes three (spec lists repeat lines).
    ``keys`` are the blocks' :func:`match_key`, when the caller has them already.
    """
    keys = keys if keys is not None else [match_key(t) for t in texts]
    tests = tuple(t for t in tests if config.enabled(t.__name__))
    repeats = Counter(keys)
    min_repeats = 2 if page else 3
    # Read from the rules' labels, before this pass changes any: where the article's prose lies,
    # and which lines repeat or carry prices.
    prose = [i for i, (f, v) in enumerate(zip(features, labels)) if v is None and is_prose(f, config.prose_min_words)]
    market = [labels[i] is None and _is_market_line(f, lead_vocabulary, config) for i, f in enumerate(features)]
    n = len(texts)
    lines = Lines(
        texts, features, keys, labels, config,
        first=prose[0] if prose else n, last=prose[-1] if prose else -1,
        story=frozenset() if page else _prose_vocabulary(features, labels, config, keys),
        paragraphs=frozenset().union(*(features[i].content_words for i in prose)),
        repeated=[repeats[k] >= min_repeats and labels[i] is None for i, k in enumerate(keys)],
        market=market,
        ticker_company=[m or f.widget_word or f.relative_time or f.author_line for m, f in zip(market, features)],
        neighbours=lambda i: [j for j in (i - 1, i + 1) if 0 <= j < n],
        headline=headline_keys(title),
        shingles=[_line_shingles(t, f, config) if v is None else set() for t, f, v in zip(texts, features, labels)],
        between_different={} if page else _between_different(keys, list(range(n)), texts),
    )
    out = list(labels)
    for i in range(n):
        if out[i] is not None:
            continue
        for test in tests:
            verdict = test(i, lines)
            if verdict is not None:
                out[i] = verdict
                break
        else:
            lines.seen |= lines.shingles[i]
    # A whole page copies its article in pieces, between menus and teasers: there every copy goes.
    return out if page else _structured_copies_kept(features, out, config)


def _structured_copies_kept(features: list[Features], labels: list[Verdict | None], config: Config
                            ) -> list[Verdict | None]:
    """In article text, a short run of copies inside the article (at most
    ``structured_copy_max_run`` blocks), between lines that are not copies, is an item of a
    structured text: a schedule's "Warm up" / "Main set" / "Cool down" under each week, a recipe
    step, a product card repeated in a roundup's summary and its section, a paragraph the author
    repeats from the top. It stays. A page's copy of its article repeats a longer run of blocks,
    and a copy of its lead in a teaser stands before or after the article."""
    copy = [v is not None and v.rule == "duplicate_block" for v in labels]
    outside = _outside_prose(features, labels, config)  # the prose left once the copies are gone
    # Neighbours are the lines left standing: a copy with only a removed "Read more" between it and
    # the next copy is in a run of copies.
    left = [i for i, v in enumerate(labels) if v is None or copy[i]]
    short: set[int] = set()
    n = 0
    while n < len(left):
        end = n
        while end < len(left) and copy[left[end]]:
            end += 1
        if 0 < end - n <= config.structured_copy_max_run:
            short.update(left[n:end])
        n = max(end, n + 1)
    return [None if i in short and not outside[i] else v for i, v in enumerate(labels)]


def revise_edges(texts: list[str], features: list[Features], labels: list[Verdict | None],
                 lead_vocabulary: frozenset[str], config: Config, *, page: bool = False,
                 keys: list[str] | None = None, tests: tuple[LineTest, ...]) -> list[Verdict | None]:
    """Pass 2 for the tests that depend on where the prose ends: decide again among the lines left.

    Pass 1 placed lines against the paragraphs the rules left; the other heuristics and the tail run
    may have removed some of those since (a copy of the last paragraph), and the lines between
    removed ones have new neighbours. Applied until nothing changes, so that cleaning the body
    again finds nothing more (idempotence).
    """
    keys = keys if keys is not None else [match_key(t) for t in texts]
    tests = tuple(t for t in tests if config.enabled(t.__name__))
    min_repeats = 2 if page else 3
    out = list(labels)
    changed = bool(tests)
    while changed:
        changed = False
        kept = [i for i, v in enumerate(out) if v is None]
        prose = [i for i in kept if is_prose(features[i], config.prose_min_words)]
        counts = Counter(keys[i] for i in kept)
        position = {i: n for n, i in enumerate(kept)}
        market = {i: _is_market_line(features[i], lead_vocabulary, config) for i in kept}
        lines = Lines(
            texts, features, keys, list(out), config,
            first=prose[0] if prose else len(features), last=prose[-1] if prose else -1,
            story=frozenset() if page else _prose_vocabulary(features, out, config, keys),
            paragraphs=frozenset().union(*(features[i].content_words for i in prose)),
            repeated={i: _repeated_shape(texts[i], features[i], config) and counts[keys[i]] >= min_repeats
                      for i in kept},
            market=market, ticker_company=market,
            neighbours=lambda i: kept[max(0, position[i] - 1):position[i]] + kept[position[i] + 1:position[i] + 2],
            between_different={} if page else _between_different(keys, kept, texts),
        )
        for i in kept:
            for test in tests:
                verdict = test(i, lines)
                if verdict is not None:
                    out[i] = verdict
                    changed = True
                    break
    return out


def _between_different(keys: list[str], order: list[int], texts: list[str]) -> dict[int, bool]:
    """Among the lines ``order`` (indices in document order), each line that occurs more than once
    with a different line before it and a different line after it at every occurrence (the first
    line has nothing before it, the last nothing after it). A menu's items stand between the same
    lines each time: its first item before the same second item, its last after the same one.
    A label that announces what follows ("Pros:", "Ingredients:") needs only a different line after
    it each time: it may follow the same last field of each item ("- Recognized: Internationally").
    A line printed twice in a row (an extractor's copy of a table's header) counts once there."""
    around: dict[str, tuple[list[str | None], list[str | None]]] = {}
    n = 0
    while n < len(order):
        end = n
        key = keys[order[n]]
        same = [m for m in range(max(0, n - 1), min(n + 3, len(order))) if m != n and keys[order[m]] == key]
        if same == [n + 1]:
            end += 1  # twice in a row, not more: a gallery repeats its title under every photo
        before, after = around.setdefault(key, ([], []))
        before.append(keys[order[n - 1]] if n > 0 else None)
        after.append(keys[order[end + 1]] if end + 1 < len(order) else None)
        n = end + 1
    return {i: len(a) > 1 and len(set(a)) == len(a) and (len(set(b)) == len(b) or texts[i].rstrip().endswith(":"))
            for i in order for b, a in (around[keys[i]],)}


def _repeated_shape(text: str, feat: Features, config: Config) -> bool:
    """Short, not a sentence, not a table cell: the shape of a menu item or a label."""
    return feat.words <= config.repeated_line_max_words and not feat.sentence_end and not _table_cell(text)


def _table_cell(text: str) -> bool:
    """A table row or cell ("| Pos | Player |", or one cell a line: "| DL |", "85% |"): table
    content. Tables repeat their header rows, and cells repeat values."""
    return text.startswith("|") or text.endswith("|")


def _outside_prose(features: list[Features], labels: list[Verdict | None], config: Config) -> list[bool]:
    """For each block, whether it stands before the first or after the last paragraph no rule removed."""
    prose = [i for i, (f, v) in enumerate(zip(features, labels)) if v is None and is_prose(f, config.prose_min_words)]
    first, last = (prose[0], prose[-1]) if prose else (len(features), -1)
    return [i < first or i > last for i in range(len(features))]


def _prose_vocabulary(features: list[Features], labels: list[Verdict | None], config: Config,
                      keys: list[str]) -> frozenset[str]:
    """The content words of the article's prose (the paragraphs no rule removed) and of its
    other lines that occur once."""
    counts = Counter(keys)
    words: set[str] = set()
    for feat, verdict, key in zip(features, labels, keys):
        if verdict is None and (is_prose(feat, config.prose_min_words) or counts[key] == 1):
            words |= feat.content_words
    return frozenset(words)


def _on_topic(key: str, neighbours: list[str], feat: Features, story: frozenset[str]) -> bool:
    """Most of a short line's content words occur in the article's prose, and the line next to it
    is another: a label of the story's own structure ("Organic cotton", "Rest day", "Filter style:
    cone"), not a menu item or a widget's heading printed over and over."""
    if not feat.content_words or lead_overlap(feat, story) < 0.5:
        return False
    return key not in neighbours


_CODE_END = ("{", "}", ";")


def _beside_code(texts: list[str], labels: list[Verdict | None], i: int) -> bool:
    """A line next to a line of code (one that opens or closes a brace, or ends a statement): an
    "x" or "|" there is the program's, not a close button or a separator. Its neighbours are the
    lines no rule removed (a removed "©{" is no code, and is gone when the body is cleaned again)."""
    before = next((j for j in range(i - 1, -1, -1) if labels[j] is None), None)
    after = next((j for j in range(i + 1, len(texts)) if labels[j] is None), None)
    return any(j is not None and (texts[j].rstrip().endswith(_CODE_END) or texts[j].startswith("}"))
               for j in (before, after))


def _line_shingles(text: str, feat: Features, config: Config) -> set[tuple[str, ...]]:
    """A line's 4-word shingles; none for short lines, table cells and letter-spaced text ("B l i s
    s o f" has letters for words: its shingles are not phrases)."""
    if feat.words < config.duplicate_min_words or _table_cell(text):
        return set()
    tokens = feat.tokens or _tokens(text)
    return _shingles(tokens) if sum(map(len, tokens)) >= 1.5 * len(tokens) else set()


def _tokens(text: str) -> tuple[str, ...]:
    """What ``Features.tokens`` holds (for features built without them)."""
    return tuple(t.casefold() for t in find_words(text))


def _shingles(tokens: tuple[str, ...], size: int = 4) -> set[tuple[str, ...]]:
    # Block features have tokenised the block already: no second pass over its text.
    return set(zip(*(tokens[k:] for k in range(size))))


def _is_market_line(feat: Features, lead_vocabulary: frozenset[str], config: Config) -> bool:
    # Prices and percentages alone are article content in a market report; a short line of them
    # that shares nothing with the article's lead is a ticker.
    return (feat.market_signals >= 2 and feat.words <= 30 and not is_prose(feat, config.prose_min_words)
            and lead_overlap(feat, lead_vocabulary) < config.lead_overlap_min)


def is_article_prose(feat: Features, lead_vocabulary: frozenset[str], config: Config,
                     between_junk: bool = False) -> bool:
    """Clearly article prose: a sentence-shaped block on the article's topic, not in an appeal's voice.

    A block with junk on both sides (a widget item between an "Author" line and a time stamp) must
    share twice as much with the lead to count.
    """
    needed = config.lead_overlap_min * (2 if between_junk else 1)
    return (is_prose(feat, config.prose_min_words)
            and feat.appeal_voice <= config.appeal_voice_max
            and lead_overlap(feat, lead_vocabulary) >= needed)


def protect_prose(features: list[Features], labels: list[Verdict | None], lead_vocabulary: frozenset[str],
                  config: Config, texts: list[str]) -> list[Verdict | None]:
    """A phrase found inside article prose (on the article's topic, not addressing the reader) is
    reported speech ("asked residents to make a donation"), not a prompt: keep the block. An
    off-topic plug in the imperative ("Sign up for X today ...") is not protected."""
    out = list(labels)
    for i, (feat, label) in enumerate(zip(features, labels)):
        if label is not None and label.partial and is_article_prose(feat, lead_vocabulary, config):
            out[i] = None
    return _gallery_kept(features, _entry_links_kept(texts, features, out, config), config)


#: The label of a labelled link ("Website: https://..." -> "website").
_LINK_LABEL = re.compile(r"\s*([^:]{1,40}?)\s*:\s*\S")


def _entry_links_kept(texts: list[str], features: list[Features], labels: list[Verdict | None],
                      config: Config) -> list[Verdict | None]:
    """A directory or a roundup gives each entry its own address under the same label ("Website:
    https://www.sony.net/" in Sony's entry, "Website: https://www.nintendo.com/" in Nintendo's):
    ``labelled_link`` lines with one label and a different address each, at least
    ``entry_links_min`` of them, inside the article's prose (a paragraph before the first and after
    the last), are the entries' data and stay. A podcast's "Listen: ..." line comes once."""
    found: dict[str, list[int]] = {}
    for i, (text, label) in enumerate(zip(texts, labels)):
        if label is not None and label.rule == "labelled_link":
            m = _LINK_LABEL.match(text)
            if m:
                found.setdefault(m.group(1).casefold(), []).append(i)
    prose = [i for i, (f, v) in enumerate(zip(features, labels)) if v is None and is_prose(f, config.prose_min_words)]
    if not prose:
        return labels
    out = list(labels)
    for lines in found.values():
        addresses = {texts[i].split(":", 1)[1].strip() for i in lines}
        if len(lines) >= config.entry_links_min and len(addresses) == len(lines) \
                and prose[0] < lines[0] and lines[-1] < prose[-1]:
            for i in lines:
                out[i] = None
    return out


def _gallery_kept(features: list[Features], labels: list[Verdict | None], config: Config) -> list[Verdict | None]:
    """A photo story is told in its captions: when captions of paragraph length (three or more)
    outweigh the prose left around them, they are the article, and removing them would leave its
    introduction only."""
    captions = {i for i, (f, v) in enumerate(zip(features, labels))
                if v is not None and v.category == "caption" and f.words >= config.prose_min_words}
    prose = sum(f.words for f, v in zip(features, labels) if v is None and is_prose(f, config.prose_min_words))
    if len(captions) < 3 or sum(features[i].words for i in captions) <= prose:
        return labels
    return [None if i in captions else v for i, v in enumerate(labels)]


def revise_tail_run(features: list[Features], labels: list[Verdict | None], lead_vocabulary: frozenset[str],
                    config: Config, texts: list[str], keys: list[str] | None = None) -> list[Verdict | None]:
    """Pass 2: the first run-opening block after the last clearly-prose block takes the rest.

    Blocks in the run that no rule or heuristic labelled get the category of the run segment they
    sit in: the category of the rule that opened the segment, or, for a segment opened by widget
    junk, ``market_ticker`` when it carries prices, percentages or currency pairs and
    ``related_content`` otherwise. Labelled blocks keep their own labels. ``keys`` are the
    lines' match keys, when the caller has them (:func:`cleaner.rules.match_key` otherwise).
    """
    keys = keys if keys is not None else [match_key(t) for t in texts]
    snapshot = list(labels)
    out = list(labels)
    last_prose = -1
    for i, (feat, label) in enumerate(zip(features, snapshot)):
        between_junk = 0 < i < len(snapshot) - 1 and snapshot[i - 1] is not None and snapshot[i + 1] is not None
        # A list item ends the article only on its topic twice over, as a block between junk lines:
        # a box of other headlines with their teasers ("- Arraignment held in St. John's for ...")
        # shares a place name with the story, and is list items.
        if label is None and is_article_prose(feat, lead_vocabulary, config,
                                              between_junk or bool(LIST_MARK.match(texts[i]))):
            last_prose = i
    first = max(last_prose + 1, _after_main_prose(features, snapshot, config))
    opener = next((i for i in range(first, len(snapshot))
                   if snapshot[i] is not None and snapshot[i].opens_run
                   and (snapshot[i].category is not None or _widget_evidence(snapshot, i) >= 2)
                   and not _announces_own_list(texts[i], features[i], lead_vocabulary, config)
                   and not _listed_above_its_section(keys, features, snapshot, i, config)),
                  None)
    header = _comment_header(features, snapshot, config, texts, lead_vocabulary)
    if header is not None and (opener is None or header < opener):
        opener = header
    if opener is not None and config.enabled("tail_run"):
        for start, end, category in _run_segments(features, snapshot, opener):
            for i in range(start, end):
                if snapshot[i] is None:
                    out[i] = Verdict(category, "tail_run")
                elif snapshot[i].category is None or snapshot[i].weak:
                    out[i] = Verdict(category, snapshot[i].rule)
    return [_with_fallback(v) for v in out]


def related_box(texts: list[str], features: list[Features], labels: list[Verdict | None],
                config: Config) -> list[Verdict | None]:
    """A related-news header inside the article ("More:", "Read also") opened no tail run, since the
    story goes on below it: its box is the headlines right under it (lines too short or without a
    full stop to be paragraphs, at most ``related_box_max``) up to the story's next paragraph, or
    up to its next subheading when the headlines come as list items."""
    if not config.enabled("related_box"):
        return labels
    out = list(labels)
    for i, label in enumerate(labels):
        if label is None or not label.opens_run or label.category != "related_content":
            continue
        box: list[int] = []
        for j in range(i + 1, min(len(labels), i + 2 + config.related_box_max)):
            if out[j] is not None or features[j].words < 2:
                break
            story_again = is_prose(features[j], config.prose_min_words) or (
                bool(box) and bool(LIST_MARK.match(texts[box[0]])) and not LIST_MARK.match(texts[j]))
            if story_again:
                for k in box:
                    out[k] = Verdict("related_content", "related_box")
                break
            box.append(j)
    return out


def _announces_own_list(text: str, feat: Features, lead_vocabulary: frozenset[str], config: Config) -> bool:
    """A paragraph of the story that ends by announcing what follows ("... make your appointment at
    one of the following clinics:"): on the article's topic and as long as a paragraph, it is the
    story's call to act, and the list under it (the clinics' dates and addresses) is the story's. It
    goes, by its own rule, and opens no run. A widget's heading ("Related stories:", "Follow us
    on:") is short or off the topic."""
    return (text.rstrip().endswith(":") and feat.words >= config.prose_min_words
            and lead_overlap(feat, lead_vocabulary) >= config.lead_overlap_min)


def _listed_above_its_section(keys: list[str], features: list[Features], labels: list[Verdict | None], i: int,
                              config: Config) -> bool:
    """A header that comes again below paragraphs of the article is a table of contents' entry
    above the section it names: the box, if any, is at the second one."""
    paragraphs = 0
    for j in range(i + 1, len(keys)):
        if keys[j] == keys[i]:
            return paragraphs >= 3
        if labels[j] is None and is_prose(features[j], config.prose_min_words):
            paragraphs += 1
    return False


#: A comment count: "74 Comments", "12 Kommentare".
_COUNT = re.compile(r"\d+ \w+")


def _comment_header(features: list[Features], labels: list[Verdict | None], config: Config,
                    texts: list[str], lead_vocabulary: frozenset[str]) -> int | None:
    """A comment thread's header ("16 thoughts on “Title”", or the first of three commenters' name
    lines) after the article's lead: readers' comments follow it, however much they share the
    story's words (they answer it) and however long the thread. Above ``lead_words`` of prose it
    may be a link at the top of the story; it is left to the rules' own reading."""
    prose = [f.words if v is None and is_prose(f, config.prose_min_words) else 0 for f, v in zip(features, labels)]
    total, above, article = sum(prose), 0, 0
    # Three commenters' name lines ("Jill Winger says") are a header too: the first of them.
    names = [i for i, v in enumerate(labels) if v is not None and v.rule == "commenter_line"]
    first_name = names[0] if len(names) >= 3 else -1
    counts = [i for i, v in enumerate(labels) if v is not None and v.rule == "comment_count" and _COUNT.match(texts[i])]
    last_count = counts[-1] if counts else -1
    for i, (words, label) in enumerate(zip(prose, labels)):
        if label is not None and above >= config.lead_words and (
                label.rule == "comment_header" or i == first_name
                # "Comments", "4 Comments" or "Leave a reply" is also a link by the byline or in a
                # menu: a thread's heading or form only alone on its line, below half of the prose
                # (and not asked: "Comments?", "What do you think?").
                or (label.rule in ("comment_count", "comment_prompt") and features[i].words <= 4
                    and not features[i].sentence_end and 2 * above >= total)
                or (i == last_count and article >= config.lead_words and not _beside_byline(labels, i))):
            return i
        above += words
        if words and i < last_count and is_article_prose(features[i], lead_vocabulary, config):
            article += words
    return None


def _beside_byline(labels: list[Verdict | None], i: int) -> bool:
    """One of the two lines above is a byline or a date line: a comment count there is the byline's
    link ("Posted by Jane Doe / 12 Comments")."""
    return any(v is not None and v.category in ("byline", "dateline") for v in labels[max(0, i - 2):i])


def _after_main_prose(features: list[Features], labels: list[Verdict | None], config: Config) -> int:
    """Where a tail run may start at the earliest: after any prose block that outweighs all the
    prose above it. A sign-up box in a sidebar above a story told in one long table cell (no
    full stop at its end, off the lead a menu gave) must not open a run that takes the story."""
    earliest, above = 0, 0
    for i, (feat, label) in enumerate(zip(features, labels)):
        if label is not None:
            continue
        if is_prose(feat, config.prose_min_words) or (
                feat.words >= config.page_long_words and feat.stopword_share >= config.page_stopword_min):
            if feat.words > 2 * above and above < config.lead_words:
                earliest = i + 1
            above += feat.words
    return earliest


def _widget_evidence(labels: list[Verdict | None], opener: int) -> int:
    """Labelled blocks after a widget word: a lone "VIDEO" label opens no run, a widget with its
    "Author" lines and time stamps does."""
    return sum(1 for v in labels[opener + 1:] if v is not None)


def _run_segments(features: list[Features], labels: list[Verdict | None], opener: int) -> list[tuple[int, int, str]]:
    # The opener starts the run (a commenter's name line opens it without opening runs itself).
    starts = [opener] + [i for i in range(opener + 1, len(labels)) if labels[i] is not None and labels[i].opens_run]
    merged: list[int] = []
    for s in starts:
        # Consecutive widget-opened segments ("placeholder" before every ticker item) are one widget.
        if merged and labels[s].category is None and labels[merged[-1]].category is None:
            continue
        merged.append(s)
    segments = []
    for n, start in enumerate(merged):
        end = merged[n + 1] if n + 1 < len(merged) else len(labels)
        category = labels[start].category
        if category is None:
            signals = sum(f.market_signals for f in features[start:end])
            category = "market_ticker" if signals >= 2 else "related_content"
        segments.append((start, end, category))
    return segments


def _with_fallback(verdict: Verdict | None) -> Verdict | None:
    if verdict is None or verdict.category is not None:
        return verdict
    return Verdict(_FALLBACK_CATEGORY.get(verdict.rule, "navigation"), verdict.rule)
