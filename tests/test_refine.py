"""The full layout's process: a run that is cancelled leaves nothing behind and says nothing; a
process that dies is reported in one sentence, and the quick layout stays."""
from __future__ import annotations

import os
import signal
from types import SimpleNamespace

import numpy as np
import pytest

from ui.refine import LayoutRefiner


def grid_graph(side: int) -> SimpleNamespace:
    """What the refiner reads of a graph: a grid's nodes, links and weights."""
    index = np.arange(side * side).reshape(side, side)
    src = np.r_[index[:, :-1].ravel(), index[:-1].ravel()]
    dst = np.r_[index[:, 1:].ravel(), index[1:].ravel()]
    return SimpleNamespace(node_count=side * side, src=src, dst=dst, weight=np.ones(len(src)))


@pytest.fixture
def refiner(qtbot):
    refiner = LayoutRefiner(poll_ms=20)
    yield refiner
    refiner.cancel()


def test_a_small_run_delivers_the_full_layout(refiner, qtbot):
    graph = grid_graph(6)
    with qtbot.waitSignal(refiner.refined, timeout=60_000) as blocker:
        refiner.start(graph)
    delivered, positions = blocker.args
    assert delivered is graph and positions.shape == (36, 2) and np.isfinite(positions).all()


def test_a_cancelled_run_leaves_no_process_and_says_nothing(refiner, qtbot):
    refiner.start(grid_graph(150))  # long enough to be cancelled while it works
    process = refiner._run[0]
    with qtbot.assertNotEmitted(refiner.refined), qtbot.assertNotEmitted(refiner.failed):
        refiner.cancel()
        qtbot.wait(300)
    with pytest.raises(ValueError):  # closed: its resources are freed
        process.is_alive()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no SIGKILL here")
def test_a_killed_process_is_reported_and_the_quick_layout_stays(refiner, qtbot):
    refiner.start(grid_graph(150))
    with qtbot.waitSignal(refiner.failed, timeout=30_000) as blocker:
        os.kill(refiner._run[0].pid, signal.SIGKILL)
    assert blocker.args[0] == ("The full layout failed (the process that computed it stopped unexpectedly); "
                               "the quick layout stays.")
    assert refiner._run is None


def test_a_process_that_cannot_start_is_reported_and_its_pipes_closed(refiner, qtbot, monkeypatch):
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    made = []
    real_pipe = context.Pipe

    def pipe(duplex=True):
        ends = real_pipe(duplex)
        made.extend(ends)
        return ends

    def no_start(_process):
        raise OSError("out of process slots")

    monkeypatch.setattr(type(context), "Pipe", lambda _self, duplex=True: pipe(duplex))
    monkeypatch.setattr(context.Process, "start", no_start)
    with qtbot.waitSignal(refiner.failed, timeout=5_000) as blocker:
        refiner.start(grid_graph(6))
    assert blocker.args[0] == ("The full layout could not be started (out of process slots); "
                               "the quick layout stays.")
    assert len(made) == 4 and all(end.closed for end in made)
    assert refiner._run is None


def test_a_cancel_does_not_wait_for_the_process_to_end(refiner, qtbot, monkeypatch):
    """Cancelling (in the first step of showing another dataset) tells the process to stop and
    closes it once it has, from the event loop, rather than waiting for it there."""
    refiner.start(grid_graph(150))
    process = refiner._run[0]
    waits = []
    join = type(process).join
    monkeypatch.setattr(type(process), "join", lambda self, timeout=None: (waits.append(timeout), join(self, timeout))[1])
    refiner.cancel()
    assert waits and all(timeout == 0 for timeout in waits)
    qtbot.waitUntil(lambda: not refiner._stopping, timeout=5000)
    with pytest.raises(ValueError):  # closed: its resources are freed
        process.is_alive()


def test_a_value_with_arrays_crosses_a_pipe_whole_in_pieces(monkeypatch):
    """Arrays go down the pipe a piece at a time, out of the pickle, and come out equal (dtypes,
    shapes, an empty one, one inside a dictionary), the rest of the value with them."""
    import multiprocessing
    import threading

    from ui import pipe_pieces

    monkeypatch.setattr(pipe_pieces, "PIECE", 1000)
    rng = np.random.default_rng(5)
    value = (42, rng.integers(0, 10**6, 2345, dtype=np.int64), np.arange(777, dtype=np.int32),
             {"xy": rng.random((750, 2))}, np.zeros(0, np.float64), "name")
    theirs, mine = multiprocessing.Pipe(duplex=False)
    written = []
    real = mine.send_bytes
    monkeypatch.setattr(mine, "send_bytes", lambda *a: written.append(a[2]) or real(*a), raising=False)
    sending = threading.Thread(target=pipe_pieces.send, args=(mine, value))
    sending.start()  # a pipe holds 64 KB: the sender waits for the reader
    count, ids, small, named, empty, name = pipe_pieces.receive(theirs)
    sending.join()
    assert (count, name) == (42, "name") and max(written) == 1000 and sum(written) == 2345 * 8 + 777 * 4 + 750 * 16
    for got, sent in [(ids, value[1]), (small, value[2]), (named["xy"], value[3]["xy"]), (empty, value[4])]:
        assert got.dtype == sent.dtype and got.shape == sent.shape and np.array_equal(got, sent)
    mine.close()
    with pytest.raises(EOFError):  # nothing more was sent
        theirs.recv_bytes()
