"""Boilerplate-removal quality of clean-news on five public benchmarks, next to baselines.

Data: the development split in ``../shared/benchdata`` (relative to the repo root); see its
README for the layout, the metrics and the anchor numbers this harness reproduces. Method and
the latest full table: docs/quality.md.

Suites (input -> metric):
  aeb html, aeb residual/{trafilatura,readability,newspaper}, aeb fulltext
  {dragnet,l3s-gn1,wcxb-article} {html,residual,fulltext}   (benchdata/ext)
      -> Article Extraction Benchmark shingle metric (scrapinghub/article-extraction-benchmark)
  tfeval html, tfeval fulltext
      -> trafilatura's with/without segment metric (adbar/trafilatura tests)
Systems: clean-news (all suites); trafilatura, readability-lxml, jusText (HTML suites); as-is,
naive line filter, c4-lines = datatrove's C4QualityFilter line rules (text suites).
readability-lxml, jusText and datatrove come from the benchmark-only extra: pip install -e ".[bench]"
(needs pip >= 23.3: pip 23.2.1 fails on readability-lxml's and jusText's two spellings of lxml[html-clean]).

Usage:
  python benchmarks/quality.py                          # every suite, every system, one table
  python benchmarks/quality.py --folds 5                # also F1 per fold (split by site) and targets per fold
  python benchmarks/quality.py --suite "aeb fulltext" --systems clean-news,naive
  python benchmarks/quality.py --library                # call cleaner.Cleaner() instead of the CLI
  python benchmarks/quality.py --command "python -m cleaner" --json results.json
  python benchmarks/quality.py --per-doc "tfeval html"  # per-document scores, worst first
  python benchmarks/quality.py --own DIR --gold GOLD.json   # your own folder, AEB metric
  python benchmarks/quality.py --ceilings               # also what a perfect line filter, and
                                                        # any cut of the input, could score
  python benchmarks/quality.py --gold-bodies            # never-cut corpus: what clean-news removes
                                                        # from the dev gold bodies, by rule

Every run also prints, per suite, the per-document accounting (documents clean-news makes better /
worse than its input -- trafilatura on HTML -- by more than 0.05 F1, catastrophes, the --worst N
documents with the rules that cut them) and the issue-10 targets.

clean-news is run through its public interface only: ``clean-news INPUTDIR -o OUT.jsonl`` on a
temporary folder that holds copies of exactly one suite's files, records mapped back by ``path``.
docs/s is wall time per suite, so for the CLI it includes one process start-up.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
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

EXT_BENCHMARKS = ["dragnet", "l3s-gn1", "wcxb-article"]   # benchdata/ext/<name>/
SUITES = (["aeb html", "aeb residual/trafilatura", "aeb residual/readability",
           "aeb residual/newspaper", "aeb fulltext", "tfeval html", "tfeval fulltext"]
          + [f"{name} {mode}" for name in EXT_BENCHMARKS for mode in ("html", "residual", "fulltext")])
TARGETS = {"aeb html": 0.975, "aeb residual/trafilatura": 0.975, "aeb residual/readability": 0.950,
           "aeb residual/newspaper": 0.965, "aeb fulltext": 0.930, "tfeval html": 0.945,
           "tfeval fulltext": 0.880}
SYSTEMS = {"clean-news": "clean-news", "trafilatura": "trafilatura", "readability": "readability-lxml",
           "justext": "jusText", "as-is": "as-is", "naive": "naive line filter",
           "c4-lines": "c4-lines"}  # option key -> name shown in the table
SYSTEM_KINDS = {"trafilatura": {"html"}, "readability": {"html"}, "justext": {"html"},
                "as-is": {"text"}, "naive": {"text"}, "c4-lines": {"text"},
                "clean-news": {"html", "text"}}
HTML_BASELINES = ("trafilatura", "readability", "justext")


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


# The benchmark-only baselines below come from the `bench` extra: pip install -e ".[bench]".
_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td",
               "th", "table", "blockquote", "pre", "section", "article", "header", "footer",
               "figure", "figcaption", "dd", "dt", "dl", "hr"}


def html_to_text(html: str) -> str:
    """Text of an HTML fragment, one line per block element (so words of adjacent blocks never fuse)."""
    import lxml.html
    if not html.strip():
        return ""
    root = lxml.html.fromstring(html)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def run_readability(page: str) -> str:
    """readability-lxml's Document(page).summary() (the whole-document form), as text, one line
    per block. It is given the page decoded as UTF-8 (errors replaced), as the other text modes read
    it: this reproduces the benchdata anchors on dragnet and wcxb-article exactly and comes 0.001
    under on l3s-gn1 (bytes, or the partial summary, or trafilatura.html2txt on it, move dragnet
    by 0.001 to 0.017)."""
    from readability import Document as ReadabilityDocument
    return html_to_text(ReadabilityDocument(page).summary())


def run_justext(content: bytes) -> str:
    """jusText with its English stoplist and default settings: the non-boilerplate paragraphs."""
    import justext
    paragraphs = justext.justext(content, justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


# datatrove's C4QualityFilter with its document-level drops switched off (min_num_sentences=-1,
# filter_lorem_ipsum=False, filter_curly_bracket=False): only the line rules are left, as when it
# cleans text rather than choosing pages. c4_line_filter below is the same rules written out, for
# machines without datatrove and for the tests; c4_lines() uses datatrove itself when it is there.
C4_CITATION = re.compile(r"\[\d*]|\[edit]|\[citation needed]")
C4_END_PUNCTUATION = (".", "?", "!", '"', "'")
C4_POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies",
             "use cookies")


def c4_line_filter(text: str) -> str:
    """C4's line rules (datatrove 0.10.1 C4QualityFilter, default arguments): drop a line with a word
    over 1000 characters, then (after cutting [1]-style citations) one that does not end in . ? ! " '
    or ends in ..., has fewer than 3 words (counted before the citation cut), mentions javascript,
    or names a cookie / terms-of-use / privacy policy. Kept lines are stripped."""
    kept = []
    for line in text.splitlines():
        line = line.strip()
        words = line.split()
        if any(len(word) > 1000 for word in words):
            continue
        line = C4_CITATION.sub("", line)
        if not line.endswith(C4_END_PUNCTUATION) or line.endswith("..."):
            continue
        if len(words) < 3:
            continue
        lower = line.lower()
        if "javascript" in lower or any(phrase in lower for phrase in C4_POLICY):
            continue
        kept.append(line)
    return "\n".join(kept).strip()


def c4_lines_datatrove():
    """datatrove's own C4QualityFilter, line rules only; None when datatrove is not installed."""
    try:
        from datatrove.data import Document as DatatroveDocument
        from datatrove.pipeline.filters import C4QualityFilter
    except ImportError:
        return None
    line_filter = C4QualityFilter(min_num_sentences=-1, filter_lorem_ipsum=False,
                                  filter_curly_bracket=False)

    def run(text: str) -> str:
        doc = DatatroveDocument(text=text, id="bench")
        kept = line_filter.filter(doc)
        return doc.text if kept is True else ""   # no document-level drop is left switched on
    return run


