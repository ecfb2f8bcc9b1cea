"""Exchanging datasets with graph tools (Gephi, yEd, Cytoscape, networkx) and as CSV files.

``export_graph`` writes entities as nodes and relations as edges to GEXF or GraphML, every field
an attribute. GEXF carries time as GEXF 1.2 spells (``mode="dynamic"``, ``timeformat="date"``,
ISO days, open ends left out) so that Gephi's timeline plays the dataset; partial dates are
written as the days they cover (a start ``2024-09`` from 2024-09-01, an end to 2024-09-30) and
the dates as written stay in the ``start_date``/``end_date`` attributes. ``export_csv`` writes a
folder that ``main.py import`` reads back. Both can keep only what is shown at a day.

Reading such files back is ``data.graph_reader``. No Qt.
"""
from __future__ import annotations

import csv
import math
import re
from pathlib import Path
from typing import Callable

import networkx as nx

from . import dates, schema
from .files import write_atomically
from .graph import TimeMode, build
from .model import Dataset, Entity, Relation
from .problems import DatasetError

FORMATS = {".gexf": "gexf", ".graphml": "graphml"}
GEXF_VERSION = "1.2draft"  # GEXF 1.2, the version Gephi's timeline reads spells from

#: data keys that networkx's GEXF writer turns into XML structure; a field so named is written
#: with a trailing "_" and read back under its own name
RESERVED_KEYS = {"id", "label", "pid", "start", "end", "spells", "viz", "parents", "slices", "weight",
                 "type", "key", "networkx_key"}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# -- what is shown ---------------------------------------------------------------------------
def shown(dataset: Dataset, day: int | None = None, mode: str = "at",
          until: int | None = None) -> tuple[list[Entity], list[Relation]]:
    """The entities and relations shown at ``day`` (data.graph's rules), or all when no day."""
    if day is None:
        return list(dataset.entities.values()), list(dataset.relations)
    graph = build(dataset)
    time_mode = TimeMode(mode)
    nodes = graph.active_nodes(day, time_mode, until)
    edges = graph.relations_mask(graph.active_edges(day, time_mode, until, nodes))
    entities = [e for e, keep in zip(dataset.entities.values(), nodes) if keep]
    kept = {e.id for e in entities}
    entities = [e for e in entities if e.table != "articles" or e.parent_id in kept]
    return entities, [r for r, keep in zip(dataset.relations, edges) if keep]


def _fields(entity: Entity, kept: set[str]) -> dict[str, object]:
    """An entity's fields; a parent that is not exported is left out so the result re-imports."""
    fields = dict(entity.fields)
    if entity.table == "actors" and entity.parent_id is not None and entity.parent_id not in kept:
        for key in fields:
            if key.lower() == "parent_id":
                fields[key] = None
    return fields


# -- writing graphs --------------------------------------------------------------------------
def export_graph(dataset: Dataset, path: str | Path, fmt: str | None = None, day: int | None = None,
                 mode: str = "at", until: int | None = None) -> tuple[int, int]:
    """Write the dataset (or what is shown at ``day``) to GEXF or GraphML, atomically.

    ``fmt`` is ``gexf`` or ``graphml`` (by default from the file name). Returns the number of
    nodes and edges written; raises DatasetError (WriteError when the file cannot be written)
    with one sentence when it cannot.
    """
    path = Path(path)
    fmt = fmt or format_of(path)
    if fmt not in FORMATS.values():
        raise DatasetError(f"{path}: the format must be gexf or graphml, not {fmt!r}")
    graph = to_networkx(dataset, *shown(dataset, day, mode, until), spells=fmt == "gexf")
    if fmt == "gexf":
        write_atomically(path, lambda temp: nx.write_gexf(graph, temp, version=GEXF_VERSION))
    else:
        write_atomically(path, lambda temp: nx.write_graphml(graph, temp, edge_id_from_attribute="id"))
    return graph.number_of_nodes(), graph.number_of_edges()


