"""An unchanged dataset reopens from the cache of validated arrays; a changed file, or a cache
entry that is damaged, is read afresh and the entry rebuilt. The cache lives in the cache
folder, never beside the dataset."""
import os
import sqlite3
import zipfile

import numpy as np
import pytest

from data import dataset_cache, graph as graph_module, loader
from data.search import SearchIndex
from ui.loading import load_all, save_cache
from widgets import tree_plans

SQL = """
CREATE TABLE actors (id, name, kind, parent_id, start_date, end_date, founded);
INSERT INTO actors VALUES ('ru', 'Russia', 'state', NULL, NULL, NULL, 862), ('ir', 'Iran', 'state', NULL, 1979, NULL, NULL),
  ('putin', 'Putin', 'person', 'ru', '2000-05', NULL, NULL), ('x', 'Loop', 'person', 'x', NULL, NULL, NULL),
  ('bad', 'Bad', 'state', NULL, '2024-02-30', NULL, x'00ff');
CREATE TABLE treaties (id, title, signed_date);
INSERT INTO treaties VALUES ('csp', 'CSP Treaty', '2025-01-17');
CREATE TABLE articles (id, treaty_id, number, title);
INSERT INTO articles VALUES ('csp-3', 'csp', '3', 'Non-aggression'), ('lost', 'nowhere', '1', NULL);
CREATE TABLE relations (id, source_id, target_id, kind, start_date, end_date, weight, confidence, description);
INSERT INTO relations VALUES ('r1', 'ru', 'ir', 'party_to', '2025-01', NULL, 2, 'official', 'Tehrān'),
  ('r2', 'ir', 'csp', 'party_to', NULL, NULL, NULL, 'Reported', NULL),
  ('r3', 'ru', 'ghost', 'ally', NULL, NULL, NULL, NULL, NULL), ('r4', 'ru', 'ir', 'ally', NULL, NULL, 'x', NULL, NULL);
CREATE TABLE events (id, date, title);
INSERT INTO events VALUES ('e1', '2025-01-17', 'Signing'), ('e2', 'soon', 'Bad');
CREATE TABLE meta (key, value);
INSERT INTO meta VALUES ('title', 'Cache test');
CREATE TABLE notes (text);
INSERT INTO notes VALUES ('an extra table');
"""


def same_dataset(a, b):
    assert list(a.entities) == list(b.entities)
    assert [a.entities[k] for k in a.entities] == [b.entities[k] for k in b.entities]
    assert list(a.relations) == list(b.relations)
    assert [p.describe() for p in a.problems] == [p.describe() for p in b.problems]
    assert (a.events, a.meta, a.rows_read, a.extra_tables) == (b.events, b.meta, b.rows_read, b.extra_tables)
    ga, gb = graph_module.build(a), graph_module.build(b)
    for name in ("src", "dst", "start", "end", "edge_kind", "weight", "confidence"):
        assert np.array_equal(getattr(ga, name), getattr(gb, name))


@pytest.fixture
def dataset_file(make_db):
    return make_db(SQL, "cached.db")


def open_twice(path, folder):
    first = load_all(path, folder)
    assert first.cache_key is not None  # read afresh
    save_cache(first, folder)
    return first, load_all(path, folder)


def test_an_unchanged_file_reopens_from_the_cache_with_the_same_answers(dataset_file, tmp_path):
    folder = tmp_path / "cache"
    first, second = open_twice(dataset_file, folder)
    assert second.cache_key is None  # from the cache: nothing to write
    assert second.dataset.entities["ru"].fields["founded"] == 862
    assert second.dataset.relations[0].description == "Tehrān"
    same_dataset(first.dataset, second.dataset)
    same_dataset(loader.load(dataset_file), second.dataset)
    fresh = loader.load(dataset_file)  # the labels and completions the views show, as if worked out again
    assert second.dataset.names == fresh.names and second.dataset.names["csp-3"] == "Art. 3"
    assert second.dataset.choices == fresh.choices
    lookup = second.dataset.choices[1]  # a picker's text -> the entity, read back as each entity's text
    assert lookup.get("russia") == "ru" and lookup.get("csp-3") == "csp-3" and lookup.get("nobody") is None
    assert lookup.ids is second.dataset.frame.ids  # the entities' own ids, not copies
    kept, made = second.search_index, SearchIndex(fresh)  # the search index, as kept in the entry
    assert kept._kept is not None  # still encoded: a reopening does not wait for two million texts
    assert second.dataset.frame._touching is not None  # the index of each entity's relations, as kept
    assert second.dataset._tree_orders is not None  # the trees' rows, in the order kept
    for kept_plan, made_plan in zip(second.tree_plans, tree_plans.plans(fresh)):
        assert (kept_plan.groups, kept_plan.children, kept_plan.ids, kept_plan.parent) == \
            (made_plan.groups, made_plan.children, made_plan.ids, made_plan.parent)
        assert [kept_plan.texts(i) for i in kept_plan.ids] == [made_plan.texts(i) for i in made_plan.ids]
        assert kept_plan.keys() == made_plan.keys()
    for node in range(len(fresh.frame.ids)):
        assert np.array_equal(second.dataset.frame.relations_touching(node), fresh.frame.relations_touching(node))
    assert second.dataset._search is not None and (kept.texts, kept.owners) == (made.texts, made.owners)
    assert kept._kept is None and kept.owners[0] is second.dataset.frame.ids[0]
    assert kept.find("tehran") == made.find("tehran") and kept.find("csp") == made.find("csp") == ["csp", "csp-3"]
    entries = list(folder.iterdir())
    assert [p.name for p in entries if p.name.endswith(dataset_cache.SUFFIX)]
    assert sorted(os.listdir(dataset_file.parent)) == ["cache", "cached.db"]  # nothing beside the dataset


