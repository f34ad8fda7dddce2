"""Retired addresses: the tag and topic pages an earlier build published that no group holds now.

A reader's bookmark or feed subscription must survive new data, so an address that stops
being a group's becomes a pointer page (pointers.py) and stays one. What the previous build
published is read from its own data files (papers.json: each paper's tags and topic;
redirects.json: its topics' labels and the addresses retired before), not from the cache:
they are the site, so they survive a deleted cache folder, and they say exactly which
addresses readers were given.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from generator.model import Paper
from generator.publish.field_map import read_positions
from generator.publish.indexes import TAG_PAGE_LEAST, Group, tag_slug, unique_slugs
from generator.publish.report import papers_data
from generator.state import files
from generator.state.fingerprint import Held

REDIRECTS = "redirects.json"
FORMAT = 1
POINTED = ("topics", "tags")  # the kinds whose pages have feeds, and so subscribers
FORMER_KEPT = 200  # former papers' ids kept per retired address: enough to tell where they went
_DECODER = json.JSONDecoder()
_FEED_URL = re.compile(r'xmlUrl="([^"]*)"')
_GROUP_FEED = re.compile(r"(?:^|/)((?:tags|topics)/[^/?#]+/feed\.xml)$")


@dataclass(frozen=True)
class Retired:
    """An address (`kind/slug/`) no group holds now: its last label, when a build first found
    it gone (ISO UTC: dates its feed's one entry), and its former papers (sorted ids)."""

    kind: str
    slug: str
    label: str
    since: str
    papers: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"{self.kind}/{self.slug}"


@dataclass(frozen=True)
class PreviousSite:
    """What the previous build published about its groups."""

    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)  # paper id -> tag labels
    topics: dict[str, str] = field(default_factory=dict)  # paper id -> topic slug
    topic_labels: dict[str, str] = field(default_factory=dict)  # topic slug -> label
    retired: tuple[Retired, ...] = ()
    feeds: frozenset[str] = frozenset()  # `kind/slug/feed.xml` of each group feed it listed
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)  # on the map, by slug
    data_file: tuple | None = None  # the corpus data read (DATA_ROWS key)

    @property
    def paper_ids(self) -> set[str]:
        """The papers the previous build published (its rows this version reads)."""
        return set(self.tags)

    def topic_members(self) -> dict[str, tuple[str, ...]]:
        """Topic slug -> its papers' ids: what topic_identity.keep_slugs matches clusters to."""
        members: dict[str, list[str]] = defaultdict(list)
        for pid, slug in self.topics.items():
            members[slug].append(pid)
        return {slug: tuple(ids) for slug, ids in members.items()}

    def retired_slugs(self, kind: str) -> set[str]:
        return {item.slug for item in self.retired if item.kind == kind}

    def groups(self, kind: str) -> dict[str, tuple[str, tuple[str, ...]]]:
        """The previous build's groups of `kind`: slug -> (label, paper ids), slugged as
        indexes.build_groups slugs them."""
        if kind == "topics":
            topics = self.topic_members()
            return {slug: (self.topic_labels.get(slug, slug), ids) for slug, ids in topics.items()}
        return TAG_GROUPS.of(self.data_file) if self.data_file else _tag_groups(self.tags)


def _tag_groups(tags: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, tuple[str, ...]]]:
    members: dict[str, list[str]] = defaultdict(list)
    for pid, labels in tags.items():
        for label in dict.fromkeys(labels):
            members[label].append(pid)
    paged = {label: tuple(ids) for label, ids in members.items() if len(ids) >= TAG_PAGE_LEAST}
    slugs = unique_slugs(sorted(paged), tag_slug)
    return {slugs[label]: (label, tuple(ids)) for label, ids in paged.items()}


# What a process worked out of the previous build's corpus data, by the file: its path and
# files.file_signature (every build writes it anew). Each paper's tags and topic, and the tag
# groups they make: at 100k papers 0.9 s a build to work out again.
DATA_ROWS = Held(lambda file: _tags_and_topics(_paper_rows(Path(file[0]))))
TAG_GROUPS = Held(lambda file: _tag_groups(DATA_ROWS.of(file)[0]))


def read_previous(folder: Path) -> PreviousSite:
    """The previous build's papers.json and redirects.json in `folder`; empty where missing
    or unreadable (a first build, or data this version cannot read: no history, no harm)."""
    path = papers_data(folder)
    signature = files.file_signature(path)
    file = (str(path), signature) if signature else None
    found = DATA_ROWS.of(file) if file else _tags_and_topics(_paper_rows(path))
    labels, retired = _redirects(files.load_json(folder / REDIRECTS, None))
    feeds = listed_feeds(folder / "feeds.opml")
    return PreviousSite(*found, labels, retired, feeds, read_positions(folder), file)


def _tags_and_topics(rows: list[tuple]) -> tuple[dict, dict]:
    tags, topics = {}, {}
    # a topic names a folder of the site: an edited file must not escape it
    safe = {topic for topic in {row[2] for row in rows} if topic and _safe_slug(topic)}
    for pid, paper_tags, topic in rows:
        tags[pid] = tuple(paper_tags)
        if topic in safe:
            topics[pid] = topic
    return tags, topics


