"""Boilerplate-removal quality of clean-news on two public benchmarks, next to baselines.

Data: the development split in ``../shared/benchdata`` (relative to the repo root); see its
README for the layout, the metrics and the anchor numbers this harness reproduces.

Suites (input -> metric):
  aeb html, aeb residual/{trafilatura,readability,newspaper}, aeb fulltext
      -> Article Extraction Benchmark shingle metric (scrapinghub/article-extraction-benchmark)
  tfeval html, tfeval fulltext
      -> trafilatura's with/without segment metric (adbar/trafilatura tests)
Systems: clean-news (all suites), trafilatura (HTML suites), as-is and naive (text suites).

Usage:
  python benchmarks/quality.py                          # every suite, every system, one table
  python benchmarks/quality.py --suite "aeb fulltext" --systems clean-news,naive
  python benchmarks/quality.py --library                # call cleaner.Cleaner() instead of the CLI
  python benchmarks/quality.py --command "python -m cleaner" --json results.json
  python benchmarks/quality.py --per-doc "tfeval html"  # per-document scores, worst first
  python benchmarks/quality.py --own DIR --gold GOLD.json   # your own folder, AEB metric
  python benchmarks/quality.py --ceilings               # also what a perfect line filter, and
                                                        # any cut of the input, could score

clean-news is run through its public interface only: ``clean-news INPUTDIR -o OUT.jsonl`` on a
temporary folder that holds copies of exactly one suite's files, records mapped back by ``path``.
docs/s is wall time per suite, so for the CLI it includes one process start-up.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "benchdata"

SUITES = ["aeb html", "aeb residual/trafilatura", "aeb residual/readability",
          "aeb residual/newspaper", "aeb fulltext", "tfeval html", "tfeval fulltext"]
TARGETS = {"aeb html": 0.975, "aeb residual/trafilatura": 0.975, "aeb residual/readability": 0.950,
           "aeb residual/newspaper": 0.965, "aeb fulltext": 0.930, "tfeval html": 0.945,
           "tfeval fulltext": 0.880}
SYSTEMS = {"clean-news": "clean-news", "trafilatura": "trafilatura", "as-is": "as-is",
           "naive": "naive line filter"}  # option key -> name shown in the table
SYSTEM_KINDS = {"trafilatura": {"html"}, "as-is": {"text"}, "naive": {"text"},
                "clean-news": {"html", "text"}}


# --- AEB metric: follows evaluate.py of scrapinghub/article-extraction-benchmark -------------
# Tokens are re.findall(r"\w+") runs with case kept: evaluate.py compiles \w+ with IGNORECASE,
# which does not change what findall returns, and never lowercases. A text shorter than 4 tokens
# gives one shorter shingle; an empty text gives none.

def shingles(text: str | None, n: int = 4) -> Counter:
    tokens = re.findall(r"\w+", text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1))
                   if tokens[i:i + n])


def aeb_doc_counts(pred: str | None, gold: str) -> tuple[float, float, float]:
    """(tp, fp, fn) over 4-token shingle multisets, divided by their sum so every page weighs the same."""
    pred_shingles, gold_shingles = shingles(pred), shingles(gold)
    tp = sum((pred_shingles & gold_shingles).values())
    fp = sum((pred_shingles - gold_shingles).values())
    fn = sum((gold_shingles - pred_shingles).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def aeb_precision(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else 0.0 if tp == fp == 0 else tp / (tp + fp)


def aeb_recall(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else 0.0 if tp == fn == 0 else tp / (tp + fn)


@dataclass
class Scores:
    f1: float
    precision: float
    recall: float


def aeb_scores(doc_counts: list[tuple[float, float, float]]) -> Scores:
    """Precision averaged over pages that predicted something (tp + fp > 0), recall over pages
    whose gold has text (tp + fn > 0), F1 from the two averages -- exactly as evaluate.py does.
    So an empty prediction costs recall (0 for that page) but is left out of precision."""
    precisions = [aeb_precision(*c) for c in doc_counts if c[0] + c[1] > 0]
    recalls = [aeb_recall(*c) for c in doc_counts if c[0] + c[2] > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(f1, precision, recall)


# --- trafilatura's metric: follows tests/comparison*.py and tests/evaluate.py of adbar/trafilatura
# Segments are matched as substrings; both sides are whitespace-normalised first (the benchdata
# README's "whitespace-normalised"; trafilatura's scripts use the extractor's already-trimmed
# output). A None result counts every `with` as fn and every `without` as tn, as they do.

def normalise_space(text: str) -> str:
    return " ".join(text.split())


def tfeval_counts(text: str | None, with_: list[str], without: list[str]) -> Counter:
    counts = Counter(tp=0, fn=0, fp=0, tn=0)
    if text is None:
        counts.update(fn=len(with_), tn=len(without))
        return counts
    text = normalise_space(text)
    for segment in with_:
        counts["tp" if normalise_space(segment) in text else "fn"] += 1
    for segment in without:
        counts["fp" if normalise_space(segment) in text else "tn"] += 1
    return counts


def tfeval_scores(counts: Counter) -> Scores:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    return Scores(f1, precision, recall)


# --- baselines ------------------------------------------------------------------------------
# ASCII ' is not a closing quote here: it is mostly an apostrophe. This set reproduces the
# README anchors (0.843 / 0.809); adding ' gives 0.841 on aeb fulltext.
CLOSING_CHARS = ".!?" + "\"“”‘’«»"


def naive_line_filter(text: str) -> str:
    """Keep lines of at least 8 words that end in . ! ? or a closing quote."""
    return "\n".join(line for line in text.splitlines()
                     if len(line.split()) >= 8 and line.rstrip()[-1:] in CLOSING_CHARS)


def run_trafilatura(content: bytes) -> str | None:
    import trafilatura  # imported here so the metric functions need nothing outside stdlib
    return trafilatura.extract(content)


# --- documents and suites -------------------------------------------------------------------

@dataclass
class Doc:
    doc_id: str
    path: Path
    kind: str          # "html" or "text"
    gold: object       # AEB: the gold body; tfeval: (with, without)

    def content(self) -> bytes:
        data = self.path.read_bytes()
        return gzip.decompress(data) if self.path.name.endswith(".gz") else data

    def text(self) -> str:
        return self.content().decode("utf-8", errors="replace")


@dataclass
class Suite:
    name: str
    metric: str        # "aeb" or "tfeval"
    docs: list[Doc] = field(default_factory=list)


def load_suite(data: Path, name: str) -> Suite:
    benchmark, _, variant = name.partition(" ")
    if benchmark == "aeb":
        gold = json.loads((data / "aeb" / "gold.json").read_text(encoding="utf-8"))
        pattern = {"html": "html/{}.html.gz", "fulltext": "fulltext/{}.txt"}.get(
            variant, variant + "/{}.txt")  # residual/<extractor>/<id>.txt
        docs = [Doc(i, data / "aeb" / pattern.format(i), "html" if variant == "html" else "text",
                    g["articleBody"]) for i, g in sorted(gold.items())]
    else:
        evaldata = json.loads((data / "tfeval" / "evaldata.json").read_text(encoding="utf-8"))
        # html/<file>.gz and fulltext/<file>.txt, where <file> is the "file" key (it ends in .html)
        pattern = "html/{}.gz" if variant == "html" else "fulltext/{}.txt"
        docs = [Doc(e["file"], data / "tfeval" / pattern.format(e["file"]),
                    "html" if variant == "html" else "text", (e["with"], e["without"]))
                for e in sorted(evaldata.values(), key=lambda e: e["file"])]
    missing = [d for d in docs if not d.path.is_file()]
    if missing:
        print(f"warning: {name}: {len(missing)} files missing, e.g. {missing[0].path}", file=sys.stderr)
    return Suite(name, benchmark, [d for d in docs if d.path.is_file()])


def strip_known_extensions(name: str) -> str:
    while (stem := re.sub(r"\.(gz|html?|txt)$", "", name, flags=re.I)) != name:
        name = stem
    return name


def load_own_suite(folder: Path, gold_file: Path) -> Suite:
    """A user's folder of .txt/.html/.gz files scored against AEB-format gold {id: {"articleBody"}}."""
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    docs = []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        doc_id = strip_known_extensions(path.name)
        if doc_id == path.name or doc_id not in gold:
            print(f"warning: skipping {path.name}: not .txt/.html/.gz or no gold entry", file=sys.stderr)
            continue
        kind = "text" if re.search(r"\.txt(\.gz)?$", path.name, re.I) else "html"
        docs.append(Doc(doc_id, path, kind, gold[doc_id].get("articleBody", "")))
    unmatched = sorted(set(gold) - {d.doc_id for d in docs})
    if unmatched:
        print(f"warning: {len(unmatched)} gold ids have no file, e.g. {unmatched[0]}", file=sys.stderr)
    return Suite(f"own {folder.name}", "aeb", docs)


