"""block_features, written for speed, against the plain version it replaced: the same Features."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from cleaner.features import (_APPEAL_MAX_WORDS, _CJK, _CURRENCY_PAIR, _HIRAGANA, _PERCENT, _PRICE, _SENTENCE_END,
                              _ZH_FUNCTION, WORD, Features, Lexicon, _appeal_words, block_features)
from conftest import all_documents


def plain_block_features(text: str, lexicon: Lexicon) -> Features:
    tokens = [t.casefold() for t in WORD.findall(text)]
    cjk = len(_CJK.findall(text))
    words = len(text.split()) + cjk // 2
    chars = sum(1 for c in text if not c.isspace()) or 1
    digits = sum(1 for c in text if c.isdigit())
    voice = sum(1 for t in tokens if t in lexicon.appeal_voice)
    short = words <= 8
    topic = plain_content_words(tokens, lexicon)
    return Features(
        words=words,
        sentence_end=bool(_SENTENCE_END.search(text.rstrip(" |") if text.rstrip().endswith("|") else text)),
        digit_share=digits / chars,
        market_signals=len(_PRICE.findall(text)) + len(_PERCENT.findall(text)) + len(_CURRENCY_PAIR.findall(text)),
        relative_time=short and bool(lexicon.relative_time.fullmatch(text)),
        author_line=short and bool(lexicon.author_line.fullmatch(text)),
        widget_word=words <= 2 and text.casefold().strip() in lexicon.widget_words,
        appeal_voice=voice / len(tokens) if tokens else 0.0,
        stopword_share=plain_function_share(text, tokens, cjk, lexicon),
        content_words=topic,
        # Not a rewrite for speed: the same function (its own tests are in test_heuristics.py).
        appeal_words=_appeal_words(text, tokens, topic, lexicon) if 2 <= words <= _APPEAL_MAX_WORDS else None,
    )


def plain_content_words(tokens: list[str], lexicon: Lexicon) -> frozenset[str]:
    words = set()
    for t in tokens:
        if t in lexicon.all_stopwords:
            continue
        if not _CJK.search(t):
            if len(t) >= 3 and not t.isdigit():
                words.add(t)
            continue
        topic = "".join(c if _CJK.match(c) and not _HIRAGANA.match(c) else " " for c in t).split()
        words.update(run[i:i + 2] for run in topic for i in range(len(run) - 1))
        latin = "".join(c if "a" <= c <= "z" else " " for c in t).split()
        words.update(w for w in latin if len(w) >= 3)
    return frozenset(words)


def plain_function_share(text: str, tokens: list[str], cjk: int, lexicon: Lexicon) -> float:
    if cjk > len(tokens):
        function = len(_HIRAGANA.findall(text)) + sum(1 for c in text if c in _ZH_FUNCTION)
        return min(1.0, 2 * function / cjk)
    return sum(1 for t in tokens if t in lexicon.all_stopwords) / len(tokens) if tokens else 0.0


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load()


def test_same_features_on_every_golden_line(lexicon):
    for path in all_documents():
        for line in path.read_text(encoding="utf-8").splitlines():
            assert block_features(line, lexicon) == plain_block_features(line, lexicon), line


_PIECES = st.sampled_from(["Price", "$5", "5 €", "12,5 %", "EUR/USD", "BTC", "İstanbul", "ǅ", "ß", "ΣΑΣ", "²", "٣",
                           "3", "2024", "our", "you", "the", "and", "placeholder", "23 hours ago", "Author", " ",
                           "\t", "\xa0", ".", "!”", "—", "a", "Б", "日本", "の", "今日は晴れです。"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=16).map(" ".join) | st.text(max_size=60))
def test_same_features_on_random_text(lexicon, text):
    assert block_features(text, lexicon) == plain_block_features(text, lexicon)