def listed_feeds(opml: Path) -> frozenset[str]:
    """The topic and tag feeds (`kind/slug/feed.xml`) an OPML file of ours lists: what the
    previous build gave subscribers. Empty when there is none (a first build)."""
    try:
        text = opml.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return frozenset()
    return frozenset(
        found.group(1)
        for url in _FEED_URL.findall(text)
        if (found := _GROUP_FEED.search(html.unescape(url)))
    )


class WrittenRows:
    """(id, tags, topic) of each row of the corpus data a build in this process made, by the
    digest of the file: the next build reads its previous data back without parsing it,
    where the file is still that one."""

    held: dict[str, list[tuple]] = {}

    @classmethod
    def keep(cls, digest: str, papers: list[Paper]) -> None:
        cls.held = {digest: [(p.id, list(p.tags), p.topic or None) for p in papers]}

    @classmethod
    def cache_clear(cls) -> None:
        cls.held = {}


def _paper_rows(path: Path) -> list[tuple[str, tuple[str, ...], str]]:
    """(id, tags, topic) of each row, read a line at a time as files.dump_json_rows wrote them
    (at 100k papers papers.json is 290 MB: three fields are picked out of each line, not the
    whole row decoded); a file in any other layout is loaded whole."""
    if WrittenRows.held and (written := _written(path)) is not None:
        return written
    try:
        with files.open_text(path) as stream:
            rows = [
                _line_fields(line) for line in stream if line.strip() not in ("", "[", "]", "[]")
            ]
    except FileNotFoundError:
        return []
    except (OSError, EOFError, ValueError):
        rows = [None]
    if None in rows:
        data = files.load_json(path, [])
        rows = [_row_fields(row) for row in data] if isinstance(data, list) else []
    return [row for row in rows if row and _well_formed(*row)]


def _written(path: Path) -> list[tuple] | None:
    digest = files.file_digest(path)
    return None if digest is None else WrittenRows.held.get(digest)


def _line_fields(line: str) -> tuple | None:
    """A key's quote can only open a key (a quote inside a JSON string is escaped), so the
    first `"tags": ` in a row is its tags."""
    text = line.rstrip().removesuffix(",")
    tags, topic = text.find('"tags": '), text.find('"topic": ')
    if not text.startswith('{"id": ') or tags < 0 or topic < 0:
        return None
    try:
        return tuple(_DECODER.raw_decode(text, start)[0] for start in (7, tags + 8, topic + 9))
    except ValueError:
        return None


def _row_fields(row) -> tuple | None:
    return (row.get("id"), row.get("tags"), row.get("topic")) if isinstance(row, dict) else None


def _well_formed(pid, tags, topic) -> bool:
    return (
        isinstance(pid, str)
        and isinstance(tags, list)
        and all(isinstance(tag, str) for tag in tags)
        and (topic is None or isinstance(topic, str))
    )


def _redirects(data) -> tuple[dict[str, str], tuple[Retired, ...]]:
    """redirects.json as redirects_json wrote it; what is malformed in it is left out."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}, ()
    topics = data.get("topics")
    topics = topics if isinstance(topics, dict) else {}
    labels = {slug: label for slug, label in topics.items() if isinstance(label, str)}
    retired = [_retired(item) for item in data.get("retired", []) if isinstance(item, dict)]
    return labels, tuple(item for item in retired if item)


def _retired(item: dict) -> Retired | None:
    kind, slug, label, since, papers = (
        item.get(key) for key in ("kind", "slug", "label", "since", "papers")
    )
    texts = [slug, label, since, *(papers if isinstance(papers, list) else [None])]
    if kind not in POINTED or not all(isinstance(text, str) for text in texts):
        return None
    assert (
        isinstance(slug, str)
        and isinstance(label, str)
        and isinstance(since, str)
        and isinstance(papers, list)
    )
    if not _safe_slug(slug):
        return None
    try:
        datetime.fromisoformat(since)
    except ValueError:
        return None
    return Retired(kind, slug, label, since, tuple(papers))


def _safe_slug(slug: str) -> bool:
    """A slug as the build makes them: it names a folder of the site, and the file can be edited."""
    return (
        bool(slug) and slug.replace("-", "").isalnum() and slug.isascii() and slug == slug.lower()
    )


def retire(previous: PreviousSite, groups: dict[str, list[Group]], since: str) -> list[Retired]:
    """Every tag and topic address that no group of this build holds: the previous build's
    groups that are gone (retired `since` now) and the addresses retired before that still
    are; sorted by kind and slug. One that a group holds again is a group page again."""
    found = {item.path: item for item in previous.retired}
    for kind in POINTED:
        live = {group.slug for group in groups[kind]}
        for slug, (label, ids) in previous.groups(kind).items():
            if slug not in live:
                found[f"{kind}/{slug}"] = Retired(
                    kind, slug, label, since, tuple(sorted(ids)[:FORMER_KEPT])
                )
    live_paths = {group.path for kind in POINTED for group in groups[kind]}
    gone = [item for path, item in found.items() if path not in live_paths]
    return sorted(gone, key=lambda item: (item.kind, item.slug))


def previous_data_dir(site_dir: Path, docs_dir: Path) -> Path:
    """Where the previous build's data files (papers.json, redirects.json) are: docs_dir if the
    previous build stopped before the site (a site build removes them there), else site/."""
    return docs_dir if papers_data(docs_dir).is_file() else site_dir
