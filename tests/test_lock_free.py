"""igraph's steps run in a process of their own (they hold the interpreter lock, which froze the
window): the same answers as in the window's process, an error when that process dies, and a
new process for the next call."""
import os

import numpy as np
import pytest

from data import measures
from ui import lock_free


def test_the_analysis_in_its_own_process_gives_the_same_ranking(bundled):
    dataset, graph = bundled
    nodes = np.ones(graph.node_count, dtype=bool)
    edges = np.ones(graph.edge_count, dtype=bool)
    here = measures.analyse(dataset, graph, nodes, edges)
    there = measures.analyse(dataset, graph, nodes, edges, run=lock_free.run)
    for name in measures.MEASURES:
        assert np.allclose(here.measures[name], there.measures[name], equal_nan=True)
    assert np.array_equal(here.communities, there.communities) and here.names == there.names


def test_a_process_that_dies_is_an_error_and_the_next_call_gets_a_new_one():
    with pytest.raises(lock_free.ProcessLost):
        lock_free.run(os._exit, 3)
    assert lock_free.run(max, 2, 5) == 5


def test_an_error_in_the_process_is_raised_to_the_caller():
    with pytest.raises(ValueError, match="invalid literal"):
        lock_free.run(int, "not a number")
    assert lock_free.run(int, "7") == 7


def test_a_call_answered_meanwhile_gives_its_answer_or_its_error_and_one_left_unread_ends_its_process():
    """``meanwhile`` sends a call and lets the caller work until it reads the answer; the next
    call gets its own answer, never the one a block left unread."""
    with lock_free.meanwhile(max, 2, 5) as answer:
        working = sum(range(1000))
        assert answer() == 5 and answer() == 5 and working
    with pytest.raises(ValueError, match="invalid literal"):
        with lock_free.meanwhile(int, "not a number") as answer:
            answer()
    with pytest.raises(RuntimeError, match="left"):
        with lock_free.meanwhile(max, 1, 9):
            raise RuntimeError("left before the answer")
    assert lock_free.run(max, 3, 4) == 4

