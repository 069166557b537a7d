"""The seed articles, exactly as issue 2 describes them, and every golden file on disk."""

from __future__ import annotations

import pytest

from conftest import SEEDS, golden_cases, load_expected

CLEAN_SEEDS = ["000_32a84c20e0a0a956", "002_7fcf1e20a5b94707", "004_5515f5423b4ad810"]


def removed_by(doc, category):
    return [r.text for r in doc.removed if r.category == category]


@pytest.mark.parametrize("stem", CLEAN_SEEDS)
def test_clean_seed_is_untouched(cleaner, stem):
    raw = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")
    doc = cleaner.clean(raw)
    assert doc.body == raw.strip()
    assert doc.removed == ()
    assert doc.title is None
    assert doc.language == "en"


def test_moscow_times_seed(cleaner):
    doc = cleaner.clean((SEEDS / "001_3598751789ca851f.txt").read_bytes())
    assert doc.title == "Kremlin Says It’s Waiting for Official Confirmation of U.S.-Ukraine Minerals Deal"
    assert doc.source == "The Moscow Times"
    assert doc.language == "en"
    assert doc.body.startswith("The Kremlin said Wednesday")
    assert doc.body.endswith("under the control of Russian troops.")
    appeal = removed_by(doc, "donation_appeal")
    assert appeal[0] == "Support The Moscow Times!"
    appeal_text = "\n".join(appeal[1:])
    assert appeal_text.startswith("A Message from The Moscow Times:")
    assert appeal_text.endswith("Remind me later.")
    assert "We, the journalists of The Moscow Times, refuse to be silenced." in appeal_text
    assert removed_by(doc, "caption") == ["The Kremlin in Moscow. Yaroslav Chingaev / Moskva News Agency"]
    newsletter = "\n".join(removed_by(doc, "newsletter")).split("\n")
    assert len(newsletter) == 3
    assert newsletter[0] == "Sign up for our free weekly newsletter"
    assert newsletter[1].startswith("Our weekly newsletter contains")
    assert newsletter[2] == "Subscribers agree to the Privacy Policy"
    assert removed_by(doc, "navigation") == ["Read more"]
    assert {r.category for r in doc.removed} == {"donation_appeal", "caption", "newsletter", "navigation", "title"}


def test_cryptopolitan_seed(cleaner):
    doc = cleaner.clean((SEEDS / "003_f7001711cbad47fb.txt").read_bytes())
    assert doc.title == "Russia moves to take over Ukraine’s rare minerals in partnership with the US"
    assert doc.source == "Cryptopolitan"
    assert doc.language == "en"
    assert doc.body.startswith("Russia is making a direct play")
    assert doc.body.endswith("He never wanted this to happen anyway.”")
    assert "\nUkraine nears deal with the US, but Russian-occupied territories block access\n" in doc.body
    assert removed_by(doc, "source") == ["Source Cryptopolitan"]
    assert removed_by(doc, "promo")[0].startswith("Cryptopolitan Academy:")
    assert removed_by(doc, "disclaimer") == [
        "Disclaimer: For information purposes only. Past performance is not indicative of future results."]
    ticker = [r for r in doc.removed if r.category == "market_ticker"]
    assert ticker[0].text == "placeholder"
    assert ticker[-1].text.endswith("quote")
    ticker_text = doc.text[ticker[0].start:ticker[-1].end]
    for item in ("Gold price", "S&P 500", "Japan’s bond market", "EUR/USD", "Japanese Yen", "Author FXStreet",
                 "23 hours ago", "4 hours ago"):
        assert item in ticker_text
    # Everything from the first placeholder to the end is ticker, nothing else.
    assert all(r.category == "market_ticker" for r in doc.removed if r.start >= ticker[0].start)
    assert doc.text[ticker[-1].end:].strip() == ""


@pytest.mark.parametrize("source,expected", golden_cases(), ids=lambda p: p.stem)
def test_golden_record(cleaner, source, expected):
    doc = cleaner.clean(source.read_bytes(), kind="text", id=source.stem, path=source.name)
    record = doc.to_dict()
    record.pop("cleaner_version")
    assert record == load_expected(expected)
