"""Language of the cleaned body, by langdetect on a bounded sample, deterministic."""

from __future__ import annotations

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

UNDETERMINED = "und"


class LanguageDetector:
    """Loads langdetect's profiles once (about a second) and detects with a fixed seed.

    The factory is private to this object, so two detectors with different seeds do not interfere
    and nothing global is touched.
    """

    def __init__(self, *, seed: int = 0, sample_chars: int = 2000, min_letters: int = 20) -> None:
        self._factory = DetectorFactory()
        self._factory.load_profile(PROFILES_DIRECTORY)
        self._factory.seed = seed
        self._sample_chars = sample_chars
        self._min_letters = min_letters

    def detect(self, text: str) -> str:
        """ISO 639-1 code (``zh-cn`` style for Chinese), or ``und`` when there is too little to tell."""
        sample = self.sample(text)
        if sum(1 for c in sample if c.isalpha()) < self._min_letters:
            return UNDETERMINED
        detector = self._factory.create()
        detector.append(sample)
        try:
            return detector.detect()
        except LangDetectException:
            return UNDETERMINED

    def sample(self, text: str) -> str:
        """A slice from the middle of the text, cut at spaces: the middle is the article, not its
        header or footer, and a bounded sample keeps detection cost flat."""
        if len(text) <= self._sample_chars:
            return text
        start = (len(text) - self._sample_chars) // 2
        end = start + self._sample_chars
        left = text.find(" ", start)
        right = text.rfind(" ", start, end)
        if 0 <= left < right:
            return text[left + 1:right]
        return text[start:end]
