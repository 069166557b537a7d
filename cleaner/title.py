"""Title detection: which header line is the article's headline (stage ``title_line``).

The headline leaves the body for the record's ``title``; ``headline_repeat`` (a line test in
:mod:`cleaner.heuristics`) removes it where it comes again further down.
"""

from __future__ import annotations

from .config import Config
from .features import Features, Lexicon, block_features, is_prose
from .heuristics import Verdict
from .rules import match_key
from .segment import Block

_BAD_ENDINGS = (".", ",", ";", ":")
# Header lines that belong to an article's head: a headline standing over one of them is its title.
_HEAD_CATEGORIES = frozenset({"byline", "dateline"})


def title_index(blocks: list[Block], features: list[Features], labels: list[Verdict | None],
                known_title: str | None, config: Config, lexicon: Lexicon) -> int | None:
    """The header line that is the title: the known title where it is repeated in the head, or
    else the first unlabelled line, when it reads as a headline and the next unlabelled line is
    the first paragraph (and, when a title is known, shares its topic)."""
    if not config.enabled("title_line"):
        return None
    head_end = next((i for i, (f, v) in enumerate(zip(features, labels))
                     if v is None and is_prose(f, config.prose_min_words)), len(blocks))
    unlabelled = [i for i in range(min(head_end + 1, len(blocks))) if labels[i] is None]
    if not known_title:
        return _headline_line(blocks, features, labels, head_end, unlabelled, config, lexicon)
    key = match_key(known_title)
    repeated = next((i for i in unlabelled[:3] if match_key(blocks[i].text) == key), None)
    if repeated is not None:
        return repeated
    # The headline on the page is often worded apart from the page's <title> ("Two prison
    # officers charged with falsifying records" under "Prison guards charged"): a line shaped and
    # placed like a headline that shares half of the title's topic words is the headline.
    i = _headline_line(blocks, features, labels, head_end, unlabelled, config, lexicon)
    if i is None:
        return None
    title_words = block_features(known_title, lexicon).content_words
    shared = len(title_words & features[i].content_words)
    smaller = min(len(title_words), len(features[i].content_words))
    return i if smaller and shared >= config.title_topic_share * smaller else None


def _headline_line(blocks: list[Block], features: list[Features], labels: list[Verdict | None], head_end: int,
                   unlabelled: list[int], config: Config, lexicon: Lexicon) -> int | None:
    """The first unlabelled line, when it reads as a headline and the next unlabelled line is
    the first paragraph (or when only a byline or date line stands under it)."""
    if not unlabelled or unlabelled[0] >= head_end:
        return None
    i = unlabelled[0]
    paragraphs = any(b.paragraph_break for b in blocks)
    # The title stands right before the first paragraph (labelled lines such as a caption or a
    # source line may come between). Two headline-shaped lines in a row are a header block of
    # unknown shape, not a title: taking the first would leave the second to be taken next time.
    next_unlabelled = unlabelled[1] if len(unlabelled) > 1 else len(blocks)
    # A headline whose byline or date line follows, and nothing else, is a stub whose article the
    # extractor missed: the headline is still the title, not a body.
    stub = next_unlabelled == head_end == len(blocks) and any(
        label is not None and label.category in _HEAD_CATEGORIES for label in labels[i + 1:])
    over_paragraph = next_unlabelled == head_end < len(blocks)
    reads_as_headline = (
        2 <= features[i].words <= config.title_max_words and (over_paragraph or stub)
        and _reads_as_headline(blocks[i].text, lexicon, allow_question=paragraphs)
    )
    return i if reads_as_headline else None


def _reads_as_headline(text: str, lexicon: Lexicon, *, allow_question: bool) -> bool:
    """The shape of a headline: starts like a sentence, does not end like one (or like a line cut
    mid-sentence), is not shouted in capitals, is not a URL or a "Label: value: value" line. A
    question is a headline only where the text has paragraph breaks to set it apart."""
    words = text.split()
    letters = [c for c in text if c.isalpha()]
    return (
        (text[0].isupper() or text[0].isdigit() or text[0] in "\"'“‘«")
        and not text.endswith(_BAD_ENDINGS)
        and (allow_question or not text.endswith(("?", "!")))
        and words[-1].casefold().strip("\"'”’»") not in lexicon.all_stopwords
        and not (len(words) >= 2 and letters and all(c.isupper() for c in letters))
        and "://" not in text and "www." not in text and text.count(":") < 2
    )
