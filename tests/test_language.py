from __future__ import annotations

import pytest

from cleaner.language import LanguageDetector

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
