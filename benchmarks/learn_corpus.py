"""A development corpus of many articles per source, and the score of cleaning it with and without
``clean-news learn``.

The articles are the dev gold bodies of ``../shared/benchdata`` (aeb and ext/*: ``articleBody``);
each source wraps them in a template written here (menu, dated masthead, donation box, newsletter
pitch, "More from X" over other articles' headlines, footer; in five languages), with numbers that
vary per page. A few paragraphs are shared by a handful of one source's articles (follow-ups quoting
the same statement): article text that must be kept. Small sources (under --min-docs) must come out
exactly as without learning.

Usage:
  python benchmarks/learn_corpus.py build DIR        # DIR/corpus/*.jsonl and DIR/gold.json
  python benchmarks/learn_corpus.py score DIR        # learn, clean twice, print the table (--json FILE)
"""
from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quality import DEFAULT_DATA, aeb_doc_counts, aeb_scores  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from cleaner.decode import normalise  # noqa: E402

# name, domain, language, donation box in the body (True) or the tail
SOURCES = [
    ("Harbour Herald", "harbourherald.com", "en", False), ("Valley Courier", "valleycourier.co.uk", "en", True),
    ("Northern Ledger", "northernledger.com", "en", False), ("Stadtbote", "stadtbote.de", "de", True),
    ("Rheinblick", "rheinblick.de", "de", False), ("Le Phare", "lephare.fr", "fr", False),
    ("La Voz del Puerto", "lavozdelpuerto.es", "es", True), ("De Kustkrant", "dekustkrant.nl", "nl", False),
]
SMALL = [("Hilltop Gazette", "hilltopgazette.com", "en", False), ("Kleine Zeitung Nord", "kzn.de", "de", False),
         ("Island Weekly", "islandweekly.com", "en", True)]

T = {
    "en": {"menu": "Home | World | Business | Culture | Sport | Opinion",
           "mast": "{name} · {day} {month} {year} · Edition {n}",
           "box": ["{name} is funded by readers like you, not by billionaires.",
                   "A gift of any size keeps every story free for all."],
           "pitch": "The {name} morning briefing: five stories before breakfast",
           "more": "More from {name}", "foot": ["{name} Media Ltd, 12 Quay Street, registered number {n}",
                                                "Corrections and complaints: readers' editor at {name}"]},
    "de": {"menu": "Startseite | Politik | Wirtschaft | Kultur | Sport",
           "mast": "{name} · {day}. {month} {year} · Ausgabe {n}",
           "box": ["Unabhängiger Journalismus kostet Geld – der {name} lebt von seinen Leserinnen und Lesern.",
                   "Schon ein kleiner Betrag hilft uns weiter."],
           "pitch": "Der {name}-Frühbrief: fünf Geschichten vor dem Frühstück",
           "more": "Mehr vom {name}", "foot": ["{name} Verlag GmbH, Hafenstraße 12, HRB {n}",
                                              "Hinweise an die Redaktion: leserbriefe beim {name}"]},
    "fr": {"menu": "Accueil | Monde | Économie | Culture | Sport",
           "mast": "{name} · {day} {month} {year} · Édition {n}",
           "box": ["Le {name} vit grâce à ses lecteurs, pas grâce aux milliardaires.",
                   "Chaque don, petit ou grand, garde nos articles gratuits pour tous."],
           "pitch": "Le briefing du matin du {name} : cinq histoires avant le petit-déjeuner",
           "more": "Plus du {name}", "foot": ["Éditions {name} SA, 12 quai du Port, RCS {n}",
                                             "Médiateur des lecteurs du {name}"]},
    "es": {"menu": "Portada | Mundo | Economía | Cultura | Deportes",
           "mast": "{name} · {day} {month} {year} · Edición {n}",
           "box": ["{name} se sostiene gracias a sus lectores, no a los millonarios.",
                   "Cualquier aportación, grande o pequeña, mantiene nuestras noticias gratis para todos."],
           "pitch": "El resumen matinal de {name}: cinco historias antes del desayuno",
           "more": "Más de {name}", "foot": ["Ediciones {name} SL, calle del Muelle 12, registro {n}",
                                            "Defensor del lector de {name}"]},
    "nl": {"menu": "Home | Binnenland | Economie | Cultuur | Sport",
           "mast": "{name} · {day} {month} {year} · Editie {n}",
           "box": ["{name} wordt betaald door lezers zoals u, niet door miljardairs.",
                   "Elke bijdrage, groot of klein, houdt ons nieuws gratis voor iedereen."],
           "pitch": "De ochtendbrief van {name}: vijf verhalen voor het ontbijt",
           "more": "Meer van {name}", "foot": ["{name} Uitgevers BV, Kadestraat 12, KvK {n}",
                                              "Klachten en correcties: de lezersredacteur van {name}"]},
}
MONTHS = ["January", "February", "March", "April", "June", "July", "August", "September", "October",
          "November", "December"]


