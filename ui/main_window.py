"""The main window: trees on the left, the graph canvas in the centre, details on the right,
the timeline below; all of them follow one ``ViewState``.

The window composes the parts and wires them to the state: the panels and docks
(``ui.panels``), the commands (``ui.actions``), the canvas (``ui.canvas_link``), the File
commands (``ui.files``), the analyses (``ui.analysis``) and the comparison of two dates
(``ui.compare``). Each of those gets what it needs, not the window.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import numpy as np
import shiboken6
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QMainWindow, QToolButton, QWidget

from data import dates, layout, look
from data.model import Dataset
from data.release import release_steps
from data.search import SearchIndex
from widgets.elided_label import ElidedLabel
from widgets.debounce import Debounce
from widgets.task_progress import TaskProgress
from widgets.time_track import Mark
from . import actions as commands, views
from .analysis import AnalysisController
from .canvas_link import CanvasLink
from .compare import CompareController
from .files import FileCommands
from .layout_cache import LayoutCacheWriter
from .loading import Loaded
from .panels import build_panels, default_dock_sizes, hide_stray_tab_bars
from .refine import LayoutRefiner
from .reload import ReloadBar
from .settings import Settings
from .showing import Showing, canvas_steps, uncollected
from .state import ViewState
from .status import status_text
from .tasks import background
from .undo import ArticlesCommand, FiltersCommand, FocusCommand, PositionsCommand

MARK_ROWS = 2_000  #: timeline marks made in one step of showing a dataset

MIN_CANVAS_SHARE = 0.55  #: the graph keeps at least this share of the window's width


class MainWindow(QMainWindow):
    """The Treatyscope window. ``open_dataset`` shows a loaded dataset."""

    def __init__(self, settings: Settings | None = None, cache_folder: Path | None = None):
        super().__init__()
        self.settings = settings or Settings()
        self.cache_folder = cache_folder or (Settings.cache_folder() / "layouts")
        self.layout_cache: Path | None = None
        self._layout_writer = LayoutCacheWriter(self.say, self)
        self.state = ViewState(self)
        self.showing = Showing(self)  #: a loaded dataset being shown, in steps
        self._placing = Showing(self)  #: the full layout being drawn, in steps
        self.setWindowTitle("Treatyscope")
        self.panels = build_panels(self)
        p = self.panels
        self.canvas, self.trees, self.details, self.timeline = p.canvas, p.trees, p.details, p.timeline
        self.search, self.problems, self.compare = p.search, p.problems, p.compare
        self.docks = p.docks
        self.search_index: SearchIndex | None = None
        self.undo_stack = QUndoStack(self)
        self._build_status_bar()
        self.trees.run_in_background = background(self.trees, "Filtering the trees")
        self.canvas_link = CanvasLink(self, self.state, self.canvas, self.undo_stack.push)
        self.files = FileCommands(self, self.state, self.settings, self.cache_folder, self.progress, self.say,
                                  self._show_loaded, self.view_widget, self.caption)
        p.treaties.dialogs = self.files.dialogs  # its exports start where the last file was, too
        self.comparing = CompareController(self, self.state, p, self.show_entity, self.say)
        self.analysis = AnalysisController(self, self.state, p, self.canvas, self.change_filters, self.show_entity,
                                           lambda: self.search_index.find if self.search_index else None, self.say)
        self.refiner = LayoutRefiner(self)
        self.refiner.refined.connect(self._layout_refined)
        self.refiner.failed.connect(lambda message: self.say(message, 10000))
        self._refined_waiting: tuple | None = None  #: a full layout that waits for the timeline's pause
        self._build_commands()
        self.reload_bar = ReloadBar(self)
        self.addToolBarBreak()
        self.addToolBar(Qt.TopToolBarArea, self.reload_bar)
        self.reload_bar.reload_requested.connect(
            lambda: self.state.dataset is not None and self.files.open_path(self.state.dataset.path))
        self._connect()
        self.setAcceptDrops(True)
        self.resize(1280, 800)
        self._default_state = self.saveState()  #: the panels as they come (View ▸ Reset panels)
        self._make_room = Debounce(self, 50, self._give_canvas_room)
        self._default_dock_sizes()

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.status_label = ElidedLabel()  # cut with an ellipsis in a narrow window; whole on hover
        bar.addWidget(self.status_label, 1)
        # passing messages get a label of their own: Qt's temporary message would be drawn
        # over the status text
        self.message_label = QLabel()
        self.message_label.setTextFormat(Qt.PlainText)
        self.message_label.setStyleSheet("color: #1d4ed8;")
        bar.addPermanentWidget(self.message_label)
        self._clear_message = Debounce(self, 6000, self.message_label.clear)
        self.progress = TaskProgress()
        bar.addPermanentWidget(self.progress)
        self.problems_button = QToolButton()
        self.problems_button.setAutoRaise(True)
        self.problems_button.setToolTip("Rows of the dataset that were skipped, and why")
        self.problems_button.clicked.connect(lambda: self.panels.raise_dock("Problems"))
        bar.addPermanentWidget(self.problems_button)

    # -- the panels' room -----------------------------------------------------------------
    def _default_dock_sizes(self) -> None:
        default_dock_sizes(self, self.docks)

    def reset_panels(self) -> None:
        """Every panel back in its place and size (View ▸ Reset panels)."""
        self.restoreState(self._default_state)
        self._default_dock_sizes()
        QTimer.singleShot(0, self.hide_stray_tab_bars)

    def _give_canvas_room(self) -> None:
        if self.isVisible() and self.canvas.width() < MIN_CANVAS_SHARE * self.width():
            self._default_dock_sizes()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._make_room.trigger()  # a smaller window (or panels kept from a larger screen)

    # -- commands ------------------------------------------------------------------------
    def _build_commands(self) -> None:
        state, timeline, files = self.state, self.timeline, self.files
        handlers = {
            "open": files.open_dialog, "import_folder": files.import_folder, "import_file": files.import_file,
            "template": files.new_from_template, "save_view": files.save_view_dialog,
            "open_view": files.open_view_dialog, "export": files.export_dialog, "quit": self.close,
            "export_graph": files.export_graph_dialog,
            "undo": self.undo_stack.undo, "redo": self.undo_stack.redo,
            "fit": lambda: self.canvas.fit(), "reset_layout": self.reset_layout,
            "focus": lambda on: self.change_focus(on, state.focus_hops),
            "more_hops": lambda: self.change_focus(True, state.focus_hops + 1),
            "fewer_hops": lambda: self.change_focus(True, state.focus_hops - 1),
            "clear": state.clear_selection, "find": self._find,
            "hide_inactive": lambda _on: self._grey_inactive_rows(),
            "articles": self.toggle_articles,
            "play": timeline.toggle_play, "compare": lambda: self.comparing.open(),
            "previous_event": timeline.previous_event, "next_event": timeline.next_event,
            "about": self._about, "reset_panels": self.reset_panels,
        }
        for unit in ("day", "month", "year"):
            handlers[f"back_{unit}"] = lambda _c=False, u=unit: timeline.step(-1, u)
            handlers[f"forward_{unit}"] = lambda _c=False, u=unit: timeline.step(1, u)
        self.actions, self.menus = commands.build(self, handlers, {"recent": files.fill_recent})
        undo, redo = self.actions["undo"], self.actions["redo"]
        for action, can, text, word in ((undo, self.undo_stack.canUndoChanged, self.undo_stack.undoTextChanged, "Undo"),
                                        (redo, self.undo_stack.canRedoChanged, self.undo_stack.redoTextChanged, "Redo")):
            action.setEnabled(False)
            can.connect(action.setEnabled)
            text.connect(lambda t, a=action, w=word: a.setText(f"&{w} {t}".rstrip()))
        for title in ("Browse", "Details", "Timeline", "Problems", "Compare", "Filters", "Paths", "Ranking",
                      "Treaty comparison"):
            self.menus["View"].addAction(self.docks[title].toggleViewAction())
        bar = commands.toolbar(self, self.actions)
        self.hops_label = QLabel()
        bar.addWidget(self.hops_label)
        bar.addSeparator()
        self.search.setMaximumWidth(320)
        bar.addWidget(self.search)
        self._show_hops()

    def _connect(self) -> None:
        state = self.state
        self.trees.selection_requested.connect(lambda ids, additive: self.show_entities(list(ids), additive))
        self.trees.event_activated.connect(self.go_to_event)
        self.trees.menu_requested.connect(self.entity_menu)
        self.canvas.menu_requested.connect(self.entity_menu)
        self.details.entity_requested.connect(self.show_entity)
        self.problems.entity_requested.connect(self.show_entity)
        self.search.entity_chosen.connect(self.show_entity)
        self.search.done.connect(lambda: self.canvas.view.setFocus(Qt.OtherFocusReason))  # F, Shift+F work again
        self.timeline.day_requested.connect(lambda d: state.set_day(d))
        self.timeline.until_requested.connect(lambda d: state.set_day(state.day, d))
        self.timeline.mode_requested.connect(state.set_mode)
        self.timeline.event_clicked.connect(self.go_to_event)
        self.timeline.date_rejected.connect(lambda m: self.say(m, 6000))
        self.timeline.paused.connect(self._apply_waiting_layout)
        self._grey_soon = Debounce(self, 200, self._grey_inactive_rows)  # a drag must not wait for the trees
        # the trees follow just after the canvas has shown the highlight: opening a group of
        # tens of thousands of rows must not delay the frame the click asked for
        self._trees_follow = Debounce(self, 30, lambda: self.trees.set_selection(list(state.selected), state.focused))
        state.selection_changed.connect(lambda ids, focused: (self.details.show_entity(focused),
                                                              self._trees_follow.trigger(), self.timeline.set_selection(ids)))
        state.date_changed.connect(lambda _d: self._time_changed())
        state.mode_changed.connect(lambda _m: self._time_changed())
        state.focus_changed.connect(self._show_hops)
        self.canvas_link.redrawn.connect(self._update_status)
        self.undo_stack.indexChanged.connect(lambda _i: self.save_layout())  # a move, its undo or redo

    # -- the dataset ---------------------------------------------------------------------
    def _show_loaded(self, loaded: Loaded, done=None) -> None:
        """Show a dataset loaded by the File commands in steps (``ui.showing``); ``done()``
        follows the last one."""
        self.showing.start(uncollected(self._showing_steps(
            loaded.dataset, loaded.graph, loaded.positions, loaded.pinned, loaded.provisional, loaded.tree_plans,
            loaded.search_index, loaded.spacing)), done)

    def open_dataset(self, dataset: Dataset, graph=None, positions=None, pinned=None,
                     provisional: bool = False, tree_plans=None, search_index=None, spacing=None) -> None:
        """Show a loaded dataset at once: layout (cached, unless given), trees, canvas, timeline;
        then the view it was left in last time. ``provisional`` positions (a quick layout) are
        shown at once and replaced by the full layout when a background process has it; the
        trees' plans, the search index and the positions' spacing may come made (off the
        interface thread)."""
        self.showing.start(uncollected(self._showing_steps(dataset, graph, positions, pinned, provisional,
                                                           tree_plans, search_index, spacing)))
        self.showing.finish()
        self.analysis.fill_now()
        QTimer.singleShot(0, self.canvas.fit)  # again once the window's layout has settled

    def _showing_steps(self, dataset: Dataset, graph, positions, pinned, provisional: bool, tree_plans,
                       search_index, spacing) -> Iterator[str | None]:
        """``open_dataset``'s work, yielding wherever the window may answer and paint. After the
        first step the state and every view that follows it show the new dataset, or nothing of
        it (the canvas is empty, the timeline's marks and the problems wait for their step)."""
        self._placing.cancel()
        self.timeline.stop()
        self.refiner.cancel()
        self._refined_waiting = None
        self.remember_view()
        self.undo_stack.clear()
        self.layout_cache = layout.cache_file(self.cache_folder, dataset.path)
        if positions is None:
            from data.graph import build

            graph = graph or build(dataset)
            positions, pinned = layout.positions_for(graph, self.layout_cache, look.positions(dataset, graph.ids))
        # the last dataset's references, let go of a part at a time once this one is shown (data.release)
        last = [self.state.dataset, self.state.graph, self.search_index, self.canvas.nodes.data, self.canvas.dim_nodes.data]
        self.timeline.set_events([])
        self.problems.set_problems([], set())
        self.canvas_link.hold()  # the canvas is drawn by the steps below, not by a redraw meanwhile
        self.state.set_dataset(dataset, graph, positions, pinned, provisional, spacing)
        self.trees.set_dataset(dataset, tree_plans)
        self.details.set_dataset(dataset)
        self.details.show_entity(None)
        self.search_index = search_index or SearchIndex(dataset)
        self.reload_bar.watch(dataset.path)
        self.search.set_finder(self.search_index.find, self._describe)
        span = dataset.date_range()
        if span is not None:
            self.timeline.set_range(*span)
        self.setWindowTitle(f"{dataset.title} — Treatyscope")
        count = len(dataset.problems)  # the status bar's height may change with it: before the canvas is fitted
        self.problems_button.setText(f"{count} problem{'s' if count != 1 else ''}" if count else "No problems")
        self._time_changed()
        self._grey_soon.cancel()  # after the masks, made in steps first: the trees grey rows by them
        yield
        yield from self.state.visible_steps()
        self._grey_soon.trigger()
        yield from canvas_steps(self.canvas_link)
        marks = []
        for start in range(0, len(dataset.events), MARK_ROWS):  # the timeline's marks, a part at a time
            marks += [Mark(e.id, e.day, e.title, e.kind or "", tuple(e.entity_ids))
                      for e in dataset.events[start:start + MARK_ROWS]]
            yield
        self.timeline.set_events(marks)
        yield
        self.problems.set_problems(dataset.problems, dataset.entities.keys())  # a view: no copy of a million ids
        yield
        self.canvas.fit()  # again: the window's layout has settled by now
        yield
        if provisional:  # not cached: the next open must not take the quick layout for the full one
            self.refiner.start(self.state.graph)
            self.say("A quick layout is shown; the full layout is being computed in the background.", 0)
        else:
            self.save_layout()
        yield
        self.restore_view()
        releasing = release_steps(*last)
        del last
        yield from releasing

    def _layout_refined(self, graph, positions) -> None:
        """The full layout arrived: put it in place (nodes the user pinned meanwhile stay),
        unless the timeline is playing, when it waits for the pause."""
        if graph is not self.state.graph:
            return
        if self.timeline.is_playing():
            self._refined_waiting = (graph, positions)
            return
        self.canvas_link.hold()
        self.state.layout.merge_unpinned(positions)
        self.canvas.set_positions(self.state.layout.positions, draw=False)  # drawn in steps, as a new dataset
        self.canvas_link.release()
        self.undo_stack.clear()  # a drag made on the quick layout cannot be undone onto this one
        self.save_layout()
        self._placing.start(canvas_steps(self.canvas_link, new_graph=False))
        self.say("The full layout is in place.", 6000)

    def _apply_waiting_layout(self) -> None:
        waiting, self._refined_waiting = self._refined_waiting, None
        if waiting is not None:
            self._layout_refined(*waiting)

    def remember_view(self) -> None:
        """Keep the open dataset's view (date, mode, filters, zoom...) in the settings."""
        if self.state.dataset is not None and self.state.graph is not None:
            self.settings.set_dataset_value(self.state.dataset.path, "view", json.dumps(views.capture(self.state)))

    def restore_view(self) -> None:
        text = self.settings.dataset_value(self.state.dataset.path, "view")
        if not text:
            return
        try:
            view = json.loads(text)
        except (TypeError, ValueError):
            return
        QTimer.singleShot(0, lambda: views.apply(self.state, view))  # after the first fit

    def save_layout(self) -> None:
        """Cache the layout (not a quick one) for the next open of this dataset."""
        layout_state = self.state.layout
        if self.state.graph is None or self.layout_cache is None or layout_state.provisional \
                or not shiboken6.isValid(self):  # the window is going: its undo stack empties, nothing moved
            return
        self._layout_writer.save(self.layout_cache, self.state.graph.ids, layout_state.positions, layout_state.pinned)

    def reset_layout(self) -> None:
        graph = self.state.graph
        if graph is None:
            return
        after = (layout.compute(graph), np.zeros(graph.node_count, dtype=bool))
        self.undo_stack.push(PositionsCommand(self.state.layout, "Reset layout", self.state.layout.snapshot(), after))
        self.canvas.fit()

    # -- selection -----------------------------------------------------------------------
    def follow_now(self) -> None:
        """Let the trees follow the selection now, not a moment later (an export draws the
        window as it will look)."""
        self._trees_follow.flush()

    def show_entities(self, ids: list[str], additive: bool = False) -> None:
        """Select entities and pan to the focused one (a tree, the search, a panel asked); an
        article folded into its treaty is shown first."""
        folded = {t for t in map(self.state.treaty_of, ids) if t is not None and t not in self.state.expanded}
        if folded:
            self.state.set_expanded(self.state.expanded | folded)
        self.state.select(ids, additive)
        self.canvas_link.center_on_focused()

    def toggle_articles(self, _checked: bool = False, treaty_id: str | None = None) -> None:
        """Show the focused treaty's articles around it, or fold them back into it."""
        focused = treaty_id or self.state.focused
        treaty = self.state.treaty_of(focused) if focused else None
        treaty = treaty or focused
        if treaty is None or not self.state.articles_of(treaty):
            self.say("Select a treaty (or one of its articles) to show or fold its articles.", 6000)
            return
        before = self.state.expanded
        text = "Fold articles" if treaty in before else "Show articles"
        self.undo_stack.push(ArticlesCommand(self.state, before, before ^ {treaty}, text))  # undoable

    def entity_menu(self, entity_id: str, where) -> None:
        """The menu of an entity right-clicked on the canvas or in a tree."""
        commands.entity_menu(self, self.state, entity_id, self.show_entity,
                             lambda treaty: self.toggle_articles(treaty_id=treaty)).popup(where)

    def show_entity(self, entity_id: str) -> None:
        self.show_entities([entity_id])

    def go_to_event(self, event_id: str) -> None:
        """Jump to an event's date and select the entities it concerns."""
        event = next((e for e in self.state.dataset.events if e.id == event_id), None)
        if event is None:
            return
        self.state.set_day(event.day)
        self.trees.select_event(event_id)
        if event.entity_ids:
            self.show_entities(event.entity_ids)
        self.say(f"{dates.day_to_iso(event.day)}: {event.title}", 8000)

    def _find(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

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

    def _show_hops(self) -> None:
        self.actions["focus"].setChecked(self.state.focus_mode)
        self.hops_label.setText(f" {self.state.focus_hops} hop{'s' if self.state.focus_hops > 1 else ''} ")

    # -- drawing -------------------------------------------------------------------------
    def redraw(self) -> None:
        """Show the state on the canvas now (otherwise it follows at the next frame)."""
        self.canvas_link.redraw()

    def _time_changed(self) -> None:
        state = self.state
        self.timeline.show_date(state.day, state.until, state.mode.value)
        if state.graph is None:
            return
        self.details.set_day(state.day)
        self._grey_soon.trigger()

    def _grey_inactive_rows(self) -> None:
        state = self.state
        if state.graph is None:
            return
        active = state.visible().active_nodes
        inactive = {state.graph.ids[i] for i in np.flatnonzero(~active)}
        self.trees.set_inactive(inactive, hide=self.actions["hide_inactive"].isChecked())

    def _update_status(self) -> None:
        self.status_label.setText(status_text(self.state))

    def caption(self):
        """The figure caption for what is shown now (see ``ui.export.caption_for``)."""
        from .export import caption_for

        return caption_for(self.state)

    def _describe(self, entity_id: str) -> str:
        entity = self.state.dataset.entities[entity_id]
        return f"{self.state.dataset.names[entity_id]}  ·  {entity.kind}"

    def _about(self) -> None:
        from data.version import VERSION

        from .about import show_about
        show_about(self, VERSION, str(self.state.dataset.path) if self.state.dataset else None)

    def say(self, message: str, milliseconds: int = 6000) -> None:
        """A message in the status bar (plain text), cleared after a while (0: kept until the
        next message). A long one is cut in its middle (a path, usually), so that what it
        says at its end (why) stays; the whole of it is on hover."""
        self.message_label.setText(message if len(message) < 120 else message[:50] + "…" + message[-69:])
        self.message_label.setToolTip(message if len(message) >= 120 else "")
        if milliseconds > 0:
            self._clear_message.trigger(milliseconds)
        else:
            self._clear_message.cancel()

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
            if Path(files[0]).suffix.lower() in (".xlsx", ".json", ".gexf", ".graphml", ".cyjs"):
                self.files.import_source(Path(files[0]))  # another tool's file: built into a dataset
            else:
                self.files.open_path(files[0])

    # -- remembered layout ---------------------------------------------------------------
    def restore_window(self) -> None:
        geometry, window_state = self.settings.geometry(), self.settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if window_state is not None:
            self.restoreState(window_state)
        self._make_room.trigger()

    def showEvent(self, event: QEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.hide_stray_tab_bars)

    def hide_stray_tab_bars(self) -> None:
        hide_stray_tab_bars(self)

    def closeEvent(self, event: QEvent) -> None:
        self.showing.cancel()
        self._placing.cancel()
        self.timeline.stop()
        self.refiner.cancel()
        self.files.cancel(quiet=True)
        self.remember_view()
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_window_state(self.saveState())
        self.settings.sync()
        super().closeEvent(event)
