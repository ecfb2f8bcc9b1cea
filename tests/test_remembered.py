"""Remembered and undoable: undo/redo of view changes, saved views, per-dataset memory, About."""
import json

import numpy as np
import pytest
from PySide6.QtCore import QPointF

from conftest import open_window as make_window
from data import dates
from data.filters import Filters


@pytest.fixture
def dataset(bundled_dataset):
    return bundled_dataset


def test_undo_and_redo_a_node_move_a_reset_filters_and_focus(qtbot, tmp_path, dataset):
    win = make_window(qtbot, tmp_path, dataset)
    index = win.state.graph.index["iran"]
    start = win.canvas.positions[index].copy()
    win.canvas.drag_node(index, QPointF(50.0, 50.0), finished=False)
    win.canvas.drag_node(index, QPointF(60.0, 55.0), finished=True)
    assert tuple(win.canvas.positions[index]) == (60.0, 55.0) and win.state.layout.pinned[index]
    win.actions["undo"].trigger()
    assert np.allclose(win.canvas.positions[index], start) and not win.state.layout.pinned[index]
    win.actions["redo"].trigger()
    assert tuple(win.canvas.positions[index]) == (60.0, 55.0)
    win.actions["reset_layout"].trigger()
    assert not win.state.layout.pinned.any()
    win.actions["undo"].trigger()
    assert win.state.layout.pinned[index]
    win.change_filters(Filters.only_official())
    win.change_focus(True, 2)
    assert win.state.focus_mode and win.state.filters == Filters.only_official()
    win.actions["undo"].trigger()
    assert not win.state.focus_mode
    win.actions["undo"].trigger()
    assert win.state.filters.is_default
    assert win.undo_stack.undoText() == "Reset layout" or win.undo_stack.canUndo()


def test_a_saved_view_reopens_exactly(qtbot, tmp_path, dataset):
    win = make_window(qtbot, tmp_path, dataset)
    win.state.set_mode("cumulative")
    win.state.set_day(dates.parse_day("2024-10-01"))
    win.change_filters(Filters(hidden_kinds=frozenset({"person"})))
    win.state.select(["iran", "russia"])
    win.state.set_expanded({"ru-kp-csp-2024"})
    win.canvas.drag_node(win.state.graph.index["iran"], QPointF(7.0, 8.0), finished=True)
    path = win.files.save_view(tmp_path / "colleague")
    view = json.loads(path.read_text(encoding="utf-8"))
    assert path.suffix == ".json" and view["date"] == "2024-10-01" and view["pinned"]["iran"] == [7.0, 8.0]
    other = make_window(qtbot, tmp_path, dataset, settings="other.ini")
    other.files.open_view(path)
    state = other.state
    assert (dates.day_to_iso(state.day), state.mode.value) == ("2024-10-01", "cumulative")
    assert state.selected == ["iran", "russia"] and state.filters.hidden_kinds == frozenset({"person"})
    assert tuple(other.canvas.positions[state.graph.index["iran"]]) == (7.0, 8.0)
    assert state.expanded == {"ru-kp-csp-2024"}


def test_a_bad_view_file_is_one_sentence(qtbot, tmp_path, dataset, monkeypatch):
    messages = []
    monkeypatch.setattr("ui.files.QMessageBox.warning", lambda _w, _t, text: messages.append(text))
    win = make_window(qtbot, tmp_path, dataset)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    win.files.open_view(bad)
    assert messages == [f"{bad}: not a Treatyscope view file"]


def test_each_dataset_reopens_at_its_last_date_and_mode(qtbot, tmp_path, dataset):
    win = make_window(qtbot, tmp_path, dataset)
    win.state.set_mode("window")
    win.state.set_day(dates.parse_day("2024-06-01"), dates.parse_day("2024-12-31"))
    win.close()
    again = make_window(qtbot, tmp_path, dataset)
    qtbot.waitUntil(lambda: again.state.mode.value == "window", timeout=3000)
    assert dates.day_to_iso(again.state.day) == "2024-06-01" and dates.day_to_iso(again.state.until) == "2024-12-31"


def test_about_names_version_dataset_and_licences():
    from main import VERSION
    from ui.about import about_text
    text = about_text(VERSION, "/data/x.db")
    assert f"Treatyscope {VERSION}" in text and "/data/x.db" in text
    assert "pyqtgraph" in text and "LGPL-3.0" in text and "GPL-2.0-or-later" in text
