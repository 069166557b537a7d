"""Time and peak memory of clean-news on hostile and huge inputs, each in a fresh process.

Cases: large text and HTML files (50 MB by default, run through the real command with a raised
--max-bytes), a layout table of 10,000 cells each with an inset box before its text, HTML nested 100,000 levels deep in several shapes, unclosed HTML constructs that the
standard library's HTML parser handles in quadratic time, and million-character lines. Timing
belongs here, never in the test suite.

    python benchmarks/robustness.py                 # everything (several minutes)
    python benchmarks/robustness.py --only deep     # cases whose name contains "deep"
    python benchmarks/robustness.py --mb 20         # large files of 20 MB instead of 50
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("the government said on monday that the new policy would affect thousands of residents across the "
         "region and officials expect further talks next week").split()

# Runs in a fresh interpreter: clean one document in-process, report seconds and peak RSS.
_MEASURE = """
import json, resource, sys, time
from cleaner import Cleaner, Config
cleaner = Cleaner(Config(max_bytes=10**9))
data = open(sys.argv[1], "rb").read()
started = time.perf_counter()
doc = cleaner.clean(data, kind=sys.argv[2])
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "words": doc.word_count}))
"""


def article_paragraphs(megabytes: int) -> list[str]:
    rng = random.Random(1)
    paragraphs, size, number = [], 0, 0
    while size < megabytes * 1_000_000:
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 120))).capitalize() + "."
        if number % 17 == 0:
            text = "Read more: https://example.com/story"
        if number % 23 == 0:
            text = "Please support our journalism today: your donation of any size helps."
        paragraphs.append(text)
        size += len(text) + 2
        number += 1
    return paragraphs


def cases(megabytes: int) -> dict[str, tuple[str, str]]:
    """name -> (kind, content)."""
    n = 100_000
    paragraphs = article_paragraphs(megabytes)
    return {
        f"text {megabytes} MB": ("text", "\n\n".join(paragraphs)),
        f"html {megabytes} MB": ("html", "<html><head><title>Big</title></head><body><article>"
                                 + "".join(f"<p>{p}</p>\n" for p in paragraphs) + "</article></body></html>"),
        # a layout table's cells, each an inset box before its text (what cell_tails reads)
        "20,000 cells after boxes": ("html", "<html><body><table>" + "".join(
            f"<tr><td><div><div>Photo</div></div>{p}<br>{q}</td></tr>"
            for p, q in zip(paragraphs[:20_000:2], paragraphs[1:20_000:2])) + "</table></body></html>"),
        "deep div closed": ("html", "<html><body>" + "<div>" * n + "Deep text. " * 20 + "</div>" * n),
        "deep div unclosed": ("html", "<html><body>" + "<div>" * n + "Deep text. " * 20),
        "deep table": ("html", "<html><body>" + "<table><tr><td>" * n + "Cell text. " * 20),
        "deep list": ("html", "<html><body>" + "<ul><li>" * n + "Item text. " * 20),
        "deep span in p": ("html", "<html><body><p>" + "<span>" * n + "Text here. " * 20),
        "deep div with script": ("html", "<html><body>" + "<div><script>x</script>" * n + "<p>Text.</p>"),
        "unclosed comments x20,000": ("html", "<html><body>" + "<!--" * 20_000 + "Text"),
        "unclosed attributes x10,000": ("html", "<html><body><p class='x" + '<div a="' * 10_000 + "Text."),
        "line of 1M letters": ("text", "a" * 1_000_000),
        "line of 1M digits": ("text", "1" * 1_000_000),
        "line of 1M dots then x": ("text", "." * 1_000_000 + "x"),
        "trigger phrase x100,000": ("text", "Read more: " * 100_000),
    }


def measure(kind: str, content: str, folder: Path, timeout: float) -> dict:
    path = folder / "case"
    path.write_text(content, encoding="utf-8")
    try:
        done = subprocess.run([sys.executable, "-c", _MEASURE, str(path), kind], capture_output=True, text=True,
                              timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"error": f"over {timeout:g} s"}
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1]}
    return json.loads(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=50, help="size of the large text and HTML files (default 50)")
    parser.add_argument("--only", default="", help="run only cases whose name contains this")
    parser.add_argument("--timeout", type=float, default=600, help="give up on a case after this many seconds")
    args = parser.parse_args()
    print(f"{'case':32s} {'size':>10s} {'seconds':>8s} {'peak MB':>8s}  words")
    with tempfile.TemporaryDirectory() as folder:
        for name, (kind, content) in cases(args.mb).items():
            if args.only not in name:
                continue
            result = measure(kind, content, Path(folder), args.timeout)
            size = f"{len(content.encode()):,}"
            if "error" in result:
                print(f"{name:32s} {size:>10s} {result['error']}")
            else:
                print(f"{name:32s} {size:>10s} {result['seconds']:8.1f} {result['peak_mb']:8.0f}  {result['words']:,}",
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
