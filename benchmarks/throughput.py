"""Throughput of clean-news on one machine, next to the cost of its two big parts done alone.

Builds corpora of N documents from the AEB pages in ``../shared/benchdata`` (or any folder of
.txt / .html files) and measures, in one run, side by side:

  text input (whole-page texts)  clean-news with 1 worker and with all workers, and langdetect
                                 alone detecting the language of the same full texts;
  HTML input (the same pages)    clean-news with 1 worker and with all workers, and
                                 trafilatura.extract alone on the same HTML bytes;
  memory                         clean-news with all workers on 2,000 and 20,000 text documents;
  sizes                          one text of 10 KB .. 5 MB through the library, cost per MB
                                 (made of distinct whole-page texts, AEB and tfeval);
  dask                           the text corpus with --workers N, with --dask local:N (a
                                 LocalCluster started by the run; needs clean-news[dask]) into one
                                 file and into shards; --dask-docs for several corpus sizes (then
                                 a fixed cost and a cost per document are fitted), --repeats for
                                 interleaved rounds (best of each).

Every system runs as its own process on a folder of files, and its wall time includes everything
(start-up, reading the files, writing the output): clean-news through the CLI
(``python -m cleaner DIR -o OUT.jsonl --workers N -q``), langdetect and trafilatura through a
loop over the same files (``DetectorFactory.seed = 0; detect(text)`` and
``trafilatura.extract(bytes)``). The size rows call ``cleaner.Cleaner().clean`` in this process.

Memory: "peak RSS" is the peak of the summed resident memory of the process and all its
descendants (the pool workers), sampled every 50 ms from /proc (Linux only); "peak PSS" is the
same for proportional set size, which counts pages shared after ``fork`` once. "max proc" is
``ru_maxrss`` from ``os.wait4``: the largest single process of the tree (the kernel folds waited-for
descendants in), which is what ``/usr/bin/time -v`` would show.

A corpus larger than the source folder repeats its documents under distinct file names
(``000123_<id>.txt``); the output says how many distinct documents there are. clean-news keeps
no cache across documents, so repeats cost the same as new documents.

Usage:
  python benchmarks/throughput.py                       # everything, default sizes (a few minutes)
  python benchmarks/throughput.py --docs 300 --parts text,html
  python benchmarks/throughput.py --data my_pages/ --workers 4 --json results.json
  python benchmarks/throughput.py --memory-docs 2000,20000 --parts memory
  python benchmarks/throughput.py --parts dask --dask-docs 1000,3000,6000 --repeats 3

Other processes on the machine change every figure here, the scaling most: the run starts by
measuring how much faster two (or --workers) copies of a plain Python loop finish than one, and
prints it with the load average, so a scaling result can be read against what the machine gave.

Timing lives here and only here: no test has a time limit.
"""
from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "benchdata"
PARTS = ("text", "html", "memory", "sizes", "startup", "dask")

TEXT_TARGET = 0.4      # clean-news 1 worker time / langdetect time, text input
HTML_TARGET = 1.3      # clean-news 1 worker time / trafilatura.extract time, HTML input
SCALING_TARGET = 1.7   # throughput with all workers / with 1 worker (for 2 workers on 2 cores)
FLAT_TARGET = 1.10     # peak memory at the large corpus / at the small one
MEMORY_LIMIT_MB = 400  # peak summed RSS with all workers
SIZE_TARGET = 2.0      # cost per MB at the largest size / at 10 KB: "linear" within this factor
STARTUP_TARGET = 0.6   # seconds from start to exit for one small text file, 1 worker
DASK_TARGET = 1.15     # seconds with --dask local:N / with --workers N, same corpus (needs clean-news[dask])
STARTUP_RUNS = 7       # the first builds the packed language profiles (once per machine); best of the rest

LANGDETECT_LOOP = """
import os, sys
from langdetect import DetectorFactory, detect
from langdetect.lang_detect_exception import LangDetectException
DetectorFactory.seed = 0
folder = sys.argv[1]
for name in sorted(os.listdir(folder)):
    with open(os.path.join(folder, name), "rb") as handle:
        text = handle.read().decode("utf-8", "replace")
    try:
        detect(text)
    except LangDetectException:
        pass
"""

TRAFILATURA_LOOP = """
import os, sys
import trafilatura
folder = sys.argv[1]
for name in sorted(os.listdir(folder)):
    with open(os.path.join(folder, name), "rb") as handle:
        trafilatura.extract(handle.read())
"""


