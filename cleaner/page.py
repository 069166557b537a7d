"""The article region of a whole-page text: the densest run of prose, and what lies around it.

A text dumped from a whole web page has the article in one stretch of prose, with menus, teasers,
footers and share bars before and after it. ``article_region`` finds that stretch without any
phrase list: blocks are sorted into prose, short lines and other lines by shape; prose blocks
close to each other form clusters; the cluster with the most prose words is the article. Blocks
before and after it are page chrome, unless they are on the article's topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .config import Config
from .features import LIST_MARK, Features, lead_overlap
from .heuristics import Verdict
from .rules import headline_keys, key_words, match_key

PROSE, SHORT, OTHER, JUNK = "prose", "short", "other", "junk"


def block_class(feat: Features, label: Verdict | None, config: Config) -> str:
    """Context-free class of a block for region finding."""
    if label is not None:
        return JUNK
    if feat.words >= config.prose_min_words and feat.sentence_end and feat.stopword_share >= config.page_stopword_min:
        return PROSE
    if feat.words >= config.page_long_words and feat.stopword_share >= config.page_stopword_min:
        return PROSE
    if feat.words < config.page_short_words:
        return SHORT
    return OTHER


def looks_like_page(texts: list[str], features: list[Features], config: Config,
                    labels: list[Verdict | None] | None = None) -> bool:
    """A whole-page text is full of menu items and labels, and it is framed like a page.

    Tiny lines (three words or fewer, or at most ``page_tiny_chars`` characters: a menu item in
    Japanese or Chinese has no spaces) must make up ``page_tiny_share`` of the lines. Article text
    with lists, tables, recipes or code has as many, so that alone is weak evidence; a second piece
    is needed: the first line is the page title naming the site ("Headline | Site"), or the headline
    comes again further down, or at least ``page_frame_min_tiny`` tiny lines (menus, footer links)
    stand before the first paragraph and after the last, or tiny lines are so many
    (``page_tiny_strong``) that the text can only be a page. In every case some tiny lines must
    stand outside the main cluster of prose: a page's menus and footer do, while a directory's
    labels under each entry ("Korean", "$$") all stand among its paragraphs. ``labels`` are the
    rules' verdicts: a footer sentence a rule removed is no paragraph.
    A page with few tiny lines (a long blog post) is still a page when its title line names the
    site and the headline comes again above the article; no extractor output does both."""
    if len(features) < config.page_min_blocks:
        return False
    tiny = [is_tiny(t, f, config) for t, f in zip(texts, features)]
    site_title = len(headline_keys(texts[0])) > 1
    if sum(tiny) >= config.page_tiny_share * len(features):
        classes = [block_class(f, v, config) for f, v in zip(features, labels or [None] * len(features))]
        prose = [i for i, cls in enumerate(classes) if cls == PROSE]
        # When most tiny lines are list items ("- Organic cotton", as extractors write <li>) below
        # the first paragraph, they are the article's lists (a roundup, a changelog), not a page's
        # menus, which stand above the article or come as bare lines.
        opening = prose[0] if prose else len(features)
        items = [is_tiny and i > opening and bool(LIST_MARK.match(t))
                 for i, (t, is_tiny) in enumerate(zip(texts, tiny))]
        if 2 * sum(items) > sum(tiny):
            tiny = [is_tiny and not item for is_tiny, item in zip(tiny, items)]
        fields = data_fields(texts, tiny)
        tiny = [is_tiny and not field for is_tiny, field in zip(tiny, fields)]
    share = sum(tiny) / len(features)
    if share >= config.page_tiny_share:  # then ``classes`` and ``prose`` are known (see above)
        if _all_among_prose(tiny, features, classes, config):
            return False
        if site_title or share >= config.page_tiny_strong:
            return True
        first, last = (prose[0], prose[-1]) if prose else (len(features), len(features))
        if sum(tiny[:first]) + sum(tiny[last + 1:]) >= config.page_frame_min_tiny:
            return True
        return bool(headline_anchors(texts))
    # A page's <title> names the site ("Headline | Site") and the headline comes again above the
    # article; an extractor's output does not start with the site's name.
    return site_title and bool(headline_anchors(texts))


#: A field of a record: a label and its value ("Sound 8.5", "Price: 49,95", "Number 3:").
_FIELD = re.compile(r"([^\W\d_][^\d:]{0,30}?)\s*:?\s*([-+]?\d[\d.,]*)\s*(?:%|/\s?\d+|[^\W\d_]{1,4}\.?)?\s*:?")
#: A year is no field's value: "November 2012", "October 2012" are a blog's archive.
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
#: A label is a record's field when it comes in this many records.
_FIELD_MIN_RECORDS = 3


def data_fields(texts: list[str], tiny: list[bool]) -> list[bool]:
    """Tiny lines that are the fields of records: one label in each of three records or more,
    the records parted by other lines ("Sound 8.5" ... "Sound 7.5" under each product of a
    roundup, "Price: 49,95", "Number 2:"). A menu repeats its items word for word, and a list of
    months in one block is an archive; a roundup's specs, ratings and prices repeat their labels
    from record to record: they are the article's data, no page chrome."""
    found = [_FIELD.fullmatch(t.strip()) if is_tiny else None for t, is_tiny in zip(texts, tiny)]
    found = [m if m and not _YEAR.fullmatch(m.group(2)) else None for m in found]
    records: dict[str, set[int]] = {}
    record = 0
    for i, match in enumerate(found):
        if match:
            record += i > 0 and found[i - 1] is None  # a line that is no field ends a record
            records.setdefault(match.group(1).casefold(), set()).add(record)
    fields = {label for label, seen in records.items() if len(seen) >= _FIELD_MIN_RECORDS}
    return [bool(match) and match.group(1).casefold() in fields for match in found]


