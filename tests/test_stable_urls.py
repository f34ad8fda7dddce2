"""Stable addresses (issue 21): a topic keeps its slug while it holds the same papers, and a tag
or topic address that a rebuild no longer has keeps answering, with a pointer page and a feed
of one entry saying where its papers went."""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import feedparser
import pytest
from conftest import SEEDS
from fake_embedder import HashingEmbedder
from test_build import project

from generator.model import Paper
from generator.pipeline import build
from generator.publish import retired
from generator.publish.indexes import Group
from generator.publish.pages import _resolve
from generator.publish.pointers import Pointer, pointer_feed, pointer_pages
from generator.publish.retired import Retired, WrittenRows, read_previous
from generator.state import files
from generator.state.fingerprint import Held, of_bytes
from generator.tags.topic_identity import keep_slugs, with_topics
from generator.tags.topics import Topic


def ids(*numbers: int) -> tuple[str, ...]:
    return tuple(f"p{n:02d}" for n in numbers)


def slugs(topics: list[Topic]) -> dict[tuple[str, ...], str]:
    return {topic.paper_ids: topic.slug for topic in topics}


def test_the_same_papers_under_a_new_label_keep_the_slug():
    new = [
        Topic("neural-fields", "neural fields", ids(1, 2, 3)),
        Topic("graphs", "graphs", ids(4, 5)),
    ]
    kept = keep_slugs(new, {"radiance-fields": ids(1, 2, 3), "graphs": ids(4, 5)})
    assert [t.slug for t in kept] == ["radiance-fields", "graphs"]
    assert [t.label for t in kept] == ["neural fields", "graphs"]  # the label is this build's


def test_a_split_keeps_the_slug_on_its_larger_part_and_a_merge_on_the_larger_topic():
    split = keep_slugs(
        [Topic("small", "small", ids(1, 2, 3)), Topic("big", "big", ids(4, 5, 6, 7, 8, 9))],
        {"old": ids(*range(1, 10))},
    )
    assert slugs(split) == {ids(1, 2, 3): "small", ids(4, 5, 6, 7, 8, 9): "old"}
    merged = keep_slugs(
        [Topic("both", "both", ids(*range(1, 9)))], {"minor": ids(7, 8), "major": ids(*range(1, 7))}
    )
    assert [t.slug for t in merged] == ["major"]


def test_a_new_cluster_never_takes_an_old_or_retired_slug():
    previous = {"vision": ids(1, 2, 3), "vision-2": ids(4, 5, 6), "speech": ids(7, 8)}
    new = [
        Topic("vision", "vision", ids(1, 2, 3)),
        Topic("speech", "speech", ids(20, 21, 22)),
        Topic("vision-3", "vision", ids(30, 31)),
        Topic("audio", "audio", ids(40, 41)),
    ]
    kept = keep_slugs(new, previous, retired={"audio"})
    assert [t.slug for t in kept] == ["vision", "speech-2", "vision-3", "audio-2"]
    assert len({t.slug for t in kept}) == len(kept)
    # vision-2's papers are gone: its slug is not handed to another cluster either
    again = keep_slugs([Topic("vision-2", "vision", ids(50, 51))], previous)
    assert [t.slug for t in again] == ["vision-2-2"]


def test_a_weak_overlap_is_no_continuation():
    kept = keep_slugs([Topic("new", "new", ids(1, *range(20, 30)))], {"old": ids(*range(1, 11))})
    assert [t.slug for t in kept] == ["new"]


def test_matching_is_deterministic_whatever_the_order():
    previous = {"a": ids(1, 2, 3, 4), "b": ids(5, 6, 7, 8), "c": ids(9, 10)}
    new = [
        Topic("x", "x", ids(1, 2)),
        Topic("w", "w", ids(3, 4)),
        Topic("y", "y", ids(5, 6, 7, 8, 9, 10)),
        Topic("z", "z", ids(11, 12)),
    ]
    expected = slugs(keep_slugs(new, previous))
    assert expected[ids(3, 4)] == "a"  # a tie of overlap goes to the smaller new slug
    for seed in range(5):
        shuffled = random.Random(seed).sample(new, len(new))
        reordered = dict(random.Random(seed).sample(sorted(previous.items()), len(previous)))
        assert slugs(keep_slugs(shuffled, reordered)) == expected


