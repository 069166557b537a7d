"""Heuristic ``comment_section``: readers' comments after the article, found by their signatures.

Extractors often keep the comment thread under a post (trafilatura's ``extract`` does by default),
and whole-page text always has it. No phrase names it; its shape does. A comment is signed: a
short line with a date *and* a clock time ("Jane — July 17th, 2012, 6:18 pm", "17.07.2012 um
18:18"), often with a name line and a "Reply" link beside it. A thread repeats that signature
every few lines. Two pieces of evidence are needed, since dated lines alone also make a timeline
or a mail archive: at least ``comment_min_stamps`` signatures after the article's prose (a forum,
whose first post is signed too, is left alone),
and either a signature every ``comment_max_gap`` blocks or two action lines ("Reply") among them.
The section runs from the first signature (with the name or header line just above it) to the
end of the last comment.
"""

from __future__ import annotations

import re
from statistics import median

from .config import Config
from .features import Features, Lexicon, is_prose
from .heuristics import Verdict

_CLOCK = re.compile(r"\b\d{1,2}[:.h]\d{2}\b|\b\d{1,2}\s?[ap]\.?m\b", re.I)
_DIGITS = re.compile(r"\d+")
_VERDICT = Verdict("comments", "comment_section")
#: Rules whose lines belong to a comment's signature.
_SIGNATURE_RULES = frozenset({"commenter_line", "comment_header"})


def is_signature(text: str, feat: Features, lexicon: Lexicon, max_words: int = 16) -> bool:
    """A short line holding a date with its day and year, and a clock time.

    >>> lexicon = Lexicon.load()
    >>> from cleaner.features import block_features
    >>> def sig(t): return is_signature(t, block_features(t, lexicon), lexicon)
    >>> sig("Jane Doe — July 17th, 2012, 6:18 pm"), sig("17.07.2012 um 18:18"), sig("July 2012, 6:18 pm")
    (True, True, False)
    >>> sig("14.11.24")
    False
    """
    # Cheap tests first: most lines are long, have no digit, or no clock time.
    if not 0 < feat.words <= max_words or not feat.digit_share or not _CLOCK.search(text):
        return False
    date = lexicon.stamp_date.search(text)
    # The clock must stand apart from the date ("14.11.24" is a date, not a date and a time).
    return date is not None and bool(_CLOCK.search(text[:date.start()] + " " + text[date.end():]))


def is_action(text: str, lexicon: Lexicon) -> bool:
    """A comment's action link alone on its line ("Reply", "[Reply]", "Report abuse")."""
    return len(text) <= 30 and text.strip().casefold() in lexicon.comment_actions


def _repeated_links(texts: list[str], features: list[Features], first: int, thread: list[int]) -> list[int]:
    """Lines that come back with (nearly) every comment: its links ("Share", "Link to this
    comment:", "Report this comment (Comment number 391)"), in whatever words the site uses. A
    line with a name in it ("From: Jane Doe") is a header, not a link."""
    is_signed = set(thread)
    seen: dict[str, list[int]] = {}
    for i in range(first, len(texts)):
        if i in is_signed or features[i].words > 8:
            continue
        words = texts[i].split()
        if sum(w[:1].isupper() for w in words[1:]) > 0:
            continue
        seen.setdefault(_DIGITS.sub("0", texts[i].strip().casefold()), []).append(i)
    need = max(2, 0.6 * len(thread))
    return sorted(i for found in seen.values() if len(found) >= need for i in found)


def _thread(signatures: list[int], texts: list[str], features: list[Features], labels: list[Verdict | None],
            config: Config) -> list[int]:
    """The signatures of the comment thread after the article, or none."""
    # A dated line far above the next one is the article's own date line, not the first comment
    # (a long first comment is a few times the usual spacing; an article is more).
    thread = signatures
    while len(thread) >= config.comment_min_stamps:
        rest = median(b - a for a, b in zip(thread[1:], thread[2:])) if len(thread) > 2 else 0
        if thread[1] - thread[0] <= max(3 * rest, 2 * config.comment_max_gap):
            break
        thread = thread[1:]
    prose_above, words = [], 0
    for feat, label in zip(features, labels):
        prose_above.append(words)
        if label is None and is_prose(feat, config.prose_min_words):
            words += feat.words
    # A page whose first paragraph is already signed is a forum thread: its posts are the content.
    if not thread or prose_above[thread[0]] == 0:
        return []
    # The thread follows the article: its first signature has prose above it.
    thread = [i for i in thread if prose_above[i] >= config.comment_min_article_words]
    # Comments are signed by different people at different times; one signature over and over is
    # a copied block.
    if len(thread) < config.comment_min_stamps or len({texts[i] for i in thread}) < config.comment_min_stamps:
        return []
    return thread


