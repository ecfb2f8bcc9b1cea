"""Compare two dates: the Compare dock wired to the state; the canvas draws the comparison."""
from __future__ import annotations

from typing import Callable

import numpy as np
from PySide6.QtCore import QObject

from widgets.compare_panel import ComparePanel
from .panels import Panels
from .state import ViewState


class CompareController(QObject):
    """Opens the Compare dock at sensible dates and fills it whenever the comparison changes.
    ``show_entity(id)`` selects an entity the user picks in the lists; ``say`` is for passing
    messages."""

    def __init__(self, parent: QObject, state: ViewState, panels: Panels, show_entity: Callable[[str], None],
                 say: Callable[[str], None]):
        super().__init__(parent)
        self.state, self.panels = state, panels
        self.panel: ComparePanel = panels.compare
        self.panel.entity_requested.connect(show_entity)
        self.panel.compare_requested.connect(self.state.set_compare)
        self.panel.closed.connect(self.close)
        self.panel.date_rejected.connect(say)
        self.state.compare_changed.connect(self.changed)

    def open(self) -> None:
        """Show the dock, proposing the last event before the date and the date itself."""
        state = self.state
        if state.dataset is None:
            return
        events = [e.day for e in state.dataset.events if state.day is not None and e.day < state.day]
        if self.panel.first_edit.text() == "":
            self.panel.set_dates(events[-1] if events else state.day, state.day)
        self.panels.raise_dock("Compare")
        self.panel.first_edit.setFocus()

    def close(self) -> None:
        self.state.clear_compare()
        self.panels.raise_dock("Timeline")

    def changed(self) -> None:
        comparison = self.state.comparison()
        if comparison is None:
            return
        graph, ds = self.state.graph, self.state.dataset
        groups = {}
        for key, mask in (("added", comparison.added_nodes), ("removed", comparison.removed_nodes),
                          ("unchanged", comparison.unchanged_nodes)):
            groups[key] = [(e.id, ds.names[e.id], e.kind, e.table)
                           for e in (ds.entities[graph.ids[i]] for i in np.flatnonzero(mask))]
        counts = {key: int(graph.relations_mask(mask).sum()) for key, mask in (
            ("added", comparison.added_edges), ("removed", comparison.removed_edges),
            ("unchanged", comparison.unchanged_edges))}
        self.panel.show_result(comparison.first, comparison.second, groups, counts)
        self.panels.raise_dock("Compare")
