"""Reading GEXF and GraphML files (Gephi, yEd, Cytoscape, networkx) as dataset tables for
``data.importer``: nodes become entities, edges relations, attributes columns, and GEXF spells
dates. networkx does the XML; this module only maps it to the dataset contract (the writing side
is ``data.interop``). No Qt.
"""
from __future__ import annotations

import json
import math
import re
import warnings
from pathlib import Path
from typing import Callable, Iterable

import networkx as nx
from networkx.readwrite.gexf import GEXFReader

from . import dates, schema
from .interop import GEXF_VERSION, RESERVED_KEYS as _RESERVED, format_of
from .problems import DatasetError

Table = tuple[list[str], list[tuple]]  # columns, rows: as data.importer takes them
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]")


# -- reading graphs --------------------------------------------------------------------------
class _Reader(GEXFReader):
    """networkx's GEXF reader, tolerant of open spell ends in any time format and of
    ``timeformat="dateTime"`` (networkx turns a missing end into the text 'None' or fails)."""

    def construct_types(self) -> None:
        super().construct_types()
        self.python_type = {name: _or_none(convert) for name, convert in self.python_type.items()}
        self.python_type.update({"dateTime": _or_none(str), "datetime": _or_none(str), None: _or_none(str)})


def _or_none(convert: Callable[[object], object]) -> Callable[[object], object]:
    return lambda value: None if value is None or value == "None" else convert(value)


def read_graph(path: str | Path) -> dict[str, Table]:
    """A GEXF or GraphML file as tables: nodes as entities, edges as relations.

    A node's table is its ``table`` attribute when that names an entity table, else ``actors``
    with its ``kind`` attribute or ``node``; an edge's kind is its ``kind``, else its ``label``,
    else ``linked_to``. Other attributes become columns; GEXF spells become the dates.
    Raises DatasetError with one sentence for a file that cannot be read as such.
    """
    path = Path(path)
    graph = _read_networkx(path, format_of(path))
    if graph.number_of_nodes() == 0:
        raise DatasetError(f"{path}: the graph has no nodes")
    entity_rows: dict[str, list[dict[str, object]]] = {}
    for node_id, data in graph.nodes(data=True):
        table, row = _entity_row(str(node_id), dict(data))
        entity_rows.setdefault(table, []).append(row)
    relation_rows = [_relation_row(str(u), str(v), key, dict(data)) for u, v, key, data in _edges(graph)]
    tables = {name: _table(rows) for name, rows in entity_rows.items()}
    tables.setdefault("actors", (["id", "name", "kind"], []))
    tables["relations"] = _table(relation_rows) if relation_rows else (["source_id", "target_id", "kind"], [])
    title = graph.graph.get("name")
    if isinstance(title, str) and title.strip():
        tables["meta"] = (["key", "value"], [("title", title.strip())])
    return tables


def _read_networkx(path: Path, fmt: str) -> nx.Graph:
    if not path.is_file():
        raise DatasetError(f"{path}: no such file" if not path.exists() else f"{path}: is not a file")
    name = "GEXF" if fmt == "gexf" else "GraphML"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # networkx warns of parts it skips (ports, key types)
            if fmt == "gexf":
                with path.open("rb") as handle:
                    return _Reader(version=GEXF_VERSION)(handle)
            return nx.read_graphml(path, node_type=str, edge_key_type=str, force_multigraph=True)
    except OSError as exc:
        raise DatasetError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except Exception as exc:  # noqa: BLE001 - whatever the parser meets in a user's file
        reason = str(exc).strip().rstrip(".") or type(exc).__name__
        raise DatasetError(f"{path}: not a readable {name} file ({reason})") from None


def _edges(graph: nx.Graph) -> Iterable[tuple[object, object, object, dict]]:
    if graph.is_multigraph():
        yield from graph.edges(keys=True, data=True)
    else:
        for u, v, data in graph.edges(data=True):
            yield u, v, None, data


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