def format_of(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise DatasetError(f"{path}: the file name must end in .gexf or .graphml")
    return fmt


def to_networkx(dataset: Dataset, entities: list[Entity], relations: list[Relation],
                spells: bool = True) -> nx.MultiDiGraph:
    """A directed multigraph (two entities may be linked by several relations)."""
    kept = {e.id for e in entities}
    nodes = [_node_attributes(e, kept, spells) for e in entities]
    edge_ids = _edge_ids(relations)
    edges = [_edge_attributes(r, edge_id, spells) for r, edge_id in zip(relations, edge_ids)]
    _unify_types(nodes)
    _unify_types(edges)
    graph = nx.MultiDiGraph(name=_xml_text(dataset.title))
    for entity, attributes in zip(entities, nodes):
        graph.add_node(entity.id, **attributes)
    for relation, edge_id, attributes in zip(relations, edge_ids, edges):
        graph.add_edge(relation.source_id, relation.target_id, key=edge_id, **attributes)
    return graph


def _node_attributes(entity: Entity, kept: set[str], spells: bool) -> dict[str, object]:
    attributes = {"label": entity.label, "table": entity.table, "kind": entity.kind, "name": entity.name}
    _add_fields(attributes, _fields(entity, kept), skip={"id"})
    if spells:
        _add_spell(attributes, entity.start, entity.end)
    return _clean(attributes)


def _edge_attributes(relation: Relation, edge_id: str, spells: bool) -> dict[str, object]:
    attributes = {
        "label": relation.kind, "kind": relation.kind, "weight": float(relation.weight),
        "confidence": relation.confidence, "source": relation.source, "locator": relation.locator,
        "description": relation.description, "id": edge_id,
    }
    _add_fields(attributes, relation.fields, skip={"id", "source_id", "target_id", "weight"})
    if spells:
        _add_spell(attributes, relation.start, relation.end)
    return _clean(attributes)


def _add_fields(attributes: dict[str, object], fields: dict[str, object], skip: set[str]) -> None:
    """Every field but those skipped, unless the attributes name it already (names compare
    ignoring case); a name networkx reserves gets a trailing "_"."""
    taken = {k.lower() for k in attributes}
    for key, value in fields.items():
        if key.lower() in skip:
            continue
        name = key + "_" if key.lower() in RESERVED_KEYS else key
        if name.lower() not in taken:
            taken.add(name.lower())
            attributes[name] = value


def _add_spell(attributes: dict[str, object], start: dates.PartialDate | None,
               end: dates.PartialDate | None) -> None:
    if start is None and end is None:
        return  # always there: no spell, as Gephi reads it
    first = dates.day_to_iso(dates.start_day(start)) if start else None
    last = dates.day_to_iso(dates.end_day(end)) if end else None
    attributes["spells"] = [(first, last)]


def _clean(attributes: dict[str, object]) -> dict[str, object]:
    """Values GEXF and GraphML can hold: no empty values, no binary, text that XML allows."""
    cleaned: dict[str, object] = {}
    for key, value in attributes.items():
        if isinstance(value, str):
            value = _xml_text(value)
            if not value.strip():
                continue
        elif value is None or isinstance(value, bytes):
            continue
        elif isinstance(value, float) and not math.isfinite(value):
            continue
        cleaned[_xml_text(key)] = value
    return cleaned


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _unify_types(items: list[dict[str, object]]) -> None:
    """One type per attribute (GEXF and GraphML declare it once): int, float, else text."""
    seen: dict[str, set[type]] = {}
    for attributes in items:
        for key, value in attributes.items():
            if key != "spells":
                seen.setdefault(key, set()).add(type(value))
    for key, types in seen.items():
        if types <= {int} or types <= {float} or types <= {bool} or types <= {str}:
            continue
        convert: Callable[[object], object] = float if types <= {int, float} else str
        for attributes in items:
            if key in attributes:
                attributes[key] = convert(attributes[key])


def _edge_ids(relations: list[Relation]) -> list[str]:
    """The relations' own ids; a relation read without one gets ``e1``, ``e2``... (unused ones)."""
    own = {r.id for r in relations if _has_own_id(r)}
    ids, counter = [], 0
    for relation in relations:
        if _has_own_id(relation):
            ids.append(relation.id)
            continue
        counter += 1
        while f"e{counter}" in own:
            counter += 1
        ids.append(f"e{counter}")
    return ids


def _has_own_id(relation: Relation) -> bool:
    return any(k.lower() == "id" and v not in (None, "") for k, v in relation.fields.items())


# -- writing CSV -----------------------------------------------------------------------------
def export_csv(dataset: Dataset, folder: str | Path, day: int | None = None, mode: str = "at",
               until: int | None = None, force: bool = False) -> list[Path]:
    """Write the entities and relations shown (all of them when no day), the events and the meta
    as one CSV file per contract table, a folder that ``main.py import`` reads back.

    The folder must be new or empty unless ``force``; each file is written atomically.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise DatasetError(f"{folder}: is a file; name a folder to write the CSV files in")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise DatasetError(f"{folder}: the folder is not empty (use --force to write into it)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatasetError(f"{folder}: cannot be created ({exc.strerror or exc})") from None
    entities, relations = shown(dataset, day, mode, until)
    kept = {e.id for e in entities}
    written = []
    for name, rows in _csv_tables(dataset, entities, relations, kept).items():
        path = folder / f"{name}.csv"
        write_atomically(path, lambda temp, rows=rows, name=name: _write_csv(temp, name, rows))
        written.append(path)
    return written


def _csv_tables(dataset: Dataset, entities: list[Entity], relations: list[Relation],
                kept: set[str]) -> dict[str, list[dict[str, object]]]:
    tables: dict[str, list[dict[str, object]]] = {spec.name: [] for spec in schema.TABLES}
    for entity in entities:
        tables[entity.table].append(_fields(entity, kept))
    tables["relations"] = [dict(r.fields) for r in relations]
    tables["events"] = [dict(e.fields) for e in dataset.events]
    tables["event_entities"] = [{"event_id": e.id, "entity_id": entity_id}
                                for e in dataset.events for entity_id in e.entity_ids if entity_id in kept]
    tables["meta"] = [{"key": k, "value": v} for k, v in dataset.meta.items()]
    return tables


def _write_csv(path: Path, table: str, rows: list[dict[str, object]]) -> None:
    columns: list[str] = []
    seen: set[str] = set()
    for column in (*(c for row in rows for c in row), *schema.BY_NAME[table].columns):
        if column.lower() not in seen:
            seen.add(column.lower())
            columns.append(column)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_cell(row.get(c)) for c in columns])


def _csv_cell(value: object) -> object:
    if value is None or isinstance(value, bytes):
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
