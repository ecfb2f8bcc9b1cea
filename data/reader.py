"""Opening a dataset file strictly read-only and reading its tables as plain rows.

The file is opened as an immutable SQLite URI: SQLite then takes no lock and writes no journal,
WAL or shared-memory file, so the dataset stays byte-identical with the same modification time.
File-level problems (missing, a folder, not SQLite, a required table or column missing) raise
``DatasetError`` with one sentence that names the file.
"""
from __future__ import annotations

import shutil
import sqlite3
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from . import schema
from .problems import DatasetError
from .store import CHUNK, StoredTable

SQLITE_HEADER = b"SQLite format 3\x00"


def check_file(path: Path) -> None:
    """Refuse, with one sentence, anything that is not a readable SQLite file."""
    if not path.exists():
        raise DatasetError(f"{path}: no such file")
    if path.is_dir():
        raise DatasetError(f"{path}: is a folder, not a dataset file")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatasetError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not header:
        raise DatasetError(f"{path}: the file is empty, not a SQLite dataset")
    if header != SQLITE_HEADER:
        raise DatasetError(f"{path}: not a SQLite database (it may be encrypted, or another kind of file)")


#: how many times its file size a dataset takes in memory once loaded (measured on the
#: benchmark's synthetic datasets, rounded up)
MEMORY_FACTOR = 15


def check_memory(path: Path) -> None:
    """Refuse, before reading a row, a file that would not fit in the memory available."""
    available = _available_memory()
    size = path.stat().st_size
    if available is not None and size * MEMORY_FACTOR > available:
        raise DatasetError(
            f"{path}: too large to open here ({size / 1e9:.1f} GB on disk needs about "
            f"{size * MEMORY_FACTOR / 1e9:.0f} GB of memory; {available / 1e9:.1f} GB is free)")


def _available_memory() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return None


@contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that cannot write to, lock or leave files beside the dataset.

    A file in WAL mode whose ``-wal`` file still holds changes is read from a private copy
    (file and WAL together), since an immutable connection would not see those changes and any
    other connection would leave ``-shm`` files beside the user's data.
    """
    check_file(path)
    check_memory(path)
    wal = path.with_name(path.name + "-wal")
    with tempfile.TemporaryDirectory(prefix="treatyscope-") as scratch:
        if wal.exists() and wal.stat().st_size > 0:
            copy = Path(scratch) / "dataset.db"
            try:
                shutil.copyfile(path, copy)
                shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
            except OSError as exc:
                raise DatasetError(f"{path}: cannot be read ({exc.strerror or exc})") from None
            uri = copy.as_uri() + "?mode=ro"
        else:
            uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
        try:
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=5)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            raise DatasetError(f"{path}: not a usable SQLite database ({exc})") from None
        try:
            yield conn
        finally:
            conn.close()


def _decode_text(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")


def list_tables(conn: sqlite3.Connection, path: Path) -> dict[str, str]:
    """Lower-case name to stored name of every table and view (SQLite's own excepted)."""
    try:
        rows = conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    except sqlite3.DatabaseError as exc:
        raise DatasetError(f"{path}: the database is damaged ({exc})") from None
    return {name.lower(): name for (name,) in rows}


def read_table(conn: sqlite3.Connection, path: Path, name: str) -> StoredTable:
    """Every row of one table, as columns, with each row's rowid."""
    try:
        try:
            return _read_table(conn, name)
        except sqlite3.OperationalError as exc:
            if "decode" not in str(exc).lower():
                raise
        conn.text_factory = _decode_text  # text that is not UTF-8: read again, replacing bad bytes
        try:
            return _read_table(conn, name)
        finally:
            conn.text_factory = str
    except sqlite3.DatabaseError as exc:
        raise DatasetError(f"{path}: table {name} cannot be read ({exc})") from None


def _read_table(conn: sqlite3.Connection, name: str) -> StoredTable:
    quoted = '"' + name.replace('"', '""') + '"'
    numbered = False
    try:
        cursor = conn.execute(f"SELECT rowid, * FROM {quoted}")
    except sqlite3.OperationalError as exc:
        if "rowid" not in str(exc).lower():
            raise
        cursor = conn.execute(f"SELECT * FROM {quoted}")  # a view or a WITHOUT ROWID table
        numbered = True
    columns = [d[0] for d in cursor.description][0 if numbered else 1:]
    rows: list[tuple] = []
    while True:  # a chunk at a time: no single step holds the interpreter for long
        chunk = cursor.fetchmany(CHUNK)
        if not chunk:
            break
        rows.extend(chunk)
    if numbered:
        rows = [(n, *row) for n, row in enumerate(rows, start=1)]
    elif rows and rows[0][0] is None:  # a view: newer SQLite gives every row a NULL rowid (a table, none)
        rows = [(n, *row[1:]) for n, row in enumerate(rows, start=1)]
    return StoredTable.from_rows(name, columns, rows)


def table_sizes(conn: sqlite3.Connection, path: Path) -> dict[str, int]:
    """A size signal per table and view, cheap to take: a table's largest rowid (read from the
    right edge of its B-tree, a few pages, where ``count(*)`` reads every page: 2.5 s at three
    million relations on a cold file), its row count where it has no rowid (a view, a WITHOUT
    ROWID table). For the dataset cache's key (``data.dataset_cache.identity``), beside the
    file's size, modification time and header."""
    try:
        kinds = dict(conn.execute("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') "
                                  "AND name NOT LIKE 'sqlite_%'").fetchall())
    except sqlite3.DatabaseError as exc:
        raise DatasetError(f"{path}: the database is damaged ({exc})") from None
    sizes = {}
    for name in sorted(kinds):
        quoted = '"' + name.replace('"', '""') + '"'
        if kinds[name] == "table":
            try:  # a column named _rowid_ hides the rowid: then its largest value, still a signal
                sizes[name] = conn.execute(f"SELECT max(_rowid_) FROM {quoted}").fetchone()[0]
                continue
            except sqlite3.OperationalError:  # WITHOUT ROWID
                pass
            except sqlite3.DatabaseError as exc:
                raise DatasetError(f"{path}: table {name} cannot be read ({exc})") from None
        sizes[name] = count_rows(conn, path, name)
    return sizes


def count_rows(conn: sqlite3.Connection, path: Path, name: str) -> int:
    quoted = '"' + name.replace('"', '""') + '"'
    try:
        return conn.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise DatasetError(f"{path}: table {name} cannot be read ({exc})") from None


def read_contract_tables(path: Path, progress: Callable[[float], None] | None = None
                         ) -> tuple[dict[str, StoredTable], dict[str, int]]:
    """The contract's tables that are present, and the row counts of every other table.

    Raises DatasetError when a required table is missing or a present contract table lacks a
    required column.
    """
    with connect(path) as conn:
        names = list_tables(conn, path)
        for spec in schema.TABLES:
            if spec.required_table and spec.name not in names:
                raise DatasetError(f"{path}: the required table '{spec.name}' is missing")
        tables: dict[str, StoredTable] = {}
        for number, spec in enumerate(schema.TABLES):
            if progress is not None:
                progress(number / len(schema.TABLES))
            if spec.name not in names:
                continue
            table = read_table(conn, path, names[spec.name])
            present = {c.lower() for c in table.columns}
            missing = [c for c in spec.required if c not in present]
            if missing:
                raise DatasetError(
                    f"{path}: table '{spec.name}' lacks the required column"
                    f"{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
                )
            tables[spec.name] = table
        extras = {
            stored: count_rows(conn, path, stored)
            for lower, stored in sorted(names.items()) if lower not in schema.BY_NAME
        }
        return tables, extras
