"""Stage 2: the main text and metadata of an HTML page (trafilatura, then a BeautifulSoup fallback)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .body_gaps import filled_gaps
from .cell_tails import restored_tails
from .config import Config
from .continuation import continued_lines
from .dom import DomJunk, DomVocabulary, PageText, collect_junk
from .second_opinion import second_opinion

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

# trafilatura and BeautifulSoup are imported on the first HTML page, not with the package: a
# run on text never loads them (a quarter of a second at start-up).

_HTML_SNIFF = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|div|p|article|span|br|title)\b", re.I)
_SNIFF_CHARS = 2048
# A page whose first look finds no tag: an <html> or <body> tag this far in still makes it a page.
_HTML_FRAME = re.compile(r"<(?:html|body)\b[^<>]*>", re.I)
_FRAME_CHARS = 100_000
_TITLE_OPEN = re.compile(r"<title\b[^<>]*>", re.I)
_TITLE_CLOSE = re.compile(r"</title\s*>", re.I)
_BODY_TAG = re.compile(r"<body\b", re.I)
_ABSOLUTE_URL = re.compile(r"https?://[^\s/?#]+\.[^\s/?#]+", re.I)
_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dd", "dt", "figcaption")


@dataclass(frozen=True)
class Extraction:
    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    source: str | None = None
    #: The page's own address: its canonical link, else its ``og:url`` (absolute http(s) only).
    url: str | None = None
    #: The text came out of an HTML page (False: the input was text).
    html: bool = False
    fallback: bool = False
    #: The stage that took readability's text instead of trafilatura's (``layout_table``,
    #: ``prose_elsewhere`` or ``summary_elsewhere``, see :mod:`cleaner.second_opinion`), or None.
    second_opinion: str | None = None
    #: The stages that put back text trafilatura dropped (``cell_tails``, ``body_gaps``).
    added_by: tuple[str, ...] = ()
    #: How the input's characters were repaired, each also a flag: ``mojibake`` (UTF-8 decoded
    #: once too often, "weâ€™ve": :func:`cleaner.decode.repair_mojibake`), ``entities`` (plain
    #: text with HTML character references, "AT&amp;T": :func:`cleaner.decode.unescape_entities`).
    repaired: tuple[str, ...] = ()
    #: Text of the page's boilerplate elements (see :mod:`cleaner.dom`).
    dom_junk: DomJunk = DomJunk()
    #: Where on the page a line of the text comes from (HTML; see :func:`cleaner.dom.outside_article`).
    page_text: PageText | None = None


def looks_like_html(text: str) -> bool:
    """True when the start of ``text`` holds an HTML tag (the check ``kind="auto"`` uses), or when
    ``text`` opens with markup and holds an ``<html>`` or ``<body>`` tag further down: a page can
    open with a script or a comment block longer than the first look.

    >>> looks_like_html("<!--section--> <script>" + "var a = 1; " * 300 + "</script><html><body>Hi")
    True
    >>> looks_like_html("A text, long before it names a tag. " * 100 + "<body>")
    False
    """
    if _HTML_SNIFF.search(text[:_SNIFF_CHARS]):
        return True
    return text.lstrip()[:1] == "<" and bool(_HTML_FRAME.search(text, 0, _FRAME_CHARS))


def extract_html(html: str, *, url: str | None, config: Config, vocabulary: DomVocabulary | None = None
                 ) -> Extraction:
    """Main text with paragraphs on their own lines, and the page's metadata.

    trafilatura does the work; where its text looks wrong and readability's holds up, that is
    taken (flagged ``layout_table``, ``prose_elsewhere`` or ``summary_elsewhere``); where it finds
    nothing, the largest text container and the page's meta tags are used instead (flagged
    ``extraction_fallback``).
    """
    import trafilatura
    from trafilatura.utils import load_html

    # One parse: the tree serves the DOM context and is handed to trafilatura (which copies it).
    tree = load_html(html)
    if tree is not None and _swallowed_by_title(tree):
        tree = load_html(close_title(html))
    own_url = page_url(tree) if tree is not None else None
    result = None
    junk = DomJunk()
    if tree is not None:
        if vocabulary is not None and config.enabled("dom_context"):
            junk = collect_junk(tree, vocabulary, config.dom_max_share, config.dom_related_link_share)
        result = trafilatura.bare_extraction(
            tree, url=url, with_metadata=True, include_comments=False, include_tables=True,
            favor_precision=config.extraction == "precision", favor_recall=config.extraction == "recall",
        )
    if result is not None and (result.text or "").strip():
        text, added_by = result.text, []
        if config.enabled("cell_tails"):
            text, restored = restored_tails(tree, text)
            added_by += ["cell_tails"] if restored else []
        opinion = second_opinion(tree, text, config)
        if opinion is not None:
            text = opinion[1]  # readability keeps the article's sibling blocks already: no continuation
        else:
            if config.enabled("body_gaps"):
                text, filled = filled_gaps(tree, text)
                added_by += ["body_gaps"] if filled else []
            if config.enabled("body_continuation"):
                text = "\n".join([text, *continued_lines(tree, text)])
        return Extraction(
            text=text, title=_clean(result.title), author=_clean(result.author),
            published=_clean(result.date), source=_clean(result.sitename), html=True, dom_junk=junk, url=own_url,
            page_text=PageText(tree), second_opinion=opinion[0] if opinion is not None else None,
            added_by=tuple(added_by),
        )
    return replace(_fallback(html), url=own_url)


def _swallowed_by_title(tree: Any) -> bool:
    """The parser read the page's body as its title's text (an unclosed ``<title>``)."""
    title = tree.find(".//title")
    return title is not None and bool(title.text) and _BODY_TAG.search(title.text) is not None


def close_title(html: str) -> str:
    """``html`` with its ``<title>`` closed at the next tag when the page never closes it. A title
    is raw text up to ``</title>``: without one, the parser reads the whole page as the title and
    finds no body (a page cut and spliced by its crawler).

    >>> close_title("<head><title>News - Site\\n</head><body><p>Story.</p></body>")
    '<head><title>News - Site\\n</title></head><body><p>Story.</p></body>'
    """
    opened = _TITLE_OPEN.search(html)
    if opened is None or _TITLE_CLOSE.search(html, opened.end()):
        return html
    end = html.find("<", opened.end())
    return html if end < 0 else html[:end] + "</title>" + html[end:]


def page_url(tree: Any) -> str | None:
    """The address a page gives itself: ``<link rel="canonical">``, then ``<meta property="og:url">``.

    >>> from lxml import html
    >>> page_url(html.fromstring('<html><head><meta property="og:url" content="https://b.org/2">'
    ...                          '<link rel="canonical" href="https://a.org/1"></head><body></body></html>'))
    'https://a.org/1'
    """
    candidates = tree.xpath('//link[translate(@rel, "CANONICAL", "canonical")="canonical"]/@href')
    candidates += tree.xpath('//meta[@property="og:url" or @name="og:url"]/@content')
    for value in candidates:
        value = str(value).strip()
        if _ABSOLUTE_URL.match(value):
            return value
    return None


def _fallback(html: str) -> Extraction:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    # Only what is never text goes: the text stages judge the rest.
    for junk in soup(["script", "style", "noscript", "template", "svg"]):
        junk.decompose()
    title = _meta(soup, "og:title") or (soup.title.get_text(" ", strip=True) if soup.title else None)
    best, best_len = None, 0
    for container in soup.find_all(["article", "main", "section", "div", "body", "td"]):
        length = sum(len(p.get_text(" ", strip=True)) for p in container.find_all(_BLOCK_TAGS, recursive=False))
        if length > best_len:
            best, best_len = container, length
    if best is None:
        root = soup.body or soup
        lines = [root.get_text(" ", strip=True)]
    else:
        lines = [el.get_text(" ", strip=True) for el in best.find_all(_BLOCK_TAGS, recursive=False)]
    return Extraction(
        text="\n".join(line for line in lines if line),
        title=_clean(title),
        author=_clean(_meta(soup, "author") or _meta(soup, "article:author")),
        published=_clean(_meta(soup, "article:published_time") or _meta(soup, "date")),
        source=_clean(_meta(soup, "og:site_name")),
        url=_clean(_meta(soup, "og:url") or _canonical(soup)),
        html=True,
        fallback=True,
    )


def _meta(soup: BeautifulSoup, name: str) -> str | None:
    tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    content = tag.get("content") if tag else None
    return content if isinstance(content, str) else None


def _canonical(soup: BeautifulSoup) -> str | None:
    link = soup.find("link", attrs={"rel": "canonical"})
    href = link.get("href") if link else None
    return href if isinstance(href, str) else None


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = " ".join(value.split())
    return value or None
