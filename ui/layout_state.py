"""Where the nodes are and which part of the plane the canvas shows: the layout and camera half
of what the user is looking at, owned by ``ViewState`` as ``state.layout``.

The canvas draws from it and writes the user's drags into it; undo commands, saved views, the
layout cache and the background layout refinement read and write it, never the canvas.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Signal

Rect = tuple[float, float, float, float]  #: left, bottom, width, height in layout units
Snapshot = tuple[np.ndarray, np.ndarray]  #: positions and pins


class LayoutState(QObject):
    """Signals:
    positions_changed(): positions or pins changed (a drag, an undo, a reset, the full layout).
    view_requested(object): show this rectangle (``Rect``): a saved view, centring on a node.
    drag_finished(object, object): a drag ended: the ``Snapshot`` before and after it.
    """

    positions_changed = Signal()
    view_requested = Signal(object)
    drag_finished = Signal(object, object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.positions = np.zeros((0, 2))
        self.pinned = np.zeros(0, dtype=bool)
        #: a quick layout shown while the full one is computed: not worth caching
        self.provisional = False
        self.view_rect: Rect | None = None  #: what the canvas shows, as it last said
        self._drag_before: Snapshot | None = None

    # -- positions -----------------------------------------------------------------------
    def reset(self, positions: np.ndarray, pinned: np.ndarray | None = None, provisional: bool = False) -> None:
        """A new graph's layout (the camera stays where it is until the canvas moves)."""
        self._drag_before = None
        self.set_positions(positions, pinned, provisional)

    def set_positions(self, positions: np.ndarray, pinned: np.ndarray | None = None,
                      provisional: bool = False) -> None:
        positions = np.array(positions, dtype=float).reshape(-1, 2)
        self.positions = positions
        self.pinned = np.zeros(len(positions), dtype=bool) if pinned is None else np.array(pinned, dtype=bool)
        self.provisional = provisional
        self.positions_changed.emit()

    def snapshot(self) -> Snapshot:
        return self.positions.copy(), self.pinned.copy()

    def pin(self, places: dict[int, tuple[float, float]]) -> None:
        """Put nodes at these places and pin them (a saved view's pins)."""
        if not places:
            return
        positions, pinned = self.snapshot()
        for index, xy in places.items():
            positions[index], pinned[index] = xy, True
        self.set_positions(positions, pinned, self.provisional)

    def merge_unpinned(self, positions: np.ndarray) -> None:
        """New positions for every node the user has not pinned (the full layout arrived)."""
        merged = np.where(self.pinned[:, None], self.positions, np.asarray(positions, dtype=float))
        self.set_positions(merged, self.pinned, provisional=False)

    # -- dragging ------------------------------------------------------------------------
    def drag(self, index: int, x: float, y: float) -> None:
        """The user moves a node: it follows and is pinned; ``end_drag`` closes the move."""
        if self._drag_before is None:
            self._drag_before = self.snapshot()
        self.positions[index] = (x, y)
        self.pinned[index] = True
        self.positions_changed.emit()

    def end_drag(self) -> None:
        before, self._drag_before = self._drag_before, None
        if before is not None:
            self.drag_finished.emit(before, self.snapshot())

    # -- the camera ----------------------------------------------------------------------
    def record_view(self, rect: Rect) -> None:
        """What the canvas shows now (after a pan, a zoom, a fit): kept, no signal."""
        self.view_rect = tuple(float(v) for v in rect)

    def request_view(self, rect: Rect) -> None:
        self.view_rect = tuple(float(v) for v in rect)
        self.view_requested.emit(self.view_rect)

    def center_on(self, index: int) -> None:
        """Pan so that a node is in the middle, keeping the zoom."""
        if self.view_rect is None or not 0 <= index < len(self.positions):
            return
        x, y = self.positions[index]
        _left, _bottom, width, height = self.view_rect
        self.request_view((x - width / 2, y - height / 2, width, height))
