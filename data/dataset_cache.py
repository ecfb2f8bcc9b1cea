"""A cache of validated datasets in the user's cache folder (never beside the dataset), so that
an unchanged file reopens without being read and checked again.

An entry is keyed by the file's identity (``identity``): its resolved path, size and
modification time, a hash of its SQLite header (which holds a counter SQLite bumps on every
change) and a size signal of each table (``data.reader.table_sizes``: its largest rowid, read
in a few pages; a row count where there is no rowid), a ``-wal`` file's size and time, and a
fingerprint of the code that validates (so a change of the contract or of the checks makes old
entries stale). An entry is one uncompressed NumPy archive with no pickled object: the
loader's arrays, the stored tables as encoded columns (``data.store``), the entities' labels
and completions (made once, by ``data.labels``), the search index's texts (``data.search``),
the quick layout shown at the first open of a big graph (so that a reopen before the full
layout is cached shows it at once: 9 s at a million entities) and, as JSON, what is not an
array. It is written atomically; one that is stale, unreadable or corrupt (the archive checks each part's
CRC) is ignored, and the caller rebuilds it: it is never trusted. An entry is read mapped into
memory (``data.mapped_archive``): its arrays are views of the file, not copies.
"""
from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import numpy as np

from . import chunks, collector, files, labels, loader, schema
from .frame import Frame
from .mapped_archive import MappedArchive
from .model import Dataset
from .problems import Problem
from .search import SearchIndex
from .reader import check_file, connect, table_sizes
from .store import CHUNK, EncodedColumn, StoredTable, decode_cell, encode, encode_cell

#: 2: with the labels and the completions (``Dataset.names``, ``Dataset.choices``); 3: the
#: completions' ids as positions, so that they are the entities' own id objects when read back;
#: 4: with the search index's texts (``data.search``: 5 s to make again at a million entities)
#: the index of each entity's relations (``Frame.relations_touching``) and the trees' row orders;
#: 5: the completions as each entity's folded text (``labels.TextLookup``), no dictionary
FORMAT = 5
KEEP = 6  #: entries kept in the folder; older ones are removed when a new one is written
SUFFIX = ".dataset.npz"
_ARRAYS = ("table", "row", "kind", "start", "end", "parent", "rel_row", "src", "dst", "rel_kind", "rel_start",
           "rel_end", "weight", "confidence")
_CODE = ("loader", "columnwise", "text_codes", "date_arrays", "rows", "references", "frame", "store", "dates",
         "schema", "model", "labels", "search")
#: the modules the quick layout comes from: a quick layout kept by other code is not used
_LAYOUT_CODE = ("layout", "stress_layout", "tree_layout", "layout_packing", "overlap")


def _code_fingerprint(modules: tuple[str, ...] = _CODE) -> str:
    """The source of the modules that decide what a file loads as (the version when frozen)."""
    digest = hashlib.sha256(repr(schema.TABLES).encode())
    for name in modules:
        try:
            digest.update((Path(__file__).with_name(f"{name}.py")).read_bytes())
        except OSError:
            from .version import VERSION

            digest.update(VERSION.encode())
    return digest.hexdigest()


def identity(path: Path) -> str:
    """A digest of everything that says the file is the one a cache entry was made from.
    Raises DatasetError, as the loader would, for a file that is not a usable dataset."""
    check_file(Path(path))
    path = Path(path).resolve()
    stat = path.stat()
    with path.open("rb") as handle:
        header = handle.read(100)
    wal = path.with_name(path.name + "-wal")
    wal_stat = (wal.stat().st_size, wal.stat().st_mtime_ns) if wal.exists() else None
    with connect(path) as conn:
        counts = table_sizes(conn, path)
    parts = {"format": FORMAT, "code": _code_fingerprint(), "path": str(path), "size": stat.st_size,
             "mtime": stat.st_mtime_ns, "header": hashlib.sha256(header).hexdigest(), "tables": counts,
             "wal": wal_stat}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def entry(folder: Path, dataset_path: Path) -> Path:
    """Where the entry of one dataset file is kept: named after its full path."""
    key = hashlib.sha1(str(Path(dataset_path).resolve()).encode("utf-8")).hexdigest()[:16]
    return Path(folder) / f"{Path(dataset_path).stem[:40]}-{key}{SUFFIX}"


