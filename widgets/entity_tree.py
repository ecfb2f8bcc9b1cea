"""The entity trees: actors, treaties with their articles, projects and events in four tabs.

Each tab is a read-only tree model (``TreeModel``) behind a filter proxy (``TreeFilter``). Rows
carry ids through ``ID_ROLE``, never indexes: the selection is kept as ids and mapped back to
rows whenever the rows change (filtering, hiding inactive entities). A filter box above the
tabs matches names, ids and aliases, ignoring case and accents ("tehran" finds "Tehrān").
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import (QAbstractItemModel, QItemSelection, QItemSelectionModel,
                            QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel,
                            Qt, QTimer, Signal)
from PySide6.QtGui import QColor, QFont, QGuiApplication
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLineEdit, QTabWidget, QTreeView,
                               QVBoxLayout, QWidget)

from data.model import Dataset, Entity, Event, natural_key
from data.schema import KNOWN_ACTOR_KINDS
from data.search import fold as fold_text

ID_ROLE = Qt.UserRole + 1  #: an entity's (or event's) id; None for a group row
INACTIVE = QColor("#9ca3af")
IMMEDIATE_FILTER_ROWS = 20_000  #: above this many rows, filtering waits for a typing pause
EXPAND_ALL_LIMIT = 3_000  #: a filter with fewer matches than this expands every match
EXPAND_GROUP_LIMIT = 2_000  #: a group with more rows than this starts closed
AnyIndex = QModelIndex | QPersistentModelIndex


def fold(text: str) -> str:
    """Lower-case text without accents ("Tehrān" -> "tehran"); plain ASCII takes a fast path."""
    return text.casefold() if text.isascii() else fold_text(text)


def date_span(entity: Entity) -> str:
    """``start – end`` as written (``2024-07 – `` for an open end); empty when neither is known."""
    if entity.start is None and entity.end is None:
        return ""
    return f"{entity.start or ''} – {entity.end or ''}"


def field_value(entity: Entity, column: str) -> str:
    """A column of the entity's row, looked up ignoring the column's case; empty when missing."""
    for key, value in entity.fields.items():
        if key.lower() == column and value is not None:
            return str(value)
    return ""


class Node:
    """One row: a group (``id`` None, ``group`` its name) or an entity or event."""

    __slots__ = ("id", "texts", "group", "total", "shown", "parent", "children", "row")

    def __init__(self, texts: tuple[str, ...], node_id: str | None = None, group: str = ""):
        self.id, self.texts, self.group = node_id, texts, group
        self.total, self.shown = 0, None  # a group's rows, and how many the filter shows
        self.parent: Node | None = None
        self.children: list[Node] = []
        self.row = 0

    def add(self, child: Node) -> Node:
        child.parent, child.row = self, len(self.children)
        self.children.append(child)
        return child

    def walk(self) -> Iterator[Node]:
        """This node's descendants, depth first (no recursion: chains may be long)."""
        stack = list(reversed(self.children))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


