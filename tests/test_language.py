from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from cleaner.language import LanguageDetector, Profiles
from conftest import all_documents

TEXTS = {
    "en": "The council approved the budget for public transport after a long debate on Tuesday evening.",
    "de": "Der Stadtrat hat am Dienstagabend mit großer Mehrheit den Bau eines neuen Radwegs beschlossen.",
    "fr": "La mairie a présenté mardi un plan de rénovation des écoles primaires de la ville.",
    "ru": "В субботу в Казани открылась вторая линия метрополитена, которая соединила центр города.",
    "uk": "У Львові в понеділок відкрили оновлений центр для внутрішньо переміщених осіб.",
    "es": "El ayuntamiento ampliará a partir de marzo el horario de las bibliotecas municipales.",
}


@pytest.fixture(scope="module")
def detector():
    return LanguageDetector()


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_detects_common_languages(detector, lang):
    assert detector.detect(TEXTS[lang]) == lang


@pytest.mark.parametrize("text", ["", "   ", "12345 678 %%% ---", "Hi", "x" * 19])
def test_too_little_text_is_und(detector, text):
    assert detector.detect(text) == "und"


def test_deterministic_on_ambiguous_text():
    text = "Hotel Taxi Restaurant Bar Pizza Internet Computer Radio"
    results = {LanguageDetector().detect(text) for _ in range(3)}
    assert len(results) == 1


def test_sample_is_bounded_and_cut_at_spaces():
    detector = LanguageDetector(sample_chars=100)
    sample = detector.sample("word " * 1000)
    assert len(sample) <= 100
    assert not sample.startswith(" ") and sample.split() == ["word"] * len(sample.split())


# -- the same answers as langdetect itself ---------------------------------------------------------

@pytest.fixture(scope="module")
def factory():
    made = DetectorFactory()
    made.load_profile(PROFILES_DIRECTORY)
    made.seed = 0
    return made


def langdetect_answer(factory, text: str) -> tuple[str, list[float] | None, list[str]]:
    """What langdetect's own Detector says about ``text``: language, probabilities, n-grams."""
    detector = factory.create()
    detector.append(text)
    probe = factory.create()
    probe.append(text)
    probe.cleaning_text()
    ngrams = probe._extract_ngrams()
    try:
        return detector.detect(), detector.langprob, ngrams
    except LangDetectException:
        return "und", None, ngrams


def assert_same_as_langdetect(detector, factory, text: str) -> None:
    language, probabilities, ngrams = langdetect_answer(factory, text)
    assert detector.ngrams(text) == ngrams
    if probabilities is not None:
        assert detector._probabilities(ngrams) == probabilities  # exact floats, not approx
    if detector._enough_letters(text):
        assert detector.detect(text) == language


def test_packed_profiles_hold_langdetects_probabilities(factory):
    profiles = Profiles()
    assert list(profiles.languages) == factory.langlist
    size = len(profiles.languages)
    grams = [w for w in factory.word_lang_prob_map if 1 <= len(w) <= 3]
    assert set(grams) == set(profiles.offsets)
    for word in grams:
        code = profiles.offsets[word]
        row = [0.0] * size
        for j in range(code >> 8, (code >> 8) + (code & 255)):
            row[profiles.indices[j]] = profiles.values[j]
        assert row == factory.word_lang_prob_map[word][:size], word


@pytest.mark.parametrize("path", all_documents(), ids=lambda p: p.stem)
def test_same_as_langdetect_on_golden_documents(detector, factory, path):
    text = path.read_text(encoding="utf-8")
    assert_same_as_langdetect(detector, factory, text)
    assert_same_as_langdetect(detector, factory, detector.sample(text))


@pytest.mark.parametrize("text", list(TEXTS.values()) + [
    "Hotel Taxi Restaurant Bar Pizza Internet Computer Radio",
    "NASA AND THE ESA SAID ON MONDAY THAT THE LAUNCH WAS DELAYED BY A WEEK",
    "See https://example.com/a?b=c and write to news@example.org, Điện Biên Phủ thủ đô",
    "東京都の人口は約1400万人です。 日本の首都であり、政治・経済の中心地です。",
    "Привет, мир! Hello world. Привет ещё раз, это в основном кириллический текст.",
    "x" * 30, "A" * 40, "   leading  and   trailing   spaces   ",
])
def test_same_as_langdetect_on_edge_cases(detector, factory, text):
    assert_same_as_langdetect(detector, factory, text)


_CHARACTERS = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ     ..,,!?'\"-:/@0123456789\n")
    + list("äöüßÄÖÜéèêàçñÑøåæœ") + list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙ")
    + list("αβγδεζηθΑΒΓΔ") + list("ابتثجحخدذرزسشصضطظعغفقكلمنهويی") + list("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệ")
    + ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0219", "\u021b", "\u2019", "\u201c", "\u00ab", "\u00a0"]
    + list("日本語中文漢字東京ひらがなカタカナ한국어ㄅㄆ") + ["http://a.b/c ", "x@y.z "])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_CHARACTERS, max_size=600).map("".join) | st.text(max_size=300))
def test_same_as_langdetect_on_random_text(detector, factory, text):
    assert_same_as_langdetect(detector, factory, text)


def test_detector_state_does_not_leak_between_documents(detector, factory):
    texts = [TEXTS["de"], TEXTS["ru"], TEXTS["de"]]
    assert [detector.detect(t) for t in texts] == [langdetect_answer(factory, t)[0] for t in texts]


def test_packed_profiles_from_the_cache_are_the_ones_built_from_langdetect(tmp_path, monkeypatch):
    from cleaner.language import Profiles

    monkeypatch.setenv("CLEAN_NEWS_CACHE", str(tmp_path))
    built = Profiles(cache=False)
    first = Profiles()  # builds and writes the cache
    [cached_file] = list(tmp_path.iterdir())
    loaded = Profiles()  # reads it
    for profiles in (first, loaded):
        assert profiles.languages == built.languages and profiles.offsets == built.offsets
        assert list(profiles.offsets) == list(built.offsets)
        assert profiles.indices == built.indices and profiles.values == built.values and profiles.rows == built.rows
    cached_file.write_bytes(b"cut short")  # a damaged cache is built again, not trusted
    assert Profiles().offsets == built.offsets
    assert cached_file.stat().st_size > 1_000_000


def test_no_cache_is_written_when_it_is_switched_off(tmp_path, monkeypatch):
    from cleaner.language import Profiles

    monkeypatch.setenv("CLEAN_NEWS_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert Profiles().languages
    assert list(tmp_path.iterdir()) == []