# --- documents and suites -------------------------------------------------------------------

@dataclass
class Doc:
    doc_id: str
    path: Path
    kind: str          # "html" or "text"
    gold: object       # AEB: the gold body; tfeval: (with, without)
    site: str = ""     # registrable domain of the page, for --folds

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


# Dragnet's gold ends the article at a separator line ("!@#$%^&*()  COMMENTS") and keeps what
# follows in "comments". In a few gold files the separator is typed differently ("@#$%^&*()
# COMMENTS", "!#@$%^&*() COMMENTS"), the split missed it, and the readers' comments stayed in
# "articleBody". ``article_body`` applies the benchmark's own convention to those too.
_COMMENTS_SEPARATOR = re.compile(r"^[ !@#$%^&*()]{5,}COMMENTS[ \t]*$", re.M)


def article_body(entry: dict, as_shipped: bool = False) -> str:
    """The gold article: ``articleBody`` up to a comment separator line, when the file's own split
    missed one (its ``comments`` are empty); as shipped under --gold-as-shipped."""
    body = entry["articleBody"]
    if as_shipped or entry.get("comments"):
        return body
    separator = _COMMENTS_SEPARATOR.search(body)
    return body[:separator.start()].rstrip() if separator else body


def load_suite(data: Path, name: str, as_shipped: bool = False) -> Suite:
    benchmark, _, variant = name.partition(" ")
    kind = "html" if variant == "html" else "text"
    if benchmark == "aeb":
        gold = json.loads((data / "aeb" / "gold.json").read_text(encoding="utf-8"))
        pattern = {"html": "html/{}.html.gz", "fulltext": "fulltext/{}.txt"}.get(
            variant, variant + "/{}.txt")  # residual/<extractor>/<id>.txt
        docs = [Doc(i, data / "aeb" / pattern.format(i), kind, article_body(g, as_shipped),
                    site_of_url(g.get("url") or "") or i) for i, g in sorted(gold.items())]
    elif benchmark == "tfeval":
        evaldata = json.loads((data / "tfeval" / "evaldata.json").read_text(encoding="utf-8"))
        # html/<file>.gz and fulltext/<file>.txt, where <file> is the "file" key (it ends in .html)
        pattern = "html/{}.gz" if variant == "html" else "fulltext/{}.txt"
        docs = [Doc(e["file"], data / "tfeval" / pattern.format(e["file"]), kind,
                    (e["with"], e["without"]), site_of_url(url) or site_of_tfeval_key(url))
                for url, e in sorted(evaldata.items(), key=lambda item: item[1]["file"])]
    else:  # ext/<benchmark>/{html/<key>.html.gz, residual/<key>.txt, fulltext/<key>.txt}
        root = data / "ext" / benchmark
        gold = json.loads((root / "gold.json").read_text(encoding="utf-8"))
        pattern = "html/{}.html.gz" if variant == "html" else variant + "/{}.txt"
        sites = ext_sites(root, gold)
        docs = [Doc(key, root / pattern.format(key), kind, article_body(g, as_shipped), sites[key])
                for key, g in sorted(gold.items())]
    missing = [d for d in docs if not d.path.is_file()]
    if missing:
        print(f"warning: {name}: {len(missing)} files missing, e.g. {missing[0].path}", file=sys.stderr)
    return Suite(name, "tfeval" if benchmark == "tfeval" else "aeb", [d for d in docs if d.path.is_file()])


