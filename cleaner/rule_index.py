"""The rule index: all loaded rules, and which of them can fire on a line.

:mod:`cleaner.rules` says what a rule is and reads rule files; this module puts the rules of all
files in one :class:`RuleSet` and finds, for each line, the first rule that fires without trying
every rule: by the line's key for whole-line phrases, by the first words of the others, and by
combined expressions or the literal "needles" of the patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from re import _constants as _sre, _parser as _sre_parser  # the needles of a pattern (see _needles)
from typing import Iterable

from .rules import _QUOTED, _TOKEN, POSITIONS, Rule, RuleError, RuleHit, _whole_key, match_key, read_rules


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
    rules = read_rules(paths, builtin=builtin)
    if other_names is not None:
        unknown = sorted(set(disabled) - {r.id for r in rules} - set(other_names))
        if unknown:
            raise RuleError(f"cannot disable {', '.join(map(repr, unknown))}: not a rule id or a heuristic "
                            f"(heuristics: {', '.join(sorted(other_names))}; rule ids: cleaner/rules/*.toml)")
    return RuleSet(tuple(r for r in rules if r.id not in disabled), max_chars)