def test_writing_the_entry_lets_the_rows_go_and_keeps_the_answers(dataset_file, tmp_path):
    """The entry's encoded columns take the place of the rows SQLite gave (so that a reopen
    does not hold two datasets' rows as objects); the dataset reads the same through them."""
    first = load_all(dataset_file, tmp_path / "cache")
    dataset = first.dataset
    tables = {**dataset.frame.stored, **dataset.frame.small}
    assert all(t.cells is None for t in tables.values())  # as read from the file

    def answers():
        return ([dict(e.fields) for e in dataset.entities.values()], [dataset.entities[k] for k in dataset.entities],
                list(dataset.relations), dataset.relations_of("ru"), [t.raw(k) for t in tables.values()
                                                                      for k in range(len(t))])
    before = answers()
    save_cache(first, tmp_path / "cache")
    assert all(t.cells is not None and t._rows is None for t in tables.values())
    assert all(c.offsets.dtype == np.uint32 for t in tables.values() for c in t.cells)  # half the size of int64
    assert answers() == before
    same_dataset(dataset, load_all(dataset_file, tmp_path / "cache").dataset)


@pytest.mark.changes_dataset
def test_a_changed_file_is_read_afresh(dataset_file, tmp_path):
    folder = tmp_path / "cache"
    open_twice(dataset_file, folder)
    conn = sqlite3.connect(dataset_file)
    conn.execute("INSERT INTO actors (id, name, kind) VALUES ('kp', 'North Korea', 'state')")
    conn.commit()
    conn.close()
    again = load_all(dataset_file, folder)
    assert again.cache_key is not None and "kp" in again.dataset.entities
    save_cache(again, folder)
    assert load_all(dataset_file, folder).cache_key is None  # the new entry serves the next open