# --- sites and folds ------------------------------------------------------------------------
# A fold holds whole sites, so a fold judged after tuning on the others has no page of a site
# the tuning saw. The site is the registrable domain (news.bbc.co.uk and www.bbc.co.uk are one).

_SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "go", "gv"}
_URL_HOST = re.compile(r"^[a-z][a-z0-9+.-]*://([^/?#:@]+)", re.I)


# Blog hosts: each subdomain is its own site (its own author and template).
_PLATFORMS = {"blogspot.com", "wordpress.com", "typepad.com", "substack.com", "posterous.com",
              "tumblr.com", "livejournal.com", "github.io", "medium.com"}
# Third parties a page links to (ads, sharing buttons): never taken as the page's own site.
_THIRD_PARTY = {"doubleclick.net", "googlesyndication.com", "digg.com", "stumbleupon.com",
                "facebook.com", "twitter.com", "delicious.com", "del.icio.us", "addthis.com",
                "reddit.com", "feedburner.com", "technorati.com", "newsvine.com", "yahoo.com"}


def site_of_url(url: str) -> str:
    """Registrable domain of a URL: 'https://news.bbc.co.uk/x' -> 'bbc.co.uk'; a blog host keeps the
    blog's name ('x.blogspot.com'); '' when it has no host."""
    match = _URL_HOST.match(url.strip())
    if not match:
        return ""
    labels = match.group(1).lower().rstrip(".").split(".")
    if labels[0] == "www":
        labels = labels[1:]
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    if ".".join(labels[-keep:]) in _PLATFORMS:
        keep += 1
    return ".".join(labels[-keep:])


def site_of_tfeval_key(key: str) -> str:
    """tfeval keys that are not URLs name the domain first: 'hard::nationnews.com-schools.html'."""
    match = re.search(r"::((?:[a-z0-9-]+\.)+[a-z]{2,3})(?![a-z0-9])", key)
    return site_of_url("http://" + match.group(1)) if match else key


_PAGE_URL_TAGS = [re.compile(pattern, re.I) for pattern in (
    r"<link\b[^>]*\brel\s*=\s*[\"']?canonical\b[^>]*>", r"<meta\b[^>]*\bog:url\b[^>]*>",
    r"<base\b[^>]*\bhref\b[^>]*>")]
_ABSOLUTE_URL = re.compile(r"(?:href|content)\s*=\s*[\"']?(https?://[^\"'\s>]+)", re.I)
_LINK_HREF = re.compile(r"<a\b[^>]*?\bhref\s*=\s*[\"']?(https?://[^\"'\s>]+)", re.I)


def site_of_page(html: str) -> str:
    """The site a page says it is from: the host of its canonical link, og:url or <base href>; else the
    host most of its absolute <a href> links point to (a page links to its own site's sections more
    than to any other). '' when the page has neither."""
    for pattern in _PAGE_URL_TAGS:
        for tag in pattern.findall(html):
            url = _ABSOLUTE_URL.search(tag)
            if url and site_of_url(url.group(1)):
                return site_of_url(url.group(1))
    hosts = Counter(site for site in map(site_of_url, _LINK_HREF.findall(html))
                    if site and site not in _THIRD_PARTY)
    return min(hosts.items(), key=lambda item: (-item[1], item[0]))[0] if hosts else ""