class TreeModel(QAbstractItemModel):
    """A read-only tree of group, entity and event rows, replaced as a whole by ``reset``.

    No signals beyond QAbstractItemModel's. Group rows are not selectable and show their count
    of rows, "state (13)", or "state (2/13)" while a filter shows only some.
    """

    def __init__(self, headers: tuple[str, ...], parent: QObject | None = None):
        super().__init__(parent)
        self._headers = headers
        self._root = Node(())
        self._by_id: dict[str, Node] = {}
        self._inactive: set[str] = set()
        self._bold = QFont()
        self._bold.setBold(True)

    def reset(self, roots: list[Node]) -> None:
        self.beginResetModel()
        old, self._root = self._root, Node(())  # old rows stay alive until views forget them
        for node in roots:
            self._root.add(node)
        self._by_id = {n.id: n for n in self._root.walk() if n.id is not None}
        self.endResetModel()
        del old

    def ids(self) -> list[str]:
        return list(self._by_id)

    def groups(self) -> list[Node]:
        return [n for n in self._root.children if n.id is None]

    def node(self, row: int, parent: AnyIndex) -> Node:
        owner = parent.internalPointer() if parent.isValid() else self._root
        return owner.children[row]

    def index_of(self, item_id: str) -> QModelIndex:
        node = self._by_id.get(item_id)
        return QModelIndex() if node is None else self.createIndex(node.row, 0, node)

    def top_of(self, item_id: str) -> Node | None:
        """The row at the top of the item's group (itself, or the state a leader sits under)."""
        node = self._by_id.get(item_id)
        while node is not None and node.parent is not None and node.parent.id is not None:
            node = node.parent
        return node

    def set_inactive(self, ids: set[str]) -> None:
        """Grey the rows of these ids (an empty set: none); repaints only rows that changed."""
        changed = ids ^ self._inactive
        self._inactive = ids
        self._rows_changed(changed, [Qt.ForegroundRole])

    def set_shown(self, shown: dict[int, int] | None) -> None:
        """How many rows each group shows, by the group's row; None when all are shown."""
        for group in self.groups():
            group.shown = None if shown is None else shown.get(group.row, 0)
            index = self.createIndex(group.row, 0, group)
            self.dataChanged.emit(index, index, [Qt.DisplayRole])

    def _rows_changed(self, ids: Iterable[str], roles: list) -> None:
        """One dataChanged per parent, spanning the changed rows under it."""
        spans: dict[int, tuple[Node, int, int]] = {}
        for item_id in ids:
            node = self._by_id.get(item_id)
            if node is None:
                continue
            first, last = spans.get(id(node.parent), (None, node.row, node.row))[1:]
            spans[id(node.parent)] = (node.parent, min(first, node.row), max(last, node.row))
        last_column = len(self._headers) - 1
        for owner, first, last in spans.values():
            top = QModelIndex() if owner is self._root else self.createIndex(owner.row, 0, owner)
            self.dataChanged.emit(self.index(first, 0, top), self.index(last, last_column, top),
                                  roles)

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:
        owner = parent.internalPointer() if parent.isValid() else self._root
        if row < 0 or not 0 <= column < len(self._headers) or row >= len(owner.children) \
                or parent.column() > 0:
            return QModelIndex()
        return self.createIndex(row, column, owner.children[row])

    def parent(self, index: AnyIndex) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        owner = index.internalPointer().parent
        if owner is None or owner is self._root:
            return QModelIndex()
        return self.createIndex(owner.row, 0, owner)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        if parent.column() > 0:
            return 0
        owner = parent.internalPointer() if parent.isValid() else self._root
        return len(owner.children)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return len(self._headers)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.NoItemFlags
        if index.internalPointer().id is None:
            return Qt.ItemIsEnabled
        return Qt.ItemIsEnabled | Qt.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.DisplayRole):
        if not index.isValid():
            return None
        node: Node = index.internalPointer()
        if role == Qt.DisplayRole:
            return self._display(node, index.column())
        if role == ID_ROLE:
            return node.id
        if role == Qt.ForegroundRole and node.id in self._inactive:
            return INACTIVE
        if role == Qt.FontRole and node.id is None:
            return self._bold
        return None

    @staticmethod
    def _display(node: Node, column: int) -> str:
        if node.id is None and column == 0:
            count = node.total if node.shown is None else f"{node.shown}/{node.total}"
            return f"{node.group} ({count})"
        return node.texts[column] if column < len(node.texts) else ""


class TreeFilter(QSortFilterProxyModel):
    """Shows only the rows whose id is in a set (and the rows above them); None shows all.

    No signals beyond QSortFilterProxyModel's.
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setDynamicSortFilter(False)  # greying rows must not refilter 100,000 of them
        self._visible: set[str] | None = None

    def set_visible(self, ids: set[str] | None) -> None:
        if ids is None and self._visible is None:
            return
        self.beginFilterChange()
        self._visible = ids
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def shows(self, item_id: str) -> bool:
        return self._visible is None or item_id in self._visible

    def filterAcceptsRow(self, row: int, parent: AnyIndex) -> bool:
        if self._visible is None:
            return True
        item_id = self.sourceModel().node(row, parent).id
        return item_id is not None and item_id in self._visible


# -- building the rows of each tab ---------------------------------------------------------
def _entity_row(entity: Entity, *texts: str) -> Node:
    return Node((entity.name, *texts), entity.id)


def _group(name: str, members: list[Node]) -> Node:
    group = Node((name,), None, name)
    for member in members:
        group.add(member)
    group.total = len(members)
    return group


def _nest(entity: Entity, make: Callable[[Entity], Node],
          children: dict[str, list[Entity]]) -> Node:
    """The entity's row with its descendants beneath it, built without recursion."""
    top = make(entity)
    if entity.id not in children:
        return top
    stack = [(top, c) for c in reversed(children[entity.id])]
    while stack:
        parent, child = stack.pop()
        node = parent.add(make(child))
        if child.id in children:
            stack.extend([(node, c) for c in reversed(children[child.id])])
    return top


def _by_name(entities: Iterable[Entity]) -> list[Entity]:
    return sorted(entities, key=lambda e: (e.name.casefold(), e.id))


