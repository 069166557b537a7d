"""Learning each publisher's boilerplate from a corpus (``clean-news learn``), as rules a person can read.

Pass 1 reads every document once and counts, per source (:mod:`cleaner.source`), in how many
documents each normalised line occurs (:func:`line_key`: digits, and month names beside them, are
folded, so "Updated 14 min ago" and "Updated 3 min ago" are one line), where in them (head, body or
tail third), in how many it is on the article's own topic, and which line follows it (runs of two
lines, to find a header over a list that varies). Counts are exact sums, kept per input shard, so
that shards counted apart (:func:`write_stats`, :func:`read_stats`) add up to the same counts as one
run, whatever the order and the number of workers.

Pass 2 (:func:`learned_rules`) turns the counts into rules in the format of ``cleaner/rules/*.toml``,
each scoped to its source and carrying its evidence. See docs/learn.md for the thresholds and why.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Iterable, Iterator

from . import __version__
from .features import CJK, Lexicon, block_features, content_words
from .features import _SENTENCE_END, find_words  # the same word and sentence-end tests as the features
from .rule_index import RuleSet
from .rules import RuleError, _FOLD, _whole_key, match_key
from .segment import segment
from .source import SourceKey

#: Written into stats files; a merge refuses files of another format.
STATS_FORMAT = "clean-news-learn-stats/1"
#: A first line of at most this many words may open a run (a "More from X" header).
_HEADER_MAX_WORDS = 8


@dataclass(frozen=True)
class LearnParams:
    """How much evidence a learned rule needs. The defaults err towards keeping article text."""

    #: Sources with fewer documents teach nothing: with few pages, an article's own lines (a
    #: follow-up quoting the same statement) reach any share easily.
    min_docs: int = 30
    #: A line is learned when it occurs in at least this share of its source's documents. A shared
    #: paragraph of a story's follow-ups is in a few of a publisher's pages, its template in nearly
    #: all; lower learns boilerplate that only some sections carry, and risks those paragraphs.
    min_share: float = 0.5
    #: Lines longer than this many words are never learned (an appeal box runs to 60 words; longer
    #: is article prose far more often than template).
    max_words: int = 60
    #: A line on the article's own topic (most of its content words in the article's prose) in more
    #: than this share of the documents holding it is never learned.
    max_topical: float = 0.2
    #: Distinct lines (and runs of two) counted per source and shard; beyond it, lines seen in one
    #: document only are dropped (and counted as dropped). Memory is about 200 bytes a line.
    line_cap: int = 200_000

    def __post_init__(self) -> None:
        if self.min_docs < 2:
            raise ValueError("min_docs must be at least 2")
        if not 0 < self.min_share <= 1 or not 0 <= self.max_topical <= 1:
            raise ValueError("min_share must be in (0, 1] and max_topical in [0, 1]")
        if self.max_words < 1 or self.line_cap < 100:
            raise ValueError("max_words must be at least 1 and line_cap at least 100")


# -- normalisation --------------------------------------------------------------------------------

_MONTHS = ("january|february|march|april|june|july|august|september|october|november|december"
           "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_DIGITS = re.compile(r"\d+")
#: A month name beside a number ("Nov. 19", "19 November"): "may" is left alone, being a word too.
_MONTH_KEY = re.compile(rf"\b(?:{_MONTHS})\b(?=\.? 0)|(?<=0 )\b(?:{_MONTHS})\b")


def line_key(text: str) -> str:
    """The form in which lines are counted: the rules' whole-line key with digit runs as ``0``
    and month names beside a number as ``<m>``.

    >>> line_key("Updated 14 min ago"), line_key("UPDATED 3 min ago.")
    ('updated 0 min ago', 'updated 0 min ago')
    >>> line_key("Posted Nov. 19, 2024"), line_key("- Posted Dec 1, 2025")
    ('posted <m>. 0, 0', 'posted <m> 0, 0')
    """
    key = _DIGITS.sub("0", _whole_key(match_key(text)))
    return _MONTH_KEY.sub("<m>", key) if "0" in key else key


def stable_hash(*parts: str) -> str:
    """A hash that is the same in every process and on every machine (never Python's ``hash()``)."""
    digest = hashlib.blake2b(digest_size=8)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


# -- pass 1: one document -------------------------------------------------------------------------


@dataclass(frozen=True)
class DocLines:
    """What one document contributes: its source and, per distinct line key, (exemplar, place,
    topical, followed); the runs of two lines whose first line is short."""

    source: SourceKey
    lines: dict[str, tuple[str, str, bool, bool]]
    pairs: frozenset[tuple[str, str]]


def doc_lines(text: str, source: SourceKey, lexicon: Lexicon, prose_min_words: int = 12,
              appeal_voice_max: float = 0.06) -> DocLines:
    """Count one document's normalised text (as :meth:`Cleaner.text_of` gives it).

    A line's place is where its first occurrence stands: before the article's first prose line
    (head), after its last (tail), or between (body); in a text with no prose, the thirds of its
    lines. Prose is as ``Config.prose_min_words`` and ``Config.appeal_voice_max`` say. It is topical when
    at least half of its content words (two at least) each occur in two or more of the document's
    other prose lines.
    """
    texts = [b.text for b in segment(text)]
    shapes = {t: _shape(t, lexicon, prose_min_words) for t in dict.fromkeys(texts)}  # once per distinct line
    keys = [line_key(t) for t in texts]
    prose_words: Counter[str] = Counter()
    for t in texts:
        if shapes[t].prose:
            prose_words.update(shapes[t].content_words)
    lines: dict[str, tuple[str, str, bool, bool]] = {}
    n = len(texts)
    # Article prose: sentence-shaped and not in an appeal's voice (an appeal box is prose too).
    prose = [i for i, t in enumerate(texts) if shapes[t].prose and shapes[t].appeal_voice <= appeal_voice_max]
    first, last = (prose[0], prose[-1]) if prose else (n / 3, 2 * n / 3 - 1)
    for i, (line, key) in enumerate(zip(texts, keys)):
        if not key or key in lines:
            continue
        place = "head" if i < first else "tail" if i > last else "body"
        lines[key] = (line, place, _topical(shapes[line], prose_words), i + 1 < n)
    pairs = frozenset((a, b) for a, b, t in zip(keys, keys[1:], texts)
                      if a and b and shapes[t].words <= _HEADER_MAX_WORDS)
    return DocLines(source, lines, pairs)


@dataclass(frozen=True)
class _Shape:
    """The few block features learning needs, as :func:`cleaner.features.block_features` computes
    them (without its price, time-stamp and widget checks, which pass 1 need not pay for)."""

    words: int
    prose: bool
    appeal_voice: float
    content_words: frozenset[str]


def _shape(text: str, lexicon: Lexicon, prose_min_words: int) -> _Shape:
    found = find_words(text)
    tokens = "\0".join(found).casefold().split("\0") if found else []
    words = len(text.split()) + (0 if text.isascii() else len(CJK.findall(text)) // 2)
    voice = sum(map(lexicon.appeal_voice.__contains__, tokens)) / len(tokens) if tokens else 0.0
    return _Shape(words, words >= prose_min_words and bool(_SENTENCE_END.search(text)), voice,
                  content_words(tokens, lexicon))


def _topical(feat: _Shape, prose_words: Counter[str]) -> bool:
    words = feat.content_words
    own = feat.prose
    if len(words) < 2:
        return False
    # A word of the article recurs in two of its paragraphs at least; a word in one other prose
    # line only may be the template's own (an appeal box naming the publisher).
    elsewhere = sum(1 for w in words if prose_words[w] - own >= 2)
    return 2 * elsewhere >= len(words)


# -- counts ---------------------------------------------------------------------------------------


@dataclass
class LineCount:
    docs: int = 0
    head: int = 0
    body: int = 0
    tail: int = 0
    topical: int = 0
    followed: int = 0
    #: The smallest line text seen for this key (so the same whatever the order).
    exemplar: str = ""

    def add(self, other: LineCount) -> None:
        for name in ("docs", "head", "body", "tail", "topical", "followed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        if not self.exemplar or (other.exemplar and other.exemplar < self.exemplar):
            self.exemplar = other.exemplar


@dataclass
class SourceCounts:
    documents: int = 0
    dropped: int = 0
    lines: dict[str, LineCount] = field(default_factory=dict)
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)

    def distinct(self) -> int:
        return len(self.lines) + len(self.pairs)


class Counts:
    """Exact per-source counts of one shard (or of several added together)."""

    def __init__(self, line_cap: int = LearnParams.line_cap) -> None:
        self.line_cap = line_cap
        self.sources: dict[SourceKey, SourceCounts] = {}
        #: Documents read with no source key, and documents that could not be read.
        self.unkeyed = 0
        self.unreadable = 0

    def add_doc(self, doc: DocLines) -> None:
        counts = self.sources.setdefault(doc.source, SourceCounts())
        counts.documents += 1
        for key, (line, place, topical, followed) in doc.lines.items():
            entry = counts.lines.get(key)
            if entry is None:
                if counts.distinct() >= self.line_cap and not self._make_room(counts):
                    counts.dropped += 1
                    continue
                entry = counts.lines[key] = LineCount(exemplar=line)
            entry.docs += 1
            setattr(entry, place, getattr(entry, place) + 1)
            entry.topical += topical
            entry.followed += followed
            if line < entry.exemplar:
                entry.exemplar = line
        for pair in doc.pairs:
            if pair in counts.pairs or counts.distinct() < self.line_cap or self._make_room(counts):
                counts.pairs[pair] += 1
            else:
                counts.dropped += 1

    def _make_room(self, counts: SourceCounts) -> bool:
        """Drop the lines and runs seen in one document only; True when that freed room."""
        singles = [k for k, c in counts.lines.items() if c.docs <= 1]
        for key in singles:
            del counts.lines[key]
        single_pairs = [p for p, n in counts.pairs.items() if n <= 1]
        for pair in single_pairs:
            del counts.pairs[pair]
        counts.dropped += len(singles) + len(single_pairs)
        return counts.distinct() < self.line_cap

    def merge(self, other: Counts) -> None:
        self.unkeyed += other.unkeyed
        self.unreadable += other.unreadable
        for source, theirs in other.sources.items():
            mine = self.sources.setdefault(source, SourceCounts())
            mine.documents += theirs.documents
            mine.dropped += theirs.dropped
            for key, count in theirs.lines.items():
                mine.lines.setdefault(key, LineCount()).add(count)
            mine.pairs.update(theirs.pairs)


# -- stats files ----------------------------------------------------------------------------------


def write_stats(counts: Counts, path: str | Path) -> None:
    """Exact counts as JSON lines, sorted: a header, then per source its totals, lines and runs."""
    tmp = Path(str(path) + ".partial")
    with open(tmp, "w", encoding="utf-8") as out:
        def put(record: dict[str, Any]) -> None:
            out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")

        put({"format": STATS_FORMAT, "clean_news": __version__, "unkeyed": counts.unkeyed,
             "unreadable": counts.unreadable})
        for source in sorted(counts.sources):
            c = counts.sources[source]
            name = {"scope": source.scope, "source": source.name}
            put({"type": "source", **name, "documents": c.documents, "dropped": c.dropped})
            for key in sorted(c.lines):
                line = c.lines[key]
                put({"type": "line", **name, "key": key, **{f.name: getattr(line, f.name) for f in fields(line)}})
            for first, following in sorted(c.pairs):
                put({"type": "run", **name, "first": first, "next": following, "docs": c.pairs[first, following]})
    os.replace(tmp, path)


def read_stats(path: str | Path) -> Counts:
    """Counts from a file :func:`write_stats` wrote; a damaged file is an error naming it and the line."""
    counts = Counts(line_cap=2**62)
    try:
        handle = open(path, encoding="utf-8")
    except OSError as err:
        raise RuleError(f"{path}: cannot read stats file ({err.strerror})") from err
    with handle:
        for number, raw in enumerate(handle, 1):
            try:
                record = json.loads(raw)
                if number == 1:
                    if record.get("format") != STATS_FORMAT:
                        raise ValueError(f"not a stats file of format {STATS_FORMAT}")
                    counts.unkeyed, counts.unreadable = int(record["unkeyed"]), int(record["unreadable"])
                    continue
                source = SourceKey(record["scope"], record["source"])
                if source.scope not in ("domains", "sources") or not isinstance(source.name, str):
                    raise ValueError("bad scope or source")
                c = counts.sources.setdefault(source, SourceCounts())
                kind = record["type"]
                if kind == "source":
                    c.documents += int(record["documents"])
                    c.dropped += int(record["dropped"])
                elif kind == "line":
                    line = LineCount(**{f.name: record[f.name] for f in fields(LineCount)})
                    if not isinstance(line.exemplar, str) or not all(
                            isinstance(getattr(line, f.name), int) for f in fields(LineCount)[:-1]):
                        raise ValueError("bad line counts")
                    c.lines.setdefault(str(record["key"]), LineCount()).add(line)
                elif kind == "run":
                    c.pairs[str(record["first"]), str(record["next"])] += int(record["docs"])
                else:
                    raise ValueError(f"unknown record type {kind!r}")
            except (ValueError, KeyError, TypeError, AttributeError) as err:
                raise RuleError(f"{path}: line {number}: not a clean-news stats record ({err})") from err
    return counts


def stats_files(folder: str | Path) -> list[Path]:
    found = sorted(Path(folder).glob("*.stats.jsonl"))
    if not found:
        raise RuleError(f"{folder}: no *.stats.jsonl files (write them with clean-news learn --stats)")
    return found


# -- pass 2: rules --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Learned:
    """One learned rule: the line, its source and its evidence."""

    source: SourceKey
    key: str
    count: LineCount
    documents: int
    opens_run: bool

    @property
    def id(self) -> str:
        slug = re.sub(r"[^a-z0-9]+", "_", self.source.name.casefold()).strip("_")[:40] or "source"
        return f"learned_{slug}_{stable_hash(self.source.scope, self.source.name, self.key)[:10]}"


def learned_lines(counts: Counts, params: LearnParams, builtin: RuleSet, lexicon: Lexicon,
                  protect: Iterable[str] = ()) -> tuple[list[Learned], dict[str, int]]:
    """The lines to learn, sorted by source and id, and how many candidates each check turned away."""
    protected = {line_key(line) for line in protect}
    turned_away: Counter[str] = Counter()
    out: list[Learned] = []
    for source in sorted(counts.sources):
        c = counts.sources[source]
        if c.documents < params.min_docs:
            continue
        needed = max(2, math.ceil(params.min_share * c.documents - 1e-9))
        followers: Counter[str] = Counter()
        for (first, _), n in c.pairs.items():
            followers[first] = max(followers[first], n)
        for key, count in c.lines.items():
            if count.docs < needed:
                continue
            feat = block_features(count.exemplar, lexicon)
            if key in protected:
                turned_away["protected"] += 1
            elif feat.words > params.max_words:
                turned_away["too_long"] += 1
            elif count.topical > params.max_topical * count.docs:
                turned_away["on_topic"] += 1
            elif builtin.first_hit(count.exemplar) is not None:
                turned_away["builtin_rule"] += 1
            elif not _matches_itself(count.exemplar):
                turned_away["unmatchable"] += 1
            else:
                # A short line in the tail, followed in most documents, by no one line in most: a
                # header over a list that varies ("More from X" and other headlines).
                opens_run = (feat.words <= _HEADER_MAX_WORDS and count.tail >= 0.8 * count.docs
                             and count.followed >= 0.5 * count.docs and followers[key] < 0.5 * count.docs)
                out.append(Learned(source, key, count, c.documents, opens_run))
    out.sort(key=lambda rule: (rule.source, rule.id))
    return out, dict(sorted(turned_away.items()))


# -- the learned file -----------------------------------------------------------------------------

#: Characters a rule key folds together (quotes, apostrophes, dashes), by what they fold to.
_FOLD_CLASSES: dict[str, str] = {}
for _char, _folded in list(_FOLD.items()):
    _FOLD_CLASSES[_folded] = _FOLD_CLASSES.get(_folded, _folded) + chr(_char)
_PIECES = re.compile(rf"(\d+)|((?<=\d )(?:{_MONTHS})\b|\b(?:{_MONTHS})\b(?=\.?\s+\d))|(\s+)|(.)",
                     re.IGNORECASE | re.DOTALL)
_TRAILING = r"""[\s.!?:;,\-\u2013\u2014\u2026|>\u203a\u00bb"'\u201d\u2019]*"""
_BULLET = r"(?:[-\u2022*\u00b7\u00bb\u203a>\u2013\u2014]\s+)?"


def _rule_pattern(exemplar: str) -> str | None:
    """A pattern matching the lines that share ``exemplar``'s key: digits as ``\\d+``, a month
    beside a number as any month, spaces as ``\\s+``, folded characters as their class; None when
    the exemplar has no digit (a phrase then matches it, and reads better)."""
    if not any(c.isdigit() for c in exemplar):
        return None
    core = exemplar.strip()
    core = core.rstrip(" .!?:;,-\u2013\u2014\u2026|>\u203a\u00bb\"'\u201d\u2019")
    out = []
    for digits, month, space, char in _PIECES.findall(core):
        if digits:
            out.append(r"\d+")
        elif month:
            out.append(f"(?:{_MONTHS})")
        elif space:
            out.append(r"\s+")
        else:
            folded = _FOLD.get(ord(char), char)
            members = _FOLD_CLASSES.get(folded)
            out.append("[" + re.escape(members) + "]" if members else re.escape(char))
    return _BULLET + "".join(out) + _TRAILING


def _matches_itself(exemplar: str) -> bool:
    pattern = _rule_pattern(exemplar)
    return pattern is None or re.fullmatch(pattern, exemplar.strip(), re.IGNORECASE) is not None


def _phrase(learned: Learned) -> str:
    """The exemplar when the rules read it as the learned key, else the key itself."""
    exemplar = learned.count.exemplar
    return exemplar if line_key(exemplar) == learned.key and match_key(exemplar) == _whole_key(
        match_key(exemplar)) else learned.key


def _toml(value: Any) -> str:
    """A TOML value: strings as basic strings (JSON's escapes are TOML's, but DEL and surrogates)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    text = str(value).encode("utf-8", "replace").decode("utf-8")  # a lone surrogate becomes "?"
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def render(learned: list[Learned], counts: Counts, params: LearnParams, *, protect: list[str],
           turned_away: dict[str, int], source_from: str) -> str:
    """The learned file: valid as a rule file, sorted, the same bytes for the same counts."""
    taught = {r.source for r in learned}
    lines = [
        "# Rules clean-news learned from a corpus (clean-news learn). Apply them with --rules FILE.",
        "# Delete a [[rule]] or add 'enabled = false' to it to switch it off; list lines under [protect]",
        "# to keep them from ever being learned (clean-news learn -o FILE keeps this file's [protect]).",
        'category = "site_template"',
        "",
        "[learned]",
        f"version = {_toml(__version__)}",
        *(f"{f.name} = {_toml(getattr(params, f.name))}" for f in fields(params)),
        f"source_from = {_toml(source_from)}",
        f"documents_without_source = {counts.unkeyed}",
        f"documents_unreadable = {counts.unreadable}",
        f"candidates_turned_away = {{ {', '.join(f'{k} = {v}' for k, v in turned_away.items())} }}",
        "",
    ]
    for source in sorted(counts.sources):
        c = counts.sources[source]
        lines += ["[[learned.source]]", f"name = {_toml(source.name)}", f"scope = {_toml(source.scope)}",
                  f"documents = {c.documents}", f"dropped_lines = {c.dropped}",
                  f"rules = {sum(1 for r in learned if r.source == source)}",
                  f"note = {_toml(_source_note(c, source in taught, params))}", ""]
    lines += ["[protect]", f"lines = {_toml(sorted(set(protect)))}", ""]
    for rule in learned:
        count = rule.count
        pattern = _rule_pattern(count.exemplar)
        words = len(count.exemplar.split())
        entry = [
            "[[rule]]",
            f"id = {_toml(rule.id)}",
            'match = "whole"',
            f"patterns = {_toml([pattern])}" if pattern else f"phrases = {_toml([_phrase(rule)])}",
            f"max_words = {words + 2}",
            f"{rule.source.scope} = {_toml([rule.source.name])}",
        ]
        if rule.opens_run:
            entry += ["opens_run = true", 'category = "related_content"']
        entry += [
            "enabled = true",
            "[rule.evidence]",
            f"documents = {count.docs}",
            f"source_documents = {rule.documents}",
            *(f"{place} = {round(getattr(count, place) / count.docs, 3)!r}" for place in ("head", "body", "tail")),
            f"exemplar = {_toml(count.exemplar)}",
            f"key = {_toml(rule.key)}",
            f"version = {_toml(__version__)}",
            "",
        ]
        lines += entry
    return "\n".join(lines).rstrip("\n") + "\n"


def _source_note(c: SourceCounts, taught: bool, params: LearnParams) -> str:
    if c.documents < params.min_docs:
        return f"fewer than {params.min_docs} documents (min_docs): nothing learned"
    return "rules learned" if taught else "no line passed the checks"


def read_protect(path: str | Path) -> list[str]:
    """The ``[protect] lines`` of a learned file (or of any TOML file with such a table)."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as err:
        raise RuleError(f"{path}: cannot read ({err.strerror})") from err
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise RuleError(f"{path}: not valid TOML ({err})") from err
    protect = data.get("protect", {})
    lines = protect.get("lines", []) if isinstance(protect, dict) else None
    if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
        raise RuleError(f"{path}: [protect] must be a table whose 'lines' is a list of strings")
    return lines


def chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