# -- writing -------------------------------------------------------------------------------
def save(folder: Path, dataset: Dataset, key: str, quick: tuple[np.ndarray, float] | None = None,
         search: SearchIndex | None = None, orders: list | None = None) -> Path:
    """Write the entry of a loaded dataset (its file had identity ``key`` when it was read),
    with its ``quick`` layout when it was shown on one: ``layout.quick`` of its graph and
    the positions' spacing (``data.layout.typical_gap``: 3 s at a million entities),
    its ``search`` index (made here when not given) and, when given, the ``orders`` of the
    entity trees' rows (``widgets.tree_plans.orders``: groups, children and ids of each tab).
    Raises WriteError when it cannot be written. The dataset's stored tables hold their rows
    encoded from then on (``StoredTable.compact``), as a dataset read from an entry does."""
    with collector.loading():  # millions of new objects: no collector pass walks them (data.collector)
        return _save(folder, dataset, key, quick, search, orders)


def _save(folder: Path, dataset: Dataset, key: str, quick: tuple[np.ndarray, float] | None,
          search: SearchIndex | None, orders: list | None) -> Path:
    frame: Frame = dataset.frame
    path = entry(folder, dataset.path)
    files.make_folder_for(path, Path(folder))
    arrays: dict[str, np.ndarray] = {name: getattr(frame, name) for name in _ARRAYS}
    _put_column(arrays, "ids", encode(frame.ids))
    names = dataset.names  # what every view shows, and the Paths panel's completions: 1.6 s at 100,000
    _put_column(arrays, "names", encode([names[i] for i in frame.ids]))
    texts, lookup = dataset.choices
    _put_column(arrays, "choices", encode(texts))
    keys = lookup.keys if lookup.ids == frame.ids else [dict(zip(lookup.ids, lookup.keys))[i] for i in frame.ids]
    _put_column(arrays, "choice_keys", encode(keys))  # each entity's, in the frame's order
    if frame.node_count:  # each entity's relations (1.3 s at a million entities to sort again)
        frame.relations_touching(0)
        arrays["touching_which"], arrays["touching_starts"] = frame._touching
    tree_names = _put_orders(arrays, orders, frame.index) if orders is not None else None
    search = search or SearchIndex(dataset)
    _put_column(arrays, "search_texts", encode(search.texts))
    arrays["search_owners"] = _positions(search.owners, frame.index)
    tables = {}
    for name, stored in _all_tables(dataset).items():
        tables[name] = stored.columns
        encoded = stored.encoded()
        stored.compact(encoded)  # the dataset holds its rows as written, not as objects, from now on
        arrays[f"{name}/rowids"] = encoded.rowids
        for number, column in enumerate(encoded.cells):
            _put_column(arrays, f"{name}/{number}", column)
    if quick is not None:
        arrays["quick"] = np.asarray(quick[0], dtype=np.float64)
    about = {"key": key, "path": str(dataset.path), "tables": tables, "kinds": frame.kinds,
             "layout_code": _code_fingerprint(_LAYOUT_CODE), "quick_spacing": quick and float(quick[1]),
             "rel_kinds": frame.rel_kinds, "rows_read": dataset.rows_read, "extra_tables": dataset.extra_tables,
             "tree_names": tree_names,
             "problems": [_problem_json(p) for p in dataset.problems[:frame.core_problems]]}
    arrays["about"] = np.frombuffer(json.dumps(about).encode("utf-8"), dtype=np.uint8)

    def write(temp: Path) -> None:
        with temp.open("wb") as out:
            np.savez(out, **arrays)

    files.write_atomically(path, write)
    _forget_old(Path(folder), keep=path)
    return path


def _put_orders(arrays: dict, orders: list, index: dict[str, int]) -> list:
    """Each tree's rows as positions of the entities (the group names go in the JSON part)."""
    def at(ids) -> np.ndarray:
        return _positions(list(ids), index)
    names = []
    for number, (groups, children, ids) in enumerate(orders):
        names.append([name for name, _top in groups])
        arrays[f"tree{number}/sizes"] = np.array([len(top) for _name, top in groups], dtype=np.int32)
        arrays[f"tree{number}/tops"] = at(i for _name, top in groups for i in top)
        arrays[f"tree{number}/parents"] = at(children)
        arrays[f"tree{number}/counts"] = np.array([len(kids) for kids in children.values()], dtype=np.int32)
        arrays[f"tree{number}/kids"] = at(i for kids in children.values() for i in kids)
        arrays[f"tree{number}/ids"] = at(ids)
    return names


def _positions(ids: list[str], index: dict[str, int]) -> np.ndarray:
    """Each id's position (int32), a chunk at a time (``data.chunks``)."""
    parts = [np.fromiter(map(index.__getitem__, ids[first:first + CHUNK]), np.int32, len(ids[first:first + CHUNK]))
             for first in range(0, len(ids), CHUNK)]
    return np.concatenate(parts) if parts else np.zeros(0, np.int32)


