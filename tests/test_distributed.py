"""The tag stage on a Dask LocalCluster gives exactly what the in-process path gives."""

from __future__ import annotations

import numpy as np
import pytest
from fake_embedder import HashingEmbedder

from generator.model import Paper
from generator.tags.cache import AnalysisCache
from generator.tags.tag import EMBED_BATCH, analyze, tag_papers

pytest.importorskip("dask.distributed")
pytestmark = pytest.mark.slow

TEXTS = [
    f"Graph neural networks for molecule {i} with message passing and sparse attention layers."
    for i in range(150)
]


def test_local_cluster_matches_in_process_analysis():
    assert len(TEXTS) > 2 * EMBED_BATCH, "several partitions"
    here = analyze(TEXTS, HashingEmbedder())
    there = analyze(TEXTS, HashingEmbedder(), distributed="local")
    assert len(there) == len(here)
    for a, b in zip(here, there, strict=True):
        assert np.array_equal(a.vector, b.vector) and a.keyphrases == b.keyphrases


def test_tag_stage_on_dask_gives_identical_papers():
    papers = [
        Paper(id=f"p{i:03d}", title=f"Paper {i}", title_derived=True, abstract=t)
        for i, t in enumerate(TEXTS[:70])
    ]
    local = tag_papers(papers, HashingEmbedder(), AnalysisCache())
    remote = tag_papers(papers, HashingEmbedder(), AnalysisCache(), distributed="local")
    assert local == remote


def test_real_model_on_a_local_cluster_matches_in_process():
    from generator.tags.embedders import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder()
    texts = TEXTS[: EMBED_BATCH + 5]
    here = analyze(texts, embedder)  # loads the model here; workers must load their own
    there = analyze(texts, embedder, distributed="local")
    # In bfloat16 (CPUs with its matrix units) sums depend on how many threads split them: a
    # worker has one; the in-process pass as many as the CPU. Vectors then agree to the
    # precision bfloat16 is documented to keep (1e-4 cosine), and phrases to their order.
    bfloat16 = embedder.precision == "bfloat16"
    for a, b in zip(here, there, strict=True):
        if bfloat16:
            assert float(a.vector @ b.vector) > 1 - 1e-4
            assert [p for p, _ in a.keyphrases] == [p for p, _ in b.keyphrases]
        else:
            assert np.allclose(a.vector, b.vector, atol=1e-6) and a.keyphrases == b.keyphrases


def test_an_unreachable_scheduler_is_one_clear_error_naming_the_setting(monkeypatch):
    import socket

    from generator.errors import BuildError
    from generator.tags import distributed

    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", "1s")
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(
        BuildError,
        match=f"extra.digest.distributed: no Dask scheduler answered at tcp://127.0.0.1:{port}",
    ):
        analyze(TEXTS[:3], HashingEmbedder(), distributed=f"tcp://127.0.0.1:{port}")