# --- the machine ---------------------------------------------------------------------------

def _spin(loops: int) -> float:
    start = time.perf_counter()
    total = 0
    for i in range(loops):
        total += i
    return time.perf_counter() - start


def parallel_capacity(workers: int, loops: int = 10_000_000) -> float:
    """How many times more work ``workers`` processes do than one in the same time (ideal: workers).
    A snapshot of a few seconds, after a warm-up (an idle CPU speeds up when work starts)."""
    _spin(loops)
    alone = min(_spin(loops) for _ in range(3))
    with multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn").Pool(workers) as pool:
        pool.map(_spin, [loops // 10] * workers)
        together = []
        for _ in range(3):
            start = time.perf_counter()
            pool.map(_spin, [loops] * workers)
            together.append(time.perf_counter() - start)
    return workers * alone / min(together)


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except (AttributeError, OSError):
        return "-"


# --- measuring a process tree ---------------------------------------------------------------

@dataclass
class Run:
    seconds: float
    returncode: int
    max_process_mb: float                 # ru_maxrss of the tree's largest process
    peak_rss_mb: float | None = None      # sampled peak of the tree's summed RSS
    peak_pss_mb: float | None = None      # sampled peak of the tree's summed PSS
    stderr: str = ""


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as handle:
                kids.extend(int(k) for k in handle.read().split())
    except OSError:
        pass
    return kids


def _tree(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(_children(current))
    return found


def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB; zeros when it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            fields = dict(line.split(":", 1) for line in handle.read().splitlines()[1:] if ":" in line)
        return int(fields["Rss"].split()[0]), int(fields["Pss"].split()[0])
    except (OSError, KeyError, ValueError):
        return 0, 0


class TreeSampler(threading.Thread):
    """Peak summed RSS / PSS of a process and its descendants, every ``interval`` seconds."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_rss = self.peak_pss = 0
        self.available = os.path.exists(f"/proc/{os.getpid()}/smaps_rollup")
        self._stop_event = threading.Event()

    def run(self) -> None:
        while self.available and not self._stop_event.is_set():
            rss = pss = 0
            for pid in _tree(self.pid):
                r, p = _memory_kb(pid)
                rss, pss = rss + r, pss + p
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def measure(command: list[str]) -> Run:
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    stderr_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: stderr_chunks.append(proc.stderr.read()), daemon=True)
    reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    sampler.stop()
    reader.join()
    # ru_maxrss is in kB on Linux and in bytes on macOS.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return Run(seconds, proc.returncode, usage.ru_maxrss / scale,
               sampler.peak_rss / 1024 if sampler.available else None,
               sampler.peak_pss / 1024 if sampler.available else None,
               b"".join(stderr_chunks).decode("utf-8", "replace"))


# --- corpora --------------------------------------------------------------------------------

@dataclass
class Sources:
    text: list[Path] = field(default_factory=list)
    html: list[Path] = field(default_factory=list)
    #: Texts to build the large documents of the size rows from: as many distinct ones as there are.
    sizes: list[Path] = field(default_factory=list)


def find_sources(data: Path) -> Sources:
    """The AEB whole-page texts and pages of a benchdata folder (and, for the size rows, the
    trafilatura evaluation texts too), or the .txt / .html(.gz) files of any folder."""
    if (data / "aeb" / "fulltext").is_dir() and (data / "aeb" / "html").is_dir():
        text = sorted((data / "aeb" / "fulltext").glob("*.txt"))
        return Sources(text, sorted((data / "aeb" / "html").glob("*.html.gz")),
                       text + sorted((data / "tfeval" / "fulltext").glob("*.txt")))
    files = sorted(p for p in data.rglob("*") if p.is_file() and not p.name.startswith("."))
    text = [p for p in files if p.name.lower().endswith((".txt", ".txt.gz"))]
    return Sources(text, [p for p in files if p.name.lower().endswith((".html", ".htm", ".html.gz", ".htm.gz"))],
                   text)


def read_source(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def stem(path: Path) -> str:
    name = path.name
    for ext in (".gz", ".html", ".htm", ".txt"):
        name = name[:-len(ext)] if name.lower().endswith(ext) else name
    return name


def build_corpus(sources: list[Path], count: int, folder: Path, ext: str) -> int:
    """``count`` files in ``folder`` (uncompressed), cycling through ``sources``; returns bytes."""
    folder.mkdir(parents=True)
    contents = [read_source(p) for p in sources]
    total = 0
    for i in range(count):
        data = contents[i % len(contents)]
        (folder / f"{i:06d}_{stem(sources[i % len(sources)])}{ext}").write_bytes(data)
        total += len(data)
    return total


# --- rows -----------------------------------------------------------------------------------

@dataclass
class Row:
    part: str
    system: str
    docs: int
    megabytes: float
    run: Run

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.run.seconds

    def as_dict(self) -> dict:
        return {"part": self.part, "system": self.system, "docs": self.docs, "megabytes": self.megabytes,
                "seconds": self.run.seconds, "docs_per_s": self.docs_per_s,
                "mb_per_s": self.megabytes / self.run.seconds, "peak_rss_mb": self.run.peak_rss_mb,
                "peak_pss_mb": self.run.peak_pss_mb, "max_process_mb": self.run.max_process_mb,
                "returncode": self.run.returncode}


def clean_news(args, corpus: Path, out: Path, workers: int) -> Run:
    run = measure(args.command + [str(corpus), "-o", str(out), "--workers", str(workers), "-q"])
    if run.returncode != 0:
        tail = (run.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"warning: clean-news exited {run.returncode} on {corpus}: {tail}", file=sys.stderr)
    return run


def bench_startup(args, sources: list[Path], tmp: Path) -> tuple[float, float, float]:
    """Seconds from start to exit of a run on one small text file: (first run, best, median of the
    others). The first run may build the packed language profiles (kept in the user's cache)."""
    folder = tmp / "startup"
    folder.mkdir()
    one = folder / "one.txt"
    one.write_bytes(read_source(sources[0])[:4000])
    times = []
    for n in range(STARTUP_RUNS):
        started = time.perf_counter()
        subprocess.run(args.command + [str(one), "-o", str(folder / f"out{n}.jsonl"), "--workers", "1", "-q"],
                       capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    rest = sorted(times[1:])
    return times[0], rest[0], rest[len(rest) // 2]


def bench_input(args, kind: str, sources: list[Path], tmp: Path) -> tuple[list[Row], list[str]]:
    ext = ".txt" if kind == "text" else ".html"
    corpus = tmp / f"{kind}-{args.docs}"
    total = build_corpus(sources, args.docs, corpus, ext)
    mb = total / 1e6
    print(f"{kind}: {args.docs} documents ({len(sources)} distinct), {mb:.1f} MB", file=sys.stderr)
    rows = []
    outs = {}
    for workers in sorted({1, args.workers}):
        outs[workers] = tmp / f"{kind}-{workers}.jsonl"
        label = f"clean-news, {workers} worker" + ("s" if workers > 1 else "")
        rows.append(Row(kind, label, args.docs, mb, clean_news(args, corpus, outs[workers], workers)))
    loop, label = ((LANGDETECT_LOOP, "langdetect alone (full text)") if kind == "text"
                   else (TRAFILATURA_LOOP, "trafilatura.extract alone"))
    rows.append(Row(kind, label, args.docs, mb, measure([sys.executable, "-c", loop, str(corpus)])))
    notes = []
    if len(outs) > 1:
        same = outs[1].read_bytes() == outs[args.workers].read_bytes()
        notes.append(f"{kind}: output with {args.workers} workers is "
                     f"{'byte-identical to' if same else 'DIFFERENT from'} the output with 1 worker")
    return rows, notes


def dask_systems(args, tmp: Path) -> list[tuple[str, list[str], Path]]:
    """(label, options, output) of each system the dask part compares."""
    n = args.workers
    return [(f"clean-news, {n} workers", ["-o", str(tmp / "dask-local.jsonl"), "--workers", str(n)],
             tmp / "dask-local.jsonl"),
            (f"clean-news, --dask local:{n}", ["-o", str(tmp / "dask-cluster.jsonl"), "--dask", f"local:{n}"],
             tmp / "dask-cluster.jsonl"),
            (f"clean-news, --dask local:{n}, shards", ["-o", str(tmp / "dask-shards" / "part-*.jsonl.gz"), "--dask",
                                                       f"local:{n}"], tmp / "dask-shards")]


def shards_text(folder: Path) -> bytes:
    manifest = json.loads((folder / "manifest.json").read_text())
    return b"".join(gzip.decompress((folder / entry["name"]).read_bytes()) for entry in manifest["shards"])


def bench_dask(args, sources: list[Path], tmp: Path) -> tuple[list[Row], list[str]]:
    """The text corpus through ``--workers N``, through ``--dask local:N`` (a LocalCluster of N
    worker processes started by the run, included in its time) into one file, and into shards;
    for each corpus size of ``--dask-docs``, ``--repeats`` rounds interleaved, best of each."""
    rows, notes = [], []
    for count in args.dask_docs:
        corpus = tmp / f"dask-{count}"
        mb = build_corpus(sources, count, corpus, ".txt") / 1e6
        print(f"dask: {count} text documents, {mb:.1f} MB, {args.repeats} rounds", file=sys.stderr)
        systems = dask_systems(args, tmp)
        times: dict[str, list[Run]] = {label: [] for label, _, _ in systems}
        outputs: dict[str, bytes] = {}
        for _ in range(args.repeats):
            for label, options, out in systems:
                run = measure(args.command + [str(corpus), *options, "-q"])
                if run.returncode != 0:
                    print(f"warning: {label} exited {run.returncode}: {run.stderr.strip()[-300:]}", file=sys.stderr)
                times[label].append(run)
                outputs[label] = shards_text(out) if out.is_dir() else out.read_bytes()
                if out.is_dir():
                    shutil.rmtree(out)
        reference = outputs[systems[0][0]]
        for label, _, _ in systems:
            best = min(times[label], key=lambda run: run.seconds)
            rows.append(Row("dask", label, count, mb, best))
            notes.append(f"dask, {count:,} docs: {label}: " + ", ".join(f"{r.seconds:.1f}" for r in times[label])
                         + " s" + ("" if label == systems[0][0] else
                                   f"; output {'byte-identical to' if outputs[label] == reference else 'DIFFERENT from'}"
                                   f" the {args.workers}-worker output"))
    return rows, notes


def bench_memory(args, sources: list[Path], tmp: Path) -> list[Row]:
    rows = []
    for count in args.memory_docs:
        corpus = tmp / f"memory-{count}"
        mb = build_corpus(sources, count, corpus, ".txt") / 1e6
        print(f"memory: {count} text documents ({len(sources)} distinct), {mb:.1f} MB", file=sys.stderr)
        run = clean_news(args, corpus, tmp / f"memory-{count}.jsonl", args.workers)
        rows.append(Row("memory", f"clean-news, {args.workers} workers, {count:,} docs", count, mb, run))
        (tmp / f"memory-{count}.jsonl").unlink(missing_ok=True)
    return rows


def bench_sizes(args, sources: list[Path]) -> list[tuple[int, float, int]]:
    """(size, seconds per document, texts repeated) for one text of each size, made of whole
    source texts, distinct as long as there are enough (a repeated line is cheaper: a document's
    repeated lines are judged once)."""
    sys.path.insert(0, str(REPO_ROOT))
    from cleaner import Cleaner, Config

    cleaner = Cleaner(Config(max_bytes=max(args.sizes) * 2))
    contents = [read_source(p) for p in sources]
    results = []
    for size in args.sizes:
        parts, total, i = [], 0, 0
        while total < size:
            parts.append(contents[i % len(contents)])
            total += len(parts[-1]) + 2
            i += 1
        data = b"\n\n".join(parts)[:size]
        data = data[:data.rfind(b"\n") + 1] or data  # cut at a line end
        cleaner.clean(data, kind="text")  # warm-up
        repeats, elapsed = 0, 0.0
        while elapsed < args.size_seconds or repeats < 2:
            start = time.perf_counter()
            cleaner.clean(data, kind="text")
            elapsed += time.perf_counter() - start
            repeats += 1
        results.append((len(data), elapsed / repeats, max(0, i - len(contents))))
    return results


# --- report ---------------------------------------------------------------------------------

def fmt_mb(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def report(args, rows: list[Row], sizes: list[tuple[int, float, int]], notes: list[str],
           startup: tuple[float, float, float] | None = None) -> dict:
    print()
    print(f"{'input':<7} {'system':<38} {'docs':>6} {'MB':>6} {'seconds':>8} {'docs/s':>8} {'MB/s':>6} "
          f"{'peak RSS':>9} {'peak PSS':>9} {'max proc':>9}")
    for row in rows:
        r = row.run
        print(f"{row.part:<7} {row.system:<38} {row.docs:>6} {row.megabytes:>6.1f} {r.seconds:>8.2f} "
              f"{row.docs_per_s:>8.1f} {row.megabytes / r.seconds:>6.2f} {fmt_mb(r.peak_rss_mb):>6} MB "
              f"{fmt_mb(r.peak_pss_mb):>6} MB {fmt_mb(r.max_process_mb):>6} MB")
    find = {(row.part, row.system): row for row in rows}
    ratios = []

    def pick(part: str, system: str) -> Row | None:
        return find.get((part, system))

    one, many = "clean-news, 1 worker", f"clean-news, {args.workers} workers"
    text1, ld = pick("text", one), pick("text", "langdetect alone (full text)")
    if text1 and ld:
        ratio = text1.run.seconds / ld.run.seconds
        ratios.append(("text: clean-news 1 worker time / langdetect time", ratio, f"<= {TEXT_TARGET}",
                       ratio <= TEXT_TARGET))
    html1, tf = pick("html", one), pick("html", "trafilatura.extract alone")
    if html1 and tf:
        ratio = html1.run.seconds / tf.run.seconds
        ratios.append(("html: clean-news 1 worker time / trafilatura time", ratio, f"<= {HTML_TARGET}",
                       ratio <= HTML_TARGET))
    if args.workers > 1:
        for part in ("text", "html"):
            a, b = pick(part, one), pick(part, many)
            if a and b:
                ratio = b.docs_per_s / a.docs_per_s
                ratios.append((f"{part}: throughput {args.workers} workers / 1 worker", ratio,
                               f">= {SCALING_TARGET} (2 workers)", ratio >= SCALING_TARGET))
    dask_rows = [row for row in rows if row.part == "dask"]
    for docs in sorted({row.docs for row in dask_rows}):
        same = {row.system: row for row in dask_rows if row.docs == docs}
        local = same.get(many)
        for suffix in ("", ", shards"):
            cluster = same.get(f"clean-news, --dask local:{args.workers}{suffix}")
            if local and cluster:
                ratio = cluster.run.seconds / local.run.seconds
                ratios.append((f"dask: --dask local:{args.workers}{suffix} / --workers {args.workers}, {docs:,} docs",
                               ratio, f"<= {DASK_TARGET}", ratio <= DASK_TARGET))
    if len({row.docs for row in dask_rows}) >= 2:
        print()
        print("dask: seconds = fixed + per 1,000 docs * docs / 1,000 (least squares over the corpus sizes)")
        for system in dict.fromkeys(row.system for row in dask_rows):
            points = [(row.docs, row.run.seconds) for row in dask_rows if row.system == system]
            fixed, slope = linear_fit(points)
            print(f"  {system:<42} fixed {fixed:6.2f} s   per 1,000 docs {slope * 1000:6.2f} s")
    memory = [row for row in rows if row.part == "memory"]
    if len(memory) >= 2 and memory[0].run.peak_rss_mb and memory[-1].run.peak_rss_mb:
        ratio = memory[-1].run.peak_rss_mb / memory[0].run.peak_rss_mb
        ratios.append((f"memory: peak RSS {memory[-1].docs:,} docs / {memory[0].docs:,} docs", ratio,
                       f"<= {FLAT_TARGET:.2f}", ratio <= FLAT_TARGET))
    parallel = [row for row in rows if row.system.startswith(many) and row.run.peak_rss_mb]
    if args.workers > 1 and parallel:
        peak = max(row.run.peak_rss_mb for row in parallel)
        ratios.append((f"memory: peak RSS with {args.workers} workers, any run (MB)", peak, f"< {MEMORY_LIMIT_MB}",
                       peak < MEMORY_LIMIT_MB))
    if sizes:
        print()
        print(f"{'text size':>10} {'ms per doc':>11} {'ms per MB':>10} {'cost / cost(smallest) per byte':>31}"
              f"  made of")
        base = sizes[0][1] / sizes[0][0]
        for size, seconds, repeated in sizes:
            print(f"{size / 1e3:>7,.0f} KB {seconds * 1e3:>11.1f} {seconds / size * 1e9:>10.0f} "
                  f"{seconds / size / base:>31.2f}  {'distinct texts' if not repeated else f'{repeated} texts repeated'}")
        worst = max(seconds / size / base for size, seconds, _ in sizes)
        ratios.append((f"sizes: cost per byte, worst / at {sizes[0][0] / 1e3:.0f} KB", worst,
                       f"<= {SIZE_TARGET} (linear)", worst <= SIZE_TARGET))
    if startup:
        first, best, median = startup
        print(f"\nstart-up, one small text file, start to exit: first run {first:.2f} s, then best {best:.2f} s, "
              f"median {median:.2f} s")
        ratios.append(("startup: one small file, median seconds to exit", median, f"< {STARTUP_TARGET}",
                       median < STARTUP_TARGET))
    print()
    for name, value, target, ok in ratios:
        print(f"{name:<55} {value:>7.2f}   target {target:<22} {verdict(ok)}")
    for note in notes:
        print(note)
    return {"rows": [row.as_dict() for row in rows],
            "sizes": [{"bytes": size, "seconds": seconds, "repeated_texts": repeated}
                      for size, seconds, repeated in sizes],
            "ratios": [{"name": n, "value": v, "target": t, "met": ok} for n, v, t, ok in ratios],
            "startup": list(startup) if startup else None,
            "notes": notes}


def linear_fit(points: list[tuple[float, float]]) -> tuple[float, float]:
    """(intercept, slope) of the least-squares line through ``points``."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sum((x - mean_x) ** 2 for x, _ in points)
    return mean_y - slope * mean_x, slope


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def parse_sizes(value: str) -> list[int]:
    units = {"k": 1_000, "m": 1_000_000}
    out = []
    for part in value.lower().replace("b", "").split(","):
        part = part.strip()
        out.append(int(float(part[:-1]) * units[part[-1]]) if part[-1] in units else int(part))
    return out


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="benchdata folder (uses aeb/fulltext and aeb/html), or any folder of .txt/.html files")
    parser.add_argument("--docs", type=int, default=1000, help="documents per text / HTML corpus (default 1000)")
    parser.add_argument("--workers", type=int, default=usable_cpus(), help="'all workers' (default: usable CPUs)")
    parser.add_argument("--memory-docs", default="2000,20000", help="corpus sizes for the memory rows")
    parser.add_argument("--sizes", default="10k,100k,1m,5m", help="text sizes for the size rows")
    parser.add_argument("--size-seconds", type=float, default=1.0, help="time spent per size row")
    parser.add_argument("--parts", default=",".join(PARTS), help=f"comma-separated subset of {','.join(PARTS)}")
    parser.add_argument("--command", default=f"{shlex.quote(sys.executable)} -m cleaner",
                        help="how to run clean-news")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--dask-docs", default=None,
                        help="corpus sizes for the dask part, comma-separated (default: --docs)")
    parser.add_argument("--repeats", type=int, default=1,
                        help="rounds of the dask part, interleaved; the best of each system is reported")
    args = parser.parse_args(argv)
    args.command = shlex.split(args.command)
    args.parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = set(args.parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts {sorted(unknown)}; choose from {PARTS}")
    args.memory_docs = [int(n) for n in args.memory_docs.split(",") if n.strip()]
    args.dask_docs = [int(n) for n in (args.dask_docs or str(args.docs)).split(",") if n.strip()]
    args.sizes = parse_sizes(args.sizes)
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    sources = find_sources(args.data)
    if not sources.text and not sources.html:
        print(f"no .txt or .html documents under {args.data}", file=sys.stderr)
        return 2
    rows: list[Row] = []
    notes: list[str] = []
    sizes: list[tuple[int, float, int]] = []
    print(f"command: {shlex.join(args.command)}; workers: 1 and {args.workers}; "
          f"{usable_cpus()} usable CPUs", file=sys.stderr)
    machine = ""
    if args.workers > 1:
        machine = (f"machine: {args.workers} processes of a plain Python loop ran "
                   f"{parallel_capacity(args.workers):.2f}x as fast as one (ideal {args.workers}.00); "
                   f"load average {load_average()} at the start")
        print(machine, file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="clean-news-throughput-") as name:
        tmp = Path(name)
        for kind in ("text", "html"):
            if kind in args.parts and getattr(sources, kind):
                new_rows, new_notes = bench_input(args, kind, getattr(sources, kind), tmp)
                rows += new_rows
                notes += new_notes
        if "memory" in args.parts and sources.text:
            rows += bench_memory(args, sources.text, tmp)
        if "dask" in args.parts and sources.text:
            new_rows, new_notes = bench_dask(args, sources.text, tmp)
            rows += new_rows
            notes += new_notes
        if "sizes" in args.parts and sources.text:
            sizes = bench_sizes(args, sources.sizes)
        startup = bench_startup(args, sources.text, tmp) if "startup" in args.parts and sources.text else None
    notes.append(machine + f"; {load_average()} at the end" if machine else f"load average {load_average()}")
    results = report(args, rows, sizes, notes, startup)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
