"""Per-document CPU cost of two checkouts of clean-news, interleaved in one run.

    python benchmarks/cost_ab.py OLD_CHECKOUT NEW_CHECKOUT [--rounds 8] [--data ../shared/benchdata]

Each round runs each checkout in its own process (its ``cleaner`` package first on sys.path) on
the same documents: the first 200 tfeval whole-page texts, the first 200 wcxb-article residual
texts and the first 60 AEB pages (the HTML path), and prints CPU seconds (``time.process_time``,
start-up and the first five documents left out). It reports the best and the median ratio
new / old: this machine's noise is about 10%, so compare the best of several interleaved rounds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROUND = r"""
import gzip, json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from cleaner import Cleaner
data = Path(sys.argv[2])
texts = [p.read_bytes() for p in sorted((data / "tfeval/fulltext").glob("*.txt"))[:200]]
texts += [p.read_bytes() for p in sorted((data / "ext/wcxb-article/residual").glob("*.txt"))[:200]]
pages = [gzip.decompress(p.read_bytes()) for p in sorted((data / "aeb/html").glob("*.html.gz"))[:60]]
cleaner = Cleaner()
for text in texts[:5]:
    cleaner.clean(text, kind="text")
start = time.process_time()
for text in texts:
    cleaner.clean(text, kind="text")
middle = time.process_time()
for page in pages:
    cleaner.clean(page, kind="html")
print(json.dumps({"text": middle - start, "html": time.process_time() - middle}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared" / "benchdata")
    args = parser.parse_args()
    runs: dict[str, list[dict]] = {"old": [], "new": []}
    for _ in range(args.rounds):
        for name, checkout in (("old", args.old), ("new", args.new)):
            out = subprocess.run([sys.executable, "-c", ROUND, str(checkout.resolve()), str(args.data)],
                                 capture_output=True, text=True, check=True)
            runs[name].append(json.loads(out.stdout))
    for part in ("text", "html"):
        old = [run[part] for run in runs["old"]]
        new = [run[part] for run in runs["new"]]
        print(f"{part}: old best {min(old):.2f} s, new best {min(new):.2f} s; new / old: best "
              f"{min(new) / min(old):.3f}, median {statistics.median(new) / statistics.median(old):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
