"""The one configuration object. Every threshold says what it trades off."""

from __future__ import annotations

from dataclasses import dataclass, field

#: The stages and heuristics, in run order. A name here is the name in ``Config.disabled``, in the
#: ``rule`` field of a removal, and in the README.
HEURISTICS = (
    "widget_word",       # a lone widget label ("placeholder", "goTop", "quote")
    "relative_time",     # a lone feed time stamp ("23 hours ago")
    "author_line",       # an "Author X" line of a feed widget
    "repeated_line",     # a short line that occurs again in the same document
    "market_line",       # a short line of prices, percentages or currency pairs, off the article's topic
    "tail_run",          # a boilerplate block near the end takes the rest of the tail with it
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
    #: Short lines (at most this many words) that repeat inside a document are navigation.
    repeated_line_max_words: int = 6

    #: Language detection reads at most this many characters of the cleaned body (a middle slice).
    language_sample_chars: int = 2000
    #: Fewer letters than this in the body give language ``und`` instead of a guess.
    language_min_letters: int = 20
    #: Seed for langdetect, so that the same text always gets the same language.
    language_seed: int = 0

    #: For HTML: "balanced", "precision" or "recall" (trafilatura's favor_* options).
    extraction: str = "balanced"

    def __post_init__(self) -> None:
        if self.extraction not in ("balanced", "precision", "recall"):
            raise ValueError(f"Config.extraction must be 'balanced', 'precision' or 'recall', not {self.extraction!r}")
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
