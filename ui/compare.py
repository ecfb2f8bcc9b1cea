"""Compare two dates: the Compare dock wired to the state; the canvas draws the comparison."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject


class CompareController(QObject):
    """Opens the Compare dock at sensible dates and fills it whenever the comparison changes."""

    def __init__(self, window):
        super().__init__(window)
        self.window, self.state, self.panel = window, window.state, window.compare
        self.panel.entity_requested.connect(lambda i: window.select_and_center([i]))
        self.panel.compare_requested.connect(self.state.set_compare)
        self.panel.closed.connect(self.close)
        self.panel.date_rejected.connect(window.say)
        self.state.compare_changed.connect(self.changed)

    def open(self) -> None:
        """Show the dock, proposing the last event before the date and the date itself."""
        state = self.state
        if state.dataset is None:
            return
        events = [e.day for e in state.dataset.events if state.day is not None and e.day < state.day]
        if self.panel.first_edit.text() == "":
            self.panel.set_dates(events[-1] if events else state.day, state.day)
        self.window.compare_dock.show()
        self.window.compare_dock.raise_()
        self.panel.first_edit.setFocus()

    def close(self) -> None:
        self.state.clear_compare()
        self.window.timeline_dock.raise_()

    def changed(self) -> None:
        comparison = self.state.comparison()
        if comparison is None:
            return
        graph, ds = self.state.graph, self.state.dataset
        groups = {}
        for key, mask in (("added", comparison.added_nodes), ("removed", comparison.removed_nodes),
                          ("unchanged", comparison.unchanged_nodes)):
            groups[key] = [(e.id, e.name, e.kind, e.table)
                           for e in (ds.entities[graph.ids[i]] for i in np.flatnonzero(mask))]
        counts = {key: int(graph.relations_mask(mask).sum()) for key, mask in (
            ("added", comparison.added_edges), ("removed", comparison.removed_edges),
            ("unchanged", comparison.unchanged_edges))}
        self.panel.show_result(comparison.first, comparison.second, groups, counts)
        self.window.compare_dock.show()
        self.window.compare_dock.raise_()