def test_papers_follow_their_topic_slug():
    papers = [Paper(pid, "t", False, "a", topic="old") for pid in ids(1, 2, 3)]
    moved = with_topics(papers, [Topic("kept", "k", ids(1, 2))])
    assert [p.topic for p in moved] == ["kept", "kept", ""]


def test_previous_rows_are_read_line_by_line_whatever_the_text(tmp_path):
    tricky = 'a "tags": ["x"], "topic": "y" inside an abstract'
    rows = [
        {"id": "p1", "title": tricky, "abstract": tricky, "tags": ["real tag"], "topic": "t1"},
        {"id": "p2", "title": "b", "tags": [], "topic": None},
    ]
    (tmp_path / "papers.json").write_bytes(files.dump_json_rows(rows))
    previous = read_previous(tmp_path)
    assert (previous.tags, previous.topics) == ({"p1": ("real tag",), "p2": ()}, {"p1": "t1"})
    (tmp_path / "papers.json").write_text(json.dumps(rows, indent=2))  # another layout: read whole
    assert read_previous(tmp_path).topics == {"p1": "t1"}


def test_previous_rows_are_read_from_the_gzipped_data_before_an_older_versions_file(tmp_path):
    rows = [{"id": "p1", "title": "a", "tags": ["kept"], "topic": "t1"}]
    (tmp_path / "papers.json").write_bytes(files.dump_json_rows([{**rows[0], "topic": "old"}]))
    assert read_previous(tmp_path).topics == {"p1": "old"}  # a site an older version built
    (tmp_path / "papers.json.gz").write_bytes(files.gzipped(files.dump_json_rows(rows)))
    assert read_previous(tmp_path).topics == {"p1": "t1"}
    assert read_previous(tmp_path).paper_ids == {"p1"}
    (tmp_path / "papers.json.gz").write_bytes(files.gzipped(files.dump_json_rows(rows))[:40])
    assert read_previous(tmp_path).topics == {} and read_previous(tmp_path).paper_ids == set()


def test_the_data_a_build_here_made_reads_back_as_the_file_has_it(built_seeds):
    config, _ = built_seeds
    WrittenRows.cache_clear()
    build(config, embedder=HashingEmbedder())  # it keeps what it wrote for the next build
    assert WrittenRows.held
    held = read_previous(config.site_dir)
    WrittenRows.cache_clear()
    Held.cache_clear()
    parsed = read_previous(config.site_dir)
    assert held == parsed and len(parsed.tags) > 300 and parsed.topics
    WrittenRows.keep(of_bytes(b"another file"), [Paper("p1", "t", False, "a")])
    Held.cache_clear()
    assert read_previous(config.site_dir) == parsed  # a file it did not write: parsed


def test_what_the_previous_data_gives_is_worked_out_once_a_file(tmp_path, monkeypatch):
    rows = [
        {"id": f"p{n}", "title": "a", "tags": ["kept", f"own {n}"], "topic": "t1"} for n in (1, 2)
    ]
    (tmp_path / "papers.json").write_bytes(files.dump_json_rows(rows))
    first = read_previous(tmp_path)
    assert first.groups("tags") == {"kept": ("kept", ("p1", "p2"))}
    monkeypatch.setattr(retired, "_paper_rows", lambda path: pytest.fail("read again"))
    monkeypatch.setattr(retired, "_tag_groups", lambda tags: pytest.fail("grouped again"))
    again = read_previous(tmp_path)
    assert again == first and again.groups("tags") == first.groups("tags")
    monkeypatch.undo()
    rows[1]["tags"] = ["own 2"]  # the file written anew: read and grouped again
    (tmp_path / "papers.json").write_bytes(files.dump_json_rows(rows))
    assert read_previous(tmp_path).groups("tags") == {}


