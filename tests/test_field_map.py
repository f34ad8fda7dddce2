"""The map of the field (publish/field_map.py): a layout by topic, points that never move once
placed, new papers among their likes, and the files the browser draws from."""

from __future__ import annotations

import json

import numpy as np
from conftest import blobs

from generator.model import Paper
from generator.publish.field_map import (
    CHUNK,
    NO_TOPIC,
    SCALE,
    map_files,
    positions,
    read_positions,
    topic_numbers,
)
from generator.publish.indexes import Group
from generator.tags.compact import compact_vectors, projection_for


def corpus(per_blob: int = 40, count: int = 6) -> tuple[list[Paper], list[Group]]:
    """Papers in `count` well-separated blobs, one topic each, arrival in id order."""
    ids, vectors = blobs(per_blob, count, dims=24)
    compact = compact_vectors(vectors, projection_for("test", 24))
    papers = [
        Paper(
            pid, f"Paper {pid}", False, "An abstract.", slug=pid.lower(), compact_vector=vector,
            arrived=f"2026-12-01T00:{n // 60:02d}:{n % 60:02d}Z", topic=f"t{n // per_blob}",
        )
        for n, (pid, vector) in enumerate(zip(ids, compact, strict=True))
    ]  # fmt: skip
    topics = [
        Group("topics", f"t{t}", f"topic {t}", tuple(papers[t * per_blob : (t + 1) * per_blob]))
        for t in range(count)
    ]
    return papers, topics


def placed(papers: list[Paper], topics: list[Group], previous: dict) -> np.ndarray:
    return positions(papers, topic_numbers(papers, topics), previous)


def test_a_layout_puts_each_topic_in_a_region_of_its_own():
    papers, topics = corpus()
    at = placed(papers, topics, {}).astype(float) / SCALE
    assert at.min() >= 0 and at.max() <= 1
    centres = np.stack([at[i * 40 : (i + 1) * 40].mean(axis=0) for i in range(6)])
    nearest = np.argmin(np.linalg.norm(at[:, None] - centres[None], axis=2), axis=1)
    assert (nearest == np.repeat(np.arange(6), 40)).mean() > 0.95
    assert np.array_equal(placed(papers, topics, {}), placed(papers, topics, {}))


def test_a_new_paper_leaves_every_other_point_where_it_was_and_lands_among_its_likes():
    papers, topics = corpus()
    before = dict(zip([p.slug for p in papers[:-1]], placed(papers[:-1], topics, {}), strict=True))
    previous = {slug: (int(x), int(y)) for slug, (x, y) in before.items()}
    after = placed(papers, topics, previous)
    assert all(tuple(row) == previous[p.slug] for p, row in zip(papers[:-1], after, strict=False))
    blob = np.array([previous[p.slug] for p in papers[-40:-1]], float)
    others = np.array([previous[p.slug] for p in papers[:-40]], float)
    new = after[-1].astype(float)
    assert np.linalg.norm(blob - new, axis=1).min() < np.linalg.norm(others - new, axis=1).min()


def test_the_files_hold_every_paper_in_arrival_order_and_read_back(tmp_path):
    papers, topics = corpus(per_blob=400, count=6)  # 2,400 papers: two title chunks
    files = map_files(papers[::-1], topics, {})
    assert sorted(files) == ["map/map.json", "map/points.bin", "map/titles-0.json",
                             "map/titles-1.json"]  # fmt: skip
    points = np.frombuffer(files["map/points.bin"], "<u2").reshape(-1, 3)
    assert len(points) == len(papers) and set(points[:, 2]) == set(range(6))
    titles = json.loads(files["map/titles-0.json"]) + json.loads(files["map/titles-1.json"])
    assert len(json.loads(files["map/titles-0.json"])) == CHUNK
    assert [row[0] for row in titles] == [p.slug for p in papers]  # oldest first
    summary = json.loads(files["map/map.json"])
    assert summary["count"] == len(papers) and summary["topics"][0][:2] == ["t0", "topic 0"]
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(data)
    kept = read_positions(tmp_path)
    assert kept == {slug: (int(x), int(y)) for slug, (x, y, _) in zip(
        [row[0] for row in titles], points, strict=True)}  # fmt: skip
    again = map_files(papers[::-1], topics, kept)
    assert again == files  # nothing moves, byte for byte


def test_a_paper_in_no_topic_is_placed_and_marked_so():
    papers, topics = corpus()
    loose = [topics[0], *topics[1:]]
    files = map_files(papers, [*loose[:-1]], {})
    points = np.frombuffer(files["map/points.bin"], "<u2").reshape(-1, 3)
    assert (points[-40:, 2] == NO_TOPIC).all() and (points[:-40, 2] != NO_TOPIC).all()


def test_unreadable_map_files_mean_a_fresh_layout(tmp_path):
    assert read_positions(tmp_path) == {}
    (tmp_path / "map").mkdir()
    (tmp_path / "map" / "points.bin").write_bytes(b"\x00" * 7)
    (tmp_path / "map" / "map.json").write_text('{"count": 1}')
    assert read_positions(tmp_path) == {}


def test_a_rebuild_with_a_new_dump_moves_no_point_of_the_site(built_seeds):
    from fake_embedder import HashingEmbedder
    from test_arrival import SAMPLE_DAY

    from generator.pipeline import build

    config, _ = built_seeds
    before = read_positions(config.site_dir)
    (config.sources_dir / SAMPLE_DAY.name).write_bytes(SAMPLE_DAY.read_bytes())
    build(config, embedder=HashingEmbedder())
    after = read_positions(config.site_dir)
    assert len(before) == 398 and len(after) > len(before)
    assert {slug: after[slug] for slug in before} == before


def test_a_paper_keeps_its_place_without_a_vector_and_one_never_placed_needs_one():
    from dataclasses import replace

    papers, topics = corpus()
    files = map_files(papers, topics, {})
    points = np.frombuffer(files["map/points.bin"], "<u2").reshape(-1, 3)
    previous = {p.slug: (int(x), int(y)) for p, (x, y, _) in zip(papers, points, strict=True)}
    lost = replace(papers[3], compact_vector="")  # kept where it was
    unplaced = replace(papers[4], slug="never-placed", compact_vector="")  # left out
    again = map_files([*papers[:3], lost, unplaced, *papers[5:]], topics, previous)
    rows = json.loads(again["map/titles-0.json"])
    assert "never-placed" not in [slug for slug, _ in rows]
    kept = np.frombuffer(again["map/points.bin"], "<u2").reshape(-1, 3)
    assert tuple(kept[[slug for slug, _ in rows].index(lost.slug), :2]) == previous[lost.slug]


def test_map_files_of_any_shape_but_ours_are_unreadable(tmp_path):
    papers, topics = corpus()
    for name, data in map_files(papers, topics, {}).items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(data)
    assert len(read_positions(tmp_path)) == len(papers)
    summary = tmp_path / "map" / "map.json"
    for damaged in ('{"count": true, "chunk": 2048}', '{"count": 240, "chunk": 0}',
                    "[" * 100_000 + "]" * 100_000):  # fmt: skip
        summary.write_text(damaged)
        assert read_positions(tmp_path) == {}