def is_tiny(text: str, feat: Features, config: Config) -> bool:
    """Three words or fewer, or at most ``page_tiny_chars`` characters (a menu item in Japanese or
    Chinese has no spaces): the size of a menu item or a label."""
    return feat.words <= 3 or len(text) <= config.page_tiny_chars


def _all_among_prose(tiny: list[bool], features: list[Features], classes: list[str], config: Config) -> bool:
    """No tiny line stands before or after the cluster of paragraphs with the most prose words."""
    found = clusters(classes, features, config)
    if not found:
        return False
    main = max(found, key=lambda cluster: cluster.prose_words)
    return not any(tiny[:main.first]) and not any(tiny[main.last + 1:])


@dataclass(frozen=True)
class Cluster:
    first: int
    last: int
    prose_words: int


def clusters(classes: list[str], features: list[Features], config: Config) -> list[Cluster]:
    """Prose blocks joined across gaps of at most ``page_max_gap`` non-prose blocks. (A run-opening
    line does not break a cluster: prompts inside articles would split them.)"""
    found: list[Cluster] = []
    first = last = -1
    words = 0
    for i, cls in enumerate(classes):
        if cls != PROSE:
            continue
        if first >= 0 and i - last - 1 > config.page_max_gap:
            found.append(Cluster(first, last, words))
            first, words = -1, 0
        if first < 0:
            first = i
        last = i
        words += features[i].words
    if first >= 0:
        found.append(Cluster(first, last, words))
    return found


def headline_anchors(texts: list[str]) -> list[int]:
    """Where the page repeats its title as a headline.

    A whole-page text starts with the page title ("Headline – Site"); the article's own headline
    comes again just before the article body, while menus and teasers come before it. A blog page
    may repeat it more than once (a sidebar, a breadcrumb); every repetition is a candidate.
    """
    parts = headline_keys(texts[0]) if texts else frozenset()
    anchors = []
    for i in range(1, len(texts)):
        key = match_key(texts[i])
        size = key_words(key)
        if size >= 3 and any(key == p or (size >= 4 and p.startswith(key)) for p in parts):
            anchors.append(i)
    return anchors


def ends_article(label: Verdict | None) -> bool:
    """A line after which prose is no more of the article: a comment thread's header, or a line
    that opens a run of a category (a related-news box, an appeal)."""
    return label is not None and ((label.opens_run and label.category is not None) or label.rule == "comment_section")