@pytest.mark.changes_dataset
def test_a_touched_file_is_read_afresh(dataset_file, tmp_path):
    folder = tmp_path / "cache"
    open_twice(dataset_file, folder)
    stat = dataset_file.stat()
    os.utime(dataset_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert load_all(dataset_file, folder).cache_key is not None


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "empty"])
def test_a_damaged_entry_is_ignored_and_rebuilt(dataset_file, tmp_path, damage):
    folder = tmp_path / "cache"
    first, _second = open_twice(dataset_file, folder)
    entry = dataset_cache.entry(folder, dataset_file)
    data = bytearray(entry.read_bytes())
    if damage == "flip":  # one byte inside the stored arrays: the middle of the largest member's data
        with zipfile.ZipFile(entry) as archive:
            member = max(archive.infolist(), key=lambda info: info.compress_size)
        name_and_extra = int.from_bytes(data[member.header_offset + 26:member.header_offset + 28], "little") + \
            int.from_bytes(data[member.header_offset + 28:member.header_offset + 30], "little")
        data[member.header_offset + 30 + name_and_extra + member.compress_size // 2] ^= 0x5A
    elif damage == "truncate":
        data = data[: len(data) // 3]
    elif damage == "garbage":
        data = bytearray(b"PK\x03\x04 not an archive at all" * 50)
    else:
        data = bytearray()
    entry.write_bytes(bytes(data))
    again = load_all(dataset_file, folder)
    assert again.cache_key is not None  # not trusted: read from the file
    same_dataset(first.dataset, again.dataset)
    save_cache(again, folder)
    assert load_all(dataset_file, folder).cache_key is None


def test_every_part_of_an_entry_is_checked(dataset_file, tmp_path):
    """A change anywhere in an entry either is noticed or (in the archive's bookkeeping: a
    timestamp, a version field) changes nothing that is read."""
    folder = tmp_path / "cache"
    first, _ = open_twice(dataset_file, folder)
    entry = dataset_cache.entry(folder, dataset_file)
    good = entry.read_bytes()
    key = first.cache_key
    trusted = tried = 0
    for offset in range(0, len(good), max(1, len(good) // 97)):
        data = bytearray(good)
        data[offset] ^= 0x01
        tried += 1
        entry.write_bytes(bytes(data))
        loaded = dataset_cache.load(folder, dataset_file, key)
        if loaded is not None:  # a flip that leaves a readable entry must leave the same dataset
            trusted += 1
            same_dataset(first.dataset, loaded)
    assert trusted < tried / 2


def test_the_window_writes_the_entry_after_showing_and_reopens_from_it(qtbot, tmp_path, dataset_file):
    from conftest import open_window
    window = open_window(qtbot, tmp_path, loader.load(dataset_file))
    with qtbot.waitSignal(window.files.cache_written, timeout=20000) as written:
        with qtbot.waitSignal(window.files.loaded, timeout=20000):
            window.files.open_path(dataset_file)
    assert written.args[0] == dataset_cache.entry(window.cache_folder, dataset_file)
    assert window.state.dataset.entities["putin"].parent_id == "ru"
    with qtbot.assertNotEmitted(window.files.cache_written, wait=200):
        with qtbot.waitSignal(window.files.loaded, timeout=20000):
            window.files.open_path(dataset_file)
    reopened = window.state.dataset
    assert reopened.frame.stored["actors"].cells is not None  # encoded columns: read from the entry
    assert reopened.entities["putin"].name == "Putin" and window.canvas.graph.node_count == len(reopened.entities)


def test_the_reopened_window_shows_the_same_nodes_labels_and_places(qtbot, tmp_path, dataset_file):
    from conftest import open_window
    window = open_window(qtbot, tmp_path, loader.load(dataset_file))

    def shown():
        canvas = window.canvas
        window.panels.paths.fill_names()
        return (list(canvas.graph.ids), canvas.positions.copy(), list(canvas._texts), window.canvas.shown.copy(),
                window.panels.paths.names.stringList())
    with qtbot.waitSignal(window.files.cache_written, timeout=20000):
        with qtbot.waitSignal(window.files.loaded, timeout=20000):
            window.files.open_path(dataset_file)
    first = shown()
    with qtbot.assertNotEmitted(window.files.cache_written, wait=200):  # this time from the entry
        with qtbot.waitSignal(window.files.loaded, timeout=20000):
            window.files.open_path(dataset_file)
    again = shown()
    assert first[0] == again[0] and first[2] == again[2] and first[4] == again[4]
    assert np.array_equal(first[1], again[1]) and np.array_equal(first[3], again[3])
    assert "Art. 3" in again[2]


def test_a_reopen_before_the_full_layout_shows_the_quick_layout_kept_in_the_entry(dataset_file, tmp_path,
                                                                                  monkeypatch):
    """A big graph's first open shows a quick layout; the entry keeps it, so a reopen before the
    full layout is cached shows the same one without computing it. One made by other layout
    code, or damaged, is not used: the quick layout is computed again."""
    from data import layout

    monkeypatch.setattr(layout, "QUICK_ABOVE", 3)
    folder = tmp_path / "cache"
    first = load_all(dataset_file, folder, quick=True)
    assert first.provisional
    save_cache(first, folder)
    computed = []
    real_quick = layout.quick
    monkeypatch.setattr(layout, "quick", lambda graph: computed.append(1) or real_quick(graph))
    again = load_all(dataset_file, folder, quick=True)
    assert again.cache_key is None and again.provisional and not computed
    assert np.array_equal(again.positions, first.positions) and again.spacing == first.spacing
    monkeypatch.setattr(dataset_cache, "_LAYOUT_CODE", ("layout",))  # the layout code changed
    assert np.array_equal(load_all(dataset_file, folder, quick=True).positions, first.positions) and computed


def test_a_damaged_quick_layout_in_the_entry_is_not_used(dataset_file, tmp_path, monkeypatch):
    from data import layout

    monkeypatch.setattr(layout, "QUICK_ABOVE", 3)
    folder = tmp_path / "cache"
    first = load_all(dataset_file, folder, quick=True)
    key = first.cache_key
    n = first.graph.node_count
    good = first.positions
    for quick in ((np.full((n, 2), np.nan), 1.0), (np.zeros((n - 1, 2)), 1.0), (np.zeros((n, 3)), 1.0),
                  (np.zeros(2 * n), 1.0), (good, float("nan")), (good, 0.0)):
        dataset_cache.save(folder, first.dataset, key, quick)
        assert dataset_cache.quick_layout(folder, dataset_file, key, n) is None
    dataset_cache.save(folder, first.dataset, key, (good, 0.5))
    assert dataset_cache.quick_layout(folder, dataset_file, "another file", n) is None
    positions, spacing = dataset_cache.quick_layout(folder, dataset_file, key, n)
    assert np.array_equal(positions, good) and spacing == 0.5


def test_a_quick_layout_from_a_damaged_entry_is_the_one_written_or_none(dataset_file, tmp_path, monkeypatch):
    from data import layout

    monkeypatch.setattr(layout, "QUICK_ABOVE", 3)
    folder = tmp_path / "cache"
    first = load_all(dataset_file, folder, quick=True)
    entry = save_cache(first, folder)
    good, n = entry.read_bytes(), first.graph.node_count
    for offset in range(0, len(good), max(1, len(good) // 97)):
        data = bytearray(good)
        data[offset] ^= 0x01
        entry.write_bytes(bytes(data))
        kept = dataset_cache.quick_layout(folder, dataset_file, first.cache_key, n)
        assert kept is None or (np.array_equal(kept[0], first.positions) and kept[1] == first.spacing)


def test_the_table_sizes_in_the_key_follow_every_kind_of_table(make_db):
    """The key's size signal: the largest rowid of a table (a few pages), a row count where
    there is no rowid (a view, a WITHOUT ROWID table), a column named _rowid_ its largest value."""
    from data.reader import connect, table_sizes

    path = make_db("""
        CREATE TABLE actors (id, name); INSERT INTO actors VALUES ('a', 'A'), ('b', 'B'), ('c', 'C');
        DELETE FROM actors WHERE id = 'b';
        CREATE TABLE bare (k PRIMARY KEY, v) WITHOUT ROWID; INSERT INTO bare VALUES (1, 2), (3, 4);
        CREATE TABLE shadow (_rowid_, v); INSERT INTO shadow VALUES (40, 1), (7, 2);
        CREATE TABLE empty (x);
        CREATE VIEW some AS SELECT * FROM actors;""", "sizes.db")
    with connect(path) as conn:
        assert table_sizes(conn, path) == {"actors": 3, "bare": 2, "empty": None, "shadow": 40, "some": 2}


@pytest.mark.changes_dataset
def test_a_file_changed_in_place_with_its_time_put_back_is_read_afresh(dataset_file, tmp_path):
    """A row deleted and one added (the same row count), the modification time put back: the
    header's change counter and the table sizes still tell the file from the one cached."""
    folder = tmp_path / "cache"
    first, _ = open_twice(dataset_file, folder)
    stat = dataset_file.stat()
    conn = sqlite3.connect(dataset_file)
    conn.execute("DELETE FROM actors WHERE id = 'ir'")
    conn.execute("INSERT INTO actors (id, name, kind) VALUES ('kp', 'North Korea', 'state')")
    conn.commit()
    conn.close()
    os.utime(dataset_file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    again = load_all(dataset_file, folder)
    assert again.cache_key is not None and "kp" in again.dataset.entities and "ir" not in again.dataset.entities


def test_a_big_graphs_quick_layout_made_in_the_process_is_the_one_made_here(dataset_file, monkeypatch):
    """Past ``ELSEWHERE_ABOVE`` nodes the quick layout runs in the lock-free process while the
    worker makes the labels and plans: the same positions and spacing as made in the worker."""
    from data import layout
    from ui import loading, lock_free
    from data.layout import typical_gap

    monkeypatch.setattr(layout, "QUICK_ABOVE", 3)
    here = loading.load_all(dataset_file, None, quick=True)
    monkeypatch.setattr(loading, "ELSEWHERE_ABOVE", 3)
    sent = []
    real = lock_free.meanwhile
    monkeypatch.setattr(lock_free, "meanwhile", lambda *call: sent.append(call[0]) or real(*call))
    there = loading.load_all(dataset_file, None, quick=True)
    assert sent == [layout.quick_job] and there.provisional and here.provisional
    assert np.array_equal(there.positions, here.positions) and there.spacing == here.spacing
    assert np.array_equal(here.positions, layout.quick(here.graph)) and here.spacing == typical_gap(here.positions)
    assert [p.describe() for p in there.dataset.problems] == [p.describe() for p in here.dataset.problems]
