"""Showing a loaded dataset in steps, with the window answering between them.

Handing a big dataset to every view at once froze the window for most of a second at 100,000
entities (the state and the trees, the canvas's nodes, its first paint, the timeline and the
panels, one after the other). The window writes that work as a generator that yields wherever
the event loop may run, and ``Showing`` runs it across turns of the event loop, so that input
and paints come in between; each step leaves the window consistent (the views show the new
dataset or nothing of it). Steps that take little time share a turn: the next one runs at once
while the turn has used less than ``TURN_MS``, so a small dataset is shown in a few turns; a
step that yields ``PAINT`` ends its turn whatever the time (the event loop paints what it did).

One showing at a time: a new one (a second file opened meanwhile) drops the rest of the old
one, and so does ``cancel`` (the window closes). ``finish`` runs what is left at once.
``canvas_steps`` are the steps that draw a graph on the canvas (a new dataset's, a new layout).
"""
from __future__ import annotations

import time
from typing import Callable, Iterator

import numpy as np
from PySide6.QtCore import QObject, QTimer

from data import collector
from .canvas_link import CanvasLink

STEP_MS = 1  #: the wait between turns: a timer, not a posted call, so that a paint and other timers come first
TURN_MS = 15  #: steps follow each other in one turn of the event loop while it has taken less than this
PAINT = "paint"  #: yielded by a step whose result should be painted before the next step runs
_last_turn = [0.0]  #: when the last turn of any showing ended: two showings' turns never run back to back


class Showing(QObject):
    """Runs a generator of steps across turns of the event loop; ``done()`` is called after its
    last step (never for a showing that was dropped)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._steps: Iterator[str | None] | None = None
        self._done: Callable[[], None] | None = None
        self._timer = QTimer(self, singleShot=True, interval=STEP_MS)
        self._timer.timeout.connect(self._turn)

    @property
    def busy(self) -> bool:
        return self._steps is not None

    def start(self, steps: Iterator[str | None], done: Callable[[], None] | None = None) -> None:
        """Drop a showing under way and run the first step of ``steps`` now, the next ones in
        later turns of the event loop."""
        self.cancel()
        self._steps, self._done = steps, done
        self._next()

    def finish(self) -> None:
        """Run every step left now (a caller that needs the dataset shown at once)."""
        while self._steps is not None:
            self._next()

    def cancel(self) -> None:
        """Drop the steps not run yet; ``done`` is not called."""
        self._timer.stop()
        steps, self._steps, self._done = self._steps, None, None
        if steps is not None:
            steps.close()

    def _turn(self) -> None:
        if time.perf_counter() - _last_turn[0] < STEP_MS / 1000:  # another showing's turn just ended (the
            self._timer.start()  # window and the analysis panels follow one dataset): the event loop runs first
            return
        self._next()

    def _next(self) -> None:
        steps = self._steps
        if steps is None:
            return
        end = time.perf_counter() + TURN_MS / 1000
        try:
            said = next(steps)
            while said != PAINT and time.perf_counter() < end and steps is self._steps:
                said = next(steps)
        except StopIteration:
            _last_turn[0] = time.perf_counter()
            if steps is self._steps:
                done, self._steps, self._done = self._done, None, None
                if done is not None:
                    done()
            return
        except BaseException:
            if steps is self._steps:  # a failed step ends the showing; the error goes on to Qt's handler
                self._steps = self._done = None
            raise
        _last_turn[0] = time.perf_counter()
        if steps is self._steps:  # a step may have started another showing
            self._timer.start()


def uncollected(steps: Iterator[str | None]) -> Iterator[str | None]:
    """``steps`` with Python's cyclic collector paused until they end, and what they made then
    kept out of its passes (``data.collector``): showing a big dataset makes lists of a million
    labels and the like, and each collection meanwhile walked them again (0.1-0.2 s, in
    whatever step it fell)."""
    with collector.loading():
        yield from steps


def canvas_steps(link: CanvasLink, new_graph: bool = True) -> Iterator[str | None]:
    """The state's graph onto the canvas in steps (``new_graph``: its labels and looks; else new
    positions, given to the canvas already): zoomed first, so that the nodes are loaded at their
    size once, a slice at a time; the first redraw; the edges' and labels' pictures. The canvas
    is not painted meanwhile (it stays as its last paint left it: empty, or the last layout), so
    that its first picture of the graph is the whole graph, painted in a turn of its own."""
    canvas, state = link.canvas, link.state
    if new_graph:
        canvas.view.viewport().repaint()  # empty now on screen too, not the last dataset's picture
    canvas.view.setUpdatesEnabled(False)
    try:
        if new_graph:
            yield from link.show_graph()
            yield
        shown = np.flatnonzero(state.visible().nodes)
        yield from canvas.frame_steps(shown)
        canvas.fit(shown)
        yield
        yield from canvas.load_nodes()
        yield
        yield from link.prepare_redraw()
        yield
        link.redraw()
        yield
        canvas.fit()
        yield
        yield from canvas.prepare_pictures()
        yield
    finally:  # also when a second dataset or the window's closing cuts this short
        canvas.view.setUpdatesEnabled(True)
    yield PAINT
