"""Exchanging datasets with graph tools (Gephi, yEd, Cytoscape, networkx) and as CSV files.

``export_graph`` writes entities as nodes and relations as edges to GEXF 1.3 or GraphML, every
field an attribute, time as spells (``data.graph_writer``) and each node as it is drawn: the
window passes what it shows (the current layout, the colours and sizes drawn); the command line
draws as a first open would (the dataset's own ``x``, ``y``, ``colour`` and ``size`` where it
has them, else the computed layout and the kinds' colours). ``export_csv`` writes a folder that
``main.py import`` reads back. Both can keep only what is shown at a day.

Reading such files back is ``data.graph_reader``. No Qt.
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from . import layout, look, schema, style
from .files import write_atomically
from .graph import TimeMode, build
from .graph_writer import Drawn, edge_element, node_element, write_gexf, write_graphml
from .model import Dataset, Entity, Relation
from .problems import DatasetError
from .version import VERSION

FORMATS = {".gexf": "gexf", ".graphml": "graphml"}
CREATOR = f"Treatyscope {VERSION}"
#: field names networkx's GEXF writer turned into XML structure and wrote with a trailing "_"
#: (exports before GEXF 1.3); the reader gives them their own name back
RESERVED_KEYS = {"id", "label", "pid", "start", "end", "spells", "viz", "parents", "slices", "weight",
                 "type", "key", "networkx_key"}
#: the width in pixels the command line imagines a drawing to be, to give sizes in layout units
DRAWING_WIDTH = 1000.0


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
                 mode: str = "at", until: int | None = None, drawn: Drawn | None = None) -> tuple[int, int]:
    """Write the dataset (or what is shown at ``day``) to GEXF 1.3 or GraphML, atomically.

    ``fmt`` is ``gexf`` or ``graphml`` (by default from the file name); ``drawn`` is how each
    node looks (``default_drawn`` when None). Returns the number of nodes and edges written;
    raises DatasetError (WriteError when the file cannot be written) with one sentence.
    """
    path = Path(path)
    fmt = fmt or format_of(path)
    if fmt not in FORMATS.values():
        raise DatasetError(f"{path}: the format must be gexf or graphml, not {fmt!r}")
    entities, relations = shown(dataset, day, mode, until)
    kept = {e.id for e in entities}
    nodes = [node_element(e, _fields(e, kept)) for e in entities]
    edges = [edge_element(r, edge_id) for r, edge_id in zip(relations, _edge_ids(relations))]
    drawn = drawn if drawn is not None else default_drawn(dataset)
    if fmt == "gexf":
        write_gexf(path, dataset.title, nodes, edges, drawn, CREATOR)
    else:
        write_graphml(path, dataset.title, nodes, edges, drawn)
    return len(nodes), len(edges)


def format_of(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise DatasetError(f"{path}: the file name must end in .gexf or .graphml")
    return fmt


def default_drawn(dataset: Dataset) -> Drawn:
    """Each node as a first open draws it: the dataset's own position, colour and size where it
    has them, else the computed layout, the kind's colour, and the kind's size in pixels on a
    drawing ``DRAWING_WIDTH`` wide (a radius in layout units)."""
    graph = build(dataset)
    positions, _pinned = layout.positions_for(graph, None, look.positions(dataset, graph.ids))
    extent = float(np.ptp(positions, axis=0).max()) if len(positions) > 1 else 0.0
    units_per_pixel = (extent or 1.0) / DRAWING_WIDTH
    own_sizes = [lk.size for lk in dataset.looks.values() if lk.size is not None]
    usual = float(np.median(own_sizes)) if own_sizes else None
    drawn = Drawn()
    for entity_id, (x, y) in zip(graph.ids, positions.tolist()):
        entity = dataset.entities[entity_id]
        own = dataset.looks.get(entity_id)
        kind_style = style.node_style(entity.table, entity.kind)
        drawn.positions[entity_id] = (x, y)
        drawn.colours[entity_id] = (own.colour if own is not None and own.colour else kind_style.colour)
        if own is not None and own.size is not None:
            drawn.sizes[entity_id] = own.size
        else:
            drawn.sizes[entity_id] = usual if usual is not None else kind_style.size / 2 * units_per_pixel
    return drawn


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