HOSTILE = '<script>alert(1)</script> & "quotes"'


def test_a_pointer_escapes_every_label():
    paper = Paper("p1", "t", False, "a", slug="p", tags=(HOSTILE,))
    target = Group("tags", "safe-slug", HOSTILE, (paper,))
    pointer = Pointer(Retired("tags", "gone", HOSTILE, "2026-01-02T03:04:05Z", ("p1",)), (target,))
    page = next(pointer_pages([pointer])).render()
    assert "<script" not in page.body and "&lt;script&gt;" in page.body and page.noindex
    parsed = feedparser.parse(pointer_feed(pointer, "https://example.org/d/", "Digest"))
    assert parsed.bozo == 0 and len(parsed.entries) == 1
    assert "<script" not in parsed.entries[0].summary and "<script" not in parsed.feed.title


def test_a_pointer_lists_its_former_papers_still_here():
    """`virtual nodes` is on one paper now, so it has no page: its old address lists that
    paper (a reader's bookmark reaches it), not only other tags; a paper since removed is not
    listed."""
    from generator.publish.indexes import build_groups
    from generator.publish.pointers import pointers

    kept = Paper(
        "p1",
        "Virtual nodes for GNNs",
        False,
        "a",
        slug="virtual-nodes-for-gnns",
        tags=("virtual nodes", "graph neural networks"),
    )
    other = Paper(
        "p3", "Message passing", False, "a", slug="message-passing", tags=("graph neural networks",)
    )
    retired = Retired(
        "tags", "virtual-nodes", "virtual nodes", "2026-01-02T03:04:05Z", ("p1", "p2")
    )
    [pointer] = pointers([retired], build_groups([kept, other], []), [kept, other])
    assert [paper.id for paper in pointer.papers] == ["p1"]
    body = next(pointer_pages([pointer])).render().body
    assert (
        'href="../../papers/virtual-nodes-for-gnns/"' in body
        and "tags/graph-neural-networks/" in body
    )


def page_links(site: Path, url: str) -> list[str]:
    """The pages (folders) inside the site that the page at `url` links to."""
    text = (site / url / "index.html").read_text()
    return [
        target
        for href in re.findall(r'href="([^"]*)"', text)
        if (target := _resolve(url, href)) is not None and target.endswith("/")
    ]


def group_slugs(site: Path, kind: str) -> set[str]:
    return {path.parent.name for path in (site / kind).glob("*/index.html")}


@pytest.mark.slow
def test_vanished_tag_and_topic_pages_keep_answering(tmp_path):
    dumps = ("000_0d8328550656c12c.txt", "003_a150b59c08c925b7.txt")
    config = project(tmp_path, {name: SEEDS / name for name in dumps})
    build(config, embedder=HashingEmbedder(), strict=True)
    site = config.site_dir
    before = {kind: group_slugs(site, kind) for kind in ("tags", "topics")}
    (
        config.sources_dir / "003_a150b59c08c925b7.txt"
    ).unlink()  # 20 papers -> 10: tags go, 3 topics -> 2
    second = build(config, embedder=HashingEmbedder(), strict=True)
    gone = {
        "tags": before["tags"] - group_slugs_of(second),
        "topics": before["topics"] - {topic.slug for topic in second.topics},
    }
    assert gone["tags"] and gone["topics"]
    for third in (False, True):
        if third:  # the next build, with the cache gone, still knows the old addresses
            shutil.rmtree(config.cache_dir)
            build(config, embedder=HashingEmbedder(), strict=True)
        assert_pointers(site, gone)


def group_slugs_of(result) -> set[str]:
    from generator.publish.indexes import build_groups

    return {group.slug for group in build_groups(result.papers, result.topics)["tags"]}


