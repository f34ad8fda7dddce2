"""Fingerprints (generator/state/fingerprint.py), and the digests a process holds from one
build to the next."""

from __future__ import annotations

from generator.state.fingerprint import Held, fingerprint, repr_digest


class CountingTuple(tuple):
    """A value that counts how often it is written out (repr): once per digest worked out."""

    written = 0

    def __repr__(self) -> str:
        CountingTuple.written += 1
        return super().__repr__()


def test_a_held_digest_is_the_fingerprint_of_the_values_repr():
    held = Held(repr_digest)
    value = ("p1", "A title", ("graphs", "fields"), None, 3)
    assert held.of(value) == fingerprint(repr(value))
    assert held.of(("p1", "A title", ("graphs", "fields"), None, 4)) != held.of(value)


def test_the_next_build_reads_what_the_last_worked_out_and_no_more():
    held, value = Held(repr_digest), CountingTuple(("p1", "An abstract."))
    CountingTuple.written = 0
    first = held.of(value)
    Held.start_build()
    assert held.of(CountingTuple(("p1", "An abstract."))) == first  # an equal value, held
    Held.start_build()
    Held.start_build()  # a build that did not ask for it: it goes
    assert held.of(value) == first
    assert CountingTuple.written == 2


def test_cache_clear_lets_every_value_go():
    held, value = Held(repr_digest), CountingTuple(("p2",))
    CountingTuple.written = 0
    held.of(value)
    held.cache_clear()
    held.of(value)
    assert CountingTuple.written == 2
