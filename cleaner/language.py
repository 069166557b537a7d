"""Language of the cleaned body, by langdetect on a bounded sample, deterministic.

The answer is langdetect's own (``DetectorFactory`` with a fixed seed, then
``create()``, ``append(sample)``, ``detect()``), for the same profiles and the same random draws;
the work is laid out to cost a fraction of it (tested against langdetect on every golden
document and on random text):

- the profiles are held packed (one array of the non-zero probabilities, one byte string of
  language indices) instead of a list of 55 boxed floats per n-gram: about 19 MB instead of 58,
  and far fewer objects, so forked workers share them instead of copying them; the n-grams
  that most languages share (90% of the draws) also have a ready row of 55 probabilities;
- characters are normalised through a translation table, n-grams are collected word by word;
- the random walk multiplies five draws into the probabilities in one pass, in the same order
  of floating-point operations, and normalises where langdetect does (every fifth draw);
- the seven walks stop once the leading language can no longer be overtaken.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import random
import re
from array import array

from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.utils.ngram import NGram

UNDETERMINED = "und"


def _cache_path(directory: str) -> str | None:
    """Where the packed profiles of ``directory`` are kept: ``$CLEAN_NEWS_CACHE`` (``off``: nowhere),
    else ``$XDG_CACHE_HOME/clean-news`` or ``~/.cache/clean-news``. The name holds a digest of the
    profile files (names, sizes, modification times) and of the versions, so any change builds anew."""
    setting = os.environ.get("CLEAN_NEWS_CACHE")
    if setting == "off":
        return None
    folder = setting or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"),
                                     "clean-news")
    try:
        listing = sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in os.scandir(directory))
    except OSError:
        return None
    from importlib.metadata import PackageNotFoundError, version

    try:
        langdetect_version = version("langdetect")
    except PackageNotFoundError:
        langdetect_version = "?"
    digest = hashlib.blake2b(repr((directory, listing, langdetect_version, Profiles._FORMAT)).encode(),
                             digest_size=12).hexdigest()
    return os.path.join(folder, f"langdetect-profiles-{digest}.marshal")
#: What langdetect answers when no language reaches its probability threshold.
UNKNOWN = Detector.UNKNOWN_LANG

# langdetect's Detector.cleaning_text: Latin letters are 'A'..'z' (with [\]^_`); "non-Latin" is
# every character from U+0300 on. (Its source means to leave out the Latin Extended Additional
# block, but compares unicode_block()'s number with the block's name, so it never does.)
_LATIN = re.compile("[A-z]")
_NON_LATIN = re.compile("[\u0300-\U0010ffff]")
_SPACE_RUN = re.compile(" {2,}")


class _Normaliser(dict):
    """``str.translate`` table for ``NGram.normalize``, filled in as characters are met."""

    def __missing__(self, code: int) -> str:
        value = self[code] = NGram.normalize(chr(code))
        return value


def _word_ngrams(padded: str, known: dict[str, int]) -> list[str]:
    """The known n-grams langdetect collects from one word: ``padded`` is the word with the space
    before it and, unless it ends the text, the space after it. At each character it collects
    the 1-, 2- and 3-gram ending there (not the lone space), except while it reads the second and
    later of consecutive capitals."""
    if padded.islower() or padded.istitle():  # no two capitals in a row: nothing is skipped
        head = [g for g in (padded[1], padded[:2]) if g in known]
        return head + [g for k in range(2, len(padded))
                       for g in (padded[k], padded[k - 1:k + 1], padded[k - 2:k + 1]) if g in known]
    found = []
    capitals = previous_upper = False
    for k in range(1, len(padded)):
        upper = padded[k].isupper()
        if not upper:
            capitals = False
        elif previous_upper:
            capitals = True
        previous_upper = upper
        if capitals:
            continue
        if padded[k] in known:
            found.append(padded[k])
        if padded[k - 1:k + 1] in known:
            found.append(padded[k - 1:k + 1])
        if k >= 2 and padded[k - 2:k + 1] in known:
            found.append(padded[k - 2:k + 1])
    return found


class Profiles:
    """langdetect's language profiles, packed.

    ``DetectorFactory.load_profile`` gives every n-gram a list with one probability per language
    (``freq / n_words[len - 1]``, languages in the order the profile folder lists them). Here the
    non-zero probabilities of all n-grams sit in one ``array('d')``, their language indices in one
    ``bytes``, and ``offsets`` maps an n-gram to ``start << 8 | count`` in both. N-grams known in
    at least ``DENSE_MIN`` languages also have their full row in ``rows``.
    """

    DENSE_MIN = 8

    def __init__(self, directory: str = PROFILES_DIRECTORY, *, cache: bool = True) -> None:
        path = _cache_path(directory) if cache else None
        if path is not None and self._load(path):
            return
        self._build(directory)
        if path is not None:
            self._save(path)

    # -- the packed form on disk, so that the next process loads it in 0.03 s instead of 0.3 s -----

    _FORMAT = 1

    def _fields(self) -> tuple:
        return (self._FORMAT, self.languages, self.offsets, self.indices, self.values.tobytes(), self.rows)

    def _load(self, path: str) -> bool:
        try:
            with open(path, "rb") as handle:
                fields = marshal.loads(handle.read())
            form, languages, offsets, indices, values, rows = fields
        except (OSError, EOFError, ValueError, TypeError):
            return False  # absent, or unreadable: built again
        if form != self._FORMAT:
            return False
        self.languages, self.offsets, self.indices, self.rows = languages, offsets, indices, rows
        self.values = array("d")
        self.values.frombytes(values)
        return True

    def _save(self, path: str) -> None:
        """Write the cache whole or not at all; a folder that cannot be written only costs speed."""
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            temporary = f"{path}.{os.getpid()}.partial"
            with open(temporary, "wb") as handle:
                marshal.dump(self._fields(), handle)
            os.replace(temporary, path)
        except OSError:
            pass

    def _build(self, directory: str) -> None:
        languages: list[str] = []
        # (n-gram, language, probability), flat while reading: few objects, so little memory stays
        # behind once the profiles are packed.
        words: list[str] = []
        found_in = bytearray()
        found = array("d")
        for filename in os.listdir(directory):  # the factory's order, so the same float sums
            path = os.path.join(directory, filename)
            if filename.startswith(".") or not os.path.isfile(path):
                continue
            with open(path, encoding="utf-8") as handle:
                profile = json.load(handle)
            if len(languages) == 255:
                raise RuntimeError(f"langdetect profiles at {directory}: more than 255 languages")
            index = len(languages)
            languages.append(profile["name"])
            n_words = profile["n_words"]
            for word, count in profile["freq"].items():
                if 1 <= len(word) <= 3 and word != " ":  # langdetect never looks up a lone space
                    words.append(word)
                    found_in.append(index)
                    found.append(1.0 * count / n_words[len(word) - 1])
        if len(languages) < 2:
            raise RuntimeError(f"langdetect profiles at {directory}: found {len(languages)} languages")
        self.languages = tuple(languages)
        self.offsets: dict[str, int] = {}
        indices = bytearray()
        self.values = array("d")
        order = sorted(range(len(words)), key=words.__getitem__)  # stable: languages stay in order
        start = 0
        for n, position in enumerate(order):
            indices.append(found_in[position])
            self.values.append(found[position])
            word = words[position]
            if n + 1 == len(order) or words[order[n + 1]] != word:
                self.offsets[word] = start << 8 | (n + 1 - start)
                start = n + 1
        self.indices = bytes(indices)
        self.rows: dict[str, tuple[float, ...]] = {
            word: self._build_row(word) for word, code in self.offsets.items() if code & 255 >= self.DENSE_MIN}

    def row(self, ngram: str) -> tuple[float, ...]:
        """p(ngram | language) for every language, in ``languages`` order (0.0 where unknown)."""
        found = self.rows.get(ngram)
        return found if found is not None else self._build_row(ngram)

    def _build_row(self, ngram: str) -> tuple[float, ...]:
        row = [0.0] * len(self.languages)
        code = self.offsets[ngram]
        for j in range(code >> 8, (code >> 8) + (code & 255)):
            row[self.indices[j]] = self.values[j]
        return tuple(row)


class LanguageDetector:
    """Loads the language profiles once (about half a second) and detects with a fixed seed.

    Nothing global is touched: the profiles, the random generator and the seed belong to this
    object.
    """

    #: langdetect's parameters (Detector defaults), kept by name so the algorithm reads like its source.
    ALPHA = Detector.ALPHA_DEFAULT
    ALPHA_WIDTH = Detector.ALPHA_WIDTH
    ITERATION_LIMIT = Detector.ITERATION_LIMIT
    PROB_THRESHOLD = Detector.PROB_THRESHOLD
    CONV_THRESHOLD = Detector.CONV_THRESHOLD
    BASE_FREQ = Detector.BASE_FREQ
    N_TRIAL = 7
    MAX_TEXT_LENGTH = 10000

    def __init__(self, *, seed: int = 0, sample_chars: int = 2000, min_letters: int = 20,
                 profiles: Profiles | None = None) -> None:
        self.profiles = profiles or Profiles()
        self._seed = seed
        self._random = random.Random()
        self._normaliser = _Normaliser()
        self._sample_chars = sample_chars
        self._min_letters = min_letters

    def detect(self, text: str) -> str:
        """ISO 639-1 code (``zh-cn`` style for Chinese), or ``und`` when there is too little to tell."""
        sample = self.sample(text)
        if not self._enough_letters(sample):
            return UNDETERMINED
        ngrams = self.ngrams(sample)
        if not ngrams:
            return UNDETERMINED  # langdetect: "No features in text"
        probabilities = self._probabilities(ngrams, until_decided=True)
        best, best_p = UNKNOWN, 0.0
        for language, p in zip(self.profiles.languages, probabilities):
            # langdetect keeps p > PROB_THRESHOLD and takes the first of the highest (a stable sort).
            if p > self.PROB_THRESHOLD and p > best_p:
                best, best_p = language, p
        return best

    def _enough_letters(self, text: str) -> bool:
        letters = 0
        for c in text:
            if c.isalpha():
                letters += 1
                if letters >= self._min_letters:
                    return True
        return letters >= self._min_letters

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

    # -- langdetect's algorithm ------------------------------------------------------------------

    def ngrams(self, text: str) -> list[str]:
        """The n-grams langdetect's ``Detector`` collects from ``text`` (``append``,
        ``cleaning_text``, ``_extract_ngrams``), in the same order."""
        # append: URLs and e-mail addresses out, Vietnamese marks composed, at most
        # MAX_TEXT_LENGTH characters, runs of spaces as one.
        text = Detector.URL_RE.sub(" ", text)
        text = Detector.MAIL_RE.sub(" ", text)
        text = NGram.normalize_vi(text)
        text = _SPACE_RUN.sub(" ", text[:self.MAX_TEXT_LENGTH])
        # cleaning_text: text mostly in another script loses its Latin letters.
        if len(_LATIN.findall(text)) * 2 < len(_NON_LATIN.findall(text)):
            text = _LATIN.sub("", text)
        # _extract_ngrams: the n-gram buffer restarts at every space, so each word gives its
        # n-grams on its own: those ending at each of its characters and at the space after it
        # (the last word of the text has no space after it), except while two or more capitals
        # in a row are being read.
        known = self.profiles.offsets
        found: list[str] = []
        words = text.translate(self._normaliser).split(" ")
        last = len(words) - 1
        memo: dict[str, list[str]] = {}  # a word's n-grams depend on the word alone
        for position, word in enumerate(words):
            if not word:
                continue
            padded = " " + word + " " if position < last else " " + word
            grams = memo.get(padded)
            if grams is None:
                grams = memo[padded] = _word_ngrams(padded, known)
            found += grams
        return found

    def _probabilities(self, ngrams: list[str], until_decided: bool = False) -> list[float]:
        """langdetect's ``_detect_block``: N_TRIAL random walks over the n-grams, averaged.

        A draw of n-gram g multiplies prob[i] by ``weight + p(g | language i)``.

        ``until_decided``: stop after the trial from which the answer cannot change. A trial adds
        at most 1/N_TRIAL to a language (its probabilities are normalised, so none is over 1), so
        once the leader is ahead of every other language by more than the remaining trials could
        add, it is the answer, and it is over PROB_THRESHOLD. The sums returned are then partial;
        the language with the highest is langdetect's answer all the same.
        """
        profiles = self.profiles
        dense = profiles.rows
        built: dict[str, tuple[float, ...]] = {}

        def draw() -> tuple[float, ...]:
            gram = choice(ngrams)
            found = dense.get(gram) or built.get(gram)
            if found is None:
                found = built[gram] = profiles.row(gram)
            return found

        size = len(profiles.languages)
        rnd = self._random
        rnd.seed(self._seed)
        choice = rnd.choice
        limit, threshold = self.ITERATION_LIMIT, self.CONV_THRESHOLD
        langprob = [0.0] * size
        for trial in range(self.N_TRIAL):
            alpha = self.ALPHA + rnd.gauss(0.0, 1.0) * self.ALPHA_WIDTH
            w = alpha / self.BASE_FREQ
            prob = [1.0 / size] * size
            # Draw 0, then normalise and test; then draws 1-5, 6-10, ...: langdetect normalises
            # and tests after draw i when i % 5 == 0 and stops at i == ITERATION_LIMIT. Five
            # draws in one pass apply the same multiplications in the same order.
            prob = [p * (w + q) for p, q in zip(prob, draw())]
            i = 0
            while True:
                total = sum(prob)
                prob = [p / total for p in prob]
                if max(prob) > threshold or i >= limit:
                    break
                a, b, c, d, e = draw(), draw(), draw(), draw(), draw()
                prob = [p * (w + qa) * (w + qb) * (w + qc) * (w + qd) * (w + qe)
                        for p, qa, qb, qc, qd, qe in zip(prob, a, b, c, d, e)]
                i += 5
            for j in range(size):
                langprob[j] += prob[j] / self.N_TRIAL
            left = self.N_TRIAL - 1 - trial
            if until_decided and left:
                second, first = sorted(langprob)[-2:]
                if first - second > left / self.N_TRIAL + 1e-9:  # the margin covers rounding
                    break
        return langprob
