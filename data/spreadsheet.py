"""Importing an Excel workbook (``.xlsx``, read with openpyxl) in one of two layouts.

1. **One sheet per contract table**, exactly as a CSV folder has one file per table: sheets named
   ``actors``, ``relations``, ``treaties``... with a header row; other sheets with usable names
   become extra tables.
2. **A sheet of elements and a sheet of connections**, as Kumu, Onodo and many hand-made lists
   have them: elements (a label, a type, a description...) become actors, connections (from, to,
   a type...) relations, their ends matched to the elements by label (or id). Every choice is
   written to ``notes``, the mapping report the import command prints.

Date cells, Excel serial numbers and typed dates in date columns become contract dates
(``data.text_dates``). No Qt.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from . import schema
from .problems import DatasetError, Problem, header_fault
from .text_dates import contract_date

Table = tuple[list[str], list[tuple]]
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
ELEMENT_SHEETS = ("elements", "nodes", "entities", "actors", "items")
CONNECTION_SHEETS = ("connections", "edges", "links", "relations", "relationships", "ties")
#: the columns of the elements and connections sheets, by the contract column they fill; the
#: first header found (ignoring case, spaces and "_") wins
ELEMENT_COLUMNS = {
    "id": ("id",), "name": ("label", "name", "title"), "kind": ("type", "kind", "category", "element type"),
    "description": ("description", "notes", "about"), "aliases": ("aliases", "alias", "also known as"),
    "start_date": ("start date", "start", "from date", "begin"), "end_date": ("end date", "end", "to date"),
    "x": ("x",), "y": ("y",), "colour": ("colour", "color"), "size": ("size",),
}
CONNECTION_COLUMNS = {
    "id": ("id",), "source_id": ("from", "source", "source id"), "target_id": ("to", "target", "target id"),
    "kind": ("type", "kind", "relation", "connection type", "relation type", "label"),
    "description": ("description", "notes"), "weight": ("weight", "strength"),
    "confidence": ("confidence",), "start_date": ("start date", "start", "begin"),
    "end_date": ("end date", "end"), "source": ("source", "reference", "citation"), "locator": ("locator", "page"),
}


def read_workbook(path: Path, notes: list[str] | None = None) -> tuple[dict[str, Table], list[Problem]]:
    """Tables from a workbook in either layout; ``notes`` gets the mapping report."""
    notes = notes if notes is not None else []
    sheets = _sheets(path)
    by_name = {name.strip().lower(): name for name in sheets}
    if any(name in schema.BY_NAME and name not in ("actors", "relations") for name in by_name) or (
            "actors" in by_name and "relations" in by_name and not _looks_like_elements(sheets[by_name["actors"]])):
        return _per_table(path, sheets, notes), []
    elements = next((by_name[n] for n in ELEMENT_SHEETS if n in by_name), None)
    connections = next((by_name[n] for n in CONNECTION_SHEETS if n in by_name), None)
    if elements is None and len(sheets) >= 1:
        elements = list(sheets)[0]
        if connections is None and len(sheets) >= 2:
            connections = list(sheets)[1]
    if elements is None:
        raise DatasetError(f"{path}: the workbook has no sheets")
    return _elements_and_connections(path, sheets, elements, connections, notes), []


def _sheets(path: Path) -> dict[str, list[tuple]]:
    """Every sheet's rows (values, not formulas), blank rows dropped."""
    try:
        import openpyxl
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError:  # pragma: no cover - a packaging mistake, said plainly
        raise DatasetError(f"{path}: reading .xlsx needs the openpyxl package") from None
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise DatasetError(f"{path}: not a readable Excel workbook (.xlsx) ({str(exc).strip() or type(exc).__name__})") from None
    except OSError as exc:
        raise DatasetError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        return {sheet.title: [row for row in sheet.iter_rows(values_only=True)
                              if any(_cell(v) is not None for v in row)]
                for sheet in workbook.worksheets}
    finally:
        workbook.close()


def _cell(value: object) -> object:
    if isinstance(value, dt.datetime):  # a date cell outside the date columns: its text
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2 ** 53:
        return int(value)  # Excel keeps every number as a float: 3.0 is the 3 that was typed
    return value


def _key(header: object) -> str:
    return re.sub(r"[\s_]+", " ", str(header or "")).strip().lower()


def _header(path: Path, sheet: str, rows: list[tuple]) -> list[str]:
    if not rows:
        raise DatasetError(f"{path}: sheet '{sheet}' has no header row")
    header = [str(v).strip() if v is not None else "" for v in rows[0]]
    while header and not header[-1]:
        header.pop()
    fault = header_fault(header)
    if fault is not None:
        raise DatasetError(f"{path}: sheet '{sheet}' has a column with no name in its header row" if fault[0] == "empty"
                           else f"{path}: sheet '{sheet}' names column {fault[1]} twice")
    return header


def _body(rows: list[tuple], width: int) -> list[list[object]]:
    return [[_cell(v) for v in (list(row) + [None] * width)[:width]] for row in rows[1:]]


def _looks_like_elements(rows: list[tuple]) -> bool:
    """An ``actors`` sheet without the contract's id and kind columns is a list of elements."""
    header = {_key(v) for v in (rows[0] if rows else ())}
    return not {"id", "kind"} <= header


