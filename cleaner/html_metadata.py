"""A page's metadata as trafilatura finds it, without the fields clean-news never reads.

``trafilatura.bare_extraction(with_metadata=True)`` calls ``trafilatura.metadata.extract_metadata``,
which also looks for the page's categories, tags and licence: on AEB pages that is 2 to 4 ms of
the 20 or so that the extraction takes, for fields that no record holds. ``page_metadata`` is
that function (trafilatura 2.3.1, Apache-2.0) with those three steps left out, run on the tree
that is then handed to ``bare_extraction(with_metadata=False)``; everything else, in the same
order, is trafilatura's own code. The steps left out only read the tree, so the extraction sees
the same tree. Title, author, date and site name come out the same (tested against
``bare_extraction(with_metadata=True)``; the same on all 602 benchmark pages).

A copy can drift from its original: it is used only with the trafilatura versions it was
checked against (``CHECKED_VERSIONS``); with any other, the caller runs the full extraction.
"""

from __future__ import annotations

from typing import Any

#: trafilatura versions whose ``extract_metadata`` is ``page_metadata`` plus categories, tags and licence.
CHECKED_VERSIONS = frozenset({"2.3.1"})


def usable(trafilatura_version: str) -> bool:
    return trafilatura_version in CHECKED_VERSIONS


def page_metadata(tree: Any, default_url: str | None, date_config: dict[str, Any] | None, extensive: bool,
                  author_blacklist: set[str] | None) -> Any:
    """``trafilatura.metadata.extract_metadata`` without categories, tags and licence; the
    arguments are the ones ``bare_extraction`` passes (its ``fast`` option as ``extensive``)."""
    from trafilatura import metadata as meta

    author_blacklist = author_blacklist or set()
    date_config = {**date_config} if date_config else meta.set_date_params(extensive)
    metadata = meta.examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    try:
        metadata = meta.extract_meta_json(tree, metadata)
    except Exception as err:  # as trafilatura: bugs in its json_metadata.py
        meta.LOGGER.warning("error in JSON metadata extraction: %s", err)
    if not metadata.title:
        metadata.title = meta.extract_title(tree)
    if metadata.author and author_blacklist:
        metadata.author = meta.check_authors(metadata.author, author_blacklist)
    if not metadata.author:
        metadata.author = meta.extract_author(tree)
    if metadata.author and author_blacklist:
        metadata.author = meta.check_authors(metadata.author, author_blacklist)
    if not metadata.url:
        metadata.url = meta.extract_url(tree, default_url)
    if metadata.url:
        metadata.hostname = meta.extract_domain(metadata.url, fast=True)
    date_config["url"] = metadata.url
    metadata.date = meta.find_date(tree, **date_config)
    if not metadata.sitename:
        metadata.sitename = meta.extract_sitename(tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")
        if metadata.sitename and "." not in metadata.sitename and not metadata.sitename[0].isupper():
            metadata.sitename = metadata.sitename.title()
    elif metadata.url:
        found = meta.META_URL.match(metadata.url)
        if found:
            metadata.sitename = found[1]
    # (categories, tags and licence: not needed)
    metadata.filedate = date_config.get("max_date")
    metadata.clean_and_trim()
    return metadata
