"""An encoded column (the dataset cache's form) reads back every cell as it was given, however
its texts are made: the ASCII path cuts them at a byte they do not use."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from data import store

CELLS = st.one_of(st.none(), st.text(alphabet=st.characters(max_codepoint=127), max_size=6), st.text(max_size=4),
                  st.integers(), st.floats(allow_nan=False), st.binary(max_size=3))


@settings(max_examples=300, deadline=None)
@given(st.lists(CELLS, max_size=30))
def test_an_encoded_column_reads_back_its_cells(cells):
    saved, store.CHUNK = store.CHUNK, 7  # many chunks
    try:
        assert store.encode(cells).values() == cells
    finally:
        store.CHUNK = saved


def test_a_column_that_uses_every_ascii_byte_reads_back_too():
    cells = ["".join(map(chr, range(128))), "", "x", None, "\x7f\x00"]
    assert store.encode(cells).values() == cells