# --- running systems ------------------------------------------------------------------------

class SystemFailed(Exception):
    pass


def run_clean_news_cli(docs: list[Doc], command: list[str]) -> dict[str, str | None]:
    """One real run of the CLI on a temp folder holding copies of exactly these documents
    (copies, not links, so a CLI that skips or resolves symlinks still reports our names)."""
    with tempfile.TemporaryDirectory(prefix="clean-news-bench-") as tmp:
        inputs, out = Path(tmp) / "in", Path(tmp) / "out.jsonl"
        inputs.mkdir()
        by_name = {}
        for doc in docs:
            shutil.copyfile(doc.path, inputs / doc.path.name)
            by_name[doc.path.name] = doc.doc_id
        try:
            proc = subprocess.run(command + [str(inputs), "-o", str(out)], cwd=REPO_ROOT,
                                  capture_output=True, text=True)
        except OSError as error:
            raise SystemFailed(f"cannot run {shlex.join(command)}: {error}") from error
        tail = ((proc.stderr or proc.stdout).strip().splitlines() or ["no output"])[-1][:120]
        if not out.exists():
            raise SystemFailed(f"{shlex.join(command)} exited {proc.returncode}, no output: {tail}")
        if proc.returncode != 0:
            print(f"warning: {shlex.join(command)} exited {proc.returncode}: {tail}", file=sys.stderr)
        results: dict[str, str | None] = {d.doc_id: None for d in docs}  # no record: empty output
        for number, line in enumerate(out.read_text(encoding="utf-8").splitlines(), 1):
            try:
                record = json.loads(line) if line.strip() else {}
            except ValueError:
                print(f"warning: {out.name} line {number} is not JSON", file=sys.stderr)
                continue
            doc_id = by_name.get(os.path.normpath(record.get("path", "")))
            if doc_id is not None:
                results[doc_id] = record.get("body")
        return results


