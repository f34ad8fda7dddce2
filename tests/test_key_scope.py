"""Which texts the extraction changes since v8 reach (generator/tags/key_scope.py): those, and
only those, change their analysis key, so the scope must hold every text they change."""

from __future__ import annotations

import hashlib

import pytest
from conftest import SEEDS

from generator.tags import key_scope, keyphrase_candidates
from generator.tags.key_scope import NON_ASCII_VERSION, TERM_WORDS_VERSION, version_suffix
from generator.tags.tag import EXTRACTION_VERSION, cache_key


@pytest.mark.parametrize(
    "text, suffix",
    [
        ("Graph neural networks.", ""),
        ("Spiking neural networks.", TERM_WORDS_VERSION),
        ("Fully-connected layers.", TERM_WORDS_VERSION),
        ("It could save computational resources.", TERM_WORDS_VERSION),
        ("It could improve accuracy.", ""),  # `improve` was a verb already
        ("Usefully odd, significant scans.", ""),
        ("Schrödinger bridges, weakly.", NON_ASCII_VERSION + TERM_WORDS_VERSION),
    ],
)
def test_a_text_changes_its_key_only_where_a_change_reaches_it(text, suffix):
    assert version_suffix(text) == suffix
    expected = f"{EXTRACTION_VERSION}{suffix}\nm\n{text}"
    assert cache_key("m", text) == hashlib.sha256(expected.encode()).hexdigest()[:32]


def test_every_seed_text_the_scope_leaves_out_is_extracted_as_before(monkeypatch):
    texts = [line for path in sorted(SEEDS.glob("*")) for line in path.read_text().splitlines()]
    now = {text: keyphrase_candidates.candidates(text) for text in texts}
    monkeypatch.setattr(keyphrase_candidates, "ADJECTIVAL_GERUNDS", frozenset())
    monkeypatch.setattr(keyphrase_candidates, "TERM_ADVERBS", frozenset())
    monkeypatch.setattr(keyphrase_candidates, "MODALS", frozenset())
    for cached in (keyphrase_candidates.word_class, keyphrase_candidates.gerund):
        cached.cache_clear()
    changed = {text for text in texts if keyphrase_candidates.candidates(text) != now[text]}
    assert changed, "the seeds hold texts the changes reach"
    assert all(TERM_WORDS_VERSION in key_scope.version_suffix(text) for text in changed)


def test_a_texts_scope_is_worked_out_once_a_process(monkeypatch):
    calls = []
    monkeypatch.setattr(key_scope, "_suffix", lambda text: calls.append(text) or "")
    text = "A text never seen before by this process, about graphs."
    assert version_suffix(text) == version_suffix(text) == ""
    assert calls == [text]


@pytest.mark.parametrize(
    "text",
    [
        "Released in May will save computational resources.",  # a modal after a modal
        "Free will can save computational resources.",
        "foo_can save computational resources.",  # `_` ends a word, as the splitter reads it
    ],
)
def test_a_modal_the_scope_must_see_past_another_or_an_underscore(text, monkeypatch):
    before = keyphrase_candidates.candidates(text)
    monkeypatch.setattr(keyphrase_candidates, "MODALS", frozenset())
    assert keyphrase_candidates.candidates(text) != before
    assert key_scope._suffix(text) == TERM_WORDS_VERSION


def test_the_processs_scopes_are_forgotten_with_its_other_caches():
    from generator.state.memory import forget_process_caches

    version_suffix("A text for the memo, about spiking networks.")
    assert key_scope.Suffixes.found
    forget_process_caches()
    assert not key_scope.Suffixes.found
