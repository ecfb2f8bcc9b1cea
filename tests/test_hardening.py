"""Hardening: whatever the input, a clear message or a loaded dataset with every skipped row
reported, never a traceback, and the source files byte-identical afterwards."""
import json
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from data import loader
from data.importer import import_dataset
from data.problems import DatasetError
from ui.main_window import MainWindow
from ui.settings import Settings

CELLS = st.one_of(st.just(""), st.text(max_size=12), st.sampled_from(
    ["2024", "2024-13-01", "2024-09", "yesterday", "a", "b", "c", "1", "official", "maybe", "-3", "1e9"]))
IDS = st.sampled_from(["a", "b", "c", "1", "", " a "])
COLUMNS = st.lists(st.sampled_from(["id", "name", "kind", "parent_id", "start_date", "end_date", "source_id",
                                    "target_id", "weight", "confidence", "extra", "treaty_id", "number"]),
                   min_size=1, max_size=7, unique=True)


def csv_text(columns, rows):
    import csv
    import io
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


@st.composite
def csv_folders(draw):
    tables = {}
    for name in draw(st.lists(st.sampled_from(["actors", "relations", "treaties", "articles", "events", "meta", "notes"]),
                              min_size=1, max_size=5, unique=True)):
        columns = draw(COLUMNS)
        rows = draw(st.lists(st.lists(st.one_of(IDS, CELLS), min_size=len(columns), max_size=len(columns) + 1),
                             max_size=6))
        tables[name] = csv_text(columns, rows)
    return tables


def snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=csv_folders())
def test_random_csv_folders_import_or_refuse_cleanly(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("src")
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    before = snapshot(folder)
    out = tmp_path_factory.mktemp("out") / "out.db"
    try:
        dataset, problems = import_dataset(folder, out)
    except DatasetError as exc:
        assert str(exc) and "\n" not in str(exc) and not out.exists()
    else:
        rows = sum(len(text.splitlines()) - 1 for name, text in files.items() if name != "notes")
        assert len(dataset.entities) + len(dataset.relations) <= rows
        for problem in problems:
            assert problem.table and problem.row and problem.column and problem.expected
        assert loader.load(out).entities.keys() == dataset.entities.keys()
    assert snapshot(folder) == before


JSON_VALUES = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                                     st.text(max_size=8)), lambda inner: st.lists(inner, max_size=3), max_leaves=5)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=st.one_of(
    st.dictionaries(st.sampled_from(["actors", "relations", "events", "x y", "meta"]),
                    st.lists(st.dictionaries(st.sampled_from(["id", "name", "kind", "source_id", "target_id",
                                                              "date", "title", "key", "value"]), JSON_VALUES),
                             max_size=4), max_size=4),
    JSON_VALUES))
def test_random_json_imports_or_refuses_cleanly(tmp_path_factory, document):
    folder = tmp_path_factory.mktemp("json")
    source = folder / "data.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    before = source.read_bytes()
    out = folder / "out.db"
    try:
        import_dataset(source, out)
    except DatasetError as exc:
        assert str(exc).startswith(str(source)) or str(exc).startswith(str(out))
    assert source.read_bytes() == before