def _entity_row(node_id: str, data: dict[str, object]) -> tuple[str, dict[str, object]]:
    time = _pop_time(data)
    label = data.pop("label", None)
    for key in ("viz", "parents"):
        data.pop(key, None)
    pid = data.pop("pid", None)
    attributes = _Attributes(data)
    table = str(attributes.get("table") or "").strip().lower()
    if table in schema.ENTITY_TABLES:
        attributes.pop("table")
    else:
        table = "actors"
    row: dict[str, object] = {"id": node_id}
    name = attributes.pop("name") or _cell(label) or node_id
    if table in ("actors", "projects"):
        row["name"] = name
    elif table == "treaties":
        row["title"] = attributes.pop("title") or name
    kind = attributes.pop("kind")
    if table == "actors":
        row["kind"] = kind or "node"
    elif table == "projects" or kind not in (None, "treaty", "article"):
        row["kind"] = kind
    if pid is not None and table == "actors" and attributes.get("parent_id") is None:
        row["parent_id"] = str(pid)
    _add_time(row, attributes, time, _time_columns(table))
    return table, attributes.add_to(row)


def _relation_row(source: str, target: str, key: object, data: dict[str, object]) -> dict[str, object]:
    time = _pop_time(data)
    label = data.pop("label", None)
    data.pop("viz", None)
    edge_id = data.pop("id", None) or (key if isinstance(key, str) else None)
    attributes = _Attributes(data)
    for column in ("source_id", "target_id", "id"):
        attributes.pop(column)
    row: dict[str, object] = {"id": edge_id, "source_id": source, "target_id": target,
                              "kind": attributes.pop("kind") or _cell(label) or "linked_to"}
    _add_time(row, attributes, time, _time_columns("relations"))
    return attributes.add_to(row)


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
def _pop_time(data: dict[str, object]) -> tuple[object, object] | None:
    """The node's or edge's time as (start, end) contract dates (None = open); None when the
    file gives it no time at all. Several spells become the span that holds them all."""
    spells = data.pop("spells", None) or []
    start, end = data.pop("start", None), data.pop("end", None)
    if start is not None or end is not None:
        spells = [*spells, (start, end)]
    if not spells:
        return None
    pairs = [(_as_date(a), _as_date(b)) for a, b in spells]
    if len(pairs) == 1:
        return pairs[0]
    try:
        firsts = [dates.start_day(dates.parse(a)) for a, _ in pairs]
        lasts = [dates.end_day(dates.parse(b)) for _, b in pairs]
    except dates.DateError:
        return pairs[0]  # the loader reports the bad date
    return pairs[firsts.index(min(firsts))][0], pairs[lasts.index(max(lasts))][1]


def _as_date(value: object) -> object:
    """A GEXF time as a contract date: ISO text (a time of day dropped), or a whole number as a
    year; anything else is passed on for the loader to report."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            return None
        return int(value) if float(value).is_integer() else str(value)
    text = str(value).strip()
    if text.lower() in ("", "none", "inf", "-inf", "infinity", "-infinity"):
        return None
    match = _DATETIME.match(text)
    return match.group(1) if match else text


def _add_time(row: dict[str, object], attributes: _Attributes, time: tuple[object, object] | None,
              columns: tuple[str | None, str | None]) -> None:
    """Set the date columns: the attribute as written when it names the same day as the spell
    (it keeps a partial date's precision), else the spell (what Gephi plays)."""
    spell_start, spell_end = time if time is not None else (None, None)
    for column, spell, edge in ((columns[0], spell_start, dates.start_day),
                                (columns[1], spell_end, dates.end_day)):
        if column is None:
            continue
        written = attributes.pop(column)
        if time is None:
            value = written
        elif written is not None and spell is not None and _same_day(written, spell, edge):
            value = written
        else:
            value = spell
        if value is not None:
            row[column] = value


def _time_columns(table: str) -> tuple[str | None, str | None]:
    """The date columns a node's or an edge's time becomes: the table's (start, end)."""
    spec = schema.BY_NAME[table]
    return spec.start, spec.end


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
