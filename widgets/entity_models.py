"""The item model behind each entity tree, made lazily from a ``widgets.tree_plans.Shape``.

Only group rows exist at first; a row's children are made the first time a view (or a search
of the model) asks for them, so opening a tab of a million entities costs its groups, and
expanding a group costs its rows. A group (or the top level) with more than ``RANGE`` rows
shows them in ranges of ``RANGE`` by name ("Actor 1 – Actor 1998"), so that no expansion ever
makes more than that many rows at once.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from .model_roles import AllRolesAtOnce

from .tree_plans import Plan, Shape, field_value, fold, kind_order, search_key, shape  # noqa: F401

ID_ROLE = Qt.ItemDataRole.UserRole + 1  #: an entity's (or event's) id; None for a group or range row
# roles as module constants: every cell a view paints asks ``data`` for several, and looking
# PySide6's enum members up on their class costs more than the rest of the answer
_DISPLAY, _FOREGROUND, _FONT = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole
INACTIVE = QColor("#9ca3af")
_NO_FLAGS = Qt.NoItemFlags
_GROUP_FLAGS = Qt.ItemIsEnabled
_ROW_FLAGS = Qt.ItemIsEnabled | Qt.ItemIsSelectable
_LEAF_FLAGS = _ROW_FLAGS | Qt.ItemNeverHasChildren  #: a view then asks no leaf whether it has children
RANGE = 1_000  #: more rows than this under one row: they are shown in ranges of this many
BACKGROUND_FILTER_ROWS = 50_000  #: a tab with more rows than this is filtered off the interface thread
IMMEDIATE_FILTER_ROWS = 20_000  #: above this many rows, filtering waits for a typing pause
EXPAND_ALL_LIMIT = 3_000  #: a filter with fewer matches than this expands every match
AnyIndex = QModelIndex | QPersistentModelIndex


class Node:
    """One row: an entity or event (``id``), or a group or range (``label``; its rows' ids in
    ``ids``). ``kids`` is None until the row's children are first asked for."""

    __slots__ = ("id", "label", "ids", "total", "parent", "row", "kids")

    def __init__(self, node_id: str | None, parent: "Node | None", row: int, label: str = "",
                 ids: list[str] | None = None, total: int = 0):
        self.id, self.label, self.ids, self.total = node_id, label, ids, total
        self.parent, self.row = parent, row
        self.kids: list[Node] | None = None


