"""Passes made a chunk at a time give what the one-call passes give."""
from data import chunks


def test_dicts_and_lists_made_a_chunk_at_a_time_are_the_plain_ones(monkeypatch):
    monkeypatch.setattr(chunks, "CHUNK", 3)
    pairs = [("a", 1), ("b", 2), ("a", 3), ("c", 4), ("d", 5), ("b", 6), ("e", 7)]
    for size in range(len(pairs) + 1):
        assert list(chunks.dict_of(iter(pairs[:size]), size).items()) == list(dict(pairs[:size]).items())
        assert chunks.list_of(map(str.upper, "abcdefg"[:size]), size) == list("ABCDEFG"[:size])
