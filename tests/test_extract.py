"""HTML through real trafilatura, and the BeautifulSoup fallback."""

from __future__ import annotations

from cleaner import Config
from cleaner.extract import extract_html, looks_like_html

ARTICLE = " ".join(["The regional council approved a new budget for public transport on Tuesday evening."] * 4)
PAGE = f"""<!DOCTYPE html><html><head><title>Council approves transport budget | Daily Example</title>
<meta property="og:site_name" content="Daily Example"><meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-03-05T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Council approves transport budget</h1>
<p>{ARTICLE}</p><p>Buses will run every ten minutes on the main lines from June, officials said.</p></article>
<footer>© 2024 Daily Example. All rights reserved.</footer></body></html>"""


def test_trafilatura_extracts_text_and_metadata():
    result = extract_html(PAGE, url="https://example.org/a", config=Config())
    assert ARTICLE in result.text
    assert "Home" not in result.text
    assert result.title == "Council approves transport budget"
    assert result.author == "Jane Doe"
    assert result.published == "2024-03-05"
    assert result.source == "Daily Example"
    assert result.fallback is False


def test_fallback_when_trafilatura_finds_nothing():
    # trafilatura discards text that sits only in a page footer; the fallback keeps it for the text stages.
    page = ('<html><head><meta property="og:title" content="Short page"></head>'
            "<body><footer><p>Tiny.</p><p>Also tiny.</p></footer></body></html>")
    result = extract_html(page, url=None, config=Config())
    assert result.fallback is True
    assert result.title == "Short page"
    assert "Tiny." in result.text and "Also tiny." in result.text


def test_cleaner_on_html_flags_and_fields(cleaner):
    doc = cleaner.clean(PAGE.encode("utf-8"), url="https://example.org/a")
    assert doc.input_format == "html"
    assert doc.title == "Council approves transport budget"
    assert doc.source == "Daily Example"
    assert doc.body.startswith("The regional council")
    assert doc.language == "en"


def test_looks_like_html():
    assert looks_like_html("<!doctype html><p>x</p>")
    assert looks_like_html("  <div class='a'>text</div>")
    assert not looks_like_html("Prices rose 3% <to> a record, said analysts.")


def test_a_page_opening_with_a_long_script_is_read_as_html(cleaner):
    # Old templates print an analytics script (and comments) before the <html> tag, longer than the
    # first look at the file: kind="auto" must still read the page, not its source.
    script = "<!--section:news-->\n<script type=\"text/javascript\">\n" + "this.prop = '';\n" * 200 + "</script>\n"
    assert not looks_like_html(script)  # the script alone is no page
    doc = cleaner.clean((script + PAGE).encode("utf-8"))
    assert doc.input_format == "html"
    assert doc.body.startswith("The regional council")
    assert "this.prop" not in doc.body
    # a text that opens in words stays text, whatever tag it names later
    assert not looks_like_html("A note on page structure, long before any tag. " * 60 + "<body> holds the page.")


def test_a_page_that_never_closes_its_title_still_has_a_body(cleaner):
    # A crawler cut and spliced the page inside its <title>: the parser then reads the whole page
    # as the title's text, and only the last-resort fallback finds text (on a real page, the
    # wrong text). The title ends at the next tag instead, and trafilatura reads the page.
    broken = PAGE.replace("</title>", "", 1)
    assert "</title>" not in broken.lower()
    doc = cleaner.clean(broken.encode("utf-8"), kind="html")
    assert "extraction_fallback" not in doc.flags
    assert doc.body.startswith("The regional council")
    assert doc.author == "Jane Doe"
    # a page that closes its title is parsed as it is
    from cleaner.extract import close_title
    assert close_title(PAGE) == PAGE
