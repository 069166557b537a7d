"""Stage 1: bytes in any common encoding to text, then whitespace and Unicode normalisation.

Decoding never raises on content: undecodable bytes become U+FFFD. The guesses are deliberately
simple and deterministic (BOM, strict UTF-8, UTF-16 by NUL pattern, a declared HTML charset,
Cyrillic single-byte code pages by letter case distribution, cp1252) so that the same bytes always
give the same text.
"""

from __future__ import annotations

import codecs
import html.entities
import re
import unicodedata

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]{1,40})""", re.I)
_SAMPLE = 65536


def decode(data: bytes, *, html: bool = False) -> tuple[str, str]:
    """Return ``(text, encoding)`` for ``data``; never raises on content.

    >>> decode("Die Straße in Köln ist schön.".encode("cp1252"))
    ('Die Straße in Köln ist schön.', 'cp1252')
    >>> decode("привет мир".encode("koi8-r"))
    ('привет мир', 'koi8-r')
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            codec = "utf-8" if name == "utf-8-sig" else name
            return data[len(bom):].decode(codec, errors="replace"), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return data.decode("utf-8", errors="replace"), "utf-8"
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    if html:
        declared = _declared_charset(data)
        if declared:
            return data.decode(declared, errors="replace"), declared
    codec = _single_byte_guess(data)
    return data.decode(codec, errors="replace"), codec


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few broken bytes: valid multi-byte characters outnumber the broken bytes, which are
    at most 1% of the sample.

    Few broken bytes alone prove nothing: English or German in cp1252 / latin-1 has only a few high
    bytes, and every one of them is broken UTF-8, while hardly any forms a valid UTF-8 character.
    """
    sample = data[:_SAMPLE]
    decoded = sample.decode("utf-8", errors="replace")
    bad = decoded.count("\ufffd")
    multibyte = sum(1 for ch in decoded if ch > "\x7f") - bad
    return bad <= 0.01 * len(sample) and multibyte > bad


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows a NUL in every other byte for ASCII-range characters."""
    sample = data[:_SAMPLE]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", errors="ignore").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return None if codec.startswith("utf-8") else codec


def _single_byte_guess(data: bytes) -> str:
    """Choose between cp1251, KOI8-R and cp1252 from the distribution of high bytes.

    Cyrillic text is mostly high bytes, Western European text mostly ASCII letters. Running text is
    mostly lower case: cp1251 puts lower-case Cyrillic at 0xE0-0xFF, KOI8-R at 0xC0-0xDF.
    """
    sample = data[:_SAMPLE]
    high = sum(1 for b in sample if b >= 0xC0)
    ascii_letters = sum(1 for b in sample if 0x41 <= b <= 0x5A or 0x61 <= b <= 0x7A)
    if high and high > 0.3 * (high + ascii_letters):
        upper_half = sum(1 for b in sample if b >= 0xE0)
        return "cp1251" if upper_half >= high - upper_half else "koi8-r"
    # cp1252 leaves five bytes undefined; latin-1 maps every byte.
    if any(b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) for b in sample):
        return "latin-1"
    return "cp1252"


# Mojibake: UTF-8 text decoded as cp1252 or latin-1 once too often ("weâ€™ve", "Ã©tÃ©", or
# "â" and two C1 controls). Each run of a lead byte and its continuation bytes, read back as the
# bytes those characters stand for, is UTF-8 again. Latin-1 and cp1252 text of any language has
# letters before its symbols, not a lead byte followed by the right number of continuation bytes
# that also decode as UTF-8 (strictly: the decoder checks every byte range).
_CP1252_CONTINUATION = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"   # bytes 0x80-0x9F that cp1252 defines
_CONTINUATION = "[\x80-\xbf" + _CP1252_CONTINUATION + "]"
# A lead byte and the continuation bytes after it; the decoder then takes what is UTF-8 (one
# character class up front keeps the scan fast: a page costs a few tenths of a millisecond).
_MOJIBAKE = re.compile("[\xc2-\xf4]" + _CONTINUATION + "+")


def _as_utf8(match: re.Match[str]) -> str:
    run = match.group()
    byte_of = [ord(c) if ord(c) < 256 else c.encode("cp1252")[0] for c in run]
    text = bytes(byte_of).decode("utf-8", errors="surrogateescape")
    if not any("\udc80" <= c <= "\udcff" for c in text):
        return text
    # Bytes that are not UTF-8 stand for the characters they were read from.
    char_of = {}
    for c, b in zip(run, byte_of):
        char_of.setdefault(b, c)
    return "".join(char_of[ord(c) - 0xDC00] if "\udc80" <= c <= "\udcff" else c for c in text)


def repair_mojibake(text: str) -> tuple[str, bool]:
    """Text with its mojibake undone, and whether there was any.

    >>> repair_mojibake("weâ€™ve seen the cafÃ© in SÃO PAULO")
    ('we’ve seen the café in SÃO PAULO', True)
    >>> repair_mojibake("Köln, 25°C, ½ Preis, Nº 5")
    ('Köln, 25°C, ½ Preis, Nº 5', False)
    """
    if text.isascii():
        return text, False
    repaired = _MOJIBAKE.sub(_as_utf8, text)
    return repaired, repaired != text


# Character references left in plain text by a scraper or a feed ("AT&amp;T", "don&#8217;t"):
# only complete ones, with their semicolon; a bare "&" or "&not" in "R&D" and "Procter&nothing"
# stays (Python's html.unescape also reads some names without the semicolon).
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _entity(match: re.Match[str]) -> str:
    ref = match.group()
    if ref[1] != "#":
        return html.entities.html5.get(ref[1:], ref)
    code = int(ref[3:-1], 16) if ref[2] in "xX" else int(ref[2:-1])
    return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else ref


def unescape_entities(text: str) -> tuple[str, bool]:
    """Plain text with its HTML character references read, and whether there were any.

    >>> unescape_entities("AT&amp;T&#8217;s R&D &copy; 2024 &bogus; &#x1F680;")
    ('AT&T’s R&D © 2024 &bogus; 🚀', True)
    """
    if "&" not in text:
        return text, False
    unescaped = _ENTITY.sub(_entity, text)
    return unescaped, unescaped != text


_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BLANK_RUN = re.compile(r"\n{3,}")


def normalise(text: str) -> str:
    """NFC, one kind of line break, one space for any run of horizontal space, no control or
    zero-width characters, at most one blank line in a row, no space at line ends. Words are
    never rewritten (mojibake is undone before, by :func:`repair_mojibake`).

    >>> normalise("a\\u00a0 b\\r\\n\\r\\n\\r\\nc\\u200b ")
    'a b\\n\\nc'
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    for char in _ZERO_WIDTH:  # one str.replace per character present: translate() walks every character
        if char in text:
            text = text.replace(char, "")
    text = _CONTROL.sub(" ", text)
    # Runs of horizontal space as one space, none at line ends: str.split() splits on exactly the
    # characters r"\s" matches, so this is re.sub(r"[^\S\n]+", " ", line).strip() without a regex.
    text = "\n".join(" ".join(line.split()) for line in text.split("\n"))
    text = _BLANK_RUN.sub("\n\n", text)
    return text.strip()