# -- one sheet per table ---------------------------------------------------------------------
def _per_table(path: Path, sheets: dict[str, list[tuple]], notes: list[str]) -> dict[str, Table]:
    tables: dict[str, Table] = {}
    for title, rows in sheets.items():
        name = title.strip()
        if not _NAME.match(name):
            notes.append(f"sheet '{title}': not read (a table name is letters, digits and _)")
            continue
        name = name.lower() if name.lower() in schema.BY_NAME else name
        if not rows:
            continue
        header = _header(path, title, rows)
        spec = schema.BY_NAME.get(name)
        date_columns = {i for i, h in enumerate(header) if spec and h.lower() in spec.dates}
        body = [tuple(contract_date(v) if i in date_columns else v for i, v in enumerate(row))
                for row in _body(rows, len(header))]
        tables[name] = (header, body)
        notes.append(f"sheet '{title}': {len(body)} rows into table {name}")
    if "actors" not in tables or "relations" not in tables:
        missing = "actors" if "actors" not in tables else "relations"
        raise DatasetError(f"{path}: the workbook has a sheet per table but no '{missing}' sheet")
    return tables


# -- elements and connections ----------------------------------------------------------------
def _mapping(header: list[str], columns: dict[str, tuple[str, ...]], skip: set[str] = frozenset()) -> dict[str, int]:
    found: dict[str, int] = {}
    keys = [_key(h) for h in header]
    used: set[int] = set()
    for column, names in columns.items():
        if column in skip:
            continue
        for name in names:
            if name in keys and keys.index(name) not in used:
                found[column] = keys.index(name)
                used.add(keys.index(name))
                break
    return found


def _elements_and_connections(path: Path, sheets: dict[str, list[tuple]], elements: str,
                              connections: str | None, notes: list[str]) -> dict[str, Table]:
    header = _header(path, elements, sheets[elements])
    mapping = _mapping(header, ELEMENT_COLUMNS)
    if "name" not in mapping and "id" not in mapping:
        raise DatasetError(f"{path}: sheet '{elements}' has no Label, Name or Id column to name its elements")
    rows = _body(sheets[elements], len(header))
    actors, by_label = _actors(header, mapping, rows)
    notes.append(f"sheet '{elements}': {len(rows)} elements into actors; " + _described(header, mapping))
    tables: dict[str, Table] = {"actors": actors}
    if connections is None:
        notes.append("no sheet of connections: the dataset has no relations")
        tables["relations"] = (["source_id", "target_id", "kind"], [])
        return tables
    header = _header(path, connections, sheets[connections])
    keys = {_key(h) for h in header}
    mapping = _mapping(header, CONNECTION_COLUMNS, skip={"source"} if "from" not in keys else set())
    if "source_id" not in mapping or "target_id" not in mapping:
        raise DatasetError(f"{path}: sheet '{connections}' needs a From (or Source) and a To (or Target) column")
    rows = _body(sheets[connections], len(header))
    relations, matched = _relations(header, mapping, rows, by_label)
    notes.append(f"sheet '{connections}': {len(rows)} connections into relations; " + _described(header, mapping))
    notes.append(f"ends matched to elements by label or id: {matched} of {2 * len(rows)}"
                 + ("" if matched == 2 * len(rows) else "; the rest are listed as problems"))
    tables["relations"] = relations
    return tables


def _described(header: list[str], mapping: dict[str, int]) -> str:
    used = ", ".join(f"{header[i]} -> {column}" for column, i in mapping.items())
    kept = [name for _i, name in _extras(header, mapping)]
    return used + (f"; kept as they are: {', '.join(kept)}" if kept else "")


def _extras(header: list[str], mapping: dict[str, int]) -> list[tuple[int, str]]:
    """The columns not mapped, by position and the name they are kept under (renamed when a
    mapped column already has their name, e.g. a Name column beside the Label that names)."""
    taken = {c.lower() for c in mapping}
    return [(i, h if h.lower() not in taken else f"{h} (sheet)") for i, h in enumerate(header)
            if i not in mapping.values()]


def _actors(header: list[str], mapping: dict[str, int], rows: list[list[object]]) -> tuple[Table, dict[str, str]]:
    extras = _extras(header, mapping)
    columns = ["id", "name", "kind", *(c for c in mapping if c not in ("id", "name", "kind")), *(name for _i, name in extras)]
    by_label: dict[str, str] = {}
    out = []
    for row in rows:
        label = row[mapping["name"]] if "name" in mapping else None
        given = row[mapping["id"]] if "id" in mapping else None
        entity_id = given if given is not None else label
        kind = row[mapping["kind"]] if "kind" in mapping else None
        kind = str(kind).strip().lower() if kind is not None else "element"
        for key in (label, given):
            if key is not None:
                by_label.setdefault(str(key).strip().lower(), str(entity_id).strip())
        values = {c: row[i] for c, i in mapping.items() if c not in ("id", "name", "kind")}
        for column in ("start_date", "end_date"):
            if column in values:
                values[column] = contract_date(values[column])
        out.append((entity_id, label if label is not None else entity_id, kind,
                    *values.values(), *(row[i] for i, _name in extras)))
    return (columns, out), by_label


def _relations(header: list[str], mapping: dict[str, int], rows: list[list[object]],
               by_label: dict[str, str]) -> tuple[Table, int]:
    extras = _extras(header, mapping)
    own = [c for c in mapping if c not in ("source_id", "target_id", "kind")]
    columns = ["source_id", "target_id", "kind", *own, *(name for _i, name in extras)]
    matched, out = 0, []
    for row in rows:
        ends = []
        for column in ("source_id", "target_id"):
            value = row[mapping[column]]
            found = by_label.get(str(value).strip().lower()) if value is not None else None
            matched += found is not None
            ends.append(found if found is not None else value)
        kind = row[mapping["kind"]] if "kind" in mapping else None
        values = [row[mapping[c]] for c in own]
        values = [contract_date(v) if c in ("start_date", "end_date") else
                  (str(v).strip().lower() if c == "confidence" and isinstance(v, str) else v)
                  for c, v in zip(own, values)]
        out.append((*ends, str(kind).strip() if kind is not None else "linked_to", *values, *(row[i] for i, _name in extras)))
    return (columns, out), matched
