"""The cleaning pipeline: decode, extract, segment, rules, heuristics, metadata.

``Cleaner`` holds what is expensive to set up (compiled rules, lexicon, language profiles) and
cleans any number of documents with it. ``clean()`` is the one-call form.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, get_args
from urllib.parse import urlsplit

from . import __version__
from .config import HEURISTICS, Config
from .comments import comment_section
from .decode import decode, normalise
from .document import Document, Removal
from .dom import DomVocabulary, label_from_dom
from .errors import InputError, binary_kind
from .extract import Extraction, extract_html, looks_like_html
from .features import Features, Lexicon, block_features, is_prose
from .heuristics import Verdict, label_blocks, protect_prose, revise_edges, revise_tail_run
from .language import LanguageDetector
from .page import article_region, looks_like_page
from .rules import RuleHit, RuleSet, load_rules, match_key
from .segment import Block, join_blocks, segment

Kind = Literal["auto", "text", "html"]
KINDS: tuple[str, ...] = get_args(Kind)
_TITLE_BAD_ENDINGS = (".", ",", ";", ":")
# Header lines that belong to an article's head: a headline standing over one of them is its title.
_HEAD_CATEGORIES = frozenset({"byline", "dateline"})


@dataclass(frozen=True)
class _Labelled:
    blocks: list[Block]
    features: list[Features]
    labels: list[Verdict | None]
    captures: dict[str, str]
    flags: tuple[str, ...]


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
        labelled = self._label(text, extraction, url, title or extraction.title, source)
        return self._document(text, labelled, extraction, url=url, title=title, encoding=encoding,
                              input_format="html" if extraction.html else "text", id=id, path=path)

    def text_of(self, content: str | bytes, *, url: str | None = None, kind: str = "auto"
                ) -> tuple[str, Extraction, str | None]:
        """The first steps of :meth:`clean`: see :func:`text_of`."""
        return text_of(content, url=url, kind=kind, config=self.config, vocabulary=self.dom_vocabulary)

    def _label(self, text: str, extraction: Extraction, url: str | None, known_title: str | None,
               source_key: str | None = None) -> _Labelled:
        blocks = segment(text)
        texts = [b.text for b in blocks]
        # Key and features once per distinct line (a page repeats a fifth of its lines: menus,
        # share bars); the key serves the rules and repeated_line.
        per_line = {t: (match_key(t), block_features(t, self.lexicon)) for t in dict.fromkeys(texts)}
        keys = [per_line[t][0] for t in texts]
        features = [per_line[t][1] for t in texts]
        labels, captures, flags = self._apply_rules(blocks, keys, features, extraction.source, _domain(url),
                                                    source_key)
        labels = label_from_dom(texts, labels, extraction.dom_junk, self.config.dom_max_share)

        title_index = self._title_index(blocks, features, labels, known_title)
        if title_index is not None:
            labels[title_index] = Verdict("title", "title_line")
        lead = self._lead_vocabulary(blocks, features, labels, title_index, known_title)

        labels = protect_prose(features, labels, lead, self.config)
        # An extractor has already cut the page down to its main content; only raw page text (or
        # the fallback's whole-page dump) gets the page-region treatment.
        page = (not extraction.html or extraction.fallback) and looks_like_page(texts, features, self.config, labels)
        title_text = known_title or (blocks[title_index].text if title_index is not None else None)
        labels = label_blocks(texts, features, labels, lead, self.config, title=title_text, page=page, keys=keys)
        labels = comment_section(texts, features, labels, self.lexicon, self.config)
        if page:
            labels = article_region(texts, features, labels, self.config)
            # The page's first prose was a menu or a teaser; the article's lead is the region's.
            lead = self._lead_vocabulary(blocks, features, labels, title_index, known_title)
        labels = revise_tail_run(features, labels, lead, self.config)
        labels = revise_edges(texts, features, labels, lead, self.config, page=page, keys=keys)
        if title_index is None and not known_title:
            # Once the heuristics have removed a time stamp or a menu, a headline may stand right
            # before the first paragraph: decide again, so that cleaning the body finds no title.
            late = self._title_index(blocks, features, labels, None)
            if late is not None:
                labels[late] = Verdict("title", "title_line")
        return _Labelled(blocks, features, labels, captures, flags)

    def _apply_rules(self, blocks: list[Block], keys: list[str], features: list[Features], source: str | None,
                     domain: str | None, source_key: str | None = None
                     ) -> tuple[list[Verdict | None], dict[str, str], tuple[str, ...]]:
        labels: list[Verdict | None] = [None] * len(blocks)
        captures: dict[str, str] = {}
        flags: list[str] = []
        # Rules for any position first; then the head rules (bylines, date lines) for the lines
        # before the first paragraph that no rule removed, so that removing an appeal above a
        # byline does not change what counts as the head. Site-specific rules need the publisher,
        # which the general rules may find first. A repeated line gets the same answer (the rules
        # see only the line, the position, and the publisher).
        answers: dict[tuple, RuleHit | None] = {}
        for position in ("any", "head"):
            head_end = next((i for i, (f, v) in enumerate(zip(features, labels))
                             if v is None and is_prose(f, self.config.prose_min_words)), len(blocks))
            for scoped in (False, True) if self.rules.has_scoped else (False,):
                for i, block in enumerate(blocks):
                    if labels[i] is not None or (position == "head" and i >= head_end):
                        continue
                    publisher = source or captures.get("publisher")
                    question = (block.text, position, publisher, scoped)
                    if question in answers:
                        hit = answers[question]
                    else:
                        hit = answers[question] = self.rules.first_hit(
                            block.text, position=position, source=publisher, domain=domain, scoped=scoped,
                            key=keys[i], source_key=source_key)
                    if hit is None:
                        continue
                    rule = hit.rule
                    labels[i] = Verdict(rule.category, rule.id, opens_run=rule.opens_run, flag=rule.flag,
                                        partial=rule.match == "contains" and hit.inside)
                    for key, value in hit.captures.items():
                        captures.setdefault(key, value)
                    if rule.flag and rule.flag not in flags:
                        flags.append(rule.flag)
        return labels, captures, tuple(flags)

    def _title_index(self, blocks: list[Block], features: list[Features], labels: list[Verdict | None],
                     known_title: str | None) -> int | None:
        """The header line that is the title: the known title where it is repeated in the head, or
        else the first unlabelled line, when it reads as a headline and the next unlabelled line is
        the first paragraph (and, when a title is known, shares its topic)."""
        if not self.config.enabled("title_line"):
            return None
        head_end = next((i for i, (f, v) in enumerate(zip(features, labels))
                         if v is None and is_prose(f, self.config.prose_min_words)), len(blocks))
        unlabelled = [i for i in range(min(head_end + 1, len(blocks))) if labels[i] is None]
        if not known_title:
            return self._headline_line(blocks, features, labels, head_end, unlabelled)
        key = match_key(known_title)
        repeated = next((i for i in unlabelled[:3] if match_key(blocks[i].text) == key), None)
        if repeated is not None:
            return repeated
        # The headline on the page is often worded apart from the page's <title> ("Two prison
        # officers charged with falsifying records" under "Prison guards charged"): a line shaped and
        # placed like a headline that shares half of the title's topic words is the headline.
        i = self._headline_line(blocks, features, labels, head_end, unlabelled)
        if i is None:
            return None
        title_words = block_features(known_title, self.lexicon).content_words
        shared = len(title_words & features[i].content_words)
        smaller = min(len(title_words), len(features[i].content_words))
        return i if smaller and shared >= self.config.title_topic_share * smaller else None

    def _headline_line(self, blocks: list[Block], features: list[Features], labels: list[Verdict | None],
                       head_end: int, unlabelled: list[int]) -> int | None:
        """The first unlabelled line, when it reads as a headline and the next unlabelled line is
        the first paragraph (or when only a byline or date line stands under it)."""
        if not unlabelled or unlabelled[0] >= head_end:
            return None
        i = unlabelled[0]
        paragraphs = any(b.paragraph_break for b in blocks)
        # The title stands right before the first paragraph (labelled lines such as a caption or a
        # source line may come between). Two headline-shaped lines in a row are a header block of
        # unknown shape, not a title: taking the first would leave the second to be taken next time.
        next_unlabelled = unlabelled[1] if len(unlabelled) > 1 else len(blocks)
        # A headline whose byline or date line follows, and nothing else, is a stub whose article the
        # extractor missed: the headline is still the title, not a body.
        stub = next_unlabelled == head_end == len(blocks) and any(
            label is not None and label.category in _HEAD_CATEGORIES for label in labels[i + 1:])
        over_paragraph = next_unlabelled == head_end < len(blocks)
        reads_as_headline = (
            2 <= features[i].words <= self.config.title_max_words and (over_paragraph or stub)
            and _reads_as_headline(blocks[i].text, self.lexicon, allow_question=paragraphs)
        )
        return i if reads_as_headline else None

    def _lead_vocabulary(self, blocks: list[Block], features: list[Features], labels: list[Verdict | None],
                         title_index: int | None, known_title: str | None) -> frozenset[str]:
        """Content words of the title and the first ``lead_words`` words of article prose."""
        words: set[str] = set()
        title_text = known_title or (blocks[title_index].text if title_index is not None else "")
        if title_text:
            words |= block_features(title_text, self.lexicon).content_words
        budget = self.config.lead_words
        for block, feat, label in zip(blocks, features, labels):
            if budget <= 0:
                break
            if label is None and is_prose(feat, self.config.prose_min_words):
                words |= feat.content_words
                budget -= feat.words
        return frozenset(words)

    def _document(self, text: str, labelled: _Labelled, extraction: Extraction, *, url: str | None,
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
    is_html = kind == "html" or (kind == "auto" and looks_like_html(raw))
    extraction = (extract_html(raw, url=url, config=config, vocabulary=vocabulary)
                  if is_html else Extraction(text=raw))
    return normalise(extraction.text), extraction, encoding


def _reads_as_headline(text: str, lexicon: Lexicon, *, allow_question: bool) -> bool:
    """The shape of a headline: starts like a sentence, does not end like one (or like a line cut
    mid-sentence), is not shouted in capitals, is not a URL or a "Label: value: value" line. A
    question is a headline only where the text has paragraph breaks to set it apart."""
    words = text.split()
    letters = [c for c in text if c.isalpha()]
    return (
        (text[0].isupper() or text[0].isdigit() or text[0] in "\"'“‘«")
        and not text.endswith(_TITLE_BAD_ENDINGS)
        and (allow_question or not text.endswith(("?", "!")))
        and words[-1].casefold().strip("\"'”’»") not in lexicon.all_stopwords
        and not (len(words) >= 2 and letters and all(c.isupper() for c in letters))
        and "://" not in text and "www." not in text and text.count(":") < 2
    )


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
