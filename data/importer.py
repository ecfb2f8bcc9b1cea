"""Building a dataset file from a folder of CSV files, a JSON file, an Excel workbook
(``data.spreadsheet``) or a graph file (GEXF, GraphML, Cytoscape JSON: ``data.graph_reader``).

Each ``NAME.csv`` (UTF-8, a header row) or each top-level key of the JSON object becomes table
NAME; tables the contract does not name are kept. The file is written next to its destination
under a temporary name, validated, and only then renamed into place, so a failed import never
leaves half a file and never replaces an existing file unless ``force`` is given.
"""
from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path

import sqlite_utils

from . import loader, schema
from .files import WriteError, write_atomically
from .model import Dataset
from .json_file import read_json
from .problems import DatasetError, Problem, header_fault

Table = tuple[list[str], list[tuple]]  # columns, rows
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def read_source(source: Path, notes: list[str] | None = None) -> tuple[dict[str, Table], list[Problem]]:
    """Tables from a CSV folder, a JSON, workbook or graph file, and the rows that could not be
    read; ``notes`` gets what a workbook's columns were taken as."""
    if not source.exists():
        raise DatasetError(f"{source}: no such file or folder")
    if source.is_dir():
        return _read_csv_folder(source)
    if source.suffix.lower() == ".json":
        return _read_json(source), []
    if source.suffix.lower() in (".gexf", ".graphml", ".cyjs"):  # graph files: see data/graph_reader.py
        from .graph_reader import read_graph
        return read_graph(source), []
    if source.suffix.lower() == ".xlsx":  # workbooks: see data/spreadsheet.py
        from .spreadsheet import read_workbook
        return read_workbook(source, notes)
    raise DatasetError(f"{source}: import takes a folder of CSV files, or a .json, .xlsx, .gexf, .graphml "
                       "or .cyjs file")


def _read_csv_folder(folder: Path) -> tuple[dict[str, Table], list[Problem]]:
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv" and p.is_file())
    if not files:
        raise DatasetError(f"{folder}: the folder has no .csv files")
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    for path in files:
        name = _table_name(path, path.stem)
        try:
            with path.open(newline="", encoding="utf-8-sig") as handle:
                rows = list(csv.reader(handle))
        except UnicodeDecodeError:
            raise DatasetError(f"{path}: not UTF-8 text (save the CSV file as UTF-8)") from None
        except (OSError, csv.Error) as exc:
            raise DatasetError(f"{path}: cannot be read as CSV ({exc})") from None
        if not rows or not any(cell.strip() for cell in rows[0]):
            raise DatasetError(f"{path}: the file has no header row")
        header = [cell.strip() for cell in rows[0]]
        _check_header(path, header)
        kept = []
        for line, cells in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in cells):
                continue  # blank lines, as spreadsheets leave at the end
            if len(cells) > len(header):
                problems.append(Problem(name, f"line {line}", "(row)", f"{len(cells)} fields",
                                        f"at most {len(header)} fields, as in the header"))
                continue
            cells = cells + [""] * (len(header) - len(cells))
            kept.append(tuple(_cell(c) for c in cells))
        tables[name] = (header, kept)
    return tables, problems


def _cell(text: str) -> str | None:
    return text if text.strip() else None


def _check_header(path: Path, header: list[str]) -> None:
    fault = header_fault(header)
    if fault is not None:
        raise DatasetError(f"{path}: the header row has an empty column name" if fault[0] == "empty"
                           else f"{path}: the header names column {fault[1]} twice")


def _table_name(path: Path, name: str) -> str:
    if not _NAME.match(name):
        raise DatasetError(f"{path}: '{name}' is not a usable table name (letters, digits, _)")
    return name.lower() if name.lower() in schema.BY_NAME else name


def _read_json(path: Path) -> dict[str, Table]:
    document = read_json(path)
    if not isinstance(document, dict):
        raise DatasetError(f"{path}: the JSON must be an object whose keys are table names")
    tables: dict[str, Table] = {}
    for key, rows in document.items():
        name = _table_name(path, key)
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise DatasetError(f"{path}: '{key}' must be a list of row objects")
        columns: list[str] = []
        for row in rows:
            columns.extend(c for c in row if c not in columns)
        _check_header(path, columns)
        tables[name] = (columns, [tuple(_json_value(r.get(c)) for c in columns) for r in rows])
    return tables


def _json_value(value: object) -> object:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int) and not -(2 ** 63) <= value < 2 ** 63:
        return str(value)  # beyond SQLite's integers: kept exactly, as text
    return value


def write_database(tables: dict[str, Table], path: Path) -> None:
    """Create the tables with sqlite-utils and fill them in one transaction."""
    conn = sqlite3.connect(path)
    try:
        db = sqlite_utils.Database(conn)
        for name, (columns, rows) in list(tables.items()):
            spec = schema.BY_NAME.get(name)
            if not columns:  # an empty list in JSON: the contract's columns, or no table at all
                if spec is None:
                    del tables[name]
                    continue
                columns = list(spec.columns)
                tables[name] = (columns, rows)
            types = {c: (float if spec and c.lower() in spec.numbers else str) for c in columns}
            if any(not isinstance(v, (str, type(None))) for row in rows for v in row):
                types = {c: _column_type(rows, i, types[c]) for i, c in enumerate(columns)}
            db[name].create(types)
        with conn:
            for name, (columns, rows) in tables.items():
                quoted = ", ".join('"' + c.replace('"', '""') + '"' for c in columns)
                marks = ", ".join("?" * len(columns))
                conn.executemany(f'INSERT INTO "{name}" ({quoted}) VALUES ({marks})', rows)
    finally:
        conn.close()


def _column_type(rows: list[tuple], i: int, default: type) -> type:
    """For JSON: a column of integers only is INTEGER, of numbers REAL, anything else TEXT."""
    values = [row[i] for row in rows if row[i] is not None]
    if values and all(isinstance(v, int) for v in values):
        return int
    if values and all(isinstance(v, (int, float)) for v in values):
        return float
    return default


def import_dataset(source: str | Path, out: str | Path, force: bool = False,
                   notes: list[str] | None = None) -> tuple[Dataset, list[Problem]]:
    """Build ``out`` from ``source``; returns the validated dataset and every problem found.
    ``notes`` gets the report of how a workbook was read (``data.spreadsheet``).

    Raises DatasetError, leaving nothing behind, for an unusable source, an existing ``out``
    without ``force``, or a file-level error in the result; WriteError (a DatasetError too) when
    ``out`` cannot be written.
    """
    source, out = Path(source), Path(out)
    if out.exists() and not force:
        raise DatasetError(f"{out}: the file exists already (use --force to replace it)")
    if out.is_dir():
        raise DatasetError(f"{out}: is a folder; name the dataset file to write")
    if out.resolve() == source.resolve():
        raise DatasetError(f"{out}: the output would replace the source")
    tables, read_problems = read_source(source, notes)
    built: list[Dataset] = []

    def build(temp: Path) -> None:
        """Write and validate the new file under its temporary name."""
        try:
            temp.unlink()
            write_database(tables, temp)
            built.append(loader.load(temp))
        except WriteError:
            raise
        except DatasetError as exc:  # a file-level error in what the source describes
            raise DatasetError(str(exc).replace(str(temp), str(source))) from None
        except sqlite3.Error as exc:
            raise WriteError(f"{out}: could not be written ({exc})", str(exc)) from None

    write_atomically(out, build)
    dataset = built[0]
    dataset.path = out
    return dataset, read_problems + dataset.problems
