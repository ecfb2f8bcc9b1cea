"""Opening files in the window (worker, failures keep the current dataset), the Problems panel,
the template, and exports written from the window and from the command line."""
import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from data import bundled
from data.importer import import_dataset
from data.template import write_template
from conftest import MINIMAL, ROOT


def wait_for_load(qtbot, win):
    qtbot.waitUntil(lambda: win.files.worker is None and not win.showing.busy, timeout=20000)  # loaded, then shown


def export(qtbot, window, view, width, caption, path):
    """Export from the window as File > Export does, and wait for the file to be written: its
    path, or None when the export failed (the dialog said why)."""
    answers = []
    window.files.exported.connect(answers.append)
    window.files.export_failed.connect(lambda _message: answers.append(None))
    window.files.export(view, width, caption, path)
    qtbot.waitUntil(lambda: len(answers) > 0, timeout=20000)
    return answers[0]


def test_a_broken_file_keeps_the_current_dataset(window, qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("ui.files.QMessageBox.warning", lambda _w, title, text: shown.append(text))
    bad = tmp_path / "broken.db"
    bad.write_bytes(b"this is not sqlite")
    window.files.open_path(bad)
    wait_for_load(qtbot, window)
    assert shown and "not a SQLite database" in shown[0] and str(bad) in shown[0]
    assert window.state.dataset.path == bundled.DATASET_PATH
    assert "Russia" in window.windowTitle() or "Iran" in window.windowTitle()


def test_open_in_the_background_and_list_every_problem(window, qtbot, make_db):
    path = make_db(MINIMAL + """
        INSERT INTO actors (id, name, kind, start_date) VALUES ('a', 'A', 'state', NULL), ('b', 'B', 'state', '2024-13-01'),
            ('a', 'Dup', 'state', NULL), ('c', 'C', 'person', NULL);
        UPDATE actors SET parent_id = 'ghost' WHERE id = 'c';
        INSERT INTO relations (source_id, target_id, kind, confidence) VALUES ('a', 'b', 'x', NULL), ('a', 'a', 'y', 'maybe');
    """)
    window.files.open_path(path)
    wait_for_load(qtbot, window)
    assert window.state.dataset.path == path
    model = window.problems.model
    rows = {(p.table, p.row, p.column) for p in model.problems}
    assert rows == {("actors", "'b'", "start_date"), ("actors", "'a'", "id"), ("actors", "'c'", "parent_id"),
                    ("relations", "rowid 1", "target_id"), ("relations", "rowid 2", "confidence")}
    assert model.rowCount() == 5 and "5 problems" in window.problems_button.text()
    # double-clicking a problem goes to the entity it concerns, where one loaded
    row = next(i for i, p in enumerate(model.problems) if p.column == "confidence")
    index = window.problems.proxy.mapFromSource(model.index(row, 0))
    with qtbot.waitSignal(window.problems.entity_requested) as caught:
        window.problems.table.doubleClicked.emit(index)
    assert caught.args == ["a"] and window.state.focused == "a"


def test_sqlite_utils_made_dataset_opens(window, qtbot, tmp_path):
    import sqlite_utils
    path = tmp_path / "made.db"
    db = sqlite_utils.Database(path)
    db["actors"].insert_all([{"id": 1, "name": "Russia", "kind": "state", "population": 146},
                             {"id": 2, "name": "Gazprom", "kind": "energy company"}])
    db["relations"].insert_all([{"source_id": 2, "target_id": 1, "kind": "owned_by", "start_date": 1989}])
    db.conn.close()
    window.files.open_path(path)
    wait_for_load(qtbot, window)
    assert window.state.dataset.problems == []
    assert {window.state.graph.ids[i] for i in window.canvas.shown} == {"1", "2"}
    assert "Energy company" in [label for label, *_ in window.canvas.legend.nodes]


def test_template_imports_cleanly(tmp_path):
    write_template(tmp_path / "tpl")
    dataset, problems = import_dataset(tmp_path / "tpl", tmp_path / "tpl.db")
    assert problems == [] and dataset.entities["leader-a"].parent_id == "state-a"
    assert {p.name for p in (tmp_path / "tpl").iterdir()} >= {"actors.csv", "relations.csv", "meta.csv"}
    with pytest.raises(Exception, match="already holds"):
        write_template(tmp_path / "tpl")


def test_window_export_at_two_widths_is_sharp_and_captioned(window, qtbot, tmp_path):
    path = export(qtbot, window, "graph", 1920, True, tmp_path / "graph.png")
    image = QImage(str(path))
    assert image.width() == 1920 and image.height() > 600
    assert abs(image.dotsPerMeterX() - 300 / 0.0254) < 2
    big = QImage(str(export(qtbot, window, "graph", 3840, False, tmp_path / "big.png")))
    assert big.width() == 3840
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_export_refuses_a_bad_folder_and_a_full_disk(window, qtbot, tmp_path, monkeypatch):
    messages = []
    monkeypatch.setattr("ui.files.QMessageBox.warning", lambda _w, _t, text: messages.append(text))
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    assert export(qtbot, window, "graph", 1920, False, not_a_folder / "x.png") is None
    assert "no such folder" in messages[-1]

    def disk_full(*_args):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr("data.files.os.replace", disk_full)
    target = tmp_path / "out" / "graph.png"
    target.parent.mkdir()
    assert export(qtbot, window, "graph", 1920, False, target) is None
    assert messages[-1] == f"{target}: could not be written (No space left on device)"
    assert list(target.parent.iterdir()) == []  # no half-written or temporary file left


def run_export(*args):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "export", *map(str, args)],
                          capture_output=True, text=True, timeout=180, env=env)