def _alphabetical(kinds: Iterable[str]) -> list[str]:
    return sorted(kinds, key=lambda k: (k.casefold(), k))


def kind_order(kinds: Iterable[str]) -> list[str]:
    """Known actor kinds in their fixed order, then any other kind alphabetically."""
    kinds = set(kinds)
    known = [k for k in KNOWN_ACTOR_KINDS if k in kinds]
    return known + _alphabetical(kinds - set(known))


def actor_rows(entities: list[Entity]) -> list[Node]:
    actors = _by_name(e for e in entities if e.table == "actors")
    ids = {a.id for a in actors}
    children: dict[str, list[Entity]] = defaultdict(list)
    tops: dict[str, list[Entity]] = defaultdict(list)
    for actor in actors:
        if actor.parent_id in ids:
            children[actor.parent_id].append(actor)
        else:
            tops[actor.kind].append(actor)
    make = lambda e: _entity_row(e, e.kind, date_span(e))  # noqa: E731
    return [_group(kind, [_nest(a, make, children) for a in tops[kind]])
            for kind in kind_order(tops)]


def treaty_rows(entities: list[Entity]) -> list[Node]:
    articles: dict[str, list[Entity]] = defaultdict(list)
    for entity in entities:
        if entity.table == "articles":
            articles[entity.parent_id].append(entity)
    rows = []
    for treaty in _by_name(e for e in entities if e.table == "treaties"):
        node = _entity_row(treaty, str(treaty.start or ""), str(len(articles[treaty.id]) or ""))
        ordered = sorted(articles[treaty.id],
                         key=lambda a: (natural_key(field_value(a, "number")), a.id))
        for article in ordered:
            node.add(_entity_row(article, "", ""))
        rows.append(node)
    return rows


def project_rows(entities: list[Entity]) -> list[Node]:
    kinds: dict[str, list[Entity]] = defaultdict(list)
    for project in _by_name(e for e in entities if e.table == "projects"):
        kinds[project.kind].append(project)
    return [_group(kind, [_entity_row(p, field_value(p, "status"), date_span(p))
                          for p in kinds[kind]])
            for kind in _alphabetical(kinds)]


def event_rows(events: list[Event]) -> list[Node]:
    ordered = sorted(events, key=lambda e: (e.day, e.id))
    return [Node((str(e.date), e.title, e.kind or ""), e.id) for e in ordered]


def search_key(*texts: str | None) -> str:
    return "\x1f".join(fold(t) for t in texts if t)


class _Tab:
    """One tab's model, proxy and view, and the folded text its rows are matched against."""

    def __init__(self, label: str, headers: tuple[str, ...], owner: QWidget, single: bool = False):
        self.label = label
        self.model = TreeModel(headers, owner)
        self.proxy = TreeFilter(owner)
        self.proxy.setSourceModel(self.model)
        self.view = _make_view(self.proxy, len(headers), single)
        self.keys: dict[str, str] = {}
        self.visible: set[str] | None = None

    def title(self) -> str:
        count = len(self.keys) if self.visible is None else f"{len(self.visible)}/{len(self.keys)}"
        return f"{self.label} ({count})"

    def view_index(self, item_id: str) -> QModelIndex:
        return self.proxy.mapFromSource(self.model.index_of(item_id))

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
        """Open every row while a filter shows few; else open the group rows only."""
        self.view.collapseAll()
        if filtering and len(self.visible or ()) < EXPAND_ALL_LIMIT:
            self.view.expandAll()
        elif self.model.groups():
            for row in range(self.proxy.rowCount()):
                index = self.proxy.index(row, 0)
                if self.proxy.rowCount(index) <= EXPAND_GROUP_LIMIT:  # a huge group opens on demand
                    self.view.expand(index)