def _at(ids: list[str], positions: np.ndarray) -> list[str]:
    """The ids at these positions (the entities' own id objects), a chunk at a time."""
    return chunks.list_of(map(ids.__getitem__, chunks.tolist(positions)), len(positions))


def _orders(members: "_Members", names: list, ids: list[str]) -> list:
    """The trees' rows as ``_put_orders`` kept them: (groups, children, ids) per tree."""
    made = []
    for number, group_names in enumerate(names):
        parts = {part: members[f"tree{number}/{part}"] for part in ("sizes", "tops", "parents", "counts", "kids", "ids")}
        if any(a.dtype != np.int32 or (len(a) and a.min() < 0) for a in parts.values()) \
                or any(len(a) and a.max() >= len(ids) for k, a in parts.items() if k not in ("sizes", "counts")) \
                or len(group_names) != len(parts["sizes"]) or parts["sizes"].sum() != len(parts["tops"]) \
                or len(parts["counts"]) != len(parts["parents"]) or parts["counts"].sum() != len(parts["kids"]):
            raise ValueError("trees that do not fit the entities")
        tops, kids = _at(ids, parts["tops"]), _at(ids, parts["kids"])
        bounds = np.cumsum(parts["sizes"]).tolist()
        groups = [(name, tops[end - size:end]) for name, size, end in zip(group_names, parts["sizes"].tolist(), bounds)]
        ends = np.cumsum(parts["counts"]).tolist()
        children = {ids[p]: kids[end - count:end]
                    for p, count, end in zip(parts["parents"].tolist(), parts["counts"].tolist(), ends)}
        made.append((groups, children, _at(ids, parts["ids"])))
    return made


def _all_tables(dataset: Dataset) -> dict[str, StoredTable]:
    return {**dataset.frame.stored, **dataset.frame.small}


def _put_column(arrays: dict, name: str, column: EncodedColumn) -> None:
    arrays[f"{name}/tags"], arrays[f"{name}/data"] = column.tags, column.data
    offsets = column.offsets
    arrays[f"{name}/offsets"] = offsets.astype(np.uint32) if len(offsets) and offsets[-1] < 2**32 else offsets


def _problem_json(problem: Problem) -> list:
    tag, raw = encode_cell(problem.value)
    return [problem.table, problem.row, problem.column, tag, raw.decode("utf-8", "surrogatepass"),
            problem.expected, list(problem.related)]