def ext_sites(root: Path, gold: dict) -> dict[str, str]:
    """Site of every ext page: the gold's url where it has one (wcxb), else read from the page's
    HTML (dragnet, l3s-gn1: no URL is recorded), else the page's own key (a site of one page)."""
    sites = {}
    for key, entry in gold.items():
        site = site_of_url(entry.get("url") or "")
        page = root / "html" / f"{key}.html.gz"
        if not site and page.is_file():
            site = site_of_page(gzip.decompress(page.read_bytes()).decode("utf-8", errors="replace"))
        sites[key] = site or key
    return sites


def fold_of(site: str, folds: int) -> int:
    """Fold of a site: a stable hash (sha1, not Python's salted hash()), so every run, machine and
    mode puts a site in the same fold."""
    return int(hashlib.sha1(site.encode("utf-8")).hexdigest(), 16) % folds


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


def run_clean_news_cli(docs: list[Doc], command: list[str],
                       records: dict | None = None) -> dict[str, str | None]:
    """One real run of the CLI on a temp folder holding copies of exactly these documents
    (copies, not links, so a CLI that skips or resolves symlinks still reports our names).
    If ``records`` is given, each document's whole output record is also put there by id."""
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
                if records is not None:
                    records[doc_id] = record
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


def clean_news_library(records: dict | None = None):
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    try:
        import cleaner
        engine = cleaner.Cleaner()
    except Exception as error:  # missing or broken package: one failed row, the run goes on
        raise SystemFailed(f"cannot use cleaner.Cleaner(): {type(error).__name__}: {error}") from error

    def extract(doc: Doc) -> str | None:
        # As the CLI reads every file (--kind auto): a few whole-page texts are raw HTML.
        result = engine.clean(doc.content(), kind="auto")
        if records is not None:
            records[doc.doc_id] = result.to_dict()
        return result.body
    return extract


BASELINE_MODULES = {"readability": "readability", "justext": "justext"}


def run_system(system: str, suite: Suite, args, records: dict | None = None) -> dict[str, str | None]:
    if system in BASELINE_MODULES:
        try:
            __import__(BASELINE_MODULES[system])
        except ImportError as error:
            raise SystemFailed(f"{error}; install the benchmark extra: pip install -e '.[bench]'") from error
    if system == "clean-news":
        if not args.library:
            return run_clean_news_cli(suite.docs, args.command, records)
        extract = clean_news_library(records)
    elif system == "trafilatura":
        extract = lambda doc: run_trafilatura(doc.content())
    elif system == "readability":
        extract = lambda doc: run_readability(doc.text())
    elif system == "justext":
        extract = lambda doc: run_justext(doc.content())
    elif system == "as-is":
        extract = lambda doc: doc.text()
    elif system == "c4-lines":
        line_filter = c4_lines_datatrove()
        if line_filter is None:
            print("warning: datatrove is not installed (pip install -e '.[bench]'): c4-lines uses "
                  "the harness's copy of its line rules", file=sys.stderr)
            line_filter = c4_line_filter
        extract = lambda doc: line_filter(doc.text())
    else:
        extract = lambda doc: naive_line_filter(doc.text())
    return run_per_document(suite.docs, extract)


def doc_counts(suite: Suite, results: dict[str, str | None]) -> dict[str, object]:
    """Each document's counts: AEB (tp, fp, fn); tfeval a Counter of tp/fn/fp/tn."""
    if suite.metric == "aeb":
        return {doc.doc_id: aeb_doc_counts(results.get(doc.doc_id), doc.gold) for doc in suite.docs}
    return {doc.doc_id: tfeval_counts(results.get(doc.doc_id), *doc.gold) for doc in suite.docs}


def pooled_scores(metric: str, counts: list) -> Scores:
    """Suite scores from documents' counts, each metric its own way (AEB averages, tfeval pools)."""
    if metric == "aeb":
        return aeb_scores(counts)
    return tfeval_scores(sum(counts, Counter()))


def doc_f1(metric: str, counts) -> float:
    """One document's F1 from its own counts."""
    if metric == "aeb":
        p, r = aeb_precision(*counts), aeb_recall(*counts)
        return 2 * p * r / (p + r) if p + r else 0.0
    return tfeval_scores(counts).f1


