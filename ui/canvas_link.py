"""The canvas following the state, and the user's gestures on the canvas going into the state.

What is shown (masks, selection, comparison) is redrawn at most once a frame however fast the
state changes; nodes that appear or disappear with the date flash; positions come from the
state's ``LayoutState`` and a drag goes back into it (and onto the undo stack); the part of the
plane shown is recorded in the state, and the state's requests (a saved view, centring on a node)
move the camera.
"""
from __future__ import annotations

from typing import Callable, Iterator

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand

from data import chunks, dates, look, schema
from widgets.canvas_graph import set_graph_steps
from widgets.canvas_edges import draw_edges_steps
from widgets.canvas_prepare import edge_ends_steps
from widgets.debounce import Debounce
from widgets.graph_canvas import GraphCanvas
from .state import ViewState
from .tasks import background
from .undo import PositionsCommand

TEXT_ROWS = 50_000  #: node labels made in one step of showing a new graph


class CanvasLink(QObject):
    """Signals:
    redrawn(): the canvas shows the state as it is now.
    """

    redrawn = Signal()

    def __init__(self, parent: QObject, state: ViewState, canvas: GraphCanvas,
                 push_undo: Callable[[QUndoCommand], None]):
        super().__init__(parent)
        self.state, self.canvas = state, canvas
        self._last_nodes: np.ndarray | None = None
        self._article_counts: dict[str, int] = {}  #: each treaty's number of articles
        self._held = False  #: the canvas waits for show_graph
        self._redraw_soon = Debounce(self, 16, self.redraw, restart=False)
        layout = state.layout
        state.dataset_changed.connect(self._dataset_changed)
        state.expanded_changed.connect(lambda: self.canvas.set_texts(self.texts()))
        state.visible_changed.connect(self._redraw_soon.trigger)
        state.selection_changed.connect(lambda _ids, _focused: self._redraw_soon.trigger())
        layout.positions_changed.connect(self._positions_changed)
        layout.view_requested.connect(canvas.show_rect)
        layout.drag_finished.connect(
            lambda before, after: push_undo(PositionsCommand(layout, "Move node", before, after, applied=True)))
        canvas.view_changed.connect(layout.record_view)
        canvas.node_dragged.connect(self._dragged)
        canvas.node_clicked.connect(lambda entity_id, additive: state.toggle(entity_id) if additive
                                    else state.select([entity_id]))
        canvas.background_clicked.connect(state.clear_selection)
        canvas.edges.run_in_background = background(canvas, "Drawing the edges")  # the overview's raster

    # -- the state into the canvas -------------------------------------------------------
    def _dataset_changed(self) -> None:
        self._article_counts = self.state.article_counts()
        self._last_nodes = None
        if self._held:
            self.canvas.clear()
        else:
            for _ in self.show_graph():
                pass

    def hold(self) -> None:
        """Before a new dataset or layout: the canvas shows nothing of it, and the state's changes
        draw nothing, until ``show_graph`` or ``release`` (the window draws them in steps)."""
        self._held = True
        self._redraw_soon.cancel()

    def release(self) -> None:
        """The canvas follows the state again (its caller gave it the new positions)."""
        self._held = False

    def show_graph(self) -> Iterator[None]:
        """The state's graph into the canvas, in steps (its labels, its looks, the canvas's
        passes over the nodes); a redraw then shows what the state says."""
        texts = yield from self._texts_steps()
        yield
        dataset, graph = self.state.dataset, self.state.graph
        colours, sizes = look.colours_and_sizes(dataset, graph.ids)  # the dataset's own looks
        tables = np.array(schema.ENTITY_TABLES, dtype=object)[graph.table].tolist()
        yield
        yield from set_graph_steps(self.canvas, graph, self.state.layout.positions, texts, self.tooltip, tables,
                                   colours, sizes, spacing=self.state.loading_spacing)
        self._held = False

    def texts(self) -> list[str]:
        """Each node's label; a treaty whose articles are folded into it says how many."""
        return chunks.at_once(self._texts_steps())

    def _texts_steps(self) -> Iterator[None]:
        """``texts``, made ``TEXT_ROWS`` nodes at a time; returns them. The names come in the
        graph's order (the loader's), so they are copied as they are and only the treaties
        with folded articles are looked up (a million nodes: 0.6 -> ~0.05 s)."""
        names, expanded, counts = self.state.dataset.names, self.state.expanded, self._article_counts
        graph = self.state.graph
        ids, texts = graph.ids, []
        if len(names) == len(ids):
            keys = yield from chunks.list_steps(iter(names), len(names), TEXT_ROWS)
            yield
            if keys == ids:  # the same strings in the same order: compared by identity, ~5 ms a million
                yield
                texts = yield from chunks.list_steps(iter(names.values()), len(names), TEXT_ROWS)
                for i, count in counts.items():
                    if i not in expanded and i in graph.index:
                        texts[graph.index[i]] = f"{names[i]} (+{count} art.)"
                return texts
        for start in range(0, len(ids), TEXT_ROWS):
            texts += [f"{names[i]} (+{counts[i]} art.)" if i in counts and i not in expanded else names[i]
                      for i in ids[start:start + TEXT_ROWS]]
            if start + TEXT_ROWS < len(ids):
                yield
        return texts

    def _positions_changed(self) -> None:
        if self.canvas.graph is self.state.graph and not self._held:  # a new graph's layout waits for set_graph
            self.canvas.set_positions(self.state.layout.positions)

    def redraw(self) -> None:
        self._redraw_soon.cancel()
        state, canvas = self.state, self.canvas
        if state.graph is None or self._held:
            return
        comparison = state.comparison()
        if comparison is not None:
            canvas.show_comparison(
                (comparison.added_nodes, comparison.removed_nodes, comparison.unchanged_nodes),
                (comparison.added_edges, comparison.removed_edges, comparison.unchanged_edges),
                state.selected_mask())
            self._last_nodes = None
        else:
            visible = state.visible()
            canvas.set_view(visible.nodes, visible.edges, state.selected_mask(), visible.anchor, visible.anchored)
            last = self._last_nodes
            if last is not None and len(last) == len(visible.nodes):
                canvas.flash(visible.nodes & ~last, last & ~visible.nodes)
            self._last_nodes = visible.nodes
        self.redrawn.emit()

    def prepare_redraw(self) -> Iterator[None]:
        """Make ahead, in slices, what the next redraw of a new graph or layout would make at
        once (``widgets.canvas_prepare``), yielding between them."""
        if self.state.graph is not None and not self._held and self.canvas.graph is self.state.graph:
            visible = self.state.visible()
            ends = yield from edge_ends_steps(self.canvas, visible.anchor, visible.anchored)
            if ends is not None and self.state.compare_days is None:  # the edges as set_view draws them
                yield from self.canvas.prepare_view(visible.nodes, visible.edges)
                yield from draw_edges_steps(self.canvas, self.canvas.edges, self.canvas.prepared_edges(), 1, ends)

    def center_on_focused(self) -> None:
        """Pan to the focused entity when it is shown."""
        state = self.state
        if state.focused is not None and state.graph is not None:
            index = state.graph.index[state.focused]
            if state.visible().nodes[index]:
                state.layout.center_on(index)

    # -- the canvas into the state -------------------------------------------------------
    def _dragged(self, index: int, x: float, y: float, finished: bool) -> None:
        self.state.layout.drag(index, x, y)
        if finished:
            self.state.layout.end_drag()

    def tooltip(self, index: int) -> str:
        dataset = self.state.dataset
        entity = dataset.entities[self.state.graph.ids[index]]
        label = dataset.names[entity.id]
        full = f"\n{entity.name}" if entity.name != label else ""
        span = f"\n{dates.span_text(entity.start, entity.end, '?')}" if (entity.start or entity.end) else ""
        folded = ""
        if entity.id in self._article_counts:
            count, shown = self._article_counts[entity.id], entity.id in self.state.expanded
            folded = (f"\n{count} articles {'shown' if shown else 'folded in'}: press E or right-click to "
                      f"{'fold them in' if shown else 'show them'}")
        return f"{label}{full}\n{entity.kind} ({schema.singular(entity.table)}){span}{folded}"