def _forget_old(folder: Path, keep: Path) -> None:
    """Keep the ``KEEP`` newest entries: a cache folder must not grow without end."""
    try:
        entries = sorted(folder.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            if old != keep:
                old.unlink()
    except OSError:
        pass  # a cache that cannot be tidied is still a cache


# -- reading -------------------------------------------------------------------------------
#: what reading a damaged entry raises (a flipped bit in a zip header's compression method
#: gives NotImplementedError; one in its flags, "encrypted", RuntimeError)
_DAMAGED = (OSError, ValueError, KeyError, TypeError, IndexError, EOFError, NotImplementedError, RuntimeError,
            zipfile.BadZipFile, UnicodeDecodeError, json.JSONDecodeError)


def load(folder: Path, dataset_path: Path, key: str) -> Dataset | None:
    """The dataset from its entry when the entry is there, whole and made from a file with
    identity ``key``; otherwise None (the caller loads the file and writes a new entry)."""
    path = entry(folder, dataset_path)
    if not path.is_file():
        return None
    try:
        stored = MappedArchive(path)  # its arrays are views of the file, not copies
        about = json.loads(stored["about"].tobytes().decode("utf-8"))
        if about.get("key") != key:
            return None
        return _rebuild(Path(dataset_path), about, _Members(stored))
    except _DAMAGED:
        return None  # stale, truncated or damaged: never trusted


def quick_layout(folder: Path, dataset_path: Path, key: str, node_count: int) -> tuple[np.ndarray, float] | None:
    """The quick layout kept in the entry of a file with identity ``key`` (an (n, 2) array and
    its spacing), or None: no entry, an entry without one, one made by other layout code, or a
    damaged one."""
    path = entry(folder, dataset_path)
    try:
        stored = MappedArchive(path)
        about = json.loads(stored["about"].tobytes().decode("utf-8"))
        if about.get("key") != key or about.get("layout_code") != _code_fingerprint(_LAYOUT_CODE) \
                or "quick" not in stored:
            return None
        positions, spacing = stored["quick"].copy(), about.get("quick_spacing")  # a small copy: the file can go
    except _DAMAGED:
        return None
    if positions.shape != (node_count, 2) or positions.dtype != np.float64 or not np.isfinite(positions).all() \
            or type(spacing) is not float or not spacing > 0:
        return None
    return positions, spacing


class _Members:
    """The archive's members (``MappedArchive``: each one's CRC checked when first read)."""

    def __init__(self, stored):
        self.stored = stored

    def __getitem__(self, name: str) -> np.ndarray:
        return self.stored[name]

    def column(self, name: str) -> EncodedColumn:
        offsets = self[f"{name}/offsets"]  # uint32 as written when they fit: kept so, not widened
        if offsets.dtype.kind not in "iu":
            raise ValueError("offsets that are not whole numbers")
        return EncodedColumn(self[f"{name}/tags"], self[f"{name}/data"], offsets)


def _rebuild(path: Path, about: dict, members: _Members) -> Dataset:
    tables = {}
    for name, columns in about["tables"].items():
        rowids = members[f"{name}/rowids"]
        tables[name] = StoredTable(name, columns, rowids=rowids,
                                   cells=[members.column(f"{name}/{k}") for k in range(len(columns))])
    ids = members.column("ids").values()
    arrays = {name: members[name] for name in _ARRAYS}
    stored = {t: tables[t] for t in (*schema.ENTITY_TABLES, "relations") if t in tables}
    frame = Frame(stored, ids, {entity_id: i for i, entity_id in enumerate(ids)}, kinds=about["kinds"],
                  rel_kinds=about["rel_kinds"], **arrays)
    _check_fits(frame)
    problems = [Problem(t, row, column, decode_cell(tag, raw.encode("utf-8", "surrogatepass")) if tag else None,
                        expected, tuple(related))
                for t, row, column, tag, raw, expected, related in about["problems"]]
    frame.small = {t: tables[t] for t in loader.SMALL_TABLES if t in tables}
    frame.core_problems = len(problems)
    names, keys = (members.column(n).values() for n in ("names", "choice_keys"))
    if len(names) != len(ids) or len(keys) != len(ids):
        raise ValueError("labels that do not fit the entities")
    texts, owners = members.column("search_texts"), members["search_owners"]  # decoded when wanted
    if len(texts) != len(owners) or owners.dtype != np.int32 \
            or (len(owners) and not 0 <= owners.min() <= owners.max() < len(ids)):
        raise ValueError("a search index that does not fit the entities")
    if frame.node_count:
        frame._touching = _touching(members, frame)
    dataset = loader.finish(path, frame, problems, about["rows_read"], about["extra_tables"])
    dataset._names = chunks.dict_of(zip(ids, names), len(ids))
    dataset._choices = (members.column("choices").values(), labels.TextLookup(keys, ids))
    dataset._search = (texts, owners, ids)  # ``SearchIndex.ready``
    if about.get("tree_names") is not None:
        dataset._tree_orders = _orders(members, about["tree_names"], ids)
    return dataset


def _touching(members: _Members, frame: Frame) -> tuple[np.ndarray, np.ndarray]:
    """The index of each entity's relations (``Frame.relations_touching``) as kept, when it fits
    the frame's relations."""
    which, starts = members["touching_which"], members["touching_starts"]
    m = len(frame.src)
    if which.dtype != np.int32 or starts.dtype.kind != "i" or len(starts) != frame.node_count + 1 \
            or len(which) != m + int((frame.src != frame.dst).sum()) or starts[0] != 0 or starts[-1] != len(which) \
            or (np.diff(starts) < 0).any() or (len(which) and not 0 <= which.min() <= which.max() < m):
        raise ValueError("an index of relations that does not fit them")
    return which, starts


def _check_fits(frame: Frame) -> None:
    """Arrays that do not fit one another are a damaged entry, not a dataset."""
    n, m = frame.node_count, len(frame.rel_row)
    if any(len(a) != n for a in (frame.table, frame.row, frame.kind, frame.start, frame.end, frame.parent)) or \
            any(len(a) != m for a in (frame.src, frame.dst, frame.rel_kind, frame.rel_start, frame.rel_end,
                                      frame.weight, frame.confidence)):
        raise ValueError("arrays of different lengths")
    if n and (frame.src.max(initial=0) >= n or frame.dst.max(initial=0) >= n or frame.parent.max() >= n):
        raise ValueError("an end beyond the entities")
    if len(frame.index) != n:
        raise ValueError("an id twice")
