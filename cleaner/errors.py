"""Errors about input that cannot be cleaned. Each message is one line a person understands."""

from __future__ import annotations

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF document"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "gzip-compressed data (name the file .gz)"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF media file"),
    (b"\x00\x00\x01\x00", "an icon file"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
)


#: Every byte but the control characters that text does not use (0-8, 14-31): deleting these
#: from a sample leaves its control characters, counted without a Python loop.
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))


class InputError(ValueError):
    """The document cannot be cleaned; ``str(err)`` says why in one line."""


def binary_kind(data: bytes) -> str | None:
    """What binary data is, if it is not text: a known file type, or ``binary data``.

    >>> binary_kind(b"%PDF-1.7 ...")
    'a PDF document'
    >>> binary_kind("plain text".encode()) is None
    True
    """
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    sample = data[:8192]
    if not sample:
        return None
    # UTF-16/32 text has NULs in a regular pattern; the decoder recognises it. Other NULs mean binary.
    if _utf16_like(sample):
        return None
    if sample.count(0) > 0.01 * len(sample):
        return "binary data"
    # Text in any supported encoding has almost no C0 control bytes besides tab and line breaks;
    # random or compressed data has about 9% of them (23 of 256 byte values).
    controls = len(sample.translate(None, _NOT_CONTROL))
    if controls > 0.02 * len(sample):
        return "binary data"
    return None


def _utf16_like(sample: bytes) -> bool:
    if sample[:2] in (b"\xff\xfe", b"\xfe\xff") or sample[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        return True
    half = len(sample) // 2 or 1
    return sample[0::2].count(0) > 0.4 * half or sample[1::2].count(0) > 0.4 * half