def gold_bodies(data: Path) -> list[str]:
    """Dev gold bodies of two paragraphs and 80 words at least that clean-news, on its own, keeps
    whole (every paragraph in the body or the title): the corpus then measures what learning adds
    and cuts, not the cleaner's own cuts of these bodies (see docs/learn.md)."""
    from cleaner import Cleaner

    cleaner = Cleaner()
    bodies = []
    for path in [data / "aeb" / "gold.json", *sorted((data / "ext").glob("*/gold.json"))]:
        for key in sorted(gold := json.loads(path.read_text(encoding="utf-8"))):
            body = (gold[key] or {}).get("articleBody") or ""
            paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
            if len(paragraphs) >= 2 and len(body.split()) >= 80:
                text = "\n\n".join(paragraphs)
                doc = cleaner.clean(text, kind="text")
                if set(_lines(text)) <= set(_lines(doc.body)) | set(_lines(doc.title or "")):
                    bodies.append("\n".join(paragraphs))
    return bodies


def headline(body: str) -> str:
    words = re.sub(r"[.!?]+$", "", body.split("\n")[0]).split()[:9]
    return " ".join(words)


def build(folder: Path, data: Path, per_source: int, small_docs: int, seed: int) -> None:
    rng = random.Random(seed)
    bodies = gold_bodies(data)
    rng.shuffle(bodies)
    (folder / "corpus").mkdir(parents=True, exist_ok=True)
    gold: dict[str, dict] = {}
    cursor = 0
    for size, sources in ((per_source, SOURCES), (small_docs, SMALL)):
        for name, domain, lang, box_in_body in sources:
            t = T[lang]
            mine = [bodies[(cursor + i) % len(bodies)] for i in range(size)]
            cursor += size
            shared = next((p for p in mine[0].split("\n") if len(p.split()) >= 20), None)
            records = []
            for i, body in enumerate(mine):
                paragraphs = body.split("\n")
                if shared and 1 <= i <= 4 and shared not in paragraphs:  # a follow-up quotes the statement
                    paragraphs.insert(min(2, len(paragraphs)), shared)
                fill = {"name": name, "n": rng.randint(100, 9999), "day": rng.randint(1, 28),
                        "month": rng.choice(MONTHS), "year": rng.choice((2023, 2024, 2025))}
                have = lambda: rng.random() < 0.9  # noqa: E731 -- each part on 90% of the pages
                head = [t["menu"]] * have() + [t["mast"].format(**fill)] * have()
                box = [line.format(**fill) for line in t["box"]] if have() else []
                others = rng.sample(range(size), 3)
                tail = ([t["pitch"].format(**fill)] * have() + (box if not box_in_body else [])
                        + ([t["more"].format(**fill)] + [headline(mine[j]) for j in others] if have() else [])
                        + [line.format(**fill) for line in t["foot"] if have()])
                text_body = paragraphs[:2] + (box if box_in_body else []) + paragraphs[2:]
                key = f"{domain}-{i:03d}"
                records.append({"id": key, "url": f"https://www.{domain}/news/{i}", "text": "\n\n".join(
                    head + text_body + tail)})
                gold[key] = {"articleBody": "\n".join(paragraphs), "source": domain, "small": size == small_docs,
                             "template": head + box + tail, "shared": shared if shared in paragraphs else None}
            with open(folder / "corpus" / f"{domain}.jsonl", "w", encoding="utf-8") as out:
                out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    (folder / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=0), encoding="utf-8")
    print(f"{len(gold)} documents of {len(SOURCES) + len(SMALL)} sources in {folder / 'corpus'}")


