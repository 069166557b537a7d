"""Phrase and pattern rules, loaded from TOML files a person can read and extend.

A rule file holds rules of one category::

    category = "newsletter"

    [[rule]]
    id = "newsletter_signup"          # stable id, recorded in every removal it causes
    match = "contains"                # "whole" block, "start" of block, or "contains"
    max_words = 40                    # only blocks this short (protects long article prose)
    phrases = ["sign up for our newsletter"]
    patterns = ['subscribe to our (?:\\w+ ){0,3}newsletter']
    opens_run = true                  # a match may take the rest of the article tail with it
    position = "head"                 # optional: only before the first paragraph (default "any")
    flag = "paywall"                  # optional: a flag set on the document when it fires
    sources = ["The Moscow Times"]    # optional: only for these publishers ...
    domains = ["themoscowtimes.com"]  # ... or these URL domains
    category = "promo"                # optional: this rule's category instead of the file's
    enabled = false                   # optional: the rule is checked but not used (default true)

A learned file (``clean-news learn``, see docs/learn.md) has the same form, with a ``[learned]``
table saying how it was made, a ``[protect]`` table of lines never to learn, and an ``[rule.evidence]``
table under each rule; such a file may hold no rules at all.

Phrases are compared case-insensitively after folding quotes, apostrophes and dashes, with word
boundaries; in ``contains`` and ``start`` mode, text inside quotation marks is ignored, so an article
that quotes an appeal keeps it. Patterns are Python regular expressions, case-insensitive unless the
rule says ``case_sensitive = true``; a pattern may name a group ``publisher``, ``author`` or
``published`` to fill that metadata field (as ``Support The Moscow Times!`` names the publisher).
"""

from __future__ import annotations

import re
import tomllib
from re import _constants as _sre, _parser as _sre_parser  # the needles of a pattern (see _needles)
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable, Sequence

from .document import CATEGORIES
from .features import CJK
from .regex_safety import backtracking_risk

MATCH_MODES = ("whole", "start", "contains")
POSITIONS = ("any", "head")
_DEFAULT_MAX_WORDS = {"whole": 12, "start": 60, "contains": 40}

_FOLD = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-",
})
_FOLD_PAIRS = tuple((chr(code), value) for code, value in _FOLD.items())
_QUOTED = re.compile(r'"[^"\n]{0,400}"')
#: Trailing punctuation a key drops. Keys hold no whitespace but single spaces, so this is
#: ``re.sub(r"[\s.!?:;,\-…|>›]+$", "", key)`` done by ``str.rstrip`` (linear on any input).
_TRAILING_CHARS = " .!?:;,-…|>›"
_TOKEN = re.compile(r"\w+")


class RuleError(ValueError):
    """A rule file that cannot be used; the message names the file and what to fix."""


def match_key(text: str) -> str:
    """The form of a block that phrases are compared with.

    >>> match_key("  Sign up  for our “Weekly” Newsletter! ")
    'sign up for our "weekly" newsletter'
    """
    return folded_words(text).rstrip(_TRAILING_CHARS)


def folded_words(text: str) -> str:
    """:func:`match_key` before the trailing punctuation goes: the fold maps character by
    character and ``text``'s words stay words, so for stripped non-empty pieces
    ``match_key(" ".join(pieces))`` is ``" ".join(map(folded_words, pieces))`` without that
    punctuation (what :mod:`cleaner.dom` uses to fold a page once).

    >>> folded_words("Don’t  MISS — this! ")
    "don't miss - this!"
    """
    # _FOLD as replacements of the characters present: str.translate looks every character up
    # in a dict (a whole page's text costs milliseconds), a scan for a character is a memchr.
    # Each replacement is one character that no other entry maps, so the order does not matter.
    if text.isascii():
        if "`" in text:
            text = text.replace("`", "'")
    else:
        for char, folded_char in _FOLD_PAIRS:
            if char in text:
                text = text.replace(char, folded_char)
    # str.split() splits on exactly the characters r"\s" matches: runs of them become one space.
    return " ".join(text.casefold().split())


#: A list bullet before a line ("- Print Article", "• Share"); keys fold dashes to "-".
_BULLET_CHARS = "-•*·»›>"