def score(suite: Suite, results: dict[str, str | None]) -> tuple[Scores, list[tuple]]:
    """Suite scores and per-document rows (doc_id, f1, detail), worst first."""
    counts = doc_counts(suite, results)
    per_doc = []
    for doc in suite.docs:
        c = counts[doc.doc_id]
        if suite.metric == "aeb":
            p, r = aeb_precision(*c), aeb_recall(*c)
            shown_p = f"{p:.3f}" if c[0] + c[1] > 0 else "- (empty output)"
            detail = f"P={shown_p} R={r:.3f}"
        else:
            text = normalise_space(results.get(doc.doc_id) or "")
            missed = [seg for seg in doc.gold[0] if normalise_space(seg) not in text]
            kept = [seg for seg in doc.gold[1] if normalise_space(seg) in text]
            detail = f"missed={missed} kept_boilerplate={kept}"
        per_doc.append((doc.doc_id, doc_f1(suite.metric, c), detail))
    total = pooled_scores(suite.metric, [counts[doc.doc_id] for doc in suite.docs])
    return total, sorted(per_doc, key=lambda row: row[1])


def fold_f1s(suite: Suite, counts: dict[str, object], folds: int) -> list[float | None]:
    """F1 of each fold (None for a fold with no document)."""
    members = [[] for _ in range(folds)]
    for doc in suite.docs:
        members[fold_of(doc.site, folds)].append(counts[doc.doc_id])
    return [pooled_scores(suite.metric, m).f1 if m else None for m in members]


# --- per-document accounting ----------------------------------------------------------------
MARGIN = 0.05


def is_catastrophe(reference_f1: float, new_f1: float) -> bool:
    """The input (or trafilatura) had the article (F1 >= 0.5) and clean-news lost over half of it."""
    return reference_f1 >= 0.5 and new_f1 < reference_f1 / 2


def account(reference: dict[str, float], new: dict[str, float], margin: float = MARGIN) -> dict:
    """Documents clean-news makes better / worse than the reference by more than ``margin`` F1,
    and its catastrophes (ids, worst first)."""
    ids = [i for i in reference if i in new]
    catastrophes = sorted((i for i in ids if is_catastrophe(reference[i], new[i])),
                          key=lambda i: new[i] - reference[i])
    return {"docs": len(ids),
            "better": sum(new[i] - reference[i] > margin for i in ids),
            "worse": sum(reference[i] - new[i] > margin for i in ids),
            "catastrophes": catastrophes}


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", text or ""))


def removals_by_rule(removed: list[dict], skip_categories=frozenset()) -> list[tuple[str, str, int]]:
    """(rule, category, words removed) per rule, most words first."""
    words: Counter = Counter()
    for removal in removed or []:
        if removal.get("category") not in skip_categories:
            words[(removal.get("rule", "?"), removal.get("category", "?"))] += word_count(removal.get("text", ""))
    return [(rule, category, n) for (rule, category), n in
            sorted(words.items(), key=lambda item: (-item[1], item[0]))]


# --- targets (issue 10) -----------------------------------------------------------------------

def suite_mode(name: str) -> str:
    """'html', 'residual' or 'fulltext' (own suites: 'own')."""
    variant = name.partition(" ")[2]
    return "residual" if variant.startswith("residual") else variant if variant in ("html", "fulltext") else "own"


def reference_system(mode: str) -> str | None:
    """What clean-news is compared with document by document: its input, or trafilatura on HTML."""
    return {"html": "trafilatura", "residual": "as-is", "fulltext": "as-is"}.get(mode)


def target_checks(mode: str, f1: dict[str, float | None], tally: dict | None) -> list[tuple[str, bool | None]]:
    """The issue's targets for one suite (or fold), each (description, met); met is None when a
    system it needs did not run. ``f1`` maps system keys to F1."""
    checks = []
    cn = f1.get("clean-news")
    if cn is None:
        return checks
    if mode == "residual":
        bar = f1.get("as-is")
        checks.append((f"F1 >= as-is+0.005 ({bar + 0.005:.3f})" if bar is not None else "F1 >= as-is+0.005",
                       None if bar is None else cn >= bar + 0.005 - 1e-12))
    elif mode == "html":
        ran = {s: f1[s] for s in HTML_BASELINES if f1.get(s) is not None}
        best = max(ran.items(), key=lambda item: item[1]) if ran else None
        checks.append((f"F1 >= best baseline ({SYSTEMS[best[0]]} {best[1]:.3f})" if best else "F1 >= best baseline",
                       None if best is None else cn >= best[1]))
    elif mode == "fulltext":
        bar = f1.get("c4-lines")
        checks.append((f"F1 >= c4-lines+0.05 ({bar + 0.05:.3f})" if bar is not None else "F1 >= c4-lines+0.05",
                       None if bar is None else cn >= bar + 0.05 - 1e-12))
    if tally is not None:
        n = len(tally["catastrophes"])
        checks.append((f"catastrophes 0 ({n})", n == 0))
        checks.append((f"worse <= better/3 ({tally['worse']} vs {tally['better']})",
                       3 * tally["worse"] <= tally["better"]))
    return checks


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
    parser.add_argument("--folds", type=int, default=0, metavar="K",
                        help="split every suite by site into K folds; report F1 and targets per fold")
    parser.add_argument("--worst", type=int, default=5, metavar="N",
                        help="per suite, print the N documents clean-news hurts most, with the rules that cut them")
    parser.add_argument("--gold-bodies", action="store_true",
                        help="never-cut mode: clean every dev gold body as plain text, report what is removed")
    parser.add_argument("--gold-as-shipped", action="store_true",
                        help="score against the gold's articleBody as shipped, without cutting it at a "
                             "misspelled Dragnet comment separator (see article_body)")
    args = parser.parse_args(argv)
    if args.folds < 0 or args.folds == 1:
        parser.error("--folds K needs K >= 2")
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


def fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def worst_documents(suite: Suite, reference: dict[str, float], new: dict[str, float],
                    records: dict, limit: int) -> list[str]:
    """Lines for the ``limit`` documents clean-news loses most on (by more than MARGIN), with the
    rules that removed the most words from each."""
    losses = sorted((new[i] - reference[i], i) for i in reference if i in new and reference[i] - new[i] > MARGIN)
    sites = {doc.doc_id: doc.site for doc in suite.docs}
    lines = []
    for loss, doc_id in losses[:limit]:
        flag = "CATASTROPHE " if is_catastrophe(reference[doc_id], new[doc_id]) else ""
        removed = (records.get(doc_id) or {}).get("removed") or []
        rules = ", ".join(f"{rule}({category}) {n}w" for rule, category, n in removals_by_rule(removed)[:4])
        lines.append(f"  {flag}{doc_id} [{sites.get(doc_id, '')}] {reference[doc_id]:.3f} -> {new[doc_id]:.3f}"
                     f"  cut by: {rules or 'no removal recorded (extraction or none)'}")
        biggest = max(removed, key=lambda r: word_count(r.get("text", "")), default=None)
        if biggest:
            lines.append(f"      largest cut [{biggest.get('rule')}]: {' '.join(biggest.get('text', '').split())[:110]!r}")
    return lines


def evaluate_suite(suite: Suite, args, rows: list[dict], report: list[str]) -> None:
    """Run every system on one suite; append table rows, and the folds / accounting / targets report."""
    kinds = {doc.kind for doc in suite.docs}
    mode = suite_mode(suite.name)
    reference = reference_system(mode)
    per_doc_f1: dict[str, dict[str, float]] = {}
    counts_by_system: dict[str, dict] = {}
    records: dict[str, dict] = {}
    cn_row = None
    for system in args.systems:
        if not kinds or not kinds <= SYSTEM_KINDS[system]:
            continue
        row = {"suite": suite.name, "system": SYSTEMS[system], "docs": len(suite.docs)}
        start = time.perf_counter()
        try:
            results = run_system(system, suite, args, records if system == "clean-news" else None)
        except SystemFailed as error:
            rows.append({**row, "error": str(error)})
            continue
        elapsed = time.perf_counter() - start
        counts = doc_counts(suite, results)
        counts_by_system[system] = counts
        per_doc_f1[system] = {i: doc_f1(suite.metric, c) for i, c in counts.items()}
        total, per_doc = score(suite, results)
        row.update(f1=total.f1, precision=total.precision, recall=total.recall,
                   docs_per_s=len(suite.docs) / elapsed if elapsed else 0.0,
                   empty=sum(not (results.get(doc.doc_id) or "").strip() for doc in suite.docs))
        if system == "clean-news" and suite.name in TARGETS:
            row.update(target=TARGETS[suite.name], met=total.f1 >= TARGETS[suite.name])
        if args.folds:
            folds = fold_f1s(suite, counts, args.folds)
            present = [f for f in folds if f is not None]
            row.update(folds=folds, spread=max(present) - min(present) if present else 0.0)
        rows.append(row)
        if system == "clean-news":
            cn_row = row
        if args.per_doc == suite.name or args.own:
            print(f"\n{suite.name} / {SYSTEMS[system]}: per-document F1, worst first")
            for doc_id, f1, detail in per_doc[:args.limit or None]:
                print(f"  {f1:.3f}  {doc_id}  {detail}")
    if args.ceilings and suite.metric == "aeb" and kinds == {"text"}:
        rows.extend(ceiling_rows(suite))
    if cn_row is None or reference is None:   # --own folders have no issue-10 targets
        return

    # accounting and targets, on the whole suite and on each fold
    have_reference = reference in per_doc_f1
    groups = [("all", [doc.doc_id for doc in suite.docs])]
    if args.folds:
        groups += [(f"fold {k}", [d.doc_id for d in suite.docs if fold_of(d.site, args.folds) == k])
                   for k in range(args.folds)]
    cn_row["targets"] = []
    for label, ids in groups:
        if not ids:
            continue
        f1 = {system: pooled_scores(suite.metric, [counts[i] for i in ids]).f1
              for system, counts in counts_by_system.items()}
        tally = None
        if have_reference:
            tally = account({i: per_doc_f1[reference][i] for i in ids},
                            {i: per_doc_f1["clean-news"][i] for i in ids})
        checks = target_checks(mode, f1, tally)
        cn_row["targets"].append({"group": label, "docs": len(ids), "f1": f1["clean-news"],
                                  "accounting": tally, "checks": [[c, m] for c, m in checks]})
        if label == "all" and tally is not None:
            cn_row["accounting"] = {**tally, "reference": SYSTEMS[reference]}
    if have_reference:
        tally = cn_row["accounting"]
        report.append(f"\n{suite.name}: clean-news against {SYSTEMS[reference]}, {tally['docs']} documents: "
                      f"{tally['better']} better, {tally['worse']} worse (by > {MARGIN} F1), "
                      f"{len(tally['catastrophes'])} catastrophes")
        report.extend(worst_documents(suite, per_doc_f1[reference], per_doc_f1["clean-news"],
                                      records, args.worst))
    else:
        report.append(f"\n{suite.name}: no accounting ({reference} did not run)")


