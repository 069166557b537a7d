"""The one configuration object. Every threshold says what it trades off."""

from __future__ import annotations

from dataclasses import dataclass, field

#: The names ``--disable`` (``Config.disabled``) takes besides rule ids: the stages of extraction
#: and of :data:`cleaner.pipeline.STAGES` and their line tests, each as it appears in the ``rule``
#: field of a removal. (The order they run in is ``STAGES``.)
HEURISTICS = (
    "mojibake",          # UTF-8 decoded once too often ("weâ€™ve") is read back as UTF-8, before extraction
    "entities",          # plain text: HTML character references a scraper left ("AT&amp;T", "&#8217;") are read
    "cell_tails",        # HTML: a table cell's text that trafilatura dropped after an inset box, between two pieces it kept, is put back
    "body_gaps",         # HTML: headings, lists and paragraphs the extraction skipped between two of its lines from one element are put back
    "layout_table",      # HTML: trafilatura kept the page's layout table; readability's article inside it is taken
    "prose_elsewhere",   # HTML: trafilatura took links or labels; readability's prose from elsewhere on the page is taken
    "summary_elsewhere", # HTML: trafilatura's short text shares nothing with the page's own summary; readability's, holding it, is taken
    "body_continuation", # HTML: chunks of the same class that continue the extracted body are added
    "dom_context",       # HTML: a line from an element marked as boilerplate (figcaption, class="related")
    "headline_repeat",   # the title again, further down the text
    "repeated_phrase",   # one phrase repeated over and over inside one block (a broken widget, a spam flood)
    "duplicate_block",   # a block whose text already appeared (a page's structured-data copy)
    "widget_word",       # a lone widget label ("placeholder", "goTop", "quote")
    "relative_time",     # a lone feed time stamp ("23 hours ago")
    "author_line",       # an "Author X" line of a feed widget
    "repeated_line",     # a short line that occurs again in the same document
    "market_line",       # a short line of prices, percentages or currency pairs, off the article's topic
    "reader_appeal",     # after the article, a short request to the reader about the publication, off the story's topic
    "page_region",       # in a whole-page text, blocks outside the densest run of prose are page chrome
    "page_list",         # in a whole-page text, a list announced at the end of the article, or a long list under its intro, belongs to it
    "comment_section",   # readers' comments after the article, found by their signed, dated lines
    "tail_run",          # a boilerplate block near the end takes the rest of the tail with it
    "related_box",       # inside the article, the headlines under a related-news header ("More:") up to the next paragraph
    "outside_article",   # HTML: after the article, lines the page prints outside the element holding its paragraphs
    "title_line",        # a first line that reads as a headline becomes the title
)


