"""Refusing rule patterns that can backtrack catastrophically, when the rule file is loaded.

A pattern is refused when a repeat that can run long (``*``, ``+``, ``{n,}`` or more than
``MAX_BOUNDED`` times) holds another repeat that can match a varying number of characters, as in
``(a+)+``, ``(\\w+\\s?)*`` or ``(?:x|\\w+)+``: on a line that almost matches, the regex engine tries
every way of splitting the text between the two, which takes exponential time. Possessive repeats
(``a++``) and atomic groups (``(?>...)``) never backtrack into themselves and are accepted.
``benchmarks/regex_audit.py`` times every pattern on hostile lines as a second check.

>>> backtracking_risk(r"(?:\\w+\\s?)+$")
'a repeated group holds a repeat: (...+)+ can take exponential time on a line that almost matches'
>>> backtracking_risk(r"^by \\w+(?: \\w+){0,3}$") is None
True
"""

from __future__ import annotations

import re
import string

try:  # Python 3.11+
    import re._compiler as _compiler
    import re._constants as _c
    import re._parser as _parser
except ImportError:  # pragma: no cover
    import sre_compile as _compiler  # type: ignore[no-redef]
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

#: A repeat of at most this many times is cheap enough to hold another repeat ({0,3} of words).
MAX_BOUNDED = 10
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT}
#: Characters tried to tell what a part of a pattern can match.
_SAMPLE = string.ascii_letters + string.digits + string.punctuation + " \t\u00a0éßЖж中"
_RISK = "a repeated group holds a repeat: (...+)+ can take exponential time on a line that almost matches"


def backtracking_risk(pattern: str, flags: int = 0) -> str | None:
    """Why ``pattern`` can take exponential time, or None.

    Flagged: a long repeat whose body holds a repeat of varying length and nothing else it must
    match that the inner repeat could not match too (so the text can be split between iterations
    in many ways). ``\\d+(?:[.,]\\d+)*`` is fine: each iteration must start with ``.`` or ``,``,
    which ``\\d+`` cannot take.
    """
    try:
        parsed = _parser.parse(pattern, flags)
    except re.error:  # reported by re.compile with its own message
        return None
    return _RISK if _risky(parsed, parsed.state, flags) else None


def _risky(items: object, state: object, flags: int) -> bool:
    for op, av in items:  # type: ignore[attr-defined]
        if op in _REPEATS:
            low, high, body = av
            if (high == _c.MAXREPEAT or high > MAX_BOUNDED) and _ambiguous(body, state, flags):
                return True
            if _risky(body, state, flags):
                return True
        elif op == _c.SUBPATTERN:
            if _risky(av[-1], state, flags):
                return True
        elif op == _c.BRANCH:
            if any(_risky(branch, state, flags) for branch in av[1]):
                return True
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            if _risky(av[1], state, flags):
                return True
        # POSSESSIVE_REPEAT and ATOMIC_GROUP never backtrack into themselves: not descended.
    return False


def _flatten(items: object) -> list:
    """The items of a sequence, with plain groups opened up."""
    flat = []
    for op, av in items:  # type: ignore[attr-defined]
        if op == _c.SUBPATTERN:
            flat += _flatten(av[-1])
        else:
            flat.append((op, av))
    return flat


def _ambiguous(body: object, state: object, flags: int) -> bool:
    items = _flatten(body)
    for index, (op, av) in enumerate(items):
        if op not in _REPEATS or av[0] == av[1]:
            continue  # only a repeat of varying length can share text with the next iteration
        inner = _matcher([(op, av)], state, flags)
        taken = [c for c in _SAMPLE if inner.fullmatch(c) or inner.fullmatch(c * 2)]
        if not taken:
            continue
        others = [item for i, item in enumerate(items) if i != index]
        if all(_optional_or_within(item, taken, state, flags) for item in others):
            return True
    return False


def _optional_or_within(item: tuple, taken: list[str], state: object, flags: int) -> bool:
    """Whether ``item`` can match the empty text or a text made of the inner repeat's characters."""
    width = _parser.SubPattern(state, [item]).getwidth()[0]  # type: ignore[arg-type]
    if width == 0:
        return True
    matcher = _matcher([item], state, flags)
    return any(matcher.fullmatch(c * width) for c in taken)


def _matcher(items: list, state: object, flags: int) -> re.Pattern:
    return _compiler.compile(_parser.SubPattern(state, items), flags)  # type: ignore[arg-type]