def print_folds(rows: list[dict], folds: int) -> None:
    print(f"\nF1 per fold ({folds} folds by site; spread = best fold - worst fold)")
    print(f"{'suite':<26} {'system':<20} " + " ".join(f"{'f' + str(k):>6}" for k in range(folds)) + f" {'spread':>7}")
    for row in rows:
        if "folds" in row:
            print(f"{row['suite']:<26} {row['system']:<20} " + " ".join(f"{fmt(f):>6}" for f in row["folds"])
                  + f" {row['spread']:>7.3f}")


def print_targets(rows: list[dict]) -> None:
    print("\nTargets (issue 10): residual F1 >= as-is + 0.005; html F1 >= best baseline; fulltext "
          "F1 >= c4-lines + 0.05; catastrophes 0; worse <= better / 3")
    print(f"{'suite':<26} {'group':<7} {'docs':>4} {'F1':>6} {'better':>6} {'worse':>5} {'cat':>4}  checks")
    for row in rows:
        for target in row.get("targets", []):
            tally = target["accounting"] or {}
            checks = "; ".join(f"{c}: {'met' if m else 'n/a' if m is None else 'NOT MET'}"
                               for c, m in target["checks"])
            print(f"{row['suite']:<26} {target['group']:<7} {target['docs']:>4} {target['f1']:>6.3f} "
                  f"{tally.get('better', '-'):>6} {tally.get('worse', '-'):>5} "
                  f"{len(tally['catastrophes']) if tally else '-':>4}  {checks}")


# --- never-cut corpus -------------------------------------------------------------------------
# Every dev gold body is an article with no junk: whatever clean-news removes from it, other than
# lines it moves to metadata, is article text lost.
MOVED_TO_METADATA = frozenset({"title", "byline", "dateline", "source"})
#: The rules whose lines go to the record's metadata (title, author, date, publisher) or repeat the
#: title. Every other removal counts as gold text lost, even in a metadata category: an author box
#: ("About the Author" and the biography under it), a run it opens, a reading time.
METADATA_LINE_RULES = frozenset({"title_line", "headline_repeat", "byline", "dated_byline", "byline_label",
                                 "contributor_line", "author_contact", "date_line", "timestamp_line",
                                 "timestamp_prefix", "updated_stamp", "source_line"})


def gold_body_docs(data: Path, folder: Path, as_shipped: bool = False) -> list[Doc]:
    """Write every AEB and ext gold body to ``folder`` as <benchmark>__<key>.txt."""
    docs = []
    sources = [("aeb", data / "aeb" / "gold.json")] + [(n, data / "ext" / n / "gold.json") for n in EXT_BENCHMARKS]
    for benchmark, gold_file in sources:
        if not gold_file.is_file():
            print(f"warning: no gold at {gold_file}", file=sys.stderr)
            continue
        for key, entry in sorted(json.loads(gold_file.read_text(encoding="utf-8")).items()):
            path = folder / f"{benchmark}__{key}.txt"
            body = article_body(entry, as_shipped)
            path.write_text(body, encoding="utf-8")
            docs.append(Doc(f"{benchmark}/{key}", path, "text", body))
    return docs


