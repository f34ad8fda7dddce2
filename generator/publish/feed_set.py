"""Every feed of the site: feed.xml and atom.xml, an RSS feed per topic and per tag worth
subscribing to, and feeds.opml listing them. A feed whose settings and entries are the previous
build's is not made again (memo.py).

Every topic has a feed; a tag has one once it holds `tag_feed_least` papers (a tag of two or
three papers rarely gains another), and keeps it while its page exists: a feed the previous
build listed in feeds.opml stays, so no subscription stops answering."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any

from generator.config import Config
from generator.model import Paper
from generator.publish.feed_text import arrival_time
from generator.publish.feeds import (
    build_feed,
    build_opml,
    entry_fields,
    select_entries,
    uses_build_date,
)
from generator.publish.indexes import KINDS, Group
from generator.publish.memo import OutputMemo
from generator.publish.pages import PAPER_ID, PaperDigests
from generator.state.fingerprint import code_version, fingerprint, repr_digest

OPML = "feeds.opml"


def with_feeds(
    groups: dict[str, list[Group]], least: int, listed_before: frozenset[str]
) -> dict[str, list[Group]]:
    """The groups, each topic and each tag worth a feed marked `feed` (the rule above);
    `listed_before`: the feed paths the previous build's feeds.opml listed
    (retired.PreviousSite.feeds)."""

    def worth(group: Group) -> bool:
        return group.kind == "topics" or (
            len(group.papers) >= least or f"{group.path}/feed.xml" in listed_before
        )

    return {
        kind: [
            replace(group, feed=True) if KINDS[kind].has_feed and worth(group) else group
            for group in members
        ]
        for kind, members in groups.items()
    }


def all_feeds(
    config: Config,
    papers: list[Paper],
    groups: dict[str, list[Group]],
    when: datetime,
    memo: OutputMemo,
    digests: PaperDigests | None = None,
) -> dict[str, bytes]:
    """Path -> bytes of each feed made; a feed the memo kept is left out (memo.kept). Every
    paper of `groups` is one of `papers`; `digests`: theirs, if the build has made them."""
    common: dict[str, Any] = {
        "site_url": config.site_url,
        "build_date": when,
    }
    entry_of = (digests or PaperDigests(papers)).of(entry_digest)
    undated = any(arrival_time(paper) is None for paper in papers)  # else no entry shows it
    out, listed = {}, []
    for listed_title, spec in feed_specs(config, papers, groups):
        listed.append((listed_title, spec["feed_path"]))
        selected = select_entries(spec["papers"], spec["limit"], ordered=True)
        settings = {
            **common,
            **spec,
            "papers": None,
            "build_date": when if not selected or (undated and uses_build_date(selected)) else None,
        }
        # Each entry's fingerprint looked up by a map in C, not a Python call an entry (66k at
        # 10k papers): feeds select among `papers`.
        entries = map(entry_of.__getitem__, map(PAPER_ID, selected))
        inputs = fingerprint(code_version(), repr(sorted(settings.items())), *entries)
        make = functools.partial(build_feed, **{**common, **spec})
        if (data := memo.get(spec["feed_path"], inputs, make)) is not None:
            out[spec["feed_path"]] = data
    opml: dict[str, Any] = {
        "site_url": config.site_url,
        "title": f"{config.site_name} feeds",
        "build_date": when,
    }
    inputs = fingerprint(
        code_version(), repr(sorted(opml.items())), *(part for pair in listed for part in pair)
    )
    make = functools.partial(build_opml, listed, **opml)
    if (data := memo.get(OPML, inputs, make)) is not None:
        out[OPML] = data
    return out


def feed_specs(
    config: Config, papers: list[Paper], groups: dict[str, list[Group]]
) -> Iterator[tuple[str, dict]]:
    """(title in feeds.opml, build_feed's arguments) of every feed."""
    description = config.site_description or f"Newest papers in {config.site_name}"
    for path, fmt, name in (("feed.xml", "rss", "RSS"), ("atom.xml", "atom", "Atom")):
        yield (
            f"{config.site_name} ({name})",
            {
                "title": config.site_name,
                "description": description,
                "feed_path": path,
                "page_path": "",
                "fmt": fmt,
                "papers": papers,
                "limit": config.digest.feed_length,
            },
        )
    for group in (group for kind in ("topics", "tags") for group in groups[kind] if group.feed):
        title = f"{config.site_name}: {group.label}"
        yield (
            title,
            {
                "title": title,
                "description": f"Newest papers in {group.kind[:-1]} {group.label}",
                "feed_path": f"{group.path}/feed.xml",
                "page_path": f"{group.path}/",
                "fmt": "rss",
                "papers": group.papers,
                "limit": config.digest.group_feed_length,
                "text": "summary",  # the site's feeds carry the abstract; these, its gist
            },
        )


def entry_digest(paper: Paper) -> str:
    return repr_digest(entry_fields(paper))