def _whole_key(key: str) -> str:
    """The key a whole-line phrase is compared with: no closing quote or trailing punctuation
    (a line may end in "Read more »"), no leading list bullet.

    >>> _whole_key('- print article')
    'print article'
    >>> _whole_key('read more "')
    'read more'
    """
    key = key.rstrip('" ').rstrip(_TRAILING_CHARS)
    head = key.lstrip(_BULLET_CHARS)
    if len(head) < len(key) and head.startswith(" "):
        return head.lstrip()
    return key


# (?<!\s): try a separator only at the first space of a run, else a long run of spaces costs quadratic time.
_TITLE_SEPARATOR = re.compile(r"(?<!\s)\s+[-–—|:·•»]\s+")


def headline_keys(title: str | None) -> frozenset[str]:
    """Match keys of a title and of its parts around a site-name separator ("Headline – Site").

    >>> sorted(headline_keys("Mourinho joins Spurs | Sky News"))
    ['mourinho joins spurs', 'mourinho joins spurs | sky news']
    """
    if not title:
        return frozenset()
    key = match_key(title)
    return frozenset({key} | {p for p in _TITLE_SEPARATOR.split(key) if key_words(p) >= 3})


def key_words(key: str) -> int:
    """Words of a key, two Chinese or Japanese characters counting as one (as block features count).

    >>> key_words("mourinho joins spurs"), key_words("商品の改造が商標法違反に")
    (3, 7)
    """
    return len(key.split()) + (0 if key.isascii() else len(CJK.findall(key)) // 2)


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    match: str
    phrases: tuple[str, ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()
    max_words: int = 40
    min_words: int = 0
    opens_run: bool = False
    #: "any", or "head": only before the article's first paragraph (bylines, date lines).
    position: str = "any"
    flag: str | None = None
    sources: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    origin: str = ""
    #: Why a learned rule exists, for ``--explain`` ("in 212 of 230 example.com documents, 97% in
    #: the tail"); empty for hand-written rules.
    evidence: str = ""
    _phrase_re: re.Pattern[str] | None = field(default=None, repr=False, compare=False)

    @property
    def scoped(self) -> bool:
        return bool(self.sources or self.domains)

    def applies_to(self, source: str | None, domain: str | None, source_key: str | None = None) -> bool:
        """Whether the rule is for a document of publisher ``source``, URL ``domain`` and source
        key ``source_key`` (a record's ``source`` field or its folder, see :mod:`cleaner.source`)."""
        if not self.scoped:
            return True
        names = {s.casefold() for s in self.sources}
        if any(name and name.casefold() in names for name in (source, source_key)):
            return True
        return bool(domain) and any(domain == d or domain.endswith("." + d) for d in self.domains)

    def test(self, text: str, key: str, words: int, unquoted: str | None = None, *,
             patterns: bool = True) -> RuleHit | None:
        """Return a hit when the rule fires on a block (``key`` is :func:`match_key` of ``text``;
        ``unquoted`` is ``key`` without quotations, computed here when not given). ``patterns``
        False: only the phrases are tried (the caller knows that no pattern can match)."""
        if words > self.max_words or words < self.min_words:
            return None
        if self.phrases:
            start = self._phrase_hit(key, unquoted)
            if start is not None:
                return RuleHit(self, inside=start > 0)
        if not patterns:
            return None
        for pattern in self.patterns:
            found = pattern.fullmatch(text) if self.match == "whole" else (
                pattern.match(text) if self.match == "start" else pattern.search(text))
            if found:
                captures = {k: v.strip() for k, v in found.groupdict().items() if v and v.strip()}
                return RuleHit(self, captures, inside=found.start() > 0)
        return None

    def _phrase_hit(self, key: str, unquoted: str | None = None) -> int | None:
        """Where a phrase matches in ``key`` (None when none does)."""
        assert self._phrase_re is not None
        if self.match == "whole":
            # A whole line may end in a quote mark or guillemet ("Read more »"); it is not part of the phrase.
            return 0 if self._phrase_re.fullmatch(_whole_key(key)) else None
        if unquoted is None:
            unquoted = _QUOTED.sub(" ", key)
        found = self._phrase_re.match(unquoted) if self.match == "start" else self._phrase_re.search(unquoted)
        return found.start() if found else None


@dataclass(frozen=True)
class RuleHit:
    rule: Rule
    #: Named groups of the pattern that fired: ``publisher``, ``author`` or ``published``.
    captures: dict[str, str] = field(default_factory=dict)
    #: The match starts inside the block, not at its first character: in "contains" mode, the
    #: block may be a sentence that reports the phrase rather than a prompt that opens with it.
    inside: bool = False


#: Blocks longer than this (characters) are never tested against rules; see ``Config.rule_max_chars``.
DEFAULT_MAX_CHARS = 3000


@dataclass(frozen=True)
class RuleSet:
    """All rules in evaluation order: built-in files first, then the user's, each file in order."""

    rules: tuple[Rule, ...]
    max_chars: int = DEFAULT_MAX_CHARS
    _unscoped: dict[str, _RuleIndex] = field(init=False, repr=False, compare=False)
    #: The scoped rules by what they are scoped to (("source", casefolded name) or ("domain", d)),
    #: then by position: a block meets only its own publisher's rules, so a learned file of
    #: thousands of sources costs a document what its own source's rules cost.
    _by_scope: dict[tuple[str, str], dict[str, _RuleIndex]] = field(init=False, repr=False, compare=False)
    _order: dict[int, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # The indexes are built here, with the rules: once per Cleaner, before any worker is forked.
        # One per position: the head pass asks about few rules, and need not look at the others.
        object.__setattr__(self, "_unscoped", {position: _RuleIndex(tuple(
            r for r in self.rules if not r.scoped and r.position == position)) for position in POSITIONS})
        groups: dict[tuple[str, str], list[Rule]] = {}
        for rule in self.rules:
            scopes = {("source", s.casefold()) for s in rule.sources} | {("domain", d) for d in rule.domains}
            for scope in sorted(scopes):
                groups.setdefault(scope, []).append(rule)
        object.__setattr__(self, "_by_scope", {scope: {position: _RuleIndex(tuple(
            r for r in rules if r.position == position)) for position in POSITIONS} for scope, rules in groups.items()})
        object.__setattr__(self, "_order", {id(rule): i for i, rule in enumerate(self.rules)})

    def first_hit(self, text: str, *, position: str = "any", source: str | None = None,
                  domain: str | None = None, scoped: bool = False, key: str | None = None,
                  source_key: str | None = None) -> RuleHit | None:
        """The first rule of ``position`` ("any", or "head": rules for the lines before the
        article's first paragraph) that fires on ``text``; ``scoped`` selects the site-specific
        rules that apply to publisher ``source``, URL ``domain`` or ``source_key`` (see
        :meth:`Rule.applies_to`); ``key`` is :func:`match_key` of ``text``, when the caller has it
        already."""
        if len(text) > self.max_chars:
            return None  # rules judge short lines; this also bounds the cost of every pattern
        if not scoped:
            return self._first_in(self._unscoped.get(position), text, key)
        # The indexes of every scope the document is in; the first rule in file order wins, as if
        # all scoped rules were tried in order.
        scopes = {("source", name.casefold()) for name in (source, source_key) if name}
        if domain:
            parts = domain.split(".")
            scopes |= {("domain", ".".join(parts[i:])) for i in range(len(parts))}
        hits = [hit for scope in sorted(scopes) if scope in self._by_scope
                for hit in [self._first_in(self._by_scope[scope].get(position), text, key)] if hit]
        return min(hits, key=lambda hit: self._order[id(hit.rule)], default=None)

    def _first_in(self, index: _RuleIndex | None, text: str, key: str | None) -> RuleHit | None:
        if index is None or not index.rules:
            return None
        words = len(text.split())
        if words > index.longest:  # longer than any rule's max_words: none can fire
            return None
        key = match_key(text) if key is None else key
        unquoted = _QUOTED.sub(" ", key)  # once per block, not once per rule
        candidates, patterned = index.candidates(text, key, unquoted, words)
        for candidate in candidates:
            rule = index.rules[candidate]  # the index holds this position's rules only
            hit = rule.test(text, key, words, unquoted, patterns=candidate in patterned)
            if hit:
                return hit
        return None

    @property
    def has_scoped(self) -> bool:
        """Whether any rule is limited to sources or domains (else the scoped pass can be skipped)."""
        return bool(self._by_scope)

    def compile(self) -> None:
        """Compile every combined expression now (they are otherwise compiled on first use)."""
        for indexes in (self._unscoped, *self._by_scope.values()):
            for index in indexes.values():
                index.compile()

    def extended(self, other: RuleSet) -> RuleSet:
        return RuleSet(self.rules + other.rules, self.max_chars)


class _RuleIndex:
    """Which rules can fire on a block, found without trying every rule (built once per RuleSet).

    A rule can fire only where its phrases or its patterns can match, so it is tried when either
    can:
    - phrases of a "whole" rule only on a block whose key is one of them; of a "start" or
      "contains" rule only on a block whose unquoted key holds, as a whole word, the first word of
      one of them (a phrase is matched between word boundaries, so its first word is a whole word
      of the key);
    - patterns of a "whole" or "start" rule only where one of them matches at the start of the
      block, and patterns of a "contains" rule only where one of them matches somewhere: one
      expression combining the patterns of the rules that allow the block's word count tells at
      once; for a plain block, the rules that are slow to rule out this way are found by their
      needles instead (see ``_needles``).
    Candidates come back in rule order and are tried as before, so the first hit is the same; a
    candidate only for its phrases is tried on its phrases only.
    """

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        self.longest = max((r.max_words for r in rules), default=-1)
        always: set[int] = set()
        anchored: set[int] = set()
        anywhere: set[int] = set()
        self.by_key: dict[str, list[int]] = {}
        self.by_word: dict[str, list[int]] = {}
        for position, rule in enumerate(rules):
            first_words = {_first_word(p) for p in rule.phrases}
            if rule.match == "whole":
                for phrase in set(rule.phrases):
                    self.by_key.setdefault(phrase, []).append(position)
            elif None in first_words:
                always.add(position)
            else:
                for word in first_words:
                    self.by_word.setdefault(word, []).append(position)
            if rule.patterns:
                (anywhere if rule.match == "contains" else anchored).add(position)
        self.always = self._by_words(always)
        self.anchored = self._combined_by_words(anchored)
        self.anywhere = self._combined_by_words(anywhere)
        # A plain block (see _PLAIN: ASCII, typographic punctuation and Latin letters; most
        # blocks) first meets the needles of the rules whose patterns all need one of a few
        # strings: a rule none of whose needles is in the block is not tried.
        # Only for rules that are slow to rule out: those searched for anywhere, and those with a
        # pattern that may start with any character (".{10,400}?photo by"); a combined expression
        # rules out the others at the block's first character. Their patterns stay combined.
        gates = {i: _rule_needles(rules[i]) for i in anywhere | {i for i in anchored if not _starts_cheaply(rules[i])}}
        gated = {i for i, needles in gates.items() if needles is not None}
        self.anchored_ascii = self._combined_by_words(anchored - gated)
        self.anywhere_ascii = self._combined_by_words(anywhere - gated)
        # By word count: (needle, rules) for an ASCII block (the ASCII needles: no other can be
        # in it) and for any other plain block (all needles).
        self.needles: list[tuple[tuple[str, tuple[int, ...]], ...]] = []
        self.plain_needles: list[tuple[tuple[str, tuple[int, ...]], ...]] = []
        shared: dict[tuple[tuple[int, ...], bool], tuple[tuple[str, tuple[int, ...]], ...]] = {}
        for group in self._by_words(gated):
            for table, ascii_only in ((self.needles, True), (self.plain_needles, False)):
                if (group, ascii_only) not in shared:
                    by_needle: dict[str, list[int]] = {}
                    for i in group:
                        for needle in gates[i]:
                            if needle.isascii() or not ascii_only:
                                by_needle.setdefault(needle, []).append(i)
                    shared[group, ascii_only] = tuple((n, tuple(found)) for n, found in sorted(by_needle.items()))
                table.append(shared[group, ascii_only])

    def _by_words(self, positions: set[int]) -> list[tuple[int, ...]]:
        """The rules among ``positions`` that allow a block of n words, for n = 0 .. longest."""
        rules = self.rules
        return [tuple(sorted(i for i in positions if rules[i].min_words <= n <= rules[i].max_words))
                for n in range(self.longest + 1)]

    def _combined_by_words(self, positions: set[int]) -> list[tuple[tuple[int, ...], _LazyPattern | None]]:
        """For n = 0 .. longest: the rules among ``positions`` that allow n words, and one
        expression combining their patterns (None when they cannot be combined: they are then
        always tried). Word counts that allow the same rules share the expression."""
        combined: dict[tuple[int, ...], _LazyPattern | None] = {}
        out = []
        for group in self._by_words(positions):
            if group not in combined:
                combined[group] = _combined([p for i in group for p in self.rules[i].patterns])
            out.append((group, combined[group]))
        return out

    def compile(self) -> None:
        for table in (self.anchored, self.anywhere, self.anchored_ascii, self.anywhere_ascii):
            for _, pattern in table:
                if pattern is not None:
                    pattern.compiled()

    def candidates(self, text: str, key: str, unquoted: str, words: int) -> tuple[list[int], set[int]]:
        """The rules to try, in order, and those among them whose patterns may match (a rule
        there only for a phrase's first word need not run its patterns)."""
        patterned: set[int] = set()
        ascii = text.isascii()
        if ascii or not _NOT_PLAIN.search(text):
            lowered = text.lower()
            for needle, positions in (self.needles if ascii else self.plain_needles)[words]:
                if needle in lowered:
                    patterned.update(positions)
            anchored, anywhere = self.anchored_ascii[words], self.anywhere_ascii[words]
        else:
            anchored, anywhere = self.anchored[words], self.anywhere[words]
        group, at_start = anchored
        if group and (at_start is None or at_start.match(text)):
            patterned.update(group)
        group, inside = anywhere
        if group and (inside is None or inside.search(text)):
            patterned.update(group)
        found = patterned.union(self.always[words])
        found.update(self.by_key.get(_whole_key(key), ()))
        if self.by_word:
            for word in self.by_word.keys() & set(_TOKEN.findall(unquoted)):
                found.update(self.by_word[word])
        return sorted(found), patterned


#: What a plain block is made of: ASCII, common typographic marks, and the letters of Latin-1
#: and Latin Extended-A but İ, ı and ſ. Each lower-cases to one plain character, and under
#: IGNORECASE a plain pattern character matches only plain characters that lower-case as it does.
_TYPOGRAPHIC = "\u2019\u2018\u201c\u201d\u201e\u00ab\u00bb\u2013\u2014\u2026\u2022\u00b7\u00a9\u00ae\u2122\u20ac\u00a3\u00a0\u00ad\u2009\u202f"
_PLAIN = (frozenset(map(chr, range(0x80))) | frozenset(_TYPOGRAPHIC)
          | frozenset(map(chr, range(0xC0, 0x180))) - frozenset("\u00d7\u00f7\u0130\u0131\u017f"))
_NOT_PLAIN = re.compile("[^" + "".join(re.escape(c) for c in sorted(_PLAIN)) + "]")
#: The characters outside _PLAIN that match a plain one under IGNORECASE (İ, ı, ſ, ẞ, the Kelvin
#: and Angstrom signs), found by trying every character (tests/test_rules.py does it again).
_CASE_TWINS = frozenset("\u0130\u0131\u017f\u1e9e\u212a\u212b")


def _rule_needles(rule: Rule) -> frozenset[str] | None:
    """Lower-case strings one of which a plain block must hold for any of ``rule``'s patterns to
    match it (None: no such strings known). A needle that holds another needle is left out."""
    needles: set[str] = set()
    for pattern in rule.patterns:
        try:
            found = _needles(list(_sre_parser.parse(pattern.pattern, pattern.flags)))
        except Exception:  # a parser of another Python: no needles, the rule is simply tried
            found = None
        if not found or any(n.isspace() for n in found):
            return None  # a space is in nearly every block: such a rule is better tried at once
        needles |= found
    return frozenset(n for n in needles if not any(m != n and m in n for m in needles))


def _starts_cheaply(rule: Rule) -> bool:
    """Every pattern starts with a literal or a class, or a group or alternation of such: tried at
    the start of a block, it fails at its first character on most blocks."""
    def cheap(items: list) -> bool:
        if not items:
            return False
        op, argument = items[0]
        if op in (_sre.LITERAL, _sre.IN):
            return True
        if op is _sre.AT:
            return cheap(items[1:])
        if op is _sre.SUBPATTERN:
            return cheap(list(argument[-1]))
        if op is _sre.BRANCH:
            return all(cheap(list(branch)) for branch in argument[1])
        return False

    try:
        return all(cheap(list(_sre_parser.parse(p.pattern, p.flags))) for p in rule.patterns)
    except Exception:  # a parser of another Python: treat it as slow to rule out
        return False


def _needles(items: list) -> set[str] | None:
    """Needles of a parsed expression (``re._parser``): the sequence's literal runs and the
    needles of its groups, alternations (every branch must have some) and repeats of at least
    one; of all these, the set whose shortest needle is longest. Needles are
    looked for in ``block.lower()`` of a plain block (``_PLAIN``), where a plain pattern character
    matches only the characters that lower-case as it does: it goes into a needle lower-cased.
    Any other matches no plain character, so it goes in as it is (such a needle is never found:
    the pattern never matches a plain block), except those in ``_CASE_TWINS``, which end a run.
    Anything else (classes, any character, assertions, references) ends a run and adds no
    needle."""
    best: set[str] | None = None
    run: list[str] = []

    def consider(found: set[str] | None) -> None:
        nonlocal best
        if found and (best is None or min(map(len, found)) > min(map(len, best))):
            best = found

    for op, argument in items:
        if op is _sre.LITERAL and chr(argument) not in _CASE_TWINS:
            char = chr(argument)
            run.append(char.lower() if char in _PLAIN else char)  # else never in a plain block
            continue
        if run:
            consider({"".join(run)})
            run = []
        if op is _sre.SUBPATTERN:
            consider(_needles(list(argument[-1])))
        elif op is _sre.BRANCH:
            branches = [_needles(list(branch)) for branch in argument[1]]
            if all(branches):
                consider(set().union(*branches))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and argument[0] >= 1:
            consider(_needles(list(argument[2])))
        elif op is _sre.ATOMIC_GROUP:
            consider(_needles(list(argument)))
    if run:
        consider({"".join(run)})
    return best


def _combined(patterns: list[re.Pattern[str]]) -> _LazyPattern | None:
    """One expression that matches where any of ``patterns`` does (at a text's start with
    ``match``, anywhere with ``search``), each with its own case flag; group names are dropped
    (two patterns may share one). None when a pattern refers back to a group: then every such rule
    is simply tried (as it is when the combination does not compile)."""
    parts = []
    for pattern in patterns:
        source = _without_group_names(pattern.pattern)
        if source is None:
            return None
        parts.append(f"(?{'i' if pattern.flags & re.IGNORECASE else '-i'}:{source})")
    if not parts:
        return None
    return _LazyPattern("|".join(parts))


class _LazyPattern:
    """A combined expression compiled on first use: compiling all of them is most of the time it
    takes to load the rules (0.4 s), and a run on a few documents needs a few. ``RuleSet.compile``
    compiles them all at once (before worker processes are forked, so they share the result).
    If the combination does not compile, ``match`` and ``search`` answer "maybe" (True), so every
    rule it stands for is tried on its own."""

    __slots__ = ("source", "_compiled")

    def __init__(self, source: str) -> None:
        self.source = source
        self._compiled: re.Pattern[str] | None | bool = None

    def compiled(self) -> re.Pattern[str] | bool:
        if self._compiled is None:
            try:
                self._compiled = re.compile(self.source)
            except re.error:
                self._compiled = False
        return self._compiled

    def match(self, text: str) -> object:
        pattern = self.compiled()
        return pattern.match(text) if pattern is not False else True  # type: ignore[union-attr]

    def search(self, text: str) -> object:
        pattern = self.compiled()
        return pattern.search(text) if pattern is not False else True  # type: ignore[union-attr]


def _without_group_names(source: str) -> str | None:
    """``source`` with ``(?P<name>`` groups made plain ``(?:``; None when it has a back-reference
    (``(?P=name)``, ``\\1``, ``(?(1)...)``), which a renamed group would break. Escapes and
    character classes are skipped, so only real groups change."""
    out: list[str] = []
    i, n = 0, len(source)
    while i < n:
        char = source[i]
        if char == "\\":
            if i + 1 < n and source[i + 1] in "123456789":
                return None
            out.append(source[i:i + 2])
            i += 2
        elif char == "[":
            j = i + 1
            if j < n and source[j] == "^":
                j += 1
            if j < n and source[j] == "]":
                j += 1
            while j < n and source[j] != "]":
                j += 2 if source[j] == "\\" else 1
            out.append(source[i:j + 1])
            i = j + 1
        elif source.startswith(("(?P=", "(?("), i):
            return None
        elif source.startswith("(?P<", i):
            close = source.find(">", i)
            if close < 0:
                return None
            out.append("(?:")
            i = close + 1
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _first_word(phrase: str) -> str | None:
    """The word a phrase starts with, or None when it starts with something else ("(c) ...")."""
    match = _TOKEN.match(phrase)
    return match.group() if match else None


def load_rules(paths: Iterable[str | Path] = (), *, builtin: bool = True,
               disabled: frozenset[str] = frozenset(), max_chars: int = DEFAULT_MAX_CHARS,
               other_names: Iterable[str] | None = None) -> RuleSet:
    """Load the built-in rule files and then ``paths``; rules whose id is in ``disabled`` are dropped.
    Blocks longer than ``max_chars`` characters are never tested. ``other_names``: the names besides
    rule ids that ``disabled`` may hold (the heuristics); given, any other name is an error, so
    that a misspelt name does not silently switch nothing off."""
    rules: list[Rule] = []
    if builtin:
        folder = resources.files("cleaner") / "rules"
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".toml"):
                rules.extend(parse_rule_file(entry.read_text(encoding="utf-8"), f"cleaner/rules/{entry.name}"))
    for path in paths:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as err:
            raise RuleError(f"{path}: cannot read rule file ({err.strerror})") from err
        rules.extend(parse_rule_file(text, str(path)))
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.id in seen and seen[rule.id] != rule.origin:
            raise RuleError(f"{rule.origin}: rule id {rule.id!r} is already used in {seen[rule.id]}; pick another id")
        seen[rule.id] = rule.origin
    if other_names is not None:
        unknown = sorted(set(disabled) - set(seen) - set(other_names))
        if unknown:
            raise RuleError(f"cannot disable {', '.join(map(repr, unknown))}: not a rule id or a heuristic "
                            f"(heuristics: {', '.join(sorted(other_names))}; rule ids: cleaner/rules/*.toml)")
    return RuleSet(tuple(r for r in rules if r.id not in disabled), max_chars)


def parse_rule_file(text: str, origin: str) -> list[Rule]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise RuleError(f"{origin}: not valid TOML ({err})") from err
    category = data.get("category")
    if category not in CATEGORIES:
        raise RuleError(f"{origin}: 'category' must be one of {', '.join(CATEGORIES)}; got {category!r}")
    learned = "learned" in data
    if learned and not isinstance(data["learned"], dict):
        raise RuleError(f"{origin}: 'learned' must be a table ([learned])")
    protect = data.get("protect", {})
    if not isinstance(protect, dict) or not isinstance(protect.get("lines", []), list) or not all(
            isinstance(line, str) for line in protect.get("lines", [])):
        raise RuleError(f"{origin}: [protect] must be a table whose 'lines' is a list of strings")
    entries = data.get("rule", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise RuleError(f"{origin}: 'rule' must be [[rule]] tables")
    if not entries and not learned:  # a learned file may have learned nothing, or had every rule deleted
        raise RuleError(f"{origin}: no [[rule]] tables")
    rules = [_build_rule(entry, category, origin) for entry in entries]
    return [rule for rule, entry in zip(rules, entries) if entry.get("enabled", True)]


def _build_rule(entry: dict, category: str, origin: str) -> Rule:
    where = f"{origin}: rule {entry.get('id', '?')!r}"
    rule_id = entry.get("id")
    if not isinstance(rule_id, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", rule_id):
        raise RuleError(f"{where}: 'id' must be a snake_case string")
    unknown = set(entry) - {"id", "match", "phrases", "patterns", "max_words", "min_words", "opens_run",
                            "flag", "sources", "domains", "lang", "case_sensitive", "note", "position",
                            "category", "enabled", "evidence"}
    if unknown:
        raise RuleError(f"{where}: unknown keys {sorted(unknown)}")
    if not isinstance(entry.get("enabled", True), bool):
        raise RuleError(f"{where}: 'enabled' must be true or false")
    category = entry.get("category", category)
    if category not in CATEGORIES:
        raise RuleError(f"{where}: 'category' must be one of {', '.join(CATEGORIES)}; got {category!r}")
    match = entry.get("match", "contains")
    if match not in MATCH_MODES:
        raise RuleError(f"{where}: 'match' must be one of {MATCH_MODES}")
    position = entry.get("position", "any")
    if position not in POSITIONS:
        raise RuleError(f"{where}: 'position' must be 'any' or 'head'")
    phrases = tuple(match_key(p) for p in _strings(entry, "phrases", where))
    flags = 0 if entry.get("case_sensitive") else re.IGNORECASE
    patterns = []
    for source in _strings(entry, "patterns", where):
        try:
            patterns.append(re.compile(source, flags))
        except re.error as err:
            raise RuleError(f"{where}: bad pattern {source!r} ({err})") from err
        risk = backtracking_risk(source, flags)
        if risk:
            raise RuleError(f"{where}: pattern {source!r} refused: {risk}; make the inner repeat possessive "
                            "('+' -> '++') or bounded ({0,5}), or put a character it cannot match between repeats")
    if not phrases and not patterns:
        raise RuleError(f"{where}: needs 'phrases' or 'patterns'")
    phrase_re = None
    if phrases:
        alternation = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
        phrase_re = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")
    return Rule(
        id=rule_id, category=category, match=match, phrases=phrases, patterns=tuple(patterns),
        max_words=int(entry.get("max_words", _DEFAULT_MAX_WORDS[match])),
        min_words=int(entry.get("min_words", 0)),
        opens_run=bool(entry.get("opens_run", False)), position=position, flag=entry.get("flag"),
        sources=tuple(_strings(entry, "sources", where)),
        domains=_domains(entry, where),
        origin=origin, evidence=_evidence(entry, where), _phrase_re=phrase_re,
    )


_EVIDENCE_COUNTS = ("documents", "source_documents")
_EVIDENCE_SHARES = ("head", "body", "tail")


def _evidence(entry: dict, where: str) -> str:
    """The sentence ``--explain`` shows for a learned rule, from its ``[rule.evidence]`` table.

    >>> _evidence({"domains": ["example.com"], "evidence": {"documents": 212, "source_documents": 230,
    ...            "head": 0.0, "body": 0.03, "tail": 0.97, "exemplar": "Donate"}}, "x")
    'in 212 of 230 example.com documents, 97% in the tail'
    """
    if "evidence" not in entry:
        return ""
    table = entry["evidence"]
    if not isinstance(table, dict):
        raise RuleError(f"{where}: 'evidence' must be a table ([rule.evidence])")
    for name in _EVIDENCE_COUNTS:
        if not isinstance(table.get(name), int) or isinstance(table.get(name), bool) or table[name] < 0:
            raise RuleError(f"{where}: evidence {name!r} must be a whole number of documents")
    for name in _EVIDENCE_SHARES:
        value = table.get(name)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1:
            raise RuleError(f"{where}: evidence {name!r} must be a share between 0 and 1")
    if table["documents"] > table["source_documents"]:
        raise RuleError(f"{where}: evidence 'documents' ({table['documents']}) is more than "
                        f"'source_documents' ({table['source_documents']})")
    scope = (entry.get("domains") or entry.get("sources") or ["?"])[0]
    place = max(_EVIDENCE_SHARES, key=lambda name: table[name])
    return (f"in {table['documents']} of {table['source_documents']} {scope} documents, "
            f"{round(100 * table[place])}% in the {place}")


def _domains(entry: dict, where: str) -> tuple[str, ...]:
    """Host names, matched with their subdomains; a URL or a path is a mistake said at once (it would
    never match a page's host)."""
    domains = []
    for value in _strings(entry, "domains", where):
        if "/" in value or ":" in value or not value.strip(". ") or " " in value.strip():
            raise RuleError(f"{where}: 'domains' takes host names such as 'example.com', not {value!r}")
        domains.append(value.strip().casefold().lstrip("."))
    return tuple(domains)


def _strings(entry: dict, key: str, where: str) -> Sequence[str]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"{where}: {key!r} must be a list of strings")
    return value