class TreeModel(AllRolesAtOnce, QAbstractItemModel):
    """A read-only tree of group, range, entity and event rows over a plan's shape, replaced as
    a whole by ``set_shape``. No signals beyond QAbstractItemModel's. Group rows show their
    count of rows, "state (13)", or "state (2/13)" while a filter shows only some."""

    def __init__(self, headers: tuple[str, ...], parent: QObject | None = None):
        super().__init__(parent)
        self._headers = headers
        self.plan: Plan | None = None
        self._texts: dict[str, tuple[str, ...]] = {}  #: each row's texts, made once a plan
        self.shape: Shape | None = None
        self._root = Node(None, None, 0, ids=[])
        self._root.kids = []
        self._inactive: set[str] = set()
        self._bold = QFont()
        self._bold.setBold(True)

    # -- contents ------------------------------------------------------------------------
    def set_shape(self, plan: Plan, shown: Shape) -> None:
        """Show ``shown``, a shape of ``plan`` (a new plan, or the same one filtered)."""
        self.beginResetModel()
        if plan is not self.plan:
            self._texts: dict[str, tuple[str, ...]] = {}
        self.plan, self.shape = plan, shown
        root = Node(None, None, 0)
        root.kids = []
        filtering = shown.matched is not None
        for name, top, total in shown.groups:
            if name is None:  # rows at the top level
                root.kids.extend(self._rows_of(root, top, len(root.kids)))
            elif top or not filtering:
                root.kids.append(Node(None, root, len(root.kids), label=name, ids=top, total=total))
        self._root = root
        self.endResetModel()

    def ids(self) -> list[str]:
        return self.plan.ids if self.plan else []

    def groups(self) -> list[Node]:
        return [n for n in self._root.kids if n.id is None and n.ids is not None and n.label and n.total]

    def _rows_of(self, parent: Node, ids: list[str], first: int = 0) -> list[Node]:
        """Rows for these ids under ``parent``: one each, or ranges of ``RANGE`` when many."""
        if len(ids) <= RANGE:
            return [Node(i, parent, first + k) for k, i in enumerate(ids)]
        rows = []
        for k, start in enumerate(range(0, len(ids), RANGE)):
            part = ids[start:start + RANGE]
            label = f"{self._text(part[0])} – {self._text(part[-1])}"
            rows.append(Node(None, parent, first + k, label=label, ids=part))
        return rows

    def _text(self, item_id: str) -> str:
        return self.plan.texts(item_id)[0]

    def _kids(self, node: Node) -> list[Node]:
        if node.kids is None:
            if node.id is not None:
                node.kids = self._rows_of(node, self.shape.children.get(node.id, []))
            elif node.total:  # a group
                node.kids = self._rows_of(node, node.ids)
            else:  # a range
                node.kids = [Node(i, node, k) for k, i in enumerate(node.ids)]
        return node.kids

    def _count(self, node: Node) -> int:
        """How many children a row has, without making them."""
        if node.kids is not None:
            return len(node.kids)
        ids = self.shape.children.get(node.id, ()) if node.id is not None else node.ids
        if node.id is None and not node.total:  # a range
            return len(ids)
        return len(ids) if len(ids) <= RANGE else -(-len(ids) // RANGE)

    # -- finding rows by id ----------------------------------------------------------------
    def index_of(self, item_id: str) -> QModelIndex:
        """The row of an id (making the rows above it), or an invalid index when not shown."""
        node = self._node_of(item_id)
        return QModelIndex() if node is None else self.createIndex(node.row, 0, node)

    def _node_of(self, item_id: str) -> Node | None:
        if self.shape is None:
            return None
        chain = [item_id]
        while chain[-1] in self.plan.parent:
            chain.append(self.plan.parent[chain[-1]])
        top = chain.pop()
        place = self.shape.top.get(top)
        if place is None:
            return None
        group, position = place
        name = self.shape.groups[group][0]
        holder = self._root
        if name is not None:
            holder = next((n for n in self._root.kids if n.label == name and n.total), None)
            if holder is None:
                return None
            node = self._within(holder, position)
        else:
            offset = sum(len(g[1]) for g in self.shape.groups[:group])  # rows of earlier top groups
            node = self._within_top(offset + position)
        for child in reversed(chain):
            siblings = self._kids(node)
            node = next((k for k in siblings if k.id == child), None) or self._in_ranges(siblings, child)
            if node is None:
                return None
        return node

    def _within(self, holder: Node, position: int) -> Node:
        kids = self._kids(holder)
        if len(holder.ids) <= RANGE:
            return kids[position]
        return self._kids(kids[position // RANGE])[position % RANGE]

    def _within_top(self, position: int) -> Node:
        kids = self._root.kids
        if all(k.id is not None for k in kids):
            return kids[position]
        return self._kids(kids[position // RANGE])[position % RANGE]

    def _in_ranges(self, siblings: list[Node], item_id: str) -> Node | None:
        for holder in siblings:
            if holder.id is None and item_id in holder.ids:
                return self._kids(holder)[holder.ids.index(item_id)]
        return None

    def top_of(self, item_id: str) -> str:
        """The id at the top of the item's nesting (itself, or the state a leader sits under)."""
        while item_id in self.plan.parent:
            item_id = self.plan.parent[item_id]
        return item_id

    # -- greying -------------------------------------------------------------------------
    def set_inactive(self, ids: set[str]) -> None:
        """Grey the rows of these ids (an empty set: none); repaints only rows already made
        whose look changed (rows made later ask when they are made)."""
        changed = ids ^ self._inactive
        self._inactive = ids
        if not changed:
            return
        last_column = len(self._headers) - 1
        stack = list(self._root.kids)
        while stack:  # the rows made so far: a few thousand, whatever the dataset
            node = stack.pop()
            if node.kids:
                spans = [k.row for k in node.kids if k.id in changed]
                if spans:
                    top = self.createIndex(node.row, 0, node)
                    self.dataChanged.emit(self.index(min(spans), 0, top), self.index(max(spans), last_column, top),
                                          [Qt.ItemDataRole.ForegroundRole])
                stack.extend(node.kids)
        spans = [k.row for k in self._root.kids if k.id in changed]
        if spans:
            self.dataChanged.emit(self.index(min(spans), 0), self.index(max(spans), last_column), [Qt.ItemDataRole.ForegroundRole])

    # -- QAbstractItemModel ----------------------------------------------------------------
    # index, hasChildren and flags are asked for every row a view lays out (an expanded group
    # of a thousand rows: a few thousand calls from C++), so they take the shortest path
    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:
        if parent.isValid():
            owner = parent.internalPointer()
            if parent.column() > 0:
                return QModelIndex()
            kids = owner.kids if owner.kids is not None else self._kids(owner)
        else:
            kids = self._root.kids
        if 0 <= row < len(kids) and 0 <= column < len(self._headers):
            return self.createIndex(row, column, kids[row])
        return QModelIndex()

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
        if not parent.isValid():
            return len(self._root.kids)
        return self._count(parent.internalPointer())

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:
        if not parent.isValid():
            return bool(self._root.kids)
        node = parent.internalPointer()
        if parent.column() > 0:
            return False
        if node.kids is not None:
            return bool(node.kids)
        if node.id is not None:  # an entity: its children, if the plan gives it any
            return bool(self.shape.children.get(node.id))
        return bool(node.ids)  # a group or range that has not made its rows yet

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return len(self._headers)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        # called for every row a view lays out: the answers are constants
        if not index.isValid():
            return _NO_FLAGS
        node_id = index.internalPointer().id
        if node_id is None:
            return _GROUP_FLAGS
        return _ROW_FLAGS if node_id in self.shape.children else _LEAF_FLAGS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    ROLES = frozenset({_DISPLAY, ID_ROLE, _FOREGROUND, _FONT})

    def data(self, index: AnyIndex, role: int = _DISPLAY):
        if not index.isValid():
            return None
        node: Node = index.internalPointer()
        if role == _DISPLAY:
            return self._display(node, index.column())
        if role == ID_ROLE:
            return node.id
        if role == _FOREGROUND and node.id in self._inactive:
            return INACTIVE
        if role == _FONT and node.id is None and node.total:
            return self._bold
        return None

    def _display(self, node: Node, column: int) -> str:
        if node.id is None:
            if column:
                return ""
            if not node.total:  # a range
                return node.label
            shown = len(node.ids)
            count = node.total if self.shape.matched is None else f"{shown}/{node.total}"
            return f"{node.label} ({count})"
        texts = self._texts.get(node.id)
        if texts is None:  # a row's texts are made once a plan: a repaint asks for each cell's
            texts = self._texts[node.id] = self.plan.texts(node.id)
        return texts[column] if column < len(texts) else ""