def assert_pointers(site: Path, gone: dict[str, set[str]]) -> None:
    sitemap = (site / "sitemap.xml").read_text()
    redirects = json.loads((site / "redirects.json").read_text())
    for kind, slugs_gone in gone.items():
        index = (site / kind / "index.html").read_text()
        for slug in slugs_gone:
            url = f"{kind}/{slug}/"
            page = (site / url / "index.html").read_text()
            assert "no longer used" in page and '<meta name="robots" content="noindex">' in page
            links = [link for link in page_links(site, url) if link.startswith(f"{kind}/")]
            assert links and url not in links
            for link in links:  # an index, or a group page: never another pointer
                assert "no longer used" not in (site / link / "index.html").read_text()
            parsed = feedparser.parse((site / url / "feed.xml").read_bytes())
            assert parsed.bozo == 0 and len(parsed.entries) == 1
            assert f'href="{slug}/"' not in index and f"{url}<" not in sitemap
            assert any(item["path"] == url for item in redirects["retired"])


def test_a_fresh_slug_skips_every_suffix_already_taken():
    previous = {"x": ids(1, 2), "x-2": ids(3, 4)}
    assert [t.slug for t in keep_slugs([Topic("x", "x", ids(10, 11))], previous)] == ["x-3"]
    # two new clusters of one label: the second takes the first free suffix
    twins = keep_slugs([Topic("a", "a", ids(1)), Topic("a", "a", ids(2))], {})
    assert [t.slug for t in twins] == ["a", "a-2"]


def test_a_fresh_slug_leaves_another_new_clusters_own_slug_to_it():
    new = [Topic("x", "x", ids(10, 11)), Topic("x-2", "x", ids(12, 13))]
    assert [t.slug for t in keep_slugs(new, {"x": ids(1, 2)})] == ["x-3", "x-2"]


def test_an_overlap_of_exactly_a_quarter_continues_the_topic():
    # 2 papers in common of 4 + 6 - 2 = 8 in either
    kept = keep_slugs([Topic("new", "new", ids(1, 2, 20, 21))], {"old": ids(1, 2, 3, 4, 5, 6)})
    assert [t.slug for t in kept] == ["old"]


def test_of_two_equal_overlaps_the_one_with_more_papers_in_common_keeps_the_slug():
    # both a quarter: 1 of 1 + 4 - 1, and 2 of 6 + 4 - 2
    new = [
        Topic("x", "x", ids(1)),
        Topic("y", "y", ids(2, 3, 20, 21, 22, 23)),
        Topic("z", "z", ids(4, *range(30, 36))),  # 1 of 7 + 4 - 1: no continuation
    ]
    kept = keep_slugs(new, {"a": ids(1, 2, 3, 4)})
    assert [t.slug for t in kept] == ["x", "a", "z"]


def test_previous_paper_ids_are_read_line_by_line_as_a_whole_parse_reads_them(tmp_path):
    rows = [
        {"id": ident, "title": "x\ny", "abstract": '{"id": "not this one"}', "tags": ["t"],
         "topic": ""}
        for ident in ("2401.00001", 'quote " and \\ backslash', "ünïcode ✓")
    ]  # fmt: skip
    (tmp_path / "papers.json.gz").write_bytes(files.gzipped(files.dump_json_rows(rows)))
    assert read_previous(tmp_path).paper_ids == {row["id"] for row in rows}
    (tmp_path / "papers.json.gz").write_bytes(files.gzipped(json.dumps(rows, indent=2).encode()))
    assert read_previous(tmp_path).paper_ids == {row["id"] for row in rows}  # read whole
    (tmp_path / "papers.json.gz").write_bytes(files.gzipped(b'[\n{"id": "a", "t": "\xff"}\n]\n'))
    assert read_previous(tmp_path).paper_ids == set()  # not UTF-8