def test_headless_export_with_no_display(tmp_path):
    out = tmp_path / "window.png"
    result = run_export("--view", "window", "--out", out, "--width", "1600", "--date", "2025-01", "--caption")
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert image.width() == 1600 and image.height() > 900
    # the caption's white band on top, and the title's dark text in it
    top = [image.pixelColor(x, 20) for x in range(0, 800, 4)]
    assert any(c.lightness() < 100 for c in top) and image.pixelColor(1590, 5).lightness() > 240


def test_headless_export_errors(tmp_path):
    result = run_export("--out", tmp_path / "x.png", "--date", "2025-13")
    assert result.returncode == 2 and result.stderr.startswith("error: --date")
    result = run_export("--out", tmp_path / "missing" / "x.png")
    assert result.returncode == 2 and "no such folder" in result.stderr
    assert not (tmp_path / "missing").exists()
    result = run_export("--out", tmp_path / "x.png", "--focus", "nobody")
    assert result.returncode == 2 and "no entity has the id 'nobody'" in result.stderr


def test_svg_export_is_vector_and_names_the_nodes(window, qtbot, tmp_path):
    path = export(qtbot, window, "graph", 1920, False, tmp_path / "graph.svg")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "<svg" in text
    assert "<path" in text and "Iran" in text  # vector shapes and labels as text
    assert "<image" not in text or text.count("<image") < 5  # not one big raster


def test_problems_model_passes_the_model_tester(qtmodeltester, make_db):
    from data import loader as _loader
    from widgets.problems_panel import ProblemsPanel
    path = make_db(MINIMAL + """INSERT INTO actors (id, name, kind, start_date) VALUES ('a', 'A', 'state', 'x'),
        ('b', NULL, 'state', NULL);""")
    panel = ProblemsPanel()
    dataset = _loader.load(path)
    panel.set_problems(dataset.problems, set(dataset.entities))
    qtmodeltester.check(panel.model)
    assert panel.model.rowCount() == 2


def test_the_problems_table_sorts_by_a_column_and_still_opens_the_right_entity(qtbot, make_db):
    from PySide6.QtCore import Qt

    from data import loader as _loader
    from widgets.problems_panel import ProblemsPanel
    path = make_db(MINIMAL + """INSERT INTO actors (id, name, kind, start_date) VALUES ('b', 'B', 'state', 'x'),
        ('a', 'A', 'state', '2024-13-01'), ('c', NULL, 'state', NULL), ('d', 'D', 'state', NULL);
        INSERT INTO relations (source_id, target_id, kind, weight) VALUES ('d', 'ghost', 'ally', NULL),
        ('d', 'd', 'ally', -3);""")
    panel = ProblemsPanel()
    qtbot.addWidget(panel)
    dataset = _loader.load(path)
    panel.set_problems(dataset.problems, set(dataset.entities))
    panel.table.sortByColumn(1, Qt.DescendingOrder)  # the header's "Row", as a click would
    shown = [panel.proxy.index(r, 1).data() for r in range(panel.proxy.rowCount())]
    assert shown == sorted(shown, reverse=True) and shown[0] == "rowid 2"
    with qtbot.waitSignal(panel.entity_requested) as caught:
        panel.table.doubleClicked.emit(panel.proxy.index(0, 0))
    assert caught.args == ["d"]  # the relation d -> d, its weight wrong
    panel.table.sortByColumn(0, Qt.AscendingOrder)
    assert [panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())] == \
        ["actors"] * 3 + ["relations"] * 2