def _make_view(model: QAbstractItemModel, columns: int, single: bool) -> QTreeView:
    view = QTreeView()
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
    """

    selection_requested = Signal(list, bool)
    event_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._quiet = False
        self._selected: list[str] = []
        self._focused: str | None = None
        self._inactive: set[str] = set()
        self._hide = False
        self._expanded_for: str | None = None  # the query the trees were last expanded for
        self._filter = QLineEdit(self)
        self._filter.setPlaceholderText("Filter by name, id or alias")
        self._filter.setClearButtonEnabled(True)
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self._apply_filter)
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
        self._events.view.clicked.connect(self._event_clicked)
        self._events.view.activated.connect(self._event_clicked)
        self._tab_of: dict[str, _Tab] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._filter)
        layout.addWidget(self._tabs)

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

    def set_dataset(self, dataset: Dataset) -> None:
        entities = list(dataset.entities.values())
        builders = (actor_rows, treaty_rows, project_rows)
        with self._silenced():
            self._selected, self._focused, self._inactive = [], None, set()
            for tab, build in zip(self._entity_tabs, builders):
                tab.model.reset(build(entities))
                tab.keys = {}
            self._events.model.reset(event_rows(dataset.events))
            self._events.keys = {}
            self._index_keys(dataset)
            self._expanded_for = None
            self._apply_filter()

    def set_selection(self, ids: list[str], focused: str | None) -> None:
        """Select these rows, show the tab holding ``focused`` and scroll to it; emits nothing."""
        self._selected, self._focused = list(ids), focused
        with self._silenced():
            self._restore_selection()
            tab = self._tab_of.get(focused) if focused is not None else None
            if tab is not None:
                self._tabs.setCurrentWidget(tab.view)

    def set_inactive(self, ids: set[str] | None, hide: bool = False) -> None:
        """Grey the rows of inactive entities, or hide them; None means every entity is active."""
        was_hiding = self._hide
        self._inactive, self._hide = set(ids or ()), hide
        for tab in self._entity_tabs:
            tab.model.set_inactive({i for i in self._inactive if i in tab.keys})
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

    def focus_filter(self) -> None:
        self._filter.setFocus(Qt.ShortcutFocusReason)
        self._filter.selectAll()

    def set_filter(self, text: str) -> None:
        """Filter as if the user typed ``text``, at once."""
        self._filter.setText(text)
        self._apply_filter()

    def _index_keys(self, dataset: Dataset) -> None:
        self._tab_of = {}
        for tab in self._entity_tabs:
            for entity_id in tab.model.ids():
                entity = dataset.entities[entity_id]
                tab.keys[entity_id] = search_key(entity.name, entity.id, *entity.aliases)
                self._tab_of[entity_id] = tab
        self._events.keys = {e.id: search_key(e.title, e.id, str(e.date), e.kind)
                             for e in dataset.events}

    def _filter_edited(self) -> None:
        if sum(len(t.keys) for t in self._all_tabs) <= IMMEDIATE_FILTER_ROWS:
            self._apply_filter()
        else:
            self._timer.start()

    def _apply_filter(self) -> None:
        self._timer.stop()
        query = fold(self._filter.text().strip())
        expand, self._expanded_for = query != self._expanded_for, query
        with self._silenced():
            for index, tab in enumerate(self._all_tabs):
                hidden = self._inactive if self._hide and tab is not self._events else set()
                tab.visible = _visible(tab.keys, query, hidden)
                tab.proxy.set_visible(tab.visible)
                tab.model.set_shown(self._shown_per_group(tab))
                if expand:
                    tab.expand_default(bool(query))
                self._tabs.setTabText(index, tab.title())
            self._restore_selection()

    @staticmethod
    def _shown_per_group(tab: _Tab) -> dict[int, int] | None:
        if tab.visible is None:
            return None
        tops: dict[int, set[str]] = defaultdict(set)
        for item_id in tab.visible:
            top = tab.model.top_of(item_id)
            if top is not None and top.parent is not None and top.parent.id is None:
                tops[top.parent.row].add(top.id)
        return {row: len(ids) for row, ids in tops.items()}

    def _restore_selection(self) -> None:
        for tab in self._entity_tabs:
            tab.select(i for i in self._selected if i in tab.keys)
        tab = self._tab_of.get(self._focused) if self._focused is not None else None
        if tab is not None:
            tab.reveal(self._focused)

    def _user_selected(self, tab: _Tab) -> None:
        if self._quiet:
            return
        if tab.view.currentIndex().isValid() and tab.view.currentIndex().data(ID_ROLE) is None:
            with self._silenced():  # a click on a group row: it leaves the selection alone
                tab.select(i for i in self._selected if i in tab.keys)
            return
        chosen = tab.selected_ids()
        extend = QGuiApplication.keyboardModifiers() & (Qt.ControlModifier | Qt.ShiftModifier)
        if extend:  # keep what is selected in other tabs, or hidden here by the filter
            kept = [i for i in self._selected if i not in tab.keys or not tab.proxy.shows(i)]
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


def _visible(keys: dict[str, str], query: str, hidden: set[str]) -> set[str] | None:
    """The ids a tab shows: matching the query and not hidden; None when that is all of them."""
    if not query and not hidden:
        return None
    return {i for i, key in keys.items() if query in key and i not in hidden}
