"""Passes made a chunk at a time give what the one-call passes give."""
from data import chunks


def test_dicts_and_lists_made_a_chunk_at_a_time_are_the_plain_ones(monkeypatch):
    monkeypatch.setattr(chunks, "CHUNK", 3)
    pairs = [("a", 1), ("b", 2), ("a", 3), ("c", 4), ("d", 5), ("b", 6), ("e", 7)]
    for size in range(len(pairs) + 1):
        assert list(chunks.dict_of(iter(pairs[:size]), size).items()) == list(dict(pairs[:size]).items())
        assert chunks.list_of(map(str.upper, "abcdefg"[:size]), size) == list("ABCDEFG"[:size])


def test_an_array_listed_a_chunk_at_a_time_is_its_plain_list(monkeypatch):
    import numpy as np

    monkeypatch.setattr(chunks, "CHUNK", 3)
    for size in (0, 1, 3, 4, 10):
        for values in (np.arange(size, dtype=np.int64) * 7 - 5, np.linspace(0, 1, size), np.arange(size) % 2 == 0):
            listed = chunks.tolist(values)
            assert listed == values.tolist() and all(type(a) is type(b) for a, b in zip(listed, values.tolist()))


def test_positions_sorted_a_chunk_at_a_time_are_the_stable_sort(monkeypatch):
    """Runs sorted alone and merged give the plain stable sort, equal keys in their order."""
    import random

    monkeypatch.setattr(chunks, "CHUNK", 7)
    rng = random.Random(3)
    for size in (0, 1, 6, 7, 8, 50, 301):
        keys = [rng.choice(["b", "a", "ä", "a", "c", "", "B", "ab"]) for _ in range(size)]
        assert chunks.sorted_positions(keys) == sorted(range(size), key=keys.__getitem__)


def test_a_dict_updated_a_chunk_at_a_time_is_the_one_updated_at_once(monkeypatch):
    monkeypatch.setattr(chunks, "CHUNK", 2)
    pairs = [("a", 9), ("z", 1), ("b", 8), ("a", 7)]
    plain, ours = {"b": 0, "a": 0, "c": 0}, {"b": 0, "a": 0, "c": 0}
    plain.update(pairs)
    assert chunks.update(ours, iter(pairs), len(pairs)) is ours
    assert list(ours.items()) == list(plain.items())