def _split_at(found: list[Cluster], i: int, features: list[Features], classes: list[str]) -> list[Cluster]:
    """The clusters, with the one that spans block ``i`` (the start of a comment thread) cut in two
    there: a short post and the sidebar's teasers under its comment form are not one article."""
    out = []
    for c in found:
        if c.first < i <= c.last:
            for a, b in ((c.first, i - 1), (i, c.last)):
                prose = [j for j in range(a, b + 1) if classes[j] == PROSE]
                if prose:
                    out.append(Cluster(prose[0], prose[-1], sum(features[j].words for j in prose)))
        else:
            out.append(c)
    return out


def main_cluster(found: list[Cluster], anchors: list[int], config: Config,
                 labels: list[Verdict | None] | None = None) -> Cluster:
    """The article: of the first substantial clusters after each repeated headline, the largest;
    without a headline, the cluster with the most prose words. (A comment thread or a teaser list
    can be longer than the article, but the headline stands before the article.)

    A headline right below a cluster of prose (at most ``page_max_gap`` blocks) and separated by
    a related-news or comments header from the cluster after it is no headline but the story's
    name in a share bar under the article ("Share or comment on this article: <headline>"): the
    cluster after it is teasers, and the article is the largest cluster above it."""
    labels = labels or []
    candidates = []
    for anchor in anchors:
        following = next((c for c in found if anchor <= c.first <= anchor + config.page_anchor_window
                          and c.prose_words >= config.page_anchor_min_words), None)
        if following is None:
            continue
        closes = any(anchor - config.page_max_gap <= c.last < anchor and c.prose_words >= config.page_anchor_min_words
                     for c in found)
        if closes and any(ends_article(v) for v in labels[anchor:following.first]):
            candidates.append(max((c for c in found if c.last < anchor), key=lambda c: c.prose_words))
            continue
        candidates.append(following)
    return max(candidates or found, key=lambda c: c.prose_words)


def region_lead(texts: list[str], features: list[Features], classes: list[str], main: Cluster,
                config: Config) -> frozenset[str]:
    """Content words of the page title and the first prose of the main cluster."""
    words = set(features[0].content_words) if texts else set()
    budget = config.lead_words
    for i in range(main.first, main.last + 1):
        if budget <= 0:
            break
        if classes[i] == PROSE:
            words |= features[i].content_words
            budget -= features[i].words
    return frozenset(words)


def cluster_overlap(cluster: Cluster, features: list[Features], classes: list[str], lead: frozenset[str]) -> float:
    vocabulary: set[str] = set()
    for i in range(cluster.first, cluster.last + 1):
        if classes[i] == PROSE:
            vocabulary |= features[i].content_words
    return len(vocabulary & lead) / len(vocabulary) if vocabulary else 0.0


def extend(main: Cluster, found: list[Cluster], features: list[Features], classes: list[str],
           labels: list[Verdict | None], lead: frozenset[str], config: Config,
           anchors: list[int] = ()) -> tuple[int, int]:
    """Grow the region over neighbouring clusters on the article's topic (an article broken by a
    teaser box or a gallery), never across a block that opens a run (a comment thread header),
    and never back across the headline that stands above the article."""
    headline = max((a for a in anchors if a <= main.first), default=-1)
    def boundary(a: int, b: int) -> bool:
        return any(labels[i] is not None and labels[i].opens_run for i in range(a, b))

    first, last = main.first, main.last
    position = found.index(main)
    for cluster in found[position + 1:]:
        if boundary(last + 1, cluster.first) or cluster_overlap(cluster, features, classes, lead) < config.page_merge_overlap:
            break
        last = cluster.last
    for cluster in reversed(found[:position]):
        if cluster.last < headline or boundary(cluster.last + 1, first) or cluster_overlap(cluster, features, classes, lead) < config.page_merge_overlap:
            break
        first = cluster.first
    return first, last


def _list_item(text: str) -> bool:
    """A list item, or a table row ("| cell |")."""
    return bool(LIST_MARK.match(text)) or text.startswith("|")


