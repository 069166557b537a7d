"""The cleaning pipeline: decode, extract, segment, rules, heuristics, metadata.

``Cleaner`` holds what is expensive to set up (compiled rules, lexicon, language profiles) and
cleans any number of documents with it. ``clean()`` is the one-call form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal, get_args
from urllib.parse import urlsplit

from . import __version__, comments, dom, heuristics
from .config import HEURISTICS, Config
from .decode import decode, normalise, repair_mojibake, unescape_entities
from .document import Document, Removal
from .dom import DomVocabulary, label_from_dom
from .errors import InputError, binary_kind
from .extract import Extraction, extract_html, looks_like_html
from .features import Features, Lexicon, block_features, is_prose
from .heuristics import (LineTest, Verdict, author_line, duplicate_block, headline_repeat, market_line, reader_appeal,
                         relative_time, repeated_line, repeated_phrase, widget_word)
from .language import LanguageDetector
from .page import article_region, looks_like_page
from .rule_index import RuleSet, load_rules
from .rules import RuleHit, match_key
from .segment import Block, join_blocks, segment
from .title import title_index

Kind = Literal["auto", "text", "html"]
KINDS: tuple[str, ...] = get_args(Kind)


@dataclass
class Work:
    """One document as the stages see it: its lines, and what the stages have found so far."""

    blocks: list[Block]
    texts: list[str]
    #: Per line: its match key (the rules and ``repeated_line`` read it) and its features.
    keys: list[str]
    features: list[Features]
    extraction: Extraction
    url: str | None
    known_title: str | None
    source_key: str | None
    #: Per line, why it is not article body (None: it is, so far).
    labels: list[Verdict | None] = field(default_factory=list)
    #: Metadata the rules captured (publisher, author, date) and the flags they raised.
    captures: dict[str, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    title_index: int | None = None
    #: Content words of the title and the article's first paragraphs: what "on topic" means.
    lead: frozenset[str] = frozenset()
    #: The text is a whole web page, not an article (see :func:`cleaner.page.looks_like_page`).
    page: bool = False

    @property
    def title(self) -> str | None:
        return self.known_title or (self.blocks[self.title_index].text if self.title_index is not None else None)


Stage = Callable[["Cleaner", Work], None]


def rules(cleaner: Cleaner, w: Work) -> None:
    """The rule files (``cleaner/rules/*.toml``): phrases and shapes; a removal names its rule.

    Rules for any position first; then the head rules (bylines, date lines) for the lines before
    the first paragraph that no rule removed, so that removing an appeal above a byline does not
    change what counts as the head. Site-specific rules need the publisher, which the general rules
    may find first. A repeated line gets the same answer (the rules see only the line, the
    position, and the publisher)."""
    ruleset, blocks, features = cleaner.rules, w.blocks, w.features
    labels: list[Verdict | None] = [None] * len(blocks)
    domain = _domain(w.url)
    answers: dict[tuple, RuleHit | None] = {}
    for position in ("any", "head"):
        head_end = next((i for i, (f, v) in enumerate(zip(features, labels))
                         if v is None and is_prose(f, cleaner.config.prose_min_words)), len(blocks))
        for scoped in (False, True) if ruleset.has_scoped else (False,):
            for i, block in enumerate(blocks):
                if labels[i] is not None or (position == "head" and i >= head_end):
                    continue
                publisher = w.extraction.source or w.captures.get("publisher")
                question = (block.text, position, publisher, scoped)
                if question in answers:
                    hit = answers[question]
                else:
                    hit = answers[question] = ruleset.first_hit(
                        block.text, position=position, source=publisher, domain=domain, scoped=scoped,
                        key=w.keys[i], source_key=w.source_key)
                if hit is None:
                    continue
                rule = hit.rule
                labels[i] = Verdict(rule.category, rule.id, opens_run=rule.opens_run, flag=rule.flag,
                                    partial=rule.match == "contains" and hit.inside)
                for key, value in hit.captures.items():
                    w.captures.setdefault(key, value)
                if rule.flag and rule.flag not in w.flags:
                    w.flags.append(rule.flag)
    w.labels = labels


def dom_context(cleaner: Cleaner, w: Work) -> None:
    """HTML: a line that comes only from an element marked as boilerplate takes its category."""
    w.labels = label_from_dom(w.texts, w.labels, w.extraction.dom_junk, cleaner.config.dom_max_share)


def title_line(cleaner: Cleaner, w: Work) -> None:
    """A first line that reads as a headline becomes the title (:mod:`cleaner.title`)."""
    w.title_index = title_index(w.blocks, w.features, w.labels, w.known_title, cleaner.config, cleaner.lexicon)
    if w.title_index is not None:
        w.labels[w.title_index] = Verdict("title", "title_line")
    w.lead = _lead_vocabulary(cleaner, w)


def protect_prose(cleaner: Cleaner, w: Work) -> None:
    """Gives lines back: a rule's phrase inside on-topic prose is reported speech, a directory's
    "Website: ..." under each entry is its data, and a photo story's long captions are its text
    (:func:`cleaner.heuristics.protect_prose`)."""
    w.labels = heuristics.protect_prose(w.features, w.labels, w.lead, cleaner.config, w.texts)


def whole_page(cleaner: Cleaner, w: Work) -> None:
    """Labels nothing; decides whether the text is a whole web page, for the stages after it. An
    extractor has already cut the page down to its main content: only raw page text (or the
    fallback's whole-page dump) gets the page treatment."""
    w.page = bool((not w.extraction.html or w.extraction.fallback)
                  and looks_like_page(w.texts, w.features, cleaner.config, w.labels))


class LineTests:
    """A stage that labels each line the stages before it left, by the first of ``tests`` that
    answers (each test is named as in ``--disable``; see :mod:`cleaner.heuristics`)."""

    def __init__(self, *tests: LineTest) -> None:
        self.tests = tests

    def __call__(self, cleaner: Cleaner, w: Work) -> None:
        w.labels = heuristics.label_blocks(w.texts, w.features, w.labels, w.lead, cleaner.config, title=w.title,
                                           page=w.page, keys=w.keys, tests=self.tests)


def comment_section(cleaner: Cleaner, w: Work) -> None:
    """Readers' comments after the article, found by their signed, dated lines (:mod:`cleaner.comments`)."""
    w.labels = comments.comment_section(w.texts, w.features, w.labels, cleaner.lexicon, cleaner.config)


def page_region(cleaner: Cleaner, w: Work) -> None:
    """In a whole-page text, lines outside the densest run of prose are page chrome (``page_head``,
    ``page_tail``); ``page_list`` keeps a list the article announces at its end, a list under a
    short introduction that outweighs it (a checklist, a catalogue's index), or numbered sections
    that go on from the article's."""
    if w.page:
        w.labels = article_region(w.texts, w.features, w.labels, cleaner.config)
        # The page's first prose was a menu or a teaser; the article's lead is the region's.
        w.lead = _lead_vocabulary(cleaner, w)


def tail_run(cleaner: Cleaner, w: Work) -> None:
    """A boilerplate line after the article's last clear paragraph takes the rest of the tail."""
    w.labels = heuristics.revise_tail_run(w.features, w.labels, w.lead, cleaner.config, w.texts, w.keys)


def outside_article(cleaner: Cleaner, w: Work) -> None:
    """HTML: after the article, the lines the page prints outside the element that holds its
    paragraphs (:func:`cleaner.dom.outside_article`)."""
    if w.extraction.page_text is not None and cleaner.config.enabled("outside_article"):
        w.labels = dom.outside_article(w.texts, w.features, w.labels, w.lead, cleaner.config, w.extraction.page_text)


def related_box(cleaner: Cleaner, w: Work) -> None:
    """The headlines under a related-news header inside the article, up to its next paragraph."""
    w.labels = heuristics.related_box(w.texts, w.features, w.labels, cleaner.config)


class LinesLeft(LineTests):
    """A stage that decides ``tests`` again among the lines left, until nothing changes: the stages
    between have removed lines, so the article's prose may end elsewhere."""

    def __call__(self, cleaner: Cleaner, w: Work) -> None:
        w.labels = heuristics.revise_edges(w.texts, w.features, w.labels, w.lead, cleaner.config, page=w.page,
                                           keys=w.keys, tests=self.tests)


def title_line_again(cleaner: Cleaner, w: Work) -> None:
    """Once the heuristics have removed a time stamp or a menu, a headline may stand right before
    the first paragraph: ``title_line`` decides again, so that cleaning the body finds no title."""
    if w.title_index is None and not w.known_title:
        late = title_index(w.blocks, w.features, w.labels, None, cleaner.config, cleaner.lexicon)
        if late is not None:
            w.labels[late] = Verdict("title", "title_line")


#: The stages after segmentation, in run order. Each reads the document so far and labels lines;
#: a removal's ``rule`` names the stage, the line test or the rule that made it, and that name is
#: what ``--disable`` (``Config.disabled``) switches off. Before them, :func:`text_of` decodes and,
#: for HTML, extracts (``cell_tails``, ``body_gaps``, ``layout_table``, ``prose_elsewhere``, ``summary_elsewhere``,
#: ``body_continuation``).
STAGES: tuple[Stage, ...] = (
    rules,
    dom_context,
    title_line,
    protect_prose,
    whole_page,
    LineTests(headline_repeat, repeated_phrase, duplicate_block, widget_word, relative_time, author_line,
              repeated_line, market_line, reader_appeal),
    comment_section,
    page_region,
    tail_run,
    outside_article,
    related_box,
    LinesLeft(repeated_line, market_line, reader_appeal),
    title_line_again,
)


class Cleaner:
    """A reusable cleaner: rules, lexicon and language profiles are loaded once, here."""

    def __init__(self, config: Config | None = None, *, rules: tuple[str, ...] | list[str] = ()) -> None:
        config = config or Config()
        if rules:
            config = Config(**{**config.__dict__, "rule_files": tuple(config.rule_files) + tuple(map(str, rules))})
        self.config = config
        self.rules: RuleSet = load_rules(config.rule_files, disabled=config.disabled, max_chars=config.rule_max_chars,
                                         other_names=HEURISTICS)
        self.lexicon = Lexicon.load()
        self.dom_vocabulary = DomVocabulary.load()
        self.languages = LanguageDetector(
            seed=config.language_seed, sample_chars=config.language_sample_chars,
            min_letters=config.language_min_letters,
        )

    def clean(self, content: str | bytes, *, url: str | None = None, kind: Kind = "auto",
              title: str | None = None, id: str | None = None, path: str | None = None,
              source: str | None = None) -> Document:
        """Clean one document. ``content`` is text or HTML, as ``str`` or ``bytes`` in any common
        encoding. Raises :class:`InputError` only for input that is not a document at all
        (binary data, or larger than ``Config.max_bytes``).

        ``url`` is the page's address (domain-scoped rules use it); for HTML without one, the page's
        canonical link or ``og:url`` is used. ``id`` and ``path`` are copied to the record.
        ``source`` is the document's source key (a record's ``source`` field, or its folder; see
        :mod:`cleaner.source`): rules scoped with ``sources`` apply to it too."""
        text, extraction, encoding = self.text_of(content, url=url, kind=kind)
        url = url or extraction.url
        work = self._label(text, extraction, url, title or extraction.title, source)
        return self._document(text, work, extraction, url=url, title=title, encoding=encoding,
                              input_format="html" if extraction.html else "text", id=id, path=path)

    def text_of(self, content: str | bytes, *, url: str | None = None, kind: str = "auto"
                ) -> tuple[str, Extraction, str | None]:
        """The first steps of :meth:`clean`: see :func:`text_of`."""
        return text_of(content, url=url, kind=kind, config=self.config, vocabulary=self.dom_vocabulary)

    def _label(self, text: str, extraction: Extraction, url: str | None, known_title: str | None,
               source_key: str | None = None) -> Work:
        blocks = segment(text)
        texts = [b.text for b in blocks]
        # Key and features once per distinct line (a page repeats a fifth of its lines: menus,
        # share bars); the key serves the rules and repeated_line.
        per_line = {t: (match_key(t), block_features(t, self.lexicon)) for t in dict.fromkeys(texts)}
        work = Work(blocks, texts, [per_line[t][0] for t in texts], [per_line[t][1] for t in texts],
                    extraction, url, known_title, source_key)
        for stage in STAGES:
            stage(self, work)
        return work

    def _document(self, text: str, labelled: Work, extraction: Extraction, *, url: str | None,
                  title: str | None, encoding: str | None, input_format: str, id: str | None,
                  path: str | None) -> Document:
        kept = [b for b, v in zip(labelled.blocks, labelled.labels) if v is None]
        body = join_blocks(text, kept)
        removed = _removals(text, labelled.blocks, labelled.labels)
        title_line = next((r.text for r in removed if r.category == "title"), None)
        flags = list(labelled.flags)
        if extraction.fallback:
            flags.append("extraction_fallback")
        if extraction.second_opinion:
            flags.append(extraction.second_opinion)
        flags += extraction.repaired
        flags += extraction.added_by
        if not text:
            flags.append("empty_input")
        elif not body:
            flags.append("empty_after_cleaning")
        return Document(
            body=body,
            text=text,
            title=title or extraction.title or title_line,
            source=extraction.source or labelled.captures.get("publisher"),
            author=extraction.author or labelled.captures.get("author"),
            published=extraction.published or labelled.captures.get("published"),
            language=self.languages.detect(body),
            url=url,
            removed=tuple(removed),
            flags=tuple(flags),
            input_format=input_format,
            encoding=encoding,
            id=id,
            path=path,
            cleaner_version=__version__,
        )


def text_of(content: str | bytes, *, url: str | None = None, kind: str = "auto", config: Config,
            vocabulary: DomVocabulary | None = None) -> tuple[str, Extraction, str | None]:
    """The normalised text the stages read (for HTML, the extracted text), the extraction, and the
    encoding: the first steps of cleaning, which ``clean-news learn`` shares without building a
    whole :class:`Cleaner` (its rules and language profiles)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    size = len(content) if isinstance(content, bytes) else len(content.encode("utf-8", "surrogatepass"))
    if size > config.max_bytes:
        raise InputError(f"{size:,} bytes is over the size limit of {config.max_bytes:,} (--max-bytes)")
    if isinstance(content, str):
        raw, encoding = content, None
    else:
        what = binary_kind(content)
        if what:
            raise InputError(f"not text: looks like {what}")
        raw, encoding = decode(content, html=kind != "text")
    repaired = []
    if config.enabled("mojibake"):
        raw, found = repair_mojibake(raw)
        if found:
            repaired.append("mojibake")
    is_html = kind == "html" or (kind == "auto" and looks_like_html(raw))
    if is_html:  # the HTML parser reads its own character references
        extraction = extract_html(raw, url=url, config=config, vocabulary=vocabulary)
    else:
        if config.enabled("entities"):
            raw, found = unescape_entities(raw)
            if found:
                repaired.append("entities")
        extraction = Extraction(text=raw)
    if repaired:
        extraction = replace(extraction, repaired=tuple(repaired))
    return normalise(extraction.text), extraction, encoding


def _lead_vocabulary(cleaner: Cleaner, w: Work) -> frozenset[str]:
    """Content words of the title and the first ``lead_words`` words of article prose."""
    words: set[str] = set()
    title_text = w.title
    if title_text:
        words |= block_features(title_text, cleaner.lexicon).content_words
    budget = cleaner.config.lead_words
    for feat, label in zip(w.features, w.labels):
        if budget <= 0:
            break
        if label is None and is_prose(feat, cleaner.config.prose_min_words):
            words |= feat.content_words
            budget -= feat.words
    return frozenset(words)


def _removals(text: str, blocks: list[Block], labels: list[Verdict | None]) -> list[Removal]:
    """One removal per run of lines of one paragraph removed for the same reason; offsets span the run."""
    runs: list[list] = []  # [category, rule, start, end]: the text is cut once per run, not once per line
    previous_index = -2
    for block, verdict in zip(blocks, labels):
        if verdict is None:
            continue
        last = runs[-1] if runs else None
        if (last is not None and previous_index == block.index - 1 and not block.paragraph_break
                and (last[0], last[1]) == (verdict.category, verdict.rule)):
            last[3] = block.end
        else:
            assert verdict.category is not None
            runs.append([verdict.category, verdict.rule, block.start, block.end])
        previous_index = block.index
    return [Removal(category, rule, text[start:end], start, end) for category, rule, start, end in runs]


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.casefold().removeprefix("www.") if host else None


def clean(content: str | bytes, *, url: str | None = None, kind: Kind = "auto", config: Config | None = None,
          title: str | None = None, id: str | None = None, path: str | None = None) -> Document:
    """Clean one document (options as :meth:`Cleaner.clean`). The :class:`Cleaner` for ``config`` is
    built on first use and reused.

    >>> clean("An article sentence, long enough to be a paragraph of the body.", id="a1").to_dict()["id"]
    'a1'
    """
    return _cleaner_for(config or Config()).clean(content, url=url, kind=kind, title=title, id=id, path=path)


@lru_cache(maxsize=4)
def _cleaner_for(config: Config) -> Cleaner:
    # A cache, not shared state: a Cleaner is immutable after construction.
    return Cleaner(config)
