"""Block features that need no phrase list: shape, digits, prices, time stamps, voice, overlap."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from importlib import resources


def _combining_marks() -> str:
    """The combining marks (Unicode categories Mn, Mc, Me) of the Basic Multilingual Plane, as
    the ranges of a character class."""
    ranges: list[list[int]] = []
    for code in range(0x300, 0x10000):
        if unicodedata.category(chr(code)) in ("Mn", "Mc", "Me"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


#: Combining marks: Devanagari, Bengali, Thai and other scripts write vowels with them, inside a
#: word. ``\w`` leaves them out: it would read "सरकार ने" ("the government") as "सरक", "र", "न".
MARKS = _combining_marks()
#: A word: letters, digits and the combining marks inside it.
WORD = re.compile(rf"[\w{MARKS}]+")
_ASCII_WORD = re.compile(r"\w+")


def find_words(text: str) -> list[str]:
    """The words of ``text`` (:data:`WORD`); ASCII text, which holds no mark, by the plain ``\\w+``.

    >>> find_words("सब्सक्राइब करें, don't")
    ['सब्सक्राइब', 'करें', 'don', 't']
    """
    return (_ASCII_WORD if text.isascii() else WORD).findall(text)


#: A sentence's end: its stop in Latin, CJK, Devanagari ("।"), Arabic ("؟", Urdu "۔"), Armenian,
#: Ethiopic and Burmese script, then perhaps a closing quote or bracket.
_SENTENCE_END = re.compile(r"""[.!?…。！？।॥؟۔։።။]["'”’»)\]」』]*$|[.!?…]\s*["”»]$""")
#: Chinese and Japanese are written without spaces: a word is counted for every two of their characters.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CJK = _CJK  # for the word count of match keys (cleaner.rules.key_words)
_HIRAGANA = re.compile(r"[\u3040-\u309f]")
_LATIN_RUN = re.compile(r"[a-z]{3,}")
#: Runs of kanji and katakana (with the long-vowel mark): the topic-bearing part of CJK text.
_TOPIC_RUN = re.compile(r"[\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
#: The commonest Chinese function characters; with Japanese hiragana they play the part of stopwords.
_ZH_FUNCTION = frozenset("的了是在和有不这也就都而及与着或我们他她它那个之其所以为")
_PRICE = re.compile(r"[$€£¥₽₴]\s?\d|\d\s?[$€£¥₽₴]|\b\d+(?:[.,]\d+)?\s?(?:usd|eur|gbp|jpy|rub|uah)\b", re.I)
# (?<!\d): start only at the first digit of a number, else a long digit run costs quadratic time.
_PERCENT = re.compile(r"[-+]?(?<!\d)\d+(?:[.,]\d+)?\s?%")
_CURRENCY_PAIR = re.compile(r"\b(?:[A-Z]{3}/[A-Z]{3}|XAU|XAG|BTC|ETH|S&P ?500|Nasdaq|Dow Jones|DAX|FTSE|Nikkei)\b")
#: A list item as extractors write it: "- ", "• ", "1. ", "2) ".
LIST_MARK = re.compile(r"^(?:[-•*·–]\s|\d{1,3}[.)]\s)")


def _folded(word: str) -> str:
    """A word as tokens are compared with it: NFC (as documents are read) and casefolded."""
    return unicodedata.normalize("NFC", word).casefold()


_NONE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Appeals:
    """``cleaner/lexicon/appeals.toml`` by word: the languages each word plays its part in."""

    #: Requests that open a line ("subscribe", "folgen"), or in a verb-final language close it.
    opening: dict[str, frozenset[str]] = field(default_factory=dict)
    closing: dict[str, frozenset[str]] = field(default_factory=dict)
    #: Requests with the publication's "us" in the verb ("seguici").
    calls: dict[str, frozenset[str]] = field(default_factory=dict)
    reader: dict[str, frozenset[str]] = field(default_factory=dict)
    publication: dict[str, frozenset[str]] = field(default_factory=dict)
    #: Every word of the lists: none of them is a topic word of an appeal.
    words: frozenset[str] = frozenset()

    @classmethod
    def read(cls, tables: dict[str, dict]) -> Appeals:
        index: dict[str, dict[str, set[str]]] = {k: {} for k in ("opening", "closing", "calls", "reader", "publication")}
        for lang, table in tables.items():
            parts = {"opening": table.get("actions", []), "calls": table.get("calls", []),
                     "reader": table.get("reader", []), "publication": table.get("publication", [])}
            if table.get("verb_final"):
                parts["closing"] = parts["opening"]
            for part, words in parts.items():
                for word in words:
                    index[part].setdefault(_folded(word), set()).add(lang)
        maps = {part: {w: frozenset(langs) for w, langs in found.items()} for part, found in index.items()}
        return cls(**maps, words=frozenset().union(*(m.keys() for m in maps.values())))

    def languages(self, part: str, tokens) -> frozenset[str]:
        """The languages in which one of ``tokens`` is a word of ``part``."""
        table = getattr(self, part)
        return frozenset().union(*(table.get(t, _NONE) for t in tokens))


@dataclass(frozen=True)
class Lexicon:
    """Word lists and patterns of ``cleaner/lexicon/*.toml``, loaded once per Cleaner."""

    widget_words: frozenset[str]
    relative_time: re.Pattern[str]
    author_line: re.Pattern[str]
    appeal_voice: frozenset[str]
    stopwords: dict[str, frozenset[str]]
    all_stopwords: frozenset[str]
    #: A date with its day and year ("July 17th, 2012", "17. Juli 2012", "2012-07-17", "07.19.12").
    stamp_date: re.Pattern[str] = re.compile(r"(?!)")
    comment_actions: frozenset[str] = frozenset()
    #: The words of a request to the reader, per language (``reader_appeal``).
    appeals: Appeals = field(default_factory=Appeals)
    first_person_words: frozenset[str] = frozenset()
    #: How a reader's comment opens ("Great post, David.", "Hi Karen,"), at the start of a line.
    reader_reaction: re.Pattern[str] = re.compile(r"(?!)")

    @classmethod
    def load(cls) -> Lexicon:
        folder = resources.files("cleaner") / "lexicon"
        heur = tomllib.loads((folder / "heuristics.toml").read_text(encoding="utf-8"))
        stops = tomllib.loads((folder / "stopwords.toml").read_text(encoding="utf-8"))
        stopwords = {lang: frozenset(map(_folded, words)) for lang, words in stops.items()}
        return cls(
            widget_words=frozenset(w.casefold() for w in heur["widget_words"]),
            relative_time=re.compile("(?:" + "|".join(heur["relative_time_patterns"]) + r")\s*\.?", re.I),
            author_line=re.compile("(?:" + "|".join(heur["author_line_patterns"]) + ")", re.I),
            appeal_voice=frozenset(w.casefold() for w in heur["appeal_voice"]),
            stopwords=stopwords,
            all_stopwords=frozenset().union(*stopwords.values()),
            stamp_date=_stamp_date(heur["month_names"]),
            comment_actions=frozenset(w.casefold() for w in heur["comment_actions"]),
            appeals=Appeals.read(tomllib.loads((folder / "appeals.toml").read_text(encoding="utf-8"))),
            first_person_words=frozenset(w.casefold() for w in heur["first_person_words"]),
            reader_reaction=re.compile("(?:" + "|".join(heur["reader_reaction_patterns"]) + ")"),
        )


def _stamp_date(months: list[str]) -> re.Pattern[str]:
    month = "(?:" + "|".join(sorted(map(re.escape, months), key=len, reverse=True)) + r")\.?"
    day = r"\d{1,2}(?:st|nd|rd|th|er|\.)?"
    return re.compile(
        r"\b\d{4}-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])\b"
        r"|\b(?:0?[1-9]|[12]\d|3[01])[./](?:0?[1-9]|1[0-2])[./]\d{2,4}\b"
        r"|\b(?:0?[1-9]|1[0-2])[./](?:0?[1-9]|[12]\d|3[01])[./]\d{2,4}\b"
        rf"|\b{month}\s+{day},?\s+(?:de\s+)?\d{{4}}\b|\b{day}\s*(?:de\s+)?{month},?\s+(?:de\s+)?\d{{4}}\b",
        re.I)


@dataclass(frozen=True)
class Features:
    words: int
    sentence_end: bool
    digit_share: float
    market_signals: int
    relative_time: bool
    author_line: bool
    widget_word: bool
    appeal_voice: float
    stopword_share: float
    content_words: frozenset[str]
    #: For a short line that asks the reader to act and speaks of the publication ("Subscribe to
    #: our posts by email"): its content words other than those (None for any other line).
    appeal_words: frozenset[str] | None = None
    #: The block's casefolded \w+ tokens, kept for the heuristics that need them again (shingles).
    tokens: tuple[str, ...] = field(default=(), compare=False, repr=False)


def block_features(text: str, lexicon: Lexicon) -> Features:
    found = find_words(text)
    # One casefold for all tokens (it maps character by character and never makes a NUL).
    tokens = "\0".join(found).casefold().split("\0") if found else []
    parts = text.split()
    cjk = 0 if text.isascii() else len(_CJK.findall(text))
    words = len(parts) + cjk // 2
    chars = sum(map(len, parts)) or 1  # the characters that are not whitespace
    if text.isascii():  # the ASCII characters that are digits are 0-9: ten scans in C
        digits = sum(map(text.count, "0123456789"))
    else:
        digits = sum(text.count(c) for c in set(text) if c.isdigit())  # isdigit once per distinct character
    voice = sum(map(lexicon.appeal_voice.__contains__, tokens))
    short = words <= 8
    topic = content_words(tokens, lexicon)
    return Features(
        words=words,
        # An extractor writes a table cell as "| text |": the cell's own sentence ends inside it.
        sentence_end=bool(_SENTENCE_END.search(text.rstrip(" |") if text.rstrip().endswith("|") else text)),
        digit_share=digits / chars,
        # A price or a percentage needs a \d, which is a digit (str.isdigit): no digit, no search.
        market_signals=(len(_PRICE.findall(text)) + len(_PERCENT.findall(text)) if digits else 0)
        + len(_CURRENCY_PAIR.findall(text)),
        relative_time=short and bool(lexicon.relative_time.fullmatch(text)),
        author_line=short and bool(lexicon.author_line.fullmatch(text)),
        widget_word=words <= 2 and text.casefold().strip() in lexicon.widget_words,
        appeal_voice=voice / len(tokens) if tokens else 0.0,
        stopword_share=_function_share(text, tokens, cjk, lexicon),
        content_words=topic,
        appeal_words=_appeal_words(text, tokens, topic, lexicon) if 2 <= words <= _APPEAL_MAX_WORDS else None,
        tokens=tuple(tokens),
    )


#: A request to the reader is short: a sign-up line, a follow prompt, a plug.
_APPEAL_MAX_WORDS = 25


def _appeal_words(text: str, tokens: list[str], topic: frozenset[str], lexicon: Lexicon) -> frozenset[str] | None:
    """The topic words of a line that, in one language, addresses the reader (opens with a
    request, closes with one in a verb-final language, or says "you") and speaks of the
    publication ("our", "newsletter", "RSS" besides the request; or a request with the "us" in
    it, "Seguici"); None for any other line, and for a quotation or a line that introduces what
    follows ("Count on us for:"). "US" in capitals is the country, not the pronoun.
    The words are ``cleaner/lexicon/appeals.toml``'s."""
    if not tokens or text.startswith(_QUOTE_MARKS) or text.rstrip().endswith(":"):
        return None
    appeals = lexicon.appeals
    if tokens[0] not in appeals.calls:
        country = "us" in tokens and _COUNTRY_US.search(text)
        spoken = [t for t in tokens if t != "us"] if country else tokens
        opening = appeals.opening.get(tokens[0], _NONE) | appeals.languages("reader", tokens)
        closing = appeals.closing.get(tokens[-1], _NONE)
        if ((not opening or opening.isdisjoint(appeals.languages("publication", spoken[1:])))
                and (not closing or closing.isdisjoint(appeals.languages("publication", spoken[:-1])))):
            return None
    return topic - appeals.words


_QUOTE_MARKS = ("\"", "'", "“", "‘", "«", "„", "‚", "»")
_COUNTRY_US = re.compile(r"\bU\.?S\b")


def _function_share(text: str, tokens: list[str], cjk: int, lexicon: Lexicon) -> float:
    """Share of function words: stopwords for spaced scripts, hiragana and Chinese function
    characters for text written without spaces."""
    if cjk > len(tokens):
        function = len(_HIRAGANA.findall(text)) + sum(1 for c in text if c in _ZH_FUNCTION)
        return min(1.0, 2 * function / cjk)
    return sum(map(lexicon.all_stopwords.__contains__, tokens)) / len(tokens) if tokens else 0.0


def content_words(tokens: list[str], lexicon: Lexicon) -> frozenset[str]:
    """Lower-cased tokens that carry topic: not function words, not numbers, at least 3 letters.
    Chinese and Japanese have no spaces, so a token there is a whole clause: its topic words are
    taken as pairs of adjacent kanji or katakana (hiragana are the function words).

    >>> sorted(content_words(["kindleの商標権", "the", "budget"], Lexicon.load()))
    ['budget', 'kindle', '商標', '標権']
    """
    words = set()
    for t in set(tokens).difference(lexicon.all_stopwords):
        if t.isascii() or not _CJK.search(t):
            if len(t) >= 3 and not t.isdigit():
                words.add(t)
            continue
        for run in _TOPIC_RUN.findall(t):
            words.update(run[i:i + 2] for i in range(len(run) - 1))
        words.update(_LATIN_RUN.findall(t))  # a product or brand name inside the clause
    return frozenset(words)


def lead_overlap(features: Features, lead_vocabulary: frozenset[str]) -> float:
    """Share of a block's content words that also occur in the title and lead (0 when it has none)."""
    if not features.content_words:
        return 0.0
    return len(features.content_words & lead_vocabulary) / len(features.content_words)


def is_prose(features: Features, min_words: int) -> bool:
    return features.words >= min_words and features.sentence_end
