"""The source key of a document: which publisher's boilerplate it shares, for ``clean-news learn``.

In order: the record's ``source`` field; else the registered domain of its URL (the record's
``url``, or for HTML the page's canonical link or og:url), found with the public-suffix list that
the ``tld`` package ships (read from disk, never fetched); else, with ``source_from="folder"``,
the first folder under the INPUT it was found in. A document with none of these has no key: it
teaches nothing, and learned rules do not apply to it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

SOURCE_FROM = ("auto", "folder")


@dataclass(frozen=True, order=True)
class SourceKey:
    """``scope`` is the rule field the key goes into: ``domains`` (from a URL) or ``sources``."""

    scope: str
    name: str


def registered_domain(url: str | None) -> str | None:
    """The registered domain of ``url`` under the bundled public-suffix list.

    >>> registered_domain("https://news.bbc.co.uk/a"), registered_domain("http://www.Example.com/x")
    ('bbc.co.uk', 'example.com')
    >>> registered_domain("not a url") is None, registered_domain("http://localhost/") is None
    (True, True)
    """
    if not url or "//" not in url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    from tld import get_fld  # its list is read from the package's own file on first use

    found = get_fld(host.casefold(), fix_protocol=True, fail_silently=True)
    return found or None


def folder_key(rel: str) -> str | None:
    """The first folder of a path relative to its INPUT (None for a file at the top).

    >>> folder_key(os.path.join("example.com", "2024", "a.txt")), folder_key("a.txt")
    ('example.com', None)
    """
    parts = rel.split(os.sep)
    return parts[0] if len(parts) > 1 and parts[0] not in ("", ".", "..") else None


def source_key(*, record_source: object = None, url: str | None = None, rel: str = "",
               source_from: str = "auto") -> SourceKey | None:
    """The document's key, from what is known of it (see the module's docstring).

    >>> source_key(record_source="Daily Planet", url="https://dailyplanet.com/x")
    SourceKey(scope='sources', name='Daily Planet')
    >>> source_key(url="https://www.dailyplanet.com/x", rel="planet/a.txt", source_from="folder")
    SourceKey(scope='domains', name='dailyplanet.com')
    >>> source_key(rel=os.path.join("planet", "a.txt"), source_from="folder")
    SourceKey(scope='sources', name='planet')
    """
    if isinstance(record_source, str) and record_source.strip():
        return SourceKey("sources", " ".join(record_source.split()))
    domain = registered_domain(url)
    if domain:
        return SourceKey("domains", domain)
    if source_from == "folder":
        folder = folder_key(rel)
        if folder:
            return SourceKey("sources", folder)
    return None