def run_per_document(docs: list[Doc], extract) -> dict[str, str | None]:
    results = {}
    for doc in docs:
        try:
            results[doc.doc_id] = extract(doc)
        except Exception as error:  # a lost page is reported, never hidden
            print(f"warning: {doc.doc_id}: {type(error).__name__}: {error}", file=sys.stderr)
            results[doc.doc_id] = None
    return results


def clean_news_library():
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    try:
        import cleaner
        engine = cleaner.Cleaner()
    except Exception as error:  # missing or broken package: one failed row, the run goes on
        raise SystemFailed(f"cannot use cleaner.Cleaner(): {type(error).__name__}: {error}") from error
    return lambda doc: engine.clean(doc.content(), kind=doc.kind).body


def run_system(system: str, suite: Suite, args) -> dict[str, str | None]:
    if system == "clean-news":
        if not args.library:
            return run_clean_news_cli(suite.docs, args.command)
        extract = clean_news_library()
    elif system == "trafilatura":
        extract = lambda doc: run_trafilatura(doc.content())
    elif system == "as-is":
        extract = lambda doc: doc.text()
    else:
        extract = lambda doc: naive_line_filter(doc.text())
    return run_per_document(suite.docs, extract)


def score(suite: Suite, results: dict[str, str | None]) -> tuple[Scores, list[tuple]]:
    """Suite scores and per-document rows (doc_id, f1, detail), worst first."""
    per_doc = []
    if suite.metric == "aeb":
        doc_counts = []
        for doc in suite.docs:
            counts = aeb_doc_counts(results.get(doc.doc_id), doc.gold)
            doc_counts.append(counts)
            p, r = aeb_precision(*counts), aeb_recall(*counts)
            shown_p = f"{p:.3f}" if counts[0] + counts[1] > 0 else "- (empty output)"
            per_doc.append((doc.doc_id, 2 * p * r / (p + r) if p + r else 0.0, f"P={shown_p} R={r:.3f}"))
        total = aeb_scores(doc_counts)
    else:
        total_counts = Counter()
        for doc in suite.docs:
            counts = tfeval_counts(results.get(doc.doc_id), *doc.gold)
            total_counts.update(counts)
            text = normalise_space(results.get(doc.doc_id) or "")
            missed = [s for s in doc.gold[0] if normalise_space(s) not in text]
            kept = [s for s in doc.gold[1] if normalise_space(s) in text]
            per_doc.append((doc.doc_id, tfeval_scores(counts).f1,
                            f"missed={missed} kept_boilerplate={kept}"))
        total = tfeval_scores(total_counts)
    return total, sorted(per_doc, key=lambda row: row[1])


