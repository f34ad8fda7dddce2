"""Links to DOIs: every way a source writes a link to one DOI (doi.org or dx.doi.org, http or
https, the DOI's letters in either case: DOIs are case-insensitive) is one link,
https://doi.org/<DOI>, so a paper page lists each DOI once."""

from __future__ import annotations

import re
from collections.abc import Iterable

from generator.model import Link

DOI_URL = re.compile(r"https?://(?:dx\.|www\.)?doi\.org/(10\.\d{4,9}/[^\s?#]+)", re.IGNORECASE)


def doi_of(url: str) -> str:
    """The DOI a doi.org link resolves (`http://dx.doi.org/10.1145/1234` -> `10.1145/1234`);
    "" for any other URL."""
    match = DOI_URL.fullmatch(url.strip())
    return match.group(1) if match else ""


def doi_link(url: str) -> str:
    """A doi.org link as https://doi.org/<DOI>; any other URL as it is."""
    doi = doi_of(url)
    return f"https://doi.org/{doi}" if doi else url


def unique_links(links: Iterable[Link]) -> tuple[Link, ...]:
    """The links, sorted, each once: links to one DOI once, as the first of them writes it."""
    kept: dict[str, Link] = {}
    for link in links:
        doi = doi_of(link.url)
        key = f"doi {doi.lower()}" if doi else f"{link.kind} {link.url}"
        kept.setdefault(key, _canonical(link))
    return tuple(sorted(kept.values()))


def _canonical(link: Link) -> Link:
    """The link, a doi.org one written as https://doi.org/<DOI>."""
    url = doi_link(link.url)
    return link if url == link.url else Link(link.kind, url)