@dataclass(frozen=True)
class Config:
    """How a :class:`~cleaner.Cleaner` behaves. All fields have defaults; the object is immutable.

    Thresholds err towards keeping text: a cleaner that deletes article prose is worse than one
    that leaves a junk line in.
    """

    #: Extra rule files (same TOML format as ``cleaner/rules/*.toml``), applied after the built-in ones.
    rule_files: tuple[str, ...] = ()
    #: Names of rules or heuristics to switch off (e.g. ``{"tail_run", "photo_credit_line"}``).
    disabled: frozenset[str] = field(default_factory=frozenset)

    #: Documents larger than this (bytes, before decoding) are refused with a clear error. Higher lets
    #: odd giant files through at the cost of memory and time.
    max_bytes: int = 20_000_000
    #: Lines (blocks) longer than this many characters are never tested against rules. Rules target
    #: short lines (their ``max_words`` is at most a few dozen words, a few hundred characters), so
    #: nothing is lost; the cap bounds what any pattern, including a user's, costs on a giant line
    #: without spaces. Lower risks missing a long boilerplate line; higher lets patterns run longer.
    rule_max_chars: int = 3000
    #: The command gives up on a document that takes longer than this many seconds (wall clock) and
    #: reports it as failed; 0 means no limit. A last guard against pathological input: a 20 MB HTML
    #: page takes about 25 s on one 2020s core. Lower fails slow but valid documents on slow machines.
    #: Applies to the command's runner (``cleaner.runner``), not to ``Cleaner.clean`` called directly.
    timeout: float = 120.0

    #: A block of at least this many words that ends like a sentence counts as prose. Lower protects
    #: more short paragraphs but lets more widget sentences pass as article text.
    prose_min_words: int = 12
    #: Words of title + opening paragraphs that define what the article is about.
    lead_words: int = 80
    #: A prose block sharing at least this share of its content words with the lead is "clearly
    #: article prose" and stops a tail run. Higher removes more off-topic tails, and risks more prose.
    lead_overlap_min: float = 0.10
    #: A block with more than this share of "we/our/you/your" words speaks to the reader (an appeal),
    #: so it is never "clearly article prose", and a phrase rule firing inside it is not overruled.
    #: Quotes in articles rarely pass 6%; appeals run at 8-15%.
    appeal_voice_max: float = 0.06
    #: A title line has at most this many words.
    title_max_words: int = 25
    #: A headline-shaped first line worded apart from the page's known title is still the headline
    #: when it shares at least this share of the topic words of the shorter of the two. Lower takes
    #: more first lines (a dek, a lead in headline shape) out of the body.
    title_topic_share: float = 0.5
    #: Page region: only texts with at least this share of lines of three words or fewer are treated
    #: as whole pages. Lower cuts more extractor outputs (and loses their lists and tables).
    page_tiny_share: float = 0.35
    #: Page region: ... and it needs a page's frame: the site named in the title line, the headline
    #: repeated, or at least this many tiny lines (menus, footer links) before the first paragraph
    #: and after the last, together. Article text with lists, tables or code has tiny lines too,
    #: but between its paragraphs. Lower treats more structured articles as pages (and cuts them);
    #: higher misses pages with short menus.
    page_frame_min_tiny: int = 10
    #: Page region: a text with at least this share of tiny lines is a page without a frame.
    page_tiny_strong: float = 0.6
    #: Page region: a line of at most this many characters is tiny too, however many words it has
    #: (menu items in Japanese or Chinese are written without spaces).
    page_tiny_chars: int = 12
    #: Page region: and at least this many lines.
    page_min_blocks: int = 12
    #: Page region: prose needs at least this share of function words (menus and teasers have few).
    page_stopword_min: float = 0.2
    #: Page region: a block this long with enough function words is prose even without a full stop
    #: (list items and paragraphs that end in a colon or a link). Lower keeps more such text and
    #: more long teasers.
    page_long_words: int = 20
    #: Page region: blocks under this many words are "short" (headings, labels, menu items).
    page_short_words: int = 8
    #: Page region: prose blocks separated by at most this many other blocks belong to one region.
    #: Higher keeps articles broken up by captions and ads whole, and lets more teasers in.
    page_max_gap: int = 6
    #: Page region: the first cluster starting within this many lines after the repeated headline ...
    page_anchor_window: int = 20
    #: ... with at least this many prose words is the article (a teaser or a standfirst under the
    #: headline is shorter).
    page_anchor_min_words: int = 80
    #: Page region: a page with fewer prose words than this in all (two or three sentences) has no
    #: article in prose to anchor a region on (its article is a recipe, a list, a product sheet),
    #: and the region cuts nothing. Higher leaves the chrome on pages with short news items.
    page_region_min_words: int = 40
    #: Page region: a neighbouring prose cluster sharing at least this share of its content words
    #: with the title and lead is more of the article, and the region grows over it.
    page_merge_overlap: float = 0.2
    #: Page region: a prose block outside the region, before any comment or related-news header, sharing at least this share of its content words with the title and
    #: lead is kept (a paragraph cut off by a gallery or a quote box). Lower keeps more stray
    #: paragraphs and more teasers.
    page_keep_overlap: float = 0.05
    #: Page region: a run opener below the region stays inside the article when twice the region's
    #: prose follows it and at least this share of those words is on the article's topic (a
    #: paragraph sharing ``page_keep_overlap`` with the title and lead). Teasers of other stories
    #: share little; any share from 0.25 to 0.45 gives the same results on the dev suites.
    page_topic_share: float = 1 / 3
    #: A block of at least this many words whose 4-word shingles have mostly (this share) appeared
    #: already is a copy (pages repeat their article in structured data and teasers).
    duplicate_min_words: int = 8
    #: A block of at least this many words whose distinct 4-word shingles are at most this share of
    #: its shingles is one phrase repeated (share 0.05: the phrase comes twenty times or more). Prose
    #: repeats a phrase or a chorus a few times; a broken widget or a spam flood repeats it hundreds.
    #: Lower limits catch shorter floods and risk lyrics, chants and test texts made by repetition.
    repeated_phrase_min_words: int = 500
    repeated_phrase_share: float = 0.05
    duplicate_share: float = 0.8
    #: In article text, a run of at most this many copies inside the article, between blocks that
    #: are not copies, is a structured text's repeated item (a schedule's "Warm up" / "Main set" /
    #: "Cool down" each week, a product card in a roundup's summary and again in its section) and
    #: stays; a longer run is a page's copy of its article. 1 keeps lone copies only; 2 to 4 give
    #: the same scores on the text suites.
    structured_copy_max_run: int = 3
    #: At least this many "Website: <address>" lines (one label, a different address each) inside
    #: the article are a directory's entries, and stay. 2, 3 and 4 give the same scores on the text
    #: suites; lower keeps more pairs of links a page labels alike.
    entry_links_min: int = 3
    #: Page region: a list announced at the region's end ("Tour dates:") is followed for at most
    #: this many lines.
    page_list_max: int = 60
    #: Page region, ``page_list``: a recipe's ingredient list outside the region ("125 g Mehl",
    #: "1/2 cup parsley") stays when it has at least this many lines led by a quantity ...
    page_ingredients_min: int = 4
    #: ... and at least this share of its lines name what the prose after it (the method) names.
    page_ingredients_share: float = 1 / 3
    #: At most this many headline lines stand in a related-news box inside the article (``related_box``).
    related_box_max: int = 5
    #: HTML, ``outside_article``: the lines after the article that come from outside the element
    #: holding its paragraphs go only when they hold at most this many times the words kept above
    #: them. Higher takes longer sidebars, but also an article whose container holds only its
    #: introduction (a list printed in the page's next column).
    outside_article_max_ratio: float = 2.0
    #: ... and the element holding the paragraphs is the deepest that holds this share of their
    #: words: one on-topic promo in the page's column (an event plug) does not widen it to the
    #: column. Lower lets more of a body split into chunks count as outside it (its last lines).
    outside_article_box_share: float = 0.9
    #: Short lines (at most this many words) that repeat inside a document are navigation.
    repeated_line_max_words: int = 6
    #: Comment section: at least this many signed, dated lines ("Jane — July 17th, 2012, 6:18 pm"),
    #: the first with at least this many words of prose above it (the article) ...
    comment_min_stamps: int = 3
    comment_min_article_words: int = 50
    #: ... and a signature every this many blocks or fewer (median), or two "Reply" lines among
    #: them. Dated lines further apart, with no replies, are a timeline or a mail archive.
    comment_max_gap: int = 4
    #: Where the extractor left neither signatures nor "Reply" links, at least this many different
    #: lines that open the way readers answer a post ("Great post, David.", "Thanks for sharing
    #: this"), after the article's prose, start the thread. One such line is an article's quote;
    #: the same line twice is one widget printed twice, not two readers.
    comment_min_reactions: int = 2
    #: ... or one such line, when the article's prose above it outweighs all that follows it and
    #: at least this share of the blocks from it to the end speak in the first person ("I", "my"):
    #: readers speak for themselves, a publisher's closing lines and an article's quote do not.
    comment_answer_voice_share: float = 0.5

    #: Language detection reads at most this many characters of the cleaned body (a middle slice).
    language_sample_chars: int = 2000
    #: Fewer letters than this in the body give language ``und`` instead of a guess.
    language_min_letters: int = 20
    #: Seed for langdetect, so that the same text always gets the same language.
    language_seed: int = 0

    #: HTML: elements holding more than this share of the page's text are never treated as
    #: boilerplate by their class name (they wrap the article). Higher catches bigger widgets and
    #: risks the article itself.
    dom_max_share: float = 0.25
    #: HTML: an element a class name marks as related content is a box of other stories only
    #: when at least this share of its words are link text (teasers' headlines are links); below
    #: it, the element is prose that wraps such a box, and only what lies inside it is looked at.
    dom_related_link_share: float = 0.2
    #: HTML, ``layout_table`` and ``prose_elsewhere`` (:mod:`cleaner.second_opinion`): readability's
    #: text replaces trafilatura's only when it has at least this many words (fewer is a fragment:
    #: a caption, a teaser). ``summary_elsewhere`` asks readability where trafilatura's text has
    #: fewer words than this and holds none of the page's own summary.
    second_opinion_min_words: int = 50
    #: ``layout_table``: trafilatura's text is a layout table when at least this share of its
    #: words are in table rows. Lower takes more articles with a data table for layouts, which the
    #: other checks must then turn down ...
    layout_min_table_share: float = 0.5
    #: ... and at least this share of readability's 4-word shingles are in trafilatura's table rows (the two
    #: agree on where the article is). Lower lets readability's text in when it found another
    #: block than trafilatura did (on the dev pages 0.8 and 0.9 choose alike once the two checks
    #: above hold; 0.8 without them added a catastrophe).
    #: ``prose_elsewhere``: trafilatura's text (not prose) and readability's (prose) share at most
    #: this share of their 4-word shingles, each way: they took different parts of the page.
    #: Higher swaps where trafilatura has part of the article (0.2 and 0.5 chose alike on the dev
    #: pages).
    elsewhere_max_overlap: float = 0.2
    layout_min_agreement: float = 0.9
    #: For HTML: "balanced", "precision" or "recall" (trafilatura's favor_* options).
    extraction: str = "balanced"
    #: Where a document's source key comes from when it has no ``source`` field and no URL:
    #: "auto" (nowhere: no key) or "folder" (the first folder under its INPUT). Learned rules
    #: (``clean-news learn``) apply by this key, so learning and cleaning must use the same.
    source_from: str = "auto"

    def __post_init__(self) -> None:
        if self.extraction not in ("balanced", "precision", "recall"):
            raise ValueError(f"Config.extraction must be 'balanced', 'precision' or 'recall', not {self.extraction!r}")
        if self.source_from not in ("auto", "folder"):
            raise ValueError(f"Config.source_from must be 'auto' or 'folder', not {self.source_from!r}")
        if self.max_bytes <= 0:
            raise ValueError("Config.max_bytes must be positive")
        if self.rule_max_chars <= 0:
            raise ValueError("Config.rule_max_chars must be positive")
        if self.timeout < 0:
            raise ValueError("Config.timeout must be 0 (no limit) or a positive number of seconds")
        object.__setattr__(self, "disabled", frozenset(self.disabled))
        object.__setattr__(self, "rule_files", tuple(str(p) for p in self.rule_files))

    def enabled(self, name: str) -> bool:
        return name not in self.disabled