def comment_section(texts: list[str], features: list[Features], labels: list[Verdict | None],
                    lexicon: Lexicon, config: Config) -> list[Verdict | None]:
    """Label the blocks of a comment thread (those no other stage labelled)."""
    if not config.enabled("comment_section") or len(texts) < config.comment_min_stamps:
        return labels
    signatures = [i for i, (t, f) in enumerate(zip(texts, features)) if is_signature(t, f, lexicon)]
    thread = _thread(signatures, texts, features, labels, config) if len(signatures) >= config.comment_min_stamps else []
    if not thread:
        span = (_linked_thread(texts, features, labels, lexicon, config)
                or _reaction_thread(texts, features, labels, lexicon, config))
        return labels if span is None else _labelled(labels, *span)
    first = thread[0]
    actions = [i for i in range(max(first - 2, 0), len(texts))
               if is_action(texts[i], lexicon) or (labels[i] is not None and labels[i].rule in _SIGNATURE_RULES)]
    gap = median(b - a for a, b in zip(thread, thread[1:]))
    if gap > config.comment_max_gap and len(actions) < 2:
        actions = _repeated_links(texts, features, first, thread)
        if not actions:
            return labels
    start = first
    for _ in range(2):  # the commenter's name, or the thread's header, just above
        if start == 0 or features[start - 1].words > 6 or features[start - 1].sentence_end:
            break
        start -= 1
    return _labelled(labels, start, _thread_end(len(texts), max(thread[-1], max(actions, default=0)), gap))


def _thread_end(size: int, last: int, gap: float) -> int:
    """Where a thread whose last signature or link is ``last`` ends: at the end of the text when
    little follows, else one comment after it (a footer follows)."""
    return size if size - last <= 3 * max(gap, 2) else last + int(gap) + 1


def _labelled(labels: list[Verdict | None], start: int, end: int) -> list[Verdict | None]:
    """The thread's blocks from ``start`` to ``end`` that no other stage labelled are comments."""
    return [_VERDICT if v is None and start <= i < end else v for i, v in enumerate(labels)]


def _linked_thread(texts: list[str], features: list[Features], labels: list[Verdict | None],
                   lexicon: Lexicon, config: Config) -> tuple[int, int] | None:
    """A thread whose signatures the extractor dropped: its "Reply" links are left, one under every
    comment or two ("[Reply]", Blogger's "ReplyDelete"). At least ``comment_min_stamps`` of them,
    one every ``comment_max_gap`` blocks or fewer (median), after the article: the first comment
    must have the article's prose above it, twice the words of a comment at least. A forum, whose first post has its
    "Reply" too, stays."""
    actions = [i for i, t in enumerate(texts) if is_action(t, lexicon)]
    if len(actions) < config.comment_min_stamps:
        return None
    gap = median(b - a for a, b in zip(actions, actions[1:]))
    if gap > config.comment_max_gap:
        return None
    first = actions[0]
    # The first comment is the block just above its link (a longer one keeps its first paragraphs:
    # where it begins, nothing says).
    start = max(first - 1, 0)
    prose = [f.words if v is None and is_prose(f, config.prose_min_words) else 0 for f, v in zip(features, labels)]
    above = sum(prose[:start])
    links = set(actions)
    comment_words = sum(features[i].words for i in range(start, actions[-1]) if i not in links)
    per_comment = comment_words / len(actions)
    if above < max(config.comment_min_article_words, 2 * per_comment):
        return None
    return start, _thread_end(len(texts), actions[-1], gap)


def _reaction_thread(texts: list[str], features: list[Features], labels: list[Verdict | None],
                     lexicon: Lexicon, config: Config) -> tuple[int, int] | None:
    """A thread with neither signatures nor links left: readers answering the post ("Great post,
    David.", "Thanks for sharing these tips", "Hi Karen,"). The first of ``comment_min_reactions``
    such openings, all different lines, with the article's prose above it, starts the thread; it
    runs to the end (an extractor adds the comments after the article). One opening is enough
    when what follows it is shorter than the article above it and speaks in the first person
    (:func:`_readers_speaking`)."""
    prose, above = [], 0
    for feat, label in zip(features, labels):
        prose.append(above)
        if label is None and is_prose(feat, config.prose_min_words):
            above += feat.words
    reactions = [i for i, (t, f) in enumerate(zip(texts, features))
                 if f.words <= 60 and prose[i] >= config.comment_min_article_words
                 and lexicon.reader_reaction.match(t.strip())]
    if not reactions:
        return None
    answers = len({texts[i].strip() for i in reactions})  # one line printed twice is one widget
    if answers < config.comment_min_reactions and not _readers_speaking(
            features, labels, reactions[0], prose[reactions[0]], lexicon, config):
        return None
    # A thread's heading ("Comments") above the first answer starts it there, when the article's
    # prose is mostly above the heading (the comments before the first answer pass for prose).
    start = reactions[0]
    heading = next((i for i in range(start - 1, -1, -1) if labels[i] is not None
                    and labels[i].rule in ("comment_count", "comment_header", "comment_prompt")), None)
    if heading is not None and 2 * prose[heading] >= prose[start]:
        start = heading
    return start, len(texts)


def _readers_speaking(features: list[Features], labels: list[Verdict | None], first: int, article: int,
                      lexicon: Lexicon, config: Config) -> bool:
    """Whether the text from one reader's answer (``first``) to the end is a thread: no longer
    than the ``article`` words of prose above it, at least three blocks, and at least
    ``comment_answer_voice_share`` of its blocks of three words or more say "I" or "my". A quote
    inside the article has the rest of the story after it, in the reporter's voice; a
    publisher's "Thanks for your support!" has a list of names after it."""
    after = range(first, len(features))
    if len(after) < 3 or sum(features[i].words for i in after if labels[i] is None) > article:
        return False
    speaking = [i for i in after if labels[i] is None and features[i].words >= 3]
    voiced = sum(not lexicon.first_person_words.isdisjoint(features[i].tokens) for i in speaking)
    return bool(speaking) and voiced >= config.comment_answer_voice_share * len(speaking)
