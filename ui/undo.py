"""Undo and redo for view changes: moving and pinning nodes, resetting the layout, filters
(what is hidden), focus mode and which treaties show their articles. Each command holds the before and after it needs, and works
on the state (``ViewState`` and its ``LayoutState``), never on a widget."""
from __future__ import annotations

import numpy as np
from PySide6.QtGui import QUndoCommand

from .layout_state import LayoutState, Snapshot
from .state import ViewState


class PositionsCommand(QUndoCommand):
    """Node positions and pins, before and after (a drag, or a layout reset). ``applied``: the
    change is already in place (a drag), so the first redo has nothing to do."""

    def __init__(self, layout: LayoutState, text: str, before: Snapshot, after: Snapshot, applied: bool = False):
        super().__init__(text)
        self.layout, self.before, self.after = layout, before, after
        self._skip_redo = applied

    def _apply(self, positions: np.ndarray, pinned: np.ndarray) -> None:
        self.layout.set_positions(positions.copy(), pinned.copy(), self.layout.provisional)

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._apply(*self.after)

    def undo(self) -> None:
        self._apply(*self.before)


class FiltersCommand(QUndoCommand):
    """Filters before and after."""

    def __init__(self, state: ViewState, before, after):
        super().__init__("Change filters")
        self.state, self.before, self.after = state, before, after

    def redo(self) -> None:
        self.state.set_filters(self.after)

    def undo(self) -> None:
        self.state.set_filters(self.before)


class FocusCommand(QUndoCommand):
    """Focus mode (on or off, and its hops) before and after."""

    def __init__(self, state: ViewState, before: tuple[bool, int], after: tuple[bool, int]):
        super().__init__("Focus")
        self.state, self.before, self.after = state, before, after

    def redo(self) -> None:
        self.state.set_focus_mode(*self.after)

    def undo(self) -> None:
        self.state.set_focus_mode(*self.before)


class ArticlesCommand(QUndoCommand):
    """The treaties whose articles are shown, before and after (showing or folding them)."""

    def __init__(self, state: ViewState, before: frozenset[str], after: frozenset[str], text: str):
        super().__init__(text)
        self.state, self.before, self.after = state, before, after

    def redo(self) -> None:
        self.state.set_expanded(self.after)

    def undo(self) -> None:
        self.state.set_expanded(self.before)
