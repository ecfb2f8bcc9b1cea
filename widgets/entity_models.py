"""The item models behind the entity trees: one tree of rows per tab (actors grouped by kind
with nested leaders, treaties with their articles, projects by kind, events by date), a filter
proxy that shows a set of ids, and the helpers that build the rows from a dataset."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QFont

from data.dates import span_text
from data.model import Entity, Event, natural_key
from data.schema import KNOWN_ACTOR_KINDS
from data.search import fold as fold_text

ID_ROLE = Qt.UserRole + 1  #: an entity's (or event's) id; None for a group row
INACTIVE = QColor("#9ca3af")
_NO_FLAGS = Qt.NoItemFlags
_GROUP_FLAGS = Qt.ItemIsEnabled
_ROW_FLAGS = Qt.ItemIsEnabled | Qt.ItemIsSelectable
IMMEDIATE_FILTER_ROWS = 20_000  #: above this many rows, filtering waits for a typing pause
EXPAND_ALL_LIMIT = 3_000  #: a filter with fewer matches than this expands every match
EXPAND_GROUP_LIMIT = 2_000  #: a group with more rows than this starts closed
AnyIndex = QModelIndex | QPersistentModelIndex


def fold(text: str) -> str:
    """Lower-case text without accents ("Tehrān" -> "tehran"); plain ASCII takes a fast path."""
    return text.casefold() if text.isascii() else fold_text(text)


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
        # called for every row a view lays out (tens of thousands when a big group opens):
        # the answers are constants, not combined anew on each call
        if not index.isValid():
            return _NO_FLAGS
        return _GROUP_FLAGS if index.internalPointer().id is None else _ROW_FLAGS

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
    """A row named as on the canvas (its short name), except an article, which sits under its
    treaty and keeps its own title."""
    return Node((entity.name if entity.table == "articles" else entity.label, *texts), entity.id)


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
    make = lambda e: _entity_row(e, e.kind, span_text(e.start, e.end, form="column"))  # noqa: E731
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
    return [_group(kind, [_entity_row(p, field_value(p, "status"), span_text(p.start, p.end, form="column"))
                          for p in kinds[kind]])
            for kind in _alphabetical(kinds)]


def event_rows(events: list[Event]) -> list[Node]:
    ordered = sorted(events, key=lambda e: (e.day, e.id))
    return [Node((str(e.date), e.title, e.kind or ""), e.id) for e in ordered]


def search_key(*texts: str | None) -> str:
    return "\x1f".join(fold(t) for t in texts if t)