# --- ceilings: what the input allows at best (they read the gold) ---------------------------

def perfect_line_filter(text: str, gold: str) -> str:
    """The lines of ``text`` that are mostly gold: at least half of a line's 4-token shingles are
    in the gold (a line of fewer than 4 tokens: its tokens occur in a row in the gold)."""
    gold_shingles = shingles(gold)
    gold_run = " " + " ".join(re.findall(r"\w+", gold)) + " "
    kept = []
    for line in text.split("\n"):
        tokens = re.findall(r"\w+", line)
        if len(tokens) < 4:
            if tokens and f" {' '.join(tokens)} " in gold_run:
                kept.append(line)
            continue
        line_shingles = shingles(line)
        if 2 * sum((line_shingles & gold_shingles).values()) >= sum(line_shingles.values()):
            kept.append(line)
    return "\n".join(kept)


def any_cut_counts(text: str, gold: str) -> tuple[float, float, float]:
    """The best any output cut from ``text`` can score on one page: every gold shingle the input
    holds, and nothing else (precision 1, recall the share of the gold the input still has)."""
    gold_shingles = shingles(gold)
    tp = sum((shingles(text) & gold_shingles).values())
    fn = sum(gold_shingles.values()) - tp
    total = tp + fn
    return (tp / total, 0.0, fn / total) if total else (0.0, 0.0, 0.0)


def ceiling_rows(suite: Suite) -> list[dict]:
    """Two rows for an AEB text suite: the perfect line filter and the any-cut bound."""
    texts = {doc.doc_id: doc.text() for doc in suite.docs}
    lines = {doc.doc_id: perfect_line_filter(texts[doc.doc_id], doc.gold) for doc in suite.docs}
    rows = []
    for name, total in (("perfect line filter", score(suite, lines)[0]),
                        ("any-cut bound", aeb_scores([any_cut_counts(texts[d.doc_id], d.gold) for d in suite.docs]))):
        rows.append({"suite": suite.name, "system": name, "docs": len(suite.docs), "f1": total.f1,
                     "precision": total.precision, "recall": total.recall, "docs_per_s": 0.0,
                     "empty": 0, "ceiling": True})
    return rows


# --- command line ---------------------------------------------------------------------------

