"""The entity trees: actors, treaties with their articles, projects and events in four tabs
(the rows are planned in ``widgets.tree_plans`` and made lazily by ``widgets.entity_models``).

Rows carry ids through ``ID_ROLE``, never indexes: the selection is kept as ids and mapped back
to rows whenever the rows change (filtering, hiding inactive entities). A filter box above the
tabs matches names, ids and aliases, ignoring case and accents ("tehran" finds "Tehrān"); with
more than ``BACKGROUND_FILTER_ROWS`` rows the matching runs off the interface thread
(``run_in_background(job, done)``, set by the window; None: at once).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import (QAbstractItemModel, QItemSelection, QItemSelectionModel, QModelIndex, QPoint,
                            Qt, Signal)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLineEdit, QTabWidget, QTreeView,
                               QVBoxLayout, QWidget)

from data.model import Dataset
from .debounce import Debounce
from .entity_models import (BACKGROUND_FILTER_ROWS, EXPAND_ALL_LIMIT, ID_ROLE, IMMEDIATE_FILTER_ROWS, TreeModel,
                            fold)
from .tree_plans import Plan, Shape, matching, plans as make_plans, shape

TAB_OF_TABLE = {"actors": 0, "treaties": 1, "articles": 1, "projects": 2}


class _Tab:
    """One tab's model and view, its plan and the ids its filter shows."""

    def __init__(self, label: str, headers: tuple[str, ...], owner: QWidget, single: bool = False):
        self.label = label
        self.model = TreeModel(headers, owner)
        self.view = _make_view(self.model, len(headers), single)
        self.plan: Plan | None = None
        self.visible: set[str] | None = None
        self.counted: set[str] | None = None  #: the rows the title counts (treaties, not their articles)

    @property
    def size(self) -> int:
        return len(self.plan.ids) if self.plan else 0

    def title(self) -> str:
        counted = self.counted
        if counted is None:
            count = self.size if self.visible is None else f"{len(self.visible)}/{self.size}"
            return f"{self.label} ({count})"
        if self.visible is None:
            return f"{self.label} ({len(counted)})"
        shown = {self.model.top_of(i) for i in self.visible} & counted  # a treaty shows when one of its articles does
        return f"{self.label} ({len(shown)}/{len(counted)})"

    def tooltip(self) -> str:
        if self.counted is None:
            return ""
        treaties, articles = len(self.counted), self.size - len(self.counted)
        return f"{treaties} treat{'y' if treaties == 1 else 'ies'} with {articles} article{'s' if articles != 1 else ''}"

    def show(self, shown: Shape) -> None:
        self.model.set_shape(self.plan, shown)

    def view_index(self, item_id: str) -> QModelIndex:
        return self.model.index_of(item_id)

    def selected_ids(self) -> list[str]:
        """The ids of the selected rows, the current row's last (it is the one to focus)."""
        ids = [i.data(ID_ROLE) for i in self.view.selectionModel().selectedRows(0)]
        current = self.view.currentIndex().siblingAtColumn(0).data(ID_ROLE)
        ids = [i for i in ids if i is not None and i != current]
        if current is not None and self.view.selectionModel().isRowSelected(
                self.view.currentIndex().row(), self.view.currentIndex().parent()):
            ids.append(current)
        return ids

    def select(self, ids: Iterable[str]) -> None:
        selection = QItemSelection()
        for item_id in ids:
            index = self.view_index(item_id)
            if index.isValid():
                selection.select(index, index)
        flags = QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows
        self.view.selectionModel().select(selection, flags)

    def reveal(self, item_id: str) -> None:
        index = self.view_index(item_id)
        if not index.isValid():
            return
        parent = index.parent()
        while parent.isValid():
            self.view.expand(parent)
            parent = parent.parent()
        self.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.NoUpdate)
        self.view.scrollTo(index)

    def expand_default(self, filtering: bool) -> None:
        """Open every row while a filter shows few; else open the group rows (a big group
        shows ranges of rows, so opening it stays cheap)."""
        self.view.collapseAll()
        if filtering and len(self.visible or ()) < EXPAND_ALL_LIMIT:
            self.view.expandAll()
        else:
            for group in self.model.groups():
                self.view.expand(self.model.createIndex(group.row, 0, group))


class _TreeView(QTreeView):
    """A tree that gives its name column the room first: in a narrow dock the extra columns
    (kind, dates) step aside instead of squeezing the names to a few letters."""

    NAME_ROOM = 120  #: pixels the name column keeps before an extra column is hidden

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        header, model = self.header(), self.model()
        if model is None or model.columnCount() < 3 or header.sectionResizeMode(0) != QHeaderView.Stretch:
            return
        room = self.viewport().width() - self.NAME_ROOM
        for column in range(1, model.columnCount()):
            width = header.sectionSize(column) if not header.isSectionHidden(column) else self._widths.get(column, 70)
            self._widths[column] = width
            header.setSectionHidden(column, room < width)
            room -= width if room >= width else 0

    @property
    def _widths(self) -> dict[int, int]:
        if not hasattr(self, "_saved_widths"):
            self._saved_widths = {}
        return self._saved_widths