def _clean(command: list[str], args: list[str]) -> tuple[dict[str, dict], float]:
    started = time.monotonic()
    subprocess.run(command + args, check=True, capture_output=True, text=True)
    seconds = time.monotonic() - started
    out = Path(args[args.index("-o") + 1])
    return {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}, seconds


def _lines(text: str) -> list[str]:
    """Lines as the cleaner writes them (its text normalisation, spaces collapsed)."""
    return [" ".join(line.split()) for line in normalise(text).split("\n") if line.strip()]


def _kept(record: dict) -> set[str]:
    """Lines of the body, and the title: a headline moved into the record's title is not lost."""
    return set(_lines(record["body"])) | set(_lines(record.get("title") or ""))


def score(folder: Path, command: list[str], workers: int) -> dict:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    corpus, learned = str(folder / "corpus"), str(folder / "learned.toml")
    w = ["--workers", str(workers)]
    plain, clean_s = _clean(command, [corpus, "-o", str(folder / "plain.jsonl"), "-q", *w])
    started = time.monotonic()
    subprocess.run(command + ["learn", corpus, "-o", learned, "-q", *w], check=True)
    learn_s = time.monotonic() - started
    with_rules, _ = _clean(command, [corpus, "--rules", learned, "-o", str(folder / "learned.jsonl"), "-q", *w])
    import tomllib
    rules = tomllib.loads(Path(learned).read_text(encoding="utf-8")).get("rule", [])
    small_domains = {g["source"] for g in gold.values() if g["small"]}
    row: dict = {"documents": len(gold), "rules": len(rules), "learn_s": round(learn_s, 1),
                 "clean_s": round(clean_s, 1),
                 "rules_from_small_sources": sum(r.get("domains", [""])[0] in small_domains for r in rules)}
    paragraphs = {k: _lines(g["articleBody"]) for k, g in gold.items()}
    template = {k: [" ".join(line.split()) for line in g["template"]] for k, g in gold.items()}
    big = [k for k in gold if not gold[k]["small"]]
    kept = {"without": {k: _kept(plain[k]) for k in gold}, "with": {k: _kept(with_rules[k]) for k in gold}}
    for name, records in (("without", plain), ("with", with_rules)):
        row[f"f1_{name}"] = round(aeb_scores([aeb_doc_counts(records[k]["body"], gold[k]["articleBody"])
                                              for k in gold]).f1, 4)
        lines = [(k, line) for k in big for line in template[k]]
        row[f"template_removed_{name}"] = round(sum(line not in kept[name][k] for k, line in lines) / len(lines), 4)
        row[f"all_paragraphs_kept_{name}"] = round(
            sum(all(p in kept[name][k] for p in paragraphs[k]) for k in gold) / len(gold), 4)
        shared = [k for k in gold if gold[k]["shared"]]
        row[f"shared_kept_{name}"] = (f"{sum(' '.join(gold[k]['shared'].split()) in kept[name][k] for k in shared)}"
                                      f"/{len(shared)}")
    missed = [(k, line) for k in big for line in template[k] if line in kept["without"][k]]
    row["rule_missed_template_removed"] = round(
        sum(line not in kept["with"][k] for k, line in missed) / max(1, len(missed)), 4)
    cut = [k for k in gold if any(p in kept["without"][k] and p not in kept["with"][k] for p in paragraphs[k])]
    row["docs_learning_cut_a_gold_paragraph"] = f"{len(cut)}/{len(gold)}"
    row["small_sources_unchanged"] = all(plain[k]["body"] == with_rules[k]["body"] for k in gold if gold[k]["small"])
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["build", "score"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--per-source", type=int, default=60)
    parser.add_argument("--small-docs", type=int, default=12)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--command", default=f"{sys.executable} -m cleaner")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.action == "build":
        build(args.folder, args.data, args.per_source, args.small_docs, args.seed)
        return 0
    row = score(args.folder, args.command.split(), args.workers)
    for key, value in row.items():
        print(f"{key:32} {value}")
    if args.json:
        args.json.write_text(json.dumps(row, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