SQL_VALUES = st.one_of(st.none(), st.integers(-5, 3000), st.floats(allow_nan=True), st.text(max_size=10),
                       st.binary(max_size=6), st.sampled_from(["2024-02-30", "2024", "a", "b", "official"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actors=st.lists(st.tuples(SQL_VALUES, SQL_VALUES, SQL_VALUES, SQL_VALUES, SQL_VALUES), max_size=6),
       relations=st.lists(st.tuples(SQL_VALUES, SQL_VALUES, SQL_VALUES, SQL_VALUES, SQL_VALUES), max_size=6))
def test_random_sqlite_content_loads_or_refuses_cleanly(tmp_path_factory, actors, relations):
    path = tmp_path_factory.mktemp("db") / "d.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE actors (id, name, kind, parent_id, start_date)")
    conn.execute("CREATE TABLE relations (source_id, target_id, kind, weight, confidence)")
    conn.executemany("INSERT INTO actors VALUES (?, ?, ?, ?, ?)", actors)
    conn.executemany("INSERT INTO relations VALUES (?, ?, ?, ?, ?)", relations)
    conn.commit()
    conn.close()
    before = path.read_bytes(), path.stat().st_mtime_ns
    dataset = loader.load(path)
    assert len(dataset.entities) + sum(1 for p in dataset.problems if p.table == "actors") == len(actors)
    assert len(dataset.relations) + sum(1 for p in dataset.problems if p.table == "relations") == len(relations)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_odd_rows_load_and_show_as_text(qtbot, tmp_path, make_db):
    long_text = "x" * 1_000_000
    path = make_db(f"""
        CREATE TABLE actors (id, name, kind, description);
        INSERT INTO actors VALUES ('fa', 'جمهوری اسلامی ایران', 'state', '{long_text}'),
            ('ar', 'المملكة العربية السعودية', 'state', NULL), ('zh', '中华人民共和国', 'state', NULL),
            ('emoji', 'Pipeline 🛢️🚆', 'project-ish', NULL), ('sql', 'x''); DROP TABLE actors; --', 'state', NULL),
            ('img', '<img src=http://example.org/x.png>', 'state', NULL);
        CREATE TABLE relations (source_id, target_id, kind, source);
        INSERT INTO relations VALUES ('fa', 'ar', 'talks', 'javascript:alert(1)'), ('fa', 'zh', 'trade', 'file:///etc/passwd');
    """)
    window = MainWindow(Settings(tmp_path / "s.ini"), cache_folder=tmp_path / "l")
    qtbot.addWidget(window)
    window.show()
    window.open_dataset(loader.load(path))
    assert window.state.dataset.problems == []
    assert set(window.state.dataset.entities) == {"fa", "ar", "zh", "emoji", "sql", "img"}
    opened = []
    window.details.launch_url = opened.append
    window.state.select(["fa"])
    for row in range(window.details.relation_model().rowCount()):
        window.details.open_url(window.details.relation_model().row(row).relation.source or "")
    assert opened == []  # javascript: and file: sources are never opened
    window.state.select(["img"])
    assert "<img" in window.canvas._texts[window.state.graph.index["img"]]


def test_an_unexpected_error_is_logged_and_shown_and_the_window_goes_on(qtbot, tmp_path, monkeypatch):
    from ui import errors
    shown = []
    monkeypatch.setattr(errors.QMessageBox, "exec", lambda self: shown.append((self.text(), self.detailedText())))
    window = MainWindow(Settings(tmp_path / "s.ini"), cache_folder=tmp_path / "l")
    qtbot.addWidget(window)
    reporter = errors.ErrorReporter(window, log=tmp_path / "logs" / "treatyscope.log")
    try:
        raise ValueError("boom")
    except ValueError as exc:
        reporter(type(exc), exc, exc.__traceback__)
    assert shown and "ValueError: boom" in shown[0][0] and "Traceback" in shown[0][1]
    assert "ValueError: boom" in (tmp_path / "logs" / "treatyscope.log").read_text()
    assert window.isEnabled()


@pytest.mark.changes_dataset
def test_a_dataset_changed_on_disk_offers_a_reload(qtbot, tmp_path, make_db):
    from conftest import MINIMAL
    path = make_db(MINIMAL + "INSERT INTO actors (id, name, kind) VALUES ('a', 'A', 'state');")
    window = MainWindow(Settings(tmp_path / "s.ini"), cache_folder=tmp_path / "l")
    qtbot.addWidget(window)
    window.show()
    window.open_dataset(loader.load(path))
    assert not window.reload_bar.isVisible()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO actors (id, name, kind) VALUES ('b', 'B', 'state')")
    conn.commit()
    conn.close()
    qtbot.waitUntil(window.reload_bar.isVisible, timeout=5000)
    assert path.name in window.reload_bar.label.text()
    window.reload_bar.reload_action.trigger()
    qtbot.waitUntil(lambda: "b" in window.state.dataset.entities, timeout=10000)