def announced_list_end(texts: list[str], classes: list[str], labels: list[Verdict | None], last: int,
                       config: Config) -> int:
    """Where a list or table that belongs to the article ends.

    A region that ends on, or is followed by, a line announcing a list ("Tour dates:") or that
    ends on a list item carries on over the list's lines: short or medium lines, or items, until
    a labelled line, a prose paragraph, or ``page_list_max`` lines.
    """
    announces = texts[last].rstrip().endswith(":") or _list_item(texts[last])
    end = last
    for i in range(last + 1, min(len(texts), last + 1 + config.page_list_max)):
        if labels[i] is not None or classes[i] == PROSE:
            break
        item = _list_item(texts[i])
        heading = texts[i].rstrip().endswith(":")
        if not (announces or item or (heading and i == last + 1)):
            break
        announces = announces or heading
        end = i
    return end


#: A year: a line that carries one is a dated item (a teaser, an archive entry), not a checklist's.
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_DIGIT = re.compile(r"\d")


def list_after_region(texts: list[str], features: list[Features], classes: list[str],
                      labels: list[Verdict | None], lead: frozenset[str], last: int, boundary: int,
                      inside: int, config: Config) -> int:
    """Where the article ends when its body is a list under a short introduction (a checklist, a
    catalogue's index, a directory): the lines after the region that nothing labelled, as far as
    the first labelled line, paragraph off the article's topic, dated line (a news list) or pair
    of tiny lines without digits (a menu; a tiny heading over an item is the list's own, and so is
    an entry's phone number or price over its next field), count as the article's
    when they hold at least as many words as the region's prose. Shorter runs are left to the
    page tail: a few lines after an article are a box more often than its list."""
    def tiny(i: int) -> bool:
        return i >= len(texts) or (is_tiny(texts[i], features[i], config) and _DIGIT.search(texts[i]) is None)

    end = last
    for i in range(last + 1, boundary):
        if labels[i] is not None or _YEAR.search(texts[i]) or (
                classes[i] == PROSE and lead_overlap(features[i], lead) < config.page_keep_overlap):
            break
        if tiny(i) and (tiny(i + 1) or (i + 1 < len(labels) and labels[i + 1] is not None)):
            break
        end = i
    return end if sum(features[i].words for i in range(last + 1, end + 1)) >= inside else last


def _split_article_reach(features: list[Features], classes: list[str], first: int, last: int,
                         lines: range, inside: int) -> int | None:
    """How far an article that lists, headings or code split into pieces runs from its region
    (``first`` to ``last``) over ``lines`` (down from the region, or up from it): to the farthest
    paragraph up to which the text stays mostly prose (a sidebar's menus are not), when those
    paragraphs are written like the region's, at least half as long on average (teasers of other
    stories are a sentence each). None when it runs nowhere."""
    words = prose_words = paragraphs = 0
    reach = count = 0
    farthest = None
    for i in lines:
        words += features[i].words
        if classes[i] == PROSE:
            prose_words, paragraphs = prose_words + features[i].words, paragraphs + 1
            if 2 * prose_words >= words:
                farthest, reach, count = i, prose_words, paragraphs
    region_paragraphs = sum(classes[i] == PROSE for i in range(first, last + 1))
    return farthest if count and 2 * reach * region_paragraphs >= inside * count else None


#: Paragraphs in a row that show the story going on below a box.
_STORY_AGAIN = 3


def _past_boxes_inside(features: list[Features], classes: list[str], labels: list[Verdict | None],
                       lead: frozenset[str], first: int, last: int, boundary: int, inside: int,
                       config: Config) -> int:
    """The article's end past related boxes inside it ("Most Read" and three headlines in the
    middle of a story): a related header ends nothing when, within ``2 * related_box_max`` lines
    (headlines, each with a byline at most), the story goes on with ``_STORY_AGAIN`` paragraphs in
    a row, and the prose from there to the next line that ends an article is mostly on the
    story's topic (all but ``page_topic_share`` of its words) and written like the region (its
    paragraphs at least half as long on average). Teasers of other stories alternate with their
    headlines, and are a sentence each."""
    region_paragraphs = sum(classes[i] == PROSE for i in range(first, last + 1))
    while boundary < len(labels) and labels[boundary].category == "related_content":
        window = range(boundary + 1, min(len(labels), boundary + 2 + 2 * config.related_box_max))
        again = next((j for j in window if classes[j] == PROSE), None)
        if again is None or any(classes[j] != PROSE for j in range(again, min(len(labels), again + _STORY_AGAIN))):
            break
        end = next((i for i in range(again, len(labels)) if ends_article(labels[i])), len(labels))
        prose = [(features[j].words, lead_overlap(features[j], lead) >= config.page_keep_overlap)
                 for j in range(again, end) if classes[j] == PROSE]
        total = sum(words for words, _ in prose)
        if (sum(words for words, on_topic in prose if on_topic) < (1 - config.page_topic_share) * total
                or 2 * total * region_paragraphs < inside * len(prose)):
            break
        boundary = end
    return boundary