def default_command() -> str:
    return "clean-news" if shutil.which("clean-news") else f"{shlex.quote(sys.executable)} -m cleaner"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="benchdata folder")
    parser.add_argument("--suite", action="append", choices=SUITES, metavar="NAME",
                        help=f"repeatable, default all: {', '.join(SUITES)}")
    parser.add_argument("--systems", default=",".join(SYSTEMS),
                        help=f"comma-separated subset of {','.join(SYSTEMS)}")
    parser.add_argument("--command", default=default_command(), help="clean-news executable")
    parser.add_argument("--library", action="store_true", help="call cleaner.Cleaner() in-process")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    parser.add_argument("--per-doc", choices=SUITES, metavar="NAME",
                        help="print per-document scores for this suite, worst first")
    parser.add_argument("--limit", type=int, default=25, help="per-doc rows per system (0 = all)")
    parser.add_argument("--own", type=Path, help="your folder of .txt/.html/.gz documents")
    parser.add_argument("--gold", type=Path, help="AEB-format gold for --own")
    parser.add_argument("--ceilings", action="store_true",
                        help="add, for AEB text suites, the best a line filter and any cut can score (reads the gold)")
    args = parser.parse_args(argv)
    args.command = shlex.split(args.command)
    args.systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = [s for s in args.systems if s not in SYSTEMS]
    if unknown:
        parser.error(f"unknown systems {unknown}; choose from {list(SYSTEMS)}")
    if bool(args.own) != bool(args.gold):
        parser.error("--own and --gold go together")
    if not args.own and not (args.data / "aeb" / "gold.json").is_file():
        parser.error(f"no benchmark data at {args.data}: pass --data DIR (the benchdata folder)")
    return args


def print_table(rows: list[dict]) -> None:
    print(f"{'suite':<26} {'system':<20} {'docs':>4} {'F1':>6} {'prec':>6} {'recall':>6} "
          f"{'docs/s':>7}  target / notes")
    for row in rows:
        if "error" in row:
            print(f"{row['suite']:<26} {row['system']:<20} {row['docs']:>4}  FAILED: {row['error']}")
            continue
        target = ""
        if row.get("target") is not None:
            target = f">= {row['target']:.3f} {'met' if row['met'] else 'NOT MET'}  "
        if row["empty"]:
            target += f"({row['empty']} empty outputs)"
        speed = f"{row['docs_per_s']:>7.1f}"
        if row.get("ceiling"):
            speed, target = f"{'-':>7}", "ceiling: reads the gold"
        print(f"{row['suite']:<26} {row['system']:<20} {row['docs']:>4} {row['f1']:>6.3f} "
              f"{row['precision']:>6.3f} {row['recall']:>6.3f} {speed}  {target}")


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.own:
        suites = [load_own_suite(args.own, args.gold)]
    else:
        names = args.suite or ([] if args.per_doc else SUITES)
        names += [args.per_doc] if args.per_doc and args.per_doc not in names else []
        suites = [load_suite(args.data, name) for name in names]
    rows = []
    for suite in suites:
        kinds = {doc.kind for doc in suite.docs}
        for system in args.systems:
            if not kinds or not kinds <= SYSTEM_KINDS[system]:
                continue
            row = {"suite": suite.name, "system": SYSTEMS[system], "docs": len(suite.docs)}
            start = time.perf_counter()
            try:
                results = run_system(system, suite, args)
            except SystemFailed as error:
                rows.append({**row, "error": str(error)})
                continue
            elapsed = time.perf_counter() - start
            total, per_doc = score(suite, results)
            row.update(f1=total.f1, precision=total.precision, recall=total.recall,
                       docs_per_s=len(suite.docs) / elapsed if elapsed else 0.0,
                       empty=sum(not (results.get(doc.doc_id) or "").strip() for doc in suite.docs))
            if system == "clean-news" and suite.name in TARGETS:
                row.update(target=TARGETS[suite.name], met=total.f1 >= TARGETS[suite.name])
            rows.append(row)
            if args.per_doc == suite.name or args.own:
                print(f"\n{suite.name} / {SYSTEMS[system]}: per-document F1, worst first")
                for doc_id, f1, detail in per_doc[:args.limit or None]:
                    print(f"  {f1:.3f}  {doc_id}  {detail}")
        if args.ceilings and suite.metric == "aeb" and kinds == {"text"}:
            rows.extend(ceiling_rows(suite))
    print()
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
