"""Undo and redo for view changes: moving and pinning nodes, resetting the layout, filters
(what is hidden) and focus mode. Each command holds the before and after it needs."""
from __future__ import annotations

import numpy as np
from PySide6.QtGui import QUndoCommand


class PositionsCommand(QUndoCommand):
    """Node positions and pins, before and after (a drag, or a layout reset)."""

    def __init__(self, window, text: str, before: tuple[np.ndarray, np.ndarray],
                 after: tuple[np.ndarray, np.ndarray]):
        super().__init__(text)
        self.window, self.before, self.after = window, before, after

    def _apply(self, positions: np.ndarray, pinned: np.ndarray) -> None:
        self.window.canvas.set_positions(positions.copy(), pinned.copy())
        self.window.save_layout()

    def redo(self) -> None:
        self._apply(*self.after)

    def undo(self) -> None:
        self._apply(*self.before)


class FiltersCommand(QUndoCommand):
    """Filters before and after."""

    def __init__(self, state, before, after):
        super().__init__("Change filters")
        self.state, self.before, self.after = state, before, after

    def redo(self) -> None:
        self.state.set_filters(self.after)

    def undo(self) -> None:
        self.state.set_filters(self.before)


class FocusCommand(QUndoCommand):
    """Focus mode (on or off, and its hops) before and after."""

    def __init__(self, state, before: tuple[bool, int], after: tuple[bool, int]):
        super().__init__("Focus")
        self.state, self.before, self.after = state, before, after

    def redo(self) -> None:
        self.state.set_focus_mode(*self.after)

    def undo(self) -> None:
        self.state.set_focus_mode(*self.before)