def above_the_thread(texts: list[str], features: list[Features], classes: list[str],
                     labels: list[Verdict | None], first: int, last: int, boundary: int, config: Config) -> int:
    """Where an article ends that a comment thread follows: what stands between the region and
    the thread's first line up to the first labelled line (a tag list, a share bar) is the
    article's (a recipe's card under its story, a table, a note), when it holds no pair of tiny
    lines (a menu) and ``page_topic_share`` of its content words are the region's own. A box of
    other stories' headlines there shares few words with the story."""
    if boundary >= len(labels) or labels[boundary].category != "comments":
        return last
    stop = next((i for i in range(last + 1, boundary) if labels[i] is not None), boundary)
    if any(is_tiny(texts[i], features[i], config) and is_tiny(texts[i + 1], features[i + 1], config)
           for i in range(last + 1, stop - 1)):
        return last
    story = frozenset().union(*(features[i].content_words for i in range(first, last + 1) if classes[i] == PROSE))
    stretch = [word for i in range(last + 1, stop) for word in features[i].content_words]
    if not stretch or sum(word in story for word in stretch) < config.page_topic_share * len(stretch):
        return last
    return stop - 1


def sections_after_region(texts: list[str], features: list[Features], classes: list[str],
                          labels: list[Verdict | None], first: int, last: int, boundary: int,
                          config: Config) -> int:
    """Where an article made of like sections ends (a roundup's "Overview" / "Pros" / "Verdict"
    under each product): two or more tiny headings of the region that come again after it, each
    time between different lines and with a paragraph between one and the next, are the article's
    template, and the article runs on to the line under the last of them. A menu or a share bar
    repeats its items between the same lines; an author's name or a button under each teaser of
    a list has no paragraph between one and the next."""
    places: dict[str, list[int]] = {}
    for i in range(first, boundary):
        if labels[i] is None and is_tiny(texts[i], features[i], config):
            places.setdefault(match_key(texts[i]), []).append(i)
    repeated = [where for where in places.values() if where[0] < last and sum(i > last for i in where) >= 2]
    if len(repeated) < 2:
        return last

    def key(i: int) -> str | None:
        return match_key(texts[i]) if 0 <= i < len(texts) else None

    ends = []
    for where in repeated:
        around = {(key(i - 1), key(i + 1)) for i in where}
        differ = all(len({pair[side] for pair in around}) == len(where) for side in (0, 1))
        spaced = all(PROSE in classes[a + 1:b] for a, b in zip(where, where[1:]))
        if differ and spaced:
            ends.append(min(where[-1] + 1, boundary - 1))
    return max(ends) if len(ends) >= 2 else last


#: A numbered heading: "4.2. Configuration options", "9. SpiderOak": its number, and whether a
#: point follows it (the house style a sequence keeps).
_NUMBERED = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)(\.?)\s+\S")
#: Numbered headings are short: a longer numbered line is a list item or a sentence.
_NUMBERED_MAX_WORDS = 15


def _number(text: str, feat: Features) -> tuple[tuple[int, ...], str] | None:
    """The number of a numbered heading, and its style; None for another line, and for a bare
    count ("41 Photos", "42 Comments"): a heading's number has a point after it or in it."""
    found = _NUMBERED.match(text) if feat.words <= _NUMBERED_MAX_WORDS else None
    if found is None or not (found.group(2) or "." in found.group(1)):
        return None
    return tuple(int(part) for part in found.group(1).split(".")), found.group(2)