def _make_view(model: QAbstractItemModel, columns: int, single: bool) -> QTreeView:
    view = _TreeView()
    view.setModel(model)
    view.setUniformRowHeights(True)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    mode = QAbstractItemView.SingleSelection if single else QAbstractItemView.ExtendedSelection
    view.setSelectionMode(mode)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    if single:
        view.setRootIsDecorated(False)
    header = view.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(1 if single else 0, QHeaderView.Stretch)
    widths = (82, 200, 70) if single else (0, 64, 84)  # the name (or title) column stretches
    for column in range(columns):
        if header.sectionResizeMode(column) != QHeaderView.Stretch:
            header.resizeSection(column, widths[column])
    return view


class EntityTrees(QWidget):
    """A filter box over four tabs: Actors, Treaties (with articles), Projects and Events.

    Signals:
    selection_requested(list, bool): the user changed the selection in a tree. The list is the
        full selection (ids, the row last clicked last) and ``additive`` is always False: a
        plain click replaces the selection, Ctrl- or Shift-click extends it and the list then
        also holds what was already selected elsewhere. Group rows cannot be selected.
    event_activated(str): the user clicked (or pressed Enter on) an event row.
    menu_requested(str, QPoint): the user right-clicked an entity's row: its id and where (global).
    """

    selection_requested = Signal(list, bool)
    event_activated = Signal(str)
    menu_requested = Signal(str, QPoint)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._quiet = False
        self._selected: list[str] = []
        self._focused: str | None = None
        self._inactive: set[str] = set()
        self._hide = False
        self._filter = QLineEdit(self)
        self._filter.setPlaceholderText("Filter by name, id or alias")
        self._filter.setClearButtonEnabled(True)
        self._filter_soon = Debounce(self, 200, self._apply_filter)
        self._filter.textChanged.connect(self._filter_edited)
        self._tabs = QTabWidget(self)
        self._tabs.setDocumentMode(True)
        self._entity_tabs = [_Tab("Actors", ("Name", "Kind", "Dates"), self),
                             _Tab("Treaties", ("Name", "Signed", "Articles"), self),
                             _Tab("Projects", ("Name", "Status", "Dates"), self)]
        self._events = _Tab("Events", ("Date", "Title", "Kind"), self, single=True)
        for tab in self._all_tabs:
            self._tabs.addTab(tab.view, tab.title())
        for tab in self._entity_tabs:
            tab.view.selectionModel().selectionChanged.connect(
                lambda *_args, t=tab: self._user_selected(t))
            tab.view.setContextMenuPolicy(Qt.CustomContextMenu)
            tab.view.customContextMenuRequested.connect(lambda point, t=tab: self._menu_at(t, point))
        self._events.view.clicked.connect(self._event_clicked)
        self._events.view.activated.connect(self._event_clicked)
        self._dataset: Dataset | None = None
        self._filtering: tuple | None = None  #: the filter asked for last
        self.run_in_background = None  #: run_in_background(job, done): where big filters run
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._filter)
        layout.addWidget(self._tabs)

    def _menu_at(self, tab: _Tab, point) -> None:
        entity_id = tab.view.indexAt(point).data(ID_ROLE)
        if entity_id:
            self.menu_requested.emit(entity_id, tab.view.viewport().mapToGlobal(point))

    @property
    def _all_tabs(self) -> list[_Tab]:
        return [*self._entity_tabs, self._events]

    @contextmanager
    def _silenced(self) -> Iterator[None]:
        """Changes made here come from outside: they must not be reported back (no echo)."""
        quiet, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = quiet

    def set_dataset(self, dataset: Dataset, plans: list[Plan] | None = None) -> None:
        """Show a dataset's rows; ``plans`` (``widgets.tree_plans.plans``) may have been worked
        out off the interface thread."""
        plans = plans or make_plans(dataset)
        with self._silenced():
            self._dataset = dataset
            self._selected, self._focused, self._inactive = [], None, set()
            self._filtering = None
            for tab, plan in zip(self._all_tabs, plans):
                tab.plan, tab.visible = plan, None
                tab.model.set_inactive(set())
            treaties = self._entity_tabs[1]  # its title counts treaties, not their articles
            treaties.counted = {i for _name, top in treaties.plan.groups for i in top
                                if dataset.entities[i].table == "treaties"} if treaties.plan else None
            self._apply_filter()

    def _tab_of(self, item_id: str | None) -> _Tab | None:
        """The entity tab that holds an id."""
        entity = self._dataset.entities.get(item_id) if self._dataset is not None and item_id else None
        return self._entity_tabs[TAB_OF_TABLE[entity.table]] if entity is not None else None

    def _in(self, tab: _Tab, ids: Iterable[str]) -> list[str]:
        return [i for i in ids if self._tab_of(i) is tab]

    def set_selection(self, ids: list[str], focused: str | None) -> None:
        """Select these rows, show the tab holding ``focused`` and scroll to it; emits nothing."""
        self._selected, self._focused = list(ids), focused
        with self._silenced():
            self._restore_selection()
            tab = self._tab_of(focused)
            if tab is not None:
                self._tabs.setCurrentWidget(tab.view)

    def set_inactive(self, ids: set[str] | None, hide: bool = False) -> None:
        """Grey the rows of inactive entities, or hide them; None means every entity is active."""
        was_hiding = self._hide
        self._inactive, self._hide = set(ids or ()), hide
        for tab in self._entity_tabs:
            tab.model.set_inactive(self._inactive)
        if hide or was_hiding:
            self._apply_filter()

    def select_event(self, event_id: str | None, show: bool = False) -> None:
        """Select an event's row (None clears it) without emitting event_activated."""
        with self._silenced():
            tab = self._events
            if event_id is None:
                tab.view.selectionModel().clearSelection()
                return
            tab.select([event_id])
            tab.reveal(event_id)
            if show:
                self._tabs.setCurrentWidget(tab.view)

    def clear_filter(self) -> None:
        self._filter.clear()
        self._apply_filter()

    def set_filter(self, text: str) -> None:
        """Filter as if the user typed ``text``, at once."""
        self._filter.setText(text)
        self._apply_filter()

    def _filter_edited(self) -> None:
        if sum(t.size for t in self._all_tabs) <= IMMEDIATE_FILTER_ROWS:
            self._apply_filter()
        else:
            self._filter_soon.trigger()

    def _apply_filter(self) -> None:
        """Match the filter text (and hidden rows) in every tab: at once, or off the interface
        thread for a big dataset (the rows change when it is done; typing on restarts it)."""
        self._filter_soon.cancel()
        query = fold(self._filter.text().strip())
        hidden = self._inactive if self._hide else set()
        tabs = [(t.plan, hidden if t is not self._events else set()) for t in self._all_tabs if t.plan]
        if len(tabs) < len(self._all_tabs):
            return

        def job() -> list[tuple[set[str] | None, Shape]]:
            found = [matching(plan, query, hide) for plan, hide in tabs]
            return [(ids, shape(plan, ids)) for ids, (plan, _hide) in zip(found, tabs)]

        request = (query, self._hide, len(hidden))
        self._filtering = request
        big = sum(t.size for t in self._all_tabs) > BACKGROUND_FILTER_ROWS
        if big and self.run_in_background is not None and (query or hidden):
            self.run_in_background(job, lambda shapes: self._filtered(request, query, shapes))
        else:
            self._filtered(request, query, job())

    def _filtered(self, request: tuple, query: str, shapes: list | None) -> None:
        if shapes is None or request != self._filtering:
            return  # failed, or a newer filter was asked for meanwhile
        with self._silenced():
            for index, (tab, (visible, shown)) in enumerate(zip(self._all_tabs, shapes)):
                tab.visible = visible
                tab.show(shown)  # new rows: opened as a new filter opens them
                tab.expand_default(bool(query))
                self._tabs.setTabText(index, tab.title())
                self._tabs.setTabToolTip(index, tab.tooltip())
            self._restore_selection()

    def _restore_selection(self) -> None:
        for tab in self._entity_tabs:
            tab.select(self._in(tab, self._selected))
        tab = self._tab_of(self._focused)
        if tab is not None:
            tab.reveal(self._focused)

    def _user_selected(self, tab: _Tab) -> None:
        if self._quiet:
            return
        if tab.view.currentIndex().isValid() and tab.view.currentIndex().data(ID_ROLE) is None:
            with self._silenced():  # a click on a group row: it leaves the selection alone
                tab.select(self._in(tab, self._selected))
            return
        chosen = tab.selected_ids()
        extend = QGuiApplication.keyboardModifiers() & (Qt.ControlModifier | Qt.ShiftModifier)
        if extend:  # keep what is selected in other tabs, or hidden here by the filter
            kept = [i for i in self._selected
                    if self._tab_of(i) is not tab or (tab.visible is not None and i not in tab.visible)]
            chosen = list(dict.fromkeys(kept + chosen))  # the clicked row stays last
        else:
            with self._silenced():
                for other in self._entity_tabs:
                    if other is not tab:
                        other.view.selectionModel().clearSelection()
        if chosen == self._selected:
            return
        self._selected = chosen
        self._focused = chosen[-1] if chosen else None
        self.selection_requested.emit(chosen, False)

    def _event_clicked(self, index: QModelIndex) -> None:
        event_id = index.siblingAtColumn(0).data(ID_ROLE)
        if event_id is not None and not self._quiet:
            self.event_activated.emit(event_id)

    def tab_titles(self) -> list[str]:
        return [self._tabs.tabText(i) for i in range(self._tabs.count())]

    def current_tab(self) -> str:
        return self._all_tabs[self._tabs.currentIndex()].label

    def view(self, label: str) -> QTreeView:
        return next(t.view for t in self._all_tabs if t.label == label)

    def filter_box(self) -> QLineEdit:
        return self._filter

