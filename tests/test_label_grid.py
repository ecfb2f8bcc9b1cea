"""The label item's grid of taken cells: the vectorised marking of node squares and the
summed-area test of label places give what one node and one box at a time would (both ways of
marking: a few squares one by one, many at once)."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.label_item import _Occupancy

CELL = _Occupancy.CELL


def naive_cells(shape, centres, radii):
    rows, cols = shape
    grid = np.zeros(shape, dtype=np.uint8)
    for (x, y), r in zip(centres, radii):
        for row in range(int(np.floor((y - r) / CELL)), int(np.floor((y + r) / CELL)) + 1):
            for col in range(int(np.floor((x - r) / CELL)), int(np.floor((x + r) / CELL)) + 1):
                if 0 <= row < rows and 0 <= col < cols:
                    grid[row, col] = 1
    return grid


nodes = st.lists(st.tuples(st.floats(-40, 240), st.floats(-40, 160), st.floats(0, 20)), max_size=40)


@pytest.mark.parametrize("few", [0, 1000], ids=["corners counted", "each square in place"])
@settings(max_examples=60, deadline=None)
@given(points=nodes)
def test_node_squares_are_marked_as_one_at_a_time(few, points):
    grid = _Occupancy(200, 120)
    grid.FEW = few  # both ways of marking: many squares' corners counted at once, a few one by one
    centres = np.array([(x, y) for x, y, _ in points], dtype=float).reshape(-1, 2)
    radii = np.array([r for *_, r in points], dtype=float)
    grid.add_discs(centres, radii)
    assert np.array_equal(grid.nodes, naive_cells(grid.shape, centres, radii))
    assert np.array_equal(grid.cores, naive_cells(grid.shape, centres, radii * 0.5))


@settings(max_examples=60, deadline=None)
@given(nodes, st.lists(st.tuples(st.floats(-30, 230), st.floats(-30, 150), st.floats(1, 60), st.floats(1, 20)),
                       min_size=1, max_size=20))
def test_a_place_is_free_only_if_no_node_square_meets_it_and_it_is_on_screen(points, boxes):
    grid = _Occupancy(200, 120)
    centres = np.array([(x, y) for x, y, _ in points], dtype=float).reshape(-1, 2)
    grid.add_discs(centres, np.array([r for *_, r in points], dtype=float))
    lefts, tops, widths, heights = (np.array(v, dtype=float) for v in zip(*boxes))
    _cells, free, _cores = grid.test(lefts, tops, widths, heights)
    rows, cols = grid.shape
    for i, (left, top, width, height) in enumerate(boxes):
        r0, r1 = max(int(top // CELL), 0), min(int((top + height) // CELL) + 1, rows)
        c0, c1 = max(int(left // CELL), 0), min(int((left + width) // CELL) + 1, cols)
        on_screen = left >= 0 and top >= 0 and left + width <= cols * CELL and top + height <= rows * CELL
        expected = on_screen and not grid.nodes[r0:max(r0, r1), c0:max(c0, c1)].any()
        assert bool(free[i]) == expected