def _follows(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """``b`` is the number after ``a`` in an outline: 4.1 -> 4.2, 5 or 5.1; 4 -> 4.1."""
    if b == a + (1,):
        return True
    return any(b[:k + 1] == a[:k] + (a[k] + 1,) and all(part == 1 for part in b[k + 1:])
               for k in range(len(a)))


def numbered_sections_after_region(texts: list[str], features: list[Features], labels: list[Verdict | None],
                                   first: int, last: int, boundary: int, config: Config) -> int:
    """Where an article in numbered sections ends ("4.1. Installation" in the region, "4.2.
    Configuration" and "5. Troubleshooting" after it): the headings after the region whose numbers
    go on from the region's last, in its style, are the article's, and so is what stands under the
    last of them, as far as a labelled line or a pair of tiny lines (a menu). A teaser list's
    numbers ("10 best ...") do not go on from the article's."""
    numbers = [n for i in range(first, last + 1) if labels[i] is None
               and (n := _number(texts[i], features[i])) is not None]
    if len(numbers) < 2:
        return last
    (_, before), (current, style) = numbers[-2:]
    if before != style:  # the region's own numbering, in one style
        return last
    heading = None
    for i in range(last + 1, boundary):
        n = _number(texts[i], features[i])
        if n is None or n[1] != style:
            continue
        if not _follows(current, n[0]):
            break
        current, heading = n[0], i
    if heading is None:
        return last
    end = heading
    while (end + 1 < boundary and labels[end + 1] is None and _number(texts[end + 1], features[end + 1]) is None
           and not (is_tiny(texts[end + 1], features[end + 1], config)
                    and end + 2 < len(texts) and is_tiny(texts[end + 2], features[end + 2], config))):
        end += 1
    return end


#: A line led by a quantity: a number, a fraction or a range ("125 g Mehl", "1/2 cup parsley",
#: "2-3 cloves garlic", "½ TL Salz"), after an optional bullet; not an ordinal ("1st grade") nor
#: a list's number ("1. Salesforce"); then at most one unit-like word and a word.
_QUANTITY = re.compile(r"^(?:[-•*]\s*)?(\d+(?:[.,/]\d+)?(?:\s*[-–]\s*\d+(?:[.,/]\d+)?)?|[½⅓⅔¼¾⅛])"
                       r"(?!st\b|nd\b|rd\b|th\b|\.\s)\s*(?:[^\W\d_]{1,12}\.?\s+)?[^\W\d_]")
#: An ingredient names a thing in a few words; a longer line in capitals is a headline ("8 Best
#: Cities to Find Cloud Computing Jobs").
_INGREDIENT_MAX_WORDS = 8


def _ingredient(text: str, feat: Features) -> re.Match[str] | None:
    found = _QUANTITY.match(text)
    if not found or feat.words > _INGREDIENT_MAX_WORDS or feat.sentence_end:
        return None
    rest = text[found.end(1):].split()
    if len(rest) >= 5 and sum(w[:1].isupper() for w in rest) >= 0.75 * len(rest):
        return None
    return found


class _Named:
    """The words the prose after a list names, grown from the end of the page towards its top, and
    looked up in constant time per word: a word, its first five letters, or a compound's end
    ("Mehl" and "Weizenmehl", "Hefe" and "Trockenbackhefe", either way round)."""

    def __init__(self) -> None:
        self.words: set[str] = set()
        self._heads: set[str] = set()  # the first five letters of each word of four or more
        self._ends: set[str] = set()   # each word's endings of four letters or more

    def add(self, words: frozenset[str]) -> None:
        for word in words - self.words:
            self.words.add(word)
            if len(word) >= 4:
                self._heads.add(word[:5])
                self._ends.update(word[i:] for i in range(len(word) - 3))

    def names_one_of(self, words: frozenset[str]) -> bool:
        return any(w in self.words or (len(w) >= 4 and (w[:5] in self._heads or w in self._ends
                                                        or any(w[i:] in self.words for i in range(1, len(w) - 3))))
                   for w in words)


def ingredient_lists(texts: list[str], features: list[Features], labels: list[Verdict | None],
                     classes: list[str], first: int, last: int, boundary: int, config: Config) -> set[int]:
    """The blocks of a recipe's ingredient lists outside the region: runs of short lines, at
    least ``page_ingredients_min`` of them and two fifths of the run led by a quantity ("125 g
    Mehl", "1/2 cup parsley"; the others labels such as "Belag:" or names without digits, as
    sites that print the quantity on a line of its own have), where at least
    ``page_ingredients_share`` of the lines name something the prose after them names (the
    method uses the ingredients). Not a menu, whose items repeat their words after the number
    ("4 Camera Security System", "8 Camera Security System"), nor a numbered list, whose numbers
    count up (1, 2, 3; 4.1, 4.2)."""
    size = min(len(texts), boundary)
    outside = [not first <= k <= last for k in range(size)]
    led = [_ingredient(texts[k], features[k]) if outside[k] else None for k in range(size)]
    # A line between quantities: a label ("Belag:") or a name, as where a site prints the
    # quantity on a line of its own ("dynia" / "400 gramów").
    between = [outside[k] and features[k].words <= 5 and not features[k].sentence_end
               and not any(c.isdigit() for c in texts[k]) for k in range(size)]
    lists = []
    i = 0
    while i < size:
        if not led[i]:
            i += 1
            continue
        end = i + 1
        while end < size and (led[end] or between[end]):
            end += 1
        run, i = range(i, end), end
        quantities = [(k, led[k]) for k in run if led[k]]
        # A recipe's list is as long as a list the article announces at most; a longer one is data.
        if (len(quantities) < config.page_ingredients_min or len(quantities) < 0.4 * len(run)
                or len(run) > config.page_list_max):
            continue
        rests = [match_key(texts[k][m.end(1):]) for k, m in quantities]
        numbers = [tuple(map(int, m.group(1).split("."))) if re.fullmatch(r"\d+(?:\.\d+)*", m.group(1)) else None
                   for _, m in quantities]
        counting = sum(a is not None and b is not None and _follows(a, b) for a, b in zip(numbers, numbers[1:]))
        if len(set(rests)) >= 0.8 * len(rests) and counting < 0.5 * (len(quantities) - 1):
            lists.append(run)
    # What the prose after each list names, from the last list up: each block is read once.
    found: set[int] = set()
    named, read_from = _Named(), size
    for run in reversed(lists):
        for k in range(run.stop, read_from):
            if classes[k] == PROSE:
                named.add(features[k].content_words)
        read_from = run.stop
        worded = [k for k in run if features[k].content_words]
        sharing = sum(named.names_one_of(features[k].content_words) for k in worded)
        if worded and sharing >= config.page_ingredients_share * len(worded):
            found.update(k for k in run if labels[k] is None or labels[k].weak)
    return found


def _sentence_between_paragraphs(i: int, features: list[Features], classes: list[str], config: Config) -> bool:
    """A line written as a sentence (a full stop, the stopwords of prose) too short to be a
    paragraph, right between two paragraphs ("Remember: goals should be realistic and measurable.")."""
    return (0 < i < len(classes) - 1 and classes[i - 1] == PROSE and classes[i + 1] == PROSE
            and features[i].sentence_end and features[i].stopword_share >= config.page_stopword_min)


def _standfirst(text: str, feat: Features, cls: str, lead: frozenset[str], config: Config) -> bool:
    """A standfirst: a sentence too short for a paragraph, on the article's topic twice over (it
    sums the story up: ``2 * lead_overlap_min`` of its content words are the lead's, as a block
    must share between junk lines). One cut off ("...") is a teaser's excerpt."""
    return (cls == OTHER and feat.sentence_end and not text.rstrip().endswith(("...", "…"))
            and lead_overlap(feat, lead) >= 2 * config.lead_overlap_min)


def article_region(texts: list[str], features: list[Features], labels: list[Verdict | None],
                   config: Config) -> list[Verdict | None]:
    """Label page chrome: blocks outside the article region (``page_head``, ``page_tail``).
    Call it only for whole-page texts (:func:`looks_like_page`)."""
    if not config.enabled("page_region"):
        return labels
    classes = [block_class(f, v, config) for f, v in zip(features, labels)]
    found = clusters(classes, features, config)
    if sum(c.prose_words for c in found) < config.page_region_min_words:
        return labels
    anchors = headline_anchors(texts)
    # A comment thread (or the form to join it) follows its article: the article is a cluster above
    # the thread, and does not grow into it.
    thread = next((i for i, v in enumerate(labels) if v is not None and v.rule in ("comment_section", "comment_form")), len(labels))
    found = _split_at(found, thread, features, classes)
    main = main_cluster([c for c in found if c.first < thread] or found, anchors, config, labels)
    lead = region_lead(texts, features, classes, main, config)
    first, last = extend(main, found, features, classes, labels, lead, config, anchors)
    if first < thread < last:  # grown over clusters below the thread: the article ends above it
        last = max(c.last for c in found if first <= c.first and c.last < thread)
    if config.enabled("page_list"):
        last = announced_list_end(texts, classes, labels, last, config)
    # After the article, a line that opens a comment thread, a related-news box or an appeal ends
    # it for good: prose after it is comments or teasers, however on-topic.
    boundary = next((i for i in range(last + 1, len(labels)) if ends_article(labels[i])), len(labels))
    inside = sum(features[i].words for i in range(first, last + 1) if classes[i] == PROSE)
    # ... unless the prose after that line outweighs twice the region's and is on the article's topic
    # (``page_topic_share`` of its words): then the line (a "Disclaimer:" note under the intro of a
    # long buying guide) stands inside the article. A column of teasers of other stories can be
    # longer than the article too, but it shares little with it.
    after = [(f.words, lead_overlap(f, lead) >= config.page_keep_overlap)
             for f, c in zip(features[boundary + 1:], classes[boundary + 1:]) if c == PROSE]
    total = sum(words for words, _ in after)
    if total > 2 * inside and sum(words for words, on_topic in after if on_topic) >= config.page_topic_share * total:
        boundary = len(labels)
    boundary = _past_boxes_inside(features, classes, labels, lead, first, last, boundary, inside, config)
    headline = max((a for a in anchors if first - config.page_anchor_window <= a < first), default=first)
    # No region may take the article's main prose with it: when the prose outside the region
    # outweighs the prose inside it, the article is split by lists, tables or code rather than
    # framed by page chrome, so only the non-prose lines outside are chrome.
    outside_prose = sum(f.words for i, (f, c) in enumerate(zip(features, classes))
                        if c == PROSE and (i < first or i > last) and i < boundary)
    keep_prose = outside_prose > inside
    if keep_prose:
        down = _split_article_reach(features, classes, first, last, range(last + 1, boundary), inside)
        last = last if down is None else down
        above = max((a for a in anchors if a < first), default=-1)  # never up across the headline
        up = _split_article_reach(features, classes, first, last, range(first - 1, above, -1), inside)
        first = first if up is None else up
    if config.enabled("page_list"):
        last = sections_after_region(texts, features, classes, labels, first, last, boundary, config)
        last = list_after_region(texts, features, classes, labels, lead, last, boundary, inside, config)
        last = numbered_sections_after_region(texts, features, labels, first, last, boundary, config)
    last = above_the_thread(texts, features, classes, labels, first, last, boundary, config)
    ingredients = (ingredient_lists(texts, features, labels, classes, first, last, boundary, config)
                   if config.enabled("page_list") else set())
    out = list(labels)
    for i, label in enumerate(labels):
        if i in ingredients:
            out[i] = None  # a recipe's ingredients, a repeated "2 łyżki" among them
            continue
        if label is not None:
            continue
        outside = i < first or i > last
        if (outside and i < boundary and classes[i] == PROSE
                and (keep_prose or lead_overlap(features[i], lead) >= config.page_keep_overlap)):
            continue  # a piece of the article, or on its topic: a paragraph cut off, not page chrome
        if headline < i < first and classes[i] == OTHER:
            continue  # between the headline and the first paragraph: a standfirst or subtitle
        if i == first - 1 and _standfirst(texts[i], features[i], classes[i], lead, config):
            continue  # right above the first paragraph, a sentence on its topic: the standfirst
        if keep_prose and outside and i < boundary and _sentence_between_paragraphs(i, features, classes, config):
            continue  # a short sentence of an article in pieces, between two of its paragraphs
        if i < first:
            out[i] = Verdict("navigation", "page_head", weak=True)
        elif i > last:
            out[i] = Verdict("related_content", "page_tail", weak=True)
    return out
