"""Reading graph files other tools wrote (GEXF, GraphML, Cytoscape JSON) as dataset tables for
``data.importer``: nodes become entities, edges relations, attributes columns, times dates (one
interval as ``start_date``/``end_date``, several as ``periods``), and each node's position,
colour and size the optional ``x``, ``y``, ``colour`` and ``size`` columns.

The formats are parsed by ``data.gexf_reader``, ``data.graphml_reader`` and ``data.cyjs`` into
a ``data.graph_file.GraphFile``; this module maps that onto the contract (the writing side is
``data.interop``). No Qt.
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Callable

from . import colours, dates, periods, schema
from .graph_file import GraphFile, Item, number
from .interop import RESERVED_KEYS as _RESERVED
from .problems import DatasetError

Table = tuple[list[str], list[tuple]]  # columns, rows: as data.importer takes them
SUFFIXES = (".gexf", ".graphml", ".cyjs")


# -- reading graphs --------------------------------------------------------------------------
def read_file(path: Path) -> GraphFile:
    """The graph of a GEXF, GraphML or ``.cyjs`` file (by its suffix)."""
    if not path.is_file():
        raise DatasetError(f"{path}: no such file" if not path.exists() else f"{path}: is not a file")
    suffix = path.suffix.lower()
    if suffix == ".gexf":
        from .gexf_reader import read
    elif suffix == ".graphml":
        from .graphml_reader import read
    elif suffix == ".cyjs":
        from .cyjs import read
    else:
        raise DatasetError(f"{path}: a graph file must end in {', '.join(SUFFIXES)}")
    return read(path)


def read_graph(path: str | Path) -> dict[str, Table]:
    """A GEXF, GraphML or Cytoscape JSON file as tables: nodes as entities, edges as relations.

    A node's table is its ``table`` attribute when that names an entity table, else ``actors``
    with its ``kind`` attribute or ``node``; an edge's kind is its own kind (GEXF ``kind``,
    Cytoscape ``interaction``), its ``kind`` attribute, its ``label``, else ``linked_to``. Other
    attributes become columns. Raises DatasetError with one sentence for a file that cannot be
    read as such.
    """
    path = Path(path)
    graph = read_file(path)
    if not graph.nodes:
        raise DatasetError(f"{path}: the graph has no nodes")
    entity_rows: dict[str, list[dict[str, object]]] = {}
    for item in graph.nodes:
        table, row = _entity_row(item)
        entity_rows.setdefault(table, []).append(row)
    relation_rows = [_relation_row(item) for item in graph.edges]
    tables = {name: _table(rows) for name, rows in entity_rows.items()}
    tables.setdefault("actors", (["id", "name", "kind"], []))
    tables["relations"] = _table(relation_rows) if relation_rows else (["source_id", "target_id", "kind"], [])
    if isinstance(graph.name, str) and graph.name.strip():
        tables["meta"] = (["key", "value"], [("title", graph.name.strip())])
    return tables


class _Attributes:
    """A node's or edge's attributes as cell values, by name ignoring case (the first wins);
    fields written as ``name_`` (a name networkx reserves) get their own name back."""

    def __init__(self, data: dict[str, object]):
        self._items: dict[str, tuple[str, object]] = {}
        for key, value in data.items():
            name = str(key).strip()
            if name.endswith("_") and name[:-1].lower() in _RESERVED and name[:-1] not in data:
                name = name[:-1]
            cell = _cell(value)
            if name and cell is not None and name.lower() not in self._items:
                self._items[name.lower()] = (name, cell)

    def get(self, name: str) -> object:
        return self._items.get(name, (name, None))[1]

    def pop(self, name: str) -> object:
        return self._items.pop(name, (name, None))[1]

    def add_to(self, row: dict[str, object]) -> dict[str, object]:
        """The row's own columns, then every other attribute under its name as written."""
        taken = {k.lower() for k in row}
        for lower, (name, value) in self._items.items():
            if lower not in taken:
                row[name] = value
        return row


def _entity_row(item: Item) -> tuple[str, dict[str, object]]:
    attributes = _Attributes(item.attributes)
    table = str(attributes.get("table") or "").strip().lower()
    if table in schema.ENTITY_TABLES:
        attributes.pop("table")
    else:
        table = "actors"
    row: dict[str, object] = {"id": item.id}
    name = attributes.pop("name") or _cell(item.label) or _label(attributes) or item.id
    if table in ("actors", "projects"):
        row["name"] = name
    elif table == "treaties":
        row["title"] = attributes.pop("title") or name
    kind = attributes.pop("kind") or (attributes.pop("type") if table == "actors" else None)
    if table == "actors":
        row["kind"] = kind or "node"
    elif table == "projects" or kind not in (None, "treaty", "article"):
        row["kind"] = kind
    if item.parent is not None and table == "actors" and attributes.get("parent_id") is None:
        row["parent_id"] = item.parent
    _add_look(row, attributes, item)
    _add_time(row, attributes, item.times, table)
    return table, attributes.add_to(row)