def never_cut_summary(docs: list[Doc], records: dict[str, dict]) -> dict:
    """Share of gold words removed (metadata moves excluded), by rule, and documents touched."""
    total_words = sum(word_count(doc.gold) for doc in docs)
    by_rule: Counter = Counter()
    docs_by_rule: Counter = Counter()
    categories: dict[str, set] = {}
    touched = []
    for doc in docs:
        removed = [r for r in (records.get(doc.doc_id) or {}).get("removed") or []
                   if not (r.get("category") in MOVED_TO_METADATA and r.get("rule") in METADATA_LINE_RULES)]
        rules = removals_by_rule(removed)
        lost = sum(n for _, _, n in rules)
        if lost:
            touched.append((lost, doc.doc_id))
        for rule in {rule for rule, _, n in rules if n}:
            docs_by_rule[rule] += 1
        for rule, category, n in rules:
            by_rule[rule] += n
            categories.setdefault(rule, set()).add(category)
    removed = sum(by_rule.values())
    return {"documents": len(docs), "words": total_words, "removed_words": removed,
            "share": removed / total_words if total_words else 0.0, "documents_touched": len(touched),
            "missing_records": sum(doc.doc_id not in records for doc in docs),
            "by_rule": [{"rule": r, "categories": sorted(categories[r]), "words": n,
                         "share": n / total_words if total_words else 0.0, "documents": docs_by_rule[r]}
                        for r, n in sorted(by_rule.items(), key=lambda item: (-item[1], item[0])) if n],
            "worst_documents": [{"doc": d, "words": n} for n, d in sorted(touched, reverse=True)[:10]]}


def run_gold_bodies(args) -> int:
    with tempfile.TemporaryDirectory(prefix="clean-news-gold-") as tmp:
        docs = gold_body_docs(args.data, Path(tmp), args.gold_as_shipped)
        records: dict[str, dict] = {}
        start = time.perf_counter()
        try:
            if args.library:
                run_per_document(docs, clean_news_library(records))
            else:
                run_clean_news_cli(docs, args.command, records)
        except SystemFailed as error:
            print(f"FAILED: {error}")
            return 1
        elapsed = time.perf_counter() - start
    summary = never_cut_summary(docs, records)
    print(f"\nNever-cut corpus: {summary['documents']} dev gold bodies (AEB + ext) cleaned as plain text "
          f"in {elapsed:.0f} s")
    print(f"gold words removed: {summary['removed_words']} of {summary['words']} = {100 * summary['share']:.3f}% "
          f"(target < 0.5%: {'met' if summary['share'] < 0.005 else 'NOT MET'}), in {summary['documents_touched']} documents; "
          f"not counted: the title, byline and date lines moved to metadata ({', '.join(sorted(METADATA_LINE_RULES))})")
    if summary["missing_records"]:
        print(f"warning: {summary['missing_records']} documents got no output record")
    print(f"{'rule':<26} {'words':>7} {'share':>7} {'docs':>5}  categories")
    for entry in summary["by_rule"]:
        print(f"{entry['rule']:<26} {entry['words']:>7} {100 * entry['share']:>6.2f}% {entry['documents']:>5}  "
              f"{', '.join(entry['categories'])}")
    print("documents losing most words: " + ", ".join(f"{e['doc']} {e['words']}" for e in summary["worst_documents"]))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.gold_bodies:
        return run_gold_bodies(args)
    if args.own:
        suites = [load_own_suite(args.own, args.gold)]
    else:
        names = args.suite or ([] if args.per_doc else list(SUITES))
        names += [args.per_doc] if args.per_doc and args.per_doc not in names else []
        suites = [load_suite(args.data, name, args.gold_as_shipped) for name in names]
    rows: list[dict] = []
    report: list[str] = []
    start = time.perf_counter()
    for suite in suites:
        evaluate_suite(suite, args, rows, report)
    print()
    print_table(rows)
    if args.folds:
        print_folds(rows, args.folds)
    if any(row.get("targets") for row in rows):
        print_targets(rows)
    if report:
        print("\nPer-document accounting (clean-news against its input; trafilatura on HTML)")
        print("\n".join(report))
    print(f"\nwall time {time.perf_counter() - start:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
