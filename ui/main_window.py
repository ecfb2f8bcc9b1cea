"""The main window: trees on the left, the graph canvas in the centre, details on the right,
the timeline below; all of them adapt one ``ViewState``.

The window wires widgets to the state and back. Redraws of the canvas are coalesced by a timer,
so a fast slider drag never queues a backlog of frames.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QTabBar, QToolBar, QToolButton, QWidget

from data import dates, layout, schema
from data.graph import TimeMode
from data.model import Dataset
from data.search import SearchIndex
from widgets.detail_panel import DetailPanel
from widgets.entity_tree import EntityTrees
from widgets.compare_panel import ComparePanel
from widgets.graph_canvas import GraphCanvas
from widgets.problems_panel import ProblemsPanel
from widgets.search_box import SearchBox
from widgets.time_track import Mark
from widgets.timeline import TimelinePanel
from .analysis import AnalysisPanels
from .compare import CompareController
from .file_menu import FileMenu
from .refine import LayoutRefiner
from .reload import ReloadBar
from .undo import FiltersCommand, FocusCommand, PositionsCommand
from . import views
from .settings import Settings
from .state import ViewState

MODE_NAMES = {"at": "at date", "window": "window", "cumulative": "cumulative"}


class MainWindow(QMainWindow):
    """The Treatyscope window. ``open_dataset`` shows a loaded dataset."""

    def __init__(self, settings: Settings | None = None, cache_folder: Path | None = None):
        super().__init__()
        self.settings = settings or Settings()
        self.cache_folder = cache_folder or (Settings.cache_folder() / "layouts")
        self.state = ViewState(self)
        self.setWindowTitle("Treatyscope")
        self.canvas = GraphCanvas()
        self.trees = EntityTrees()
        self.details = DetailPanel()
        self.timeline = TimelinePanel()
        self.search = SearchBox()
        self.problems = ProblemsPanel()
        self.compare = ComparePanel()
        self.setCentralWidget(self.canvas)
        self.tree_dock = self._dock("Browse", self.trees, Qt.LeftDockWidgetArea)
        self.detail_dock = self._dock("Details", self.details, Qt.RightDockWidgetArea)
        self.timeline_dock = self._dock("Timeline", self.timeline, Qt.BottomDockWidgetArea)
        self.problems_dock = self._dock("Problems", self.problems, Qt.BottomDockWidgetArea)
        self.compare_dock = self._dock("Compare", self.compare, Qt.BottomDockWidgetArea)
        self.tabifyDockWidget(self.timeline_dock, self.problems_dock)
        self.tabifyDockWidget(self.timeline_dock, self.compare_dock)
        self.timeline_dock.raise_()
        self.problems_button = QToolButton()
        self.problems_button.setAutoRaise(True)
        self.problems_button.clicked.connect(self._show_problems)
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.PlainText)
        self.statusBar().addWidget(self.status_label, 1)
        # passing messages get a label of their own: Qt's temporary message would be drawn
        # over the status text
        self.message_label = QLabel()
        self.message_label.setTextFormat(Qt.PlainText)
        self.message_label.setStyleSheet("color: #1d4ed8;")
        self.statusBar().addPermanentWidget(self.message_label)
        self._message_timer = QTimer(self, singleShot=True)
        self._message_timer.timeout.connect(self.message_label.clear)
        self.statusBar().addPermanentWidget(self.problems_button)
        self._redraw_timer = QTimer(self, singleShot=True, interval=16)
        self._redraw_timer.timeout.connect(self.redraw)
        # the trees' grey rows follow the date once it settles: a drag must not wait for them
        self._trees_timer = QTimer(self, singleShot=True, interval=200)
        self._trees_timer.timeout.connect(self._grey_inactive_rows)
        self._trees_selection_timer = QTimer(self, singleShot=True, interval=30)
        self._trees_selection_timer.timeout.connect(self._select_in_trees)
        self._last_nodes: np.ndarray | None = None
        self._center_on_select = False
        self.search_index: SearchIndex | None = None
        self.undo_stack = QUndoStack(self)
        self.refiner = LayoutRefiner(self)
        self.refiner.refined.connect(self._layout_refined)
        self.refiner.failed.connect(lambda message: self.say(message, 10000))
        self._build_actions()
        self.reload_bar = ReloadBar(self)
        self.addToolBarBreak()
        self.addToolBar(Qt.TopToolBarArea, self.reload_bar)
        self.files = FileMenu(self)
        self.reload_bar.reload_requested.connect(
            lambda: self.state.dataset is not None and self.files.open_path(self.state.dataset.path))
        self._connect()
        self.analysis = AnalysisPanels(self)
        for dock in self.analysis.docks():
            self.view_menu.addAction(dock.toggleViewAction())
        self.resizeDocks([self.tree_dock, self.detail_dock], [300, 330], Qt.Horizontal)
        self.resizeDocks([self.timeline_dock], [118], Qt.Vertical)
        self.setAcceptDrops(True)
        self.resize(1280, 800)
        self.resizeDocks([self.tree_dock, self.detail_dock], [300, 330], Qt.Horizontal)
        self.resizeDocks([self.timeline_dock], [118], Qt.Vertical)

    def _dock(self, title: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{title.lower()}")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable
                         | QDockWidget.DockWidgetClosable)
        self.addDockWidget(area, dock)
        return dock

    # -- actions -------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, checkable: bool = False, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        action.setStatusTip(tip)
        action.setToolTip(tip or text)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.fit_action = self._action("Fit to view", lambda: self.canvas.fit(), "F", tip="Show every node (F)")
        self.reset_action = self._action("Reset layout", self.reset_layout, tip="Lay the graph out again; unpins every node")
        self.focus_action = self._action("Focus", lambda on: self.change_focus(on, self.state.focus_hops), "Shift+F", True,
                                         "Show only what is within N links of the selection (+/- change N)")
        self.more_hops = self._action("More hops", lambda: self._hops(+1), "+")
        self.more_hops.setShortcuts([QKeySequence("+"), QKeySequence("="), QKeySequence("Ctrl++")])
        self.fewer_hops = self._action("Fewer hops", lambda: self._hops(-1), "-")
        self.clear_action = self._action("Clear selection", self.state.clear_selection, "Escape")
        self.hide_inactive_action = self._action(
            "Hide inactive entities in the trees", lambda _on: self._grey_inactive_rows(), checkable=True,
            tip="Hide, rather than grey out, what is not active at the date")
        self.find_action = self._action("Find…", self._find, QKeySequence.Find)
        self.play_action = self._action("Play / pause", self.timeline.toggle_play, "Space")
        self.compare_action = self._action("Compare two dates…", lambda: self.comparing.open(), "Ctrl+D",
                                           tip="See what was added, removed and unchanged between two dates")
        self.time_actions = [
            self._action("Previous event", self.timeline.previous_event, "PgUp"),
            self._action("Next event", self.timeline.next_event, "PgDown"),
            self._action("Back one day", lambda: self.timeline.step(-1, "day"), "Alt+Left"),
            self._action("Forward one day", lambda: self.timeline.step(1, "day"), "Alt+Right"),
            self._action("Back one month", lambda: self.timeline.step(-1, "month"), "Ctrl+Left"),
            self._action("Forward one month", lambda: self.timeline.step(1, "month"), "Ctrl+Right"),
            self._action("Back one year", lambda: self.timeline.step(-1, "year"), "Ctrl+Shift+Left"),
            self._action("Forward one year", lambda: self.timeline.step(1, "year"), "Ctrl+Shift+Right"),
        ]
        self.quit_action = self._action("Quit", self.close, QKeySequence.Quit)
        menu = self.menuBar().addMenu("&File")
        self.file_menu = menu
        menu.addAction(self.quit_action)
        edit = self.menuBar().addMenu("&Edit")
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.Redo])
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        view = self.menuBar().addMenu("&View")
        self.view_menu = view
        for action in (self.fit_action, self.reset_action, self.focus_action, self.more_hops,
                       self.fewer_hops, self.clear_action, self.find_action, self.hide_inactive_action):
            view.addAction(action)
        view.addSeparator()
        for dock in (self.tree_dock, self.detail_dock, self.timeline_dock, self.problems_dock, self.compare_dock):
            view.addAction(dock.toggleViewAction())
        time = self.menuBar().addMenu("&Time")
        time.addAction(self.play_action)
        time.addSeparator()
        for action in self.time_actions:
            time.addAction(action)
        time.addSeparator()
        time.addAction(self.compare_action)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self._action("&About Treatyscope", self._about))
        bar = QToolBar("Main", self)
        bar.setObjectName("toolbar-main")
        bar.setMovable(False)
        bar.addAction(self.fit_action)
        bar.addAction(self.reset_action)
        bar.addSeparator()
        bar.addAction(self.focus_action)
        self.hops_label = QLabel()
        bar.addWidget(self.hops_label)
        bar.addSeparator()
        self.search.setMaximumWidth(320)
        bar.addWidget(self.search)
        self.addToolBar(bar)
        self._show_hops()

    def _connect(self) -> None:
        state = self.state
        self.trees.selection_requested.connect(self._tree_selected)
        self.trees.event_activated.connect(self.go_to_event)
        self.canvas.node_clicked.connect(self._node_clicked)
        self.canvas.background_clicked.connect(state.clear_selection)
        self.canvas.node_pinned.connect(lambda *_a: self._node_pinned())
        self.details.entity_requested.connect(lambda i: self.select_and_center([i]))
        self.problems.entity_requested.connect(lambda i: self.select_and_center([i]))
        self.comparing = CompareController(self)
        self.search.entity_chosen.connect(lambda i: self.select_and_center([i]))
        self.timeline.day_requested.connect(lambda d: state.set_day(d))
        self.timeline.until_requested.connect(lambda d: state.set_day(state.day, d))
        self.timeline.mode_requested.connect(state.set_mode)
        self.timeline.event_clicked.connect(self.go_to_event)
        self.timeline.date_rejected.connect(lambda m: self.say(m, 6000))
        state.selection_changed.connect(self._selection_changed)
        state.visible_changed.connect(self.schedule_redraw)
        state.date_changed.connect(lambda _d: self._time_changed())
        state.mode_changed.connect(lambda _m: self._time_changed())
        state.focus_changed.connect(self._show_hops)

    # -- the dataset ---------------------------------------------------------------------
    def open_dataset(self, dataset: Dataset, graph=None, positions=None, pinned=None,
                     provisional: bool = False) -> None:
        """Show a loaded dataset: layout (cached, unless given), trees, canvas, timeline; then
        the view it was left in last time. ``provisional`` positions (a quick layout) are shown
        at once and replaced by the full layout when a background process has it."""
        self.timeline.stop()
        self.refiner.cancel()
        self.remember_view()
        self.undo_stack.clear()
        self.state.set_dataset(dataset, graph)
        graph = self.state.graph
        self.layout_cache = layout.cache_file(self.cache_folder, dataset.path)
        if positions is None:
            positions, pinned = layout.positions_for(graph, self.layout_cache)
        tables = [e.table for e in dataset.entities.values()]
        texts = [e.label for e in dataset.entities.values()]
        self.canvas.set_graph(graph, positions, pinned, texts, self._tooltip, tables)
        self.trees.set_dataset(dataset)
        self.details.set_dataset(dataset)
        self.details.show_entity(None)
        self.search_index = SearchIndex(dataset)
        self.reload_bar.watch(dataset.path)
        self.search.set_finder(self.search_index.find, self._describe)
        span = dataset.date_range()
        if span is not None:
            self.timeline.set_range(*span)
        self.timeline.set_events([Mark(e.id, e.day, e.title, e.kind or "") for e in dataset.events])
        self.problems.set_problems(dataset.problems, set(dataset.entities))
        count = len(dataset.problems)
        self.problems_button.setText(f"{count} problem{'s' if count != 1 else ''}" if count else "No problems")
        self.problems_button.setToolTip("Rows of the dataset that were skipped, and why")
        self.setWindowTitle(f"{dataset.title} — Treatyscope")
        self._last_nodes = None
        self._time_changed()
        self.redraw()
        self.canvas.fit()
        QTimer.singleShot(0, self.canvas.fit)  # again once the window's layout has settled
        if provisional:  # not cached: the next open must not take the quick layout for the full one
            self.refiner.start(graph)
            self.say("A quick layout is shown; the full layout is being computed in the background.", 0)
        else:
            self.save_layout()
        self.restore_view()

    def _layout_refined(self, graph, positions) -> None:
        """The full layout arrived: put it in place (nodes the user pinned meanwhile stay),
        unless the timeline is playing, when it waits for the pause."""
        if graph is not self.state.graph:
            return
        if self.timeline.is_playing():
            QTimer.singleShot(500, lambda: self._layout_refined(graph, positions))
            return
        pinned = self.canvas.pinned.copy()
        positions = np.where(pinned[:, None], self.canvas.positions, positions)
        self.canvas.set_positions(positions, pinned)
        self.undo_stack.clear()  # a drag made on the quick layout cannot be undone onto this one
        self.save_layout()
        self.canvas.fit()
        self.say("The full layout is in place.", 6000)

    def remember_view(self) -> None:
        """Keep the open dataset's view (date, mode, filters, zoom...) in the settings."""
        if self.state.dataset is not None and self.state.graph is not None:
            self.settings.set_dataset_value(self.state.dataset.path, "view", json.dumps(views.capture(self)))

    def restore_view(self) -> None:
        text = self.settings.dataset_value(self.state.dataset.path, "view")
        if not text:
            return
        try:
            view = json.loads(text)
        except (TypeError, ValueError):
            return
        QTimer.singleShot(0, lambda: views.apply(self, view))  # after the first fit

    def save_layout(self) -> None:
        try:
            layout.save(self.layout_cache, self.state.graph.ids, self.canvas.positions, self.canvas.pinned)
        except OSError as exc:  # the cache is a convenience: say so, carry on
            self.say(f"Could not save the layout cache: {exc}", 6000)

    def reset_layout(self) -> None:
        graph = self.state.graph
        if graph is None:
            return
        before = (self.canvas.positions.copy(), self.canvas.pinned.copy())
        after = (layout.compute(graph), np.zeros(graph.node_count, dtype=bool))
        self.undo_stack.push(PositionsCommand(self, "Reset layout", before, after))
        self.canvas.fit()

    # -- selection -----------------------------------------------------------------------
    def _tree_selected(self, ids: list, additive: bool) -> None:
        self._center_on_select = True
        self.state.select(list(ids), additive)

    def _node_clicked(self, entity_id: str, additive: bool) -> None:
        if additive:
            self.state.toggle(entity_id)
        else:
            self.state.select([entity_id])

    def select_and_center(self, ids: list[str]) -> None:
        self._center_on_select = True
        self.state.select(ids)
        if self._center_on_select:  # already selected: centre anyway
            self._center_focused()

    def _selection_changed(self, ids: list, focused) -> None:
        self.details.show_entity(focused)
        if self._center_on_select:
            self._center_focused()
        self.schedule_redraw()
        # the trees follow just after the canvas has shown the highlight: opening a group of
        # tens of thousands of rows must not delay the frame the click asked for
        self._trees_selection_timer.start()

    def _select_in_trees(self) -> None:
        self.trees.set_selection(list(self.state.selected), self.state.focused)

    def _center_focused(self) -> None:
        self._center_on_select = False
        focused = self.state.focused
        if focused is not None and self.state.graph is not None:
            index = self.state.graph.index[focused]
            if self.state.visible().nodes[index]:
                self.canvas.center_on(index)

    def go_to_event(self, event_id: str) -> None:
        """Jump to an event's date and select the entities it concerns."""
        event = next((e for e in self.state.dataset.events if e.id == event_id), None)
        if event is None:
            return
        self.state.set_day(event.day)
        self.trees.select_event(event_id)
        if event.entity_ids:
            self.select_and_center(event.entity_ids)
        self.say(f"{dates.day_to_iso(event.day)}: {event.title}", 8000)

    def _find(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _hops(self, change: int) -> None:
        self.change_focus(True, self.state.focus_hops + change)

    # -- undoable view changes -------------------------------------------------------------
    def change_focus(self, enabled: bool, hops: int) -> None:
        state = self.state
        hops = max(1, min(int(hops), 9))
        if (enabled, hops) != (state.focus_mode, state.focus_hops):
            self.undo_stack.push(FocusCommand(state, (state.focus_mode, state.focus_hops), (enabled, hops)))
        self._show_hops()

    def change_filters(self, filters) -> None:
        if filters != self.state.filters:
            self.undo_stack.push(FiltersCommand(self.state, self.state.filters, filters))

    def _node_pinned(self) -> None:
        before = self.canvas.drag_before
        after = (self.canvas.positions.copy(), self.canvas.pinned.copy())
        if before is not None:
            self.undo_stack.push(PositionsCommand(self, "Move node", before, after))

    def _show_hops(self) -> None:
        self.focus_action.setChecked(self.state.focus_mode)
        self.hops_label.setText(f" {self.state.focus_hops} hop{'s' if self.state.focus_hops > 1 else ''} ")

    # -- drawing -------------------------------------------------------------------------
    def schedule_redraw(self) -> None:
        """Coalesce redraw requests: at most one frame per timer tick, however fast they come."""
        if not self._redraw_timer.isActive():
            self._redraw_timer.start()

    def redraw(self) -> None:
        self._redraw_timer.stop()
        if self.state.graph is None:
            return
        comparison = self.state.comparison()
        if comparison is not None:
            self.canvas.show_comparison(
                (comparison.added_nodes, comparison.removed_nodes, comparison.unchanged_nodes),
                (comparison.added_edges, comparison.removed_edges, comparison.unchanged_edges),
                self.state.selected_mask())
            self._last_nodes = None
            self._update_status()
            return
        visible = self.state.visible()
        self.canvas.set_view(visible.nodes, visible.edges, self.state.selected_mask())
        if self._last_nodes is not None and len(self._last_nodes) == len(visible.nodes):
            self.canvas.flash(visible.nodes & ~self._last_nodes, self._last_nodes & ~visible.nodes)
        self._last_nodes = visible.nodes
        self._update_status()

    def _time_changed(self) -> None:
        state = self.state
        self.timeline.show_date(state.day, state.until, state.mode.value)
        if state.graph is None:
            return
        self.details.set_day(state.day)
        self._trees_timer.start()

    def _grey_inactive_rows(self) -> None:
        state = self.state
        if state.graph is None:
            return
        active = state.visible().active_nodes
        inactive = {state.graph.ids[i] for i in np.flatnonzero(~active)}
        self.trees.set_inactive(inactive, hide=self.hide_inactive_action.isChecked())

    def _update_status(self) -> None:
        state, ds = self.state, self.state.dataset
        visible = state.visible()
        when = ""
        if state.day is not None:
            when = dates.day_to_iso(state.day)
            if state.mode is TimeMode.WINDOW:
                when += f" to {dates.day_to_iso(state.until)}"
            when += f" ({MODE_NAMES[state.mode.value]})"
        problems = len(ds.problems)
        if state.compare_days is not None:
            first, second = state.compare_days
            when = f"comparing {dates.day_to_iso(first)} with {dates.day_to_iso(second)}"
        parts = [ds.title, when,
                 f"{int(visible.nodes.sum())} of {state.graph.node_count} entities, "
                 f"{int(state.graph.relations_mask(visible.edges).sum())} of {state.graph.relation_count} relations shown",
                 f"{problems} row{'s' if problems != 1 else ''} skipped" if problems else "no problems"]
        if state.selected:
            parts.insert(3, f"{len(state.selected)} selected")
        self.status_label.setText("   |   ".join(p for p in parts if p))

    def caption(self):
        """The figure caption for what is shown now (see ``ui.export.caption_for``)."""
        from .export import caption_for

        return caption_for(self.state)

    # -- text for widgets ----------------------------------------------------------------
    def _tooltip(self, index: int) -> str:
        entity = self.state.dataset.entities[self.state.graph.ids[index]]
        start = str(entity.start) if entity.start else "?"
        end = str(entity.end) if entity.end else ""
        span = "" if not (entity.start or entity.end) else f"\n{start} – {end}"
        return f"{entity.name}\n{entity.kind} ({schema.singular(entity.table)}){span}"

    def _describe(self, entity_id: str) -> str:
        entity = self.state.dataset.entities[entity_id]
        return f"{entity.name}  ·  {entity.kind}"

    def _about(self) -> None:
        from main import VERSION

        from .about import show_about
        show_about(self, VERSION, str(self.state.dataset.path) if self.state.dataset else None)

    def say(self, message: str, milliseconds: int = 6000) -> None:
        """A message in the status bar (plain text), cleared after a while (0: kept until the
        next message)."""
        self.message_label.setText(message if len(message) < 120 else message[:117] + "…")
        if milliseconds > 0:
            self._message_timer.start(milliseconds)
        else:
            self._message_timer.stop()

    def _show_problems(self) -> None:
        self.problems_dock.show()
        self.problems_dock.raise_()

    def view_widget(self, view: str) -> QWidget:
        """The widget an export of ``view`` draws."""
        return {"graph": self.canvas, "trees": self.trees, "timeline": self.timeline, "window": self}[view]

    # -- files dropped on the window -------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            self.files.open_path(files[0])

    # -- remembered layout ---------------------------------------------------------------
    def restore_window(self) -> None:
        geometry, window_state = self.settings.geometry(), self.settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if window_state is not None:
            self.restoreState(window_state)

    def showEvent(self, event: QEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.hide_stray_tab_bars)

    def hide_stray_tab_bars(self) -> None:
        """Qt 6.11 leaves a spare tab bar of each tabbed dock group visible, drawn where it was
        first made (a stray "Details | Paths" tab in the middle of the window). The bars in use
        sit along a dock of their group, as wide as it; hide the others (Qt shows a bar again
        if it reuses it)."""
        docks = {d.windowTitle(): d for d in self.findChildren(QDockWidget) if d.isVisible()}
        for bar in self.findChildren(QTabBar):
            if bar.parent() is not self or not bar.isVisible():
                continue
            group = [docks[t] for t in (bar.tabText(i) for i in range(bar.count())) if t in docks]
            if not any(d.x() == bar.x() and d.width() == bar.width() for d in group):
                bar.hide()

    def closeEvent(self, event: QEvent) -> None:
        self.timeline.stop()
        self.refiner.cancel()
        self.remember_view()
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_window_state(self.saveState())
        self.settings.sync()
        super().closeEvent(event)
