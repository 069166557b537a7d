"""Audit every regular expression clean-news runs for super-linear time on hostile lines.

Collects the patterns of the rule files (built-in and ``--rules FILE``), the lexicon and the code,
runs each the way the cleaner runs it on lines made of one repeated unit (letters, capitals, digits,
dots, ". ", each rule phrase, ...) at two lengths, and prints those whose time grows much faster
than the length. Timing belongs here, not in the test suite. The static check that refuses nested
repeats when a rule file is loaded is in the package (``cleaner.regex_safety``); this is the
second, measured check.

    python benchmarks/regex_audit.py                     # built-in rules, lexicon and code
    python benchmarks/regex_audit.py --rules mine.toml   # and a rule file of yours
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleaner import Cleaner, Config  # noqa: E402
from cleaner import decode, extract, features, rules  # noqa: E402

UNITS = ["a", "A", "1", ".", ". ", " .", '"', "A ", "Ab ", "1 ", "1.", "Ab/", "Ab Cd / ", "by ", "-", "© ", ": ",
         "A.", "a1", "Photo ", "source ", "Aa, ", "\u00a0", "(photo:", "1,5 %", "$1 ", "Author: ", "read more: "]


def patterns(cleaner: Cleaner) -> list[tuple[str, re.Pattern, str]]:
    """(name, pattern, how it is run) for every pattern the cleaner uses."""
    found = []
    for rule in cleaner.rules.rules:
        found += [(f"rule {rule.id}", p, rule.match) for p in rule.patterns]
        if rule._phrase_re is not None:
            found.append((f"phrases {rule.id}", rule._phrase_re, "contains"))
    found.append(("lexicon relative_time", cleaner.lexicon.relative_time, "whole"))
    found.append(("lexicon author_line", cleaner.lexicon.author_line, "whole"))
    found.append(("lexicon reader_reaction", cleaner.lexicon.reader_reaction, "start"))
    for module in (rules, features, decode, extract):
        found += [(f"{module.__name__}.{name}", value, "findall")
                  for name, value in vars(module).items() if isinstance(value, re.Pattern)]
    return found


def run(pattern: re.Pattern, how: str, text: str) -> float:
    """Seconds for one run, the best of three (the machine's noise only ever adds time)."""
    subject = text.encode() if isinstance(pattern.pattern, bytes) else text
    call = {"whole": pattern.fullmatch, "start": pattern.match, "contains": pattern.search}.get(how, pattern.findall)
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        call(subject)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", action="append", default=[], help="an extra rule file")
    parser.add_argument("--length", type=int, default=Config.rule_max_chars,
                        help="the longer line length (default: Config.rule_max_chars, the longest line rules see)")
    args = parser.parse_args()
    cleaner = Cleaner(Config(rule_files=tuple(args.rules)))
    found = patterns(cleaner)
    units = UNITS + sorted({p for r in cleaner.rules.rules for p in r.phrases})
    short, long = args.length // 4, args.length
    suspicious = []
    for name, pattern, how in found:
        for unit in units:
            times = [run(pattern, how, unit * max(1, n // len(unit)) + "x") for n in (short, long)]
            growth = times[1] / max(times[0], 1e-6)
            if times[1] > 0.005 and growth > 8:  # 4x the length: about 4x is linear, 16x quadratic
                suspicious.append((name, unit, times[0], times[1], growth))
    print(f"{len(found)} patterns x {len(units)} line shapes at {short:,} and {long:,} characters")
    for name, unit, t_short, t_long, growth in suspicious:
        print(f"SUPER-LINEAR  {name:40s} unit {unit!r:14s} {t_short * 1000:8.1f} ms -> {t_long * 1000:8.1f} ms "
              f"(x{growth:.0f})")
    if not suspicious:
        print("no pattern grows faster than linearly")
    return 1 if suspicious else 0


if __name__ == "__main__":
    sys.exit(main())