def _relation_row(item: Item) -> dict[str, object]:
    attributes = _Attributes(item.attributes)
    for column in ("source_id", "target_id", "id"):
        attributes.pop(column)
    weight = item.weight if item.weight is not None else attributes.pop("weight")
    attributes.pop("weight")
    row: dict[str, object] = {"id": item.id, "source_id": item.source, "target_id": item.target,
                              "kind": _cell(item.kind) or attributes.pop("kind") or _cell(item.label)
                              or _label(attributes) or "linked_to"}
    if weight is not None:
        row["weight"] = number(weight) if number(weight) is not None else weight
    _add_time(row, attributes, item.times, "relations")
    return attributes.add_to(row)


def _label(attributes: _Attributes) -> object:
    """A ``label`` attribute (GraphML has no label of its own), taken when nothing better names
    the node or the edge's kind."""
    return attributes.pop("label")


def _add_look(row: dict[str, object], attributes: _Attributes, item: Item) -> None:
    """The node's position, colour and size: its own (GEXF viz, yEd graphics, a Cytoscape
    position) or else attributes named x, y, size, colour (or color, or r, g and b)."""
    x, y, size, colour = (attributes.pop(n) for n in ("x", "y", "size", "colour"))
    colour = colour if colour is not None else attributes.pop("color")
    red, green, blue = (attributes.pop(n) for n in ("r", "g", "b"))
    if colour is None and red is not None:
        colour = colours.from_rgb(red, green, blue)
    if isinstance(colour, str):
        try:
            colour = colours.parse(colour)
        except ValueError:
            pass  # the loader reports it
    if item.x is not None:
        x, y = item.x, item.y
    for column, value in (("x", x), ("y", y), ("colour", item.colour or colour),
                          ("size", item.size if item.size is not None else size)):
        if value is not None:
            row[column] = value


def _cell(value: object) -> object:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


# -- time ------------------------------------------------------------------------------------
def _add_time(row: dict[str, object], attributes: _Attributes, times: list[tuple[object, object]],
              table: str) -> None:
    """Set the date columns from the file's intervals: one is ``start_date``/``end_date``,
    several are ``periods`` too. A column as written wins when it names the same days as the
    intervals (it keeps a partial date's precision), else the intervals do (what Gephi plays)."""
    spec = schema.BY_NAME[table]
    written_periods = attributes.pop(schema.PERIODS) if schema.PERIODS in spec.columns else None
    if len(times) > 1 and schema.PERIODS in spec.columns:
        spells = tuple(times)
        same = _spans(written_periods) == _spans(periods.text(spells)) if written_periods else False  # type: ignore[arg-type]
        row[schema.PERIODS] = written_periods if same else periods.text(spells)  # type: ignore[arg-type]
        firsts = sorted(times, key=lambda t: _day(t[0], dates.start_day, dates.OPEN_START))
        lasts = sorted(times, key=lambda t: _day(t[1], dates.end_day, dates.OPEN_END))
        times = [(firsts[0][0], lasts[-1][1])]
    elif written_periods is not None:
        row[schema.PERIODS] = written_periods
    spell_start, spell_end = times[0] if times else (None, None)
    for column, spell, edge in ((spec.start, spell_start, dates.start_day), (spec.end, spell_end, dates.end_day)):
        if column is None:
            continue
        written = attributes.pop(column)
        if not times:
            value = written
        elif written is not None and spell is not None and _same_day(written, spell, edge):
            value = written
        else:
            value = spell
        if value is not None:
            row[column] = value


def _day(value: object, edge: Callable, open_day: int) -> int:
    try:
        parsed = dates.parse(value)
    except dates.DateError:
        return open_day
    return edge(parsed) if parsed is not None else open_day


def _spans(text: object) -> list[tuple[int, int]] | None:
    try:
        return periods.day_spans(periods.parse(text))
    except periods.PeriodsError:
        return None


def _same_day(written: object, spell: object, edge: Callable) -> bool:
    try:
        return edge(dates.parse(written)) == edge(dates.parse(spell))
    except dates.DateError:
        return False


def _table(rows: list[dict[str, object]]) -> Table:
    """Rows as (columns, tuples); a column is named as first met (names compare ignoring case)."""
    names: dict[str, str] = {}
    for row in rows:
        for column in row:
            names.setdefault(column.lower(), column)
    lowered = [{k.lower(): v for k, v in row.items()} for row in rows]
    return list(names.values()), [tuple(row.get(c) for c in names) for row in lowered]
