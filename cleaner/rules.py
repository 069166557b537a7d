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

This module is the format: what a rule is, how a line's match key is made, and how rule files are
read and checked. :mod:`cleaner.rule_index` loads them into one :class:`~cleaner.rule_index.RuleSet`
and finds the rules that can fire on a line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable, Sequence

from .document import CATEGORIES
from .features import CJK, MARKS, WORD
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
#: Trailing punctuation a key drops, the arrows of "Read more →" among it. Keys hold no
#: whitespace but single spaces, so this is ``re.sub(r"[\s.!?:;,\-…|>›→➔➜⟶▶►▸❯]+$", "", key)``
#: done by ``str.rstrip`` (linear on any input).
_TRAILING_CHARS = " .!?:;,-…|>›→➔➜⟶▶►▸❯"
_TOKEN = WORD  # the words rules and the features read alike (cleaner.rule_index reads it too)


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
    (a line may end in "Read more »"), no leading list bullet, no table cell around it.

    >>> _whole_key('- print article')
    'print article'
    >>> _whole_key('read more "')
    'read more'
    >>> _whole_key('| | back to top')
    'back to top'
    """
    key = key.rstrip('" ').rstrip(_TRAILING_CHARS)
    head = key.lstrip(_BULLET_CHARS)
    if len(head) < len(key) and head.startswith(" "):
        return head.lstrip()
    if key.startswith("|"):
        # A table row of one cell ("| | Back to Top |", as extractors write a cell): its text.
        cell = key.lstrip("| ")
        if "|" not in cell:
            return cell
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


def read_rules(paths: Iterable[str | Path] = (), *, builtin: bool = True) -> list[Rule]:
    """The rules of the built-in files and then of ``paths``, in order; a rule id used in two files
    is an error."""
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
    return rules


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
        phrase_re = re.compile(rf"(?<![\w{MARKS}])(?:{alternation})(?![\w{MARKS}])")
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
