"""Shared fixtures. Qt runs offscreen: set before any QApplication exists."""
from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

from data import bundled as bundled_data  # noqa: E402


@pytest.fixture
def make_db(tmp_path):
    """Write a dataset from SQL statements; returns its path."""
    counter = iter(range(1000))

    def make(sql: str, name: str | None = None) -> Path:
        path = tmp_path / (name or f"dataset{next(counter)}.db")
        conn = sqlite3.connect(path)
        conn.executescript(sql)
        conn.commit()
        conn.close()
        return path

    return make


def load_clean(path: Path):
    """A dataset the test wrote, loaded and checked to have no row problems."""
    from data.loader import load

    dataset = load(path)
    assert not dataset.problems, [p.describe() for p in dataset.problems]
    return dataset


MINIMAL = """
CREATE TABLE actors (id, name, kind, parent_id, aliases, description, start_date, end_date);
CREATE TABLE relations (id, source_id, target_id, kind, start_date, end_date, weight,
                        confidence, description, source, locator);
"""


@pytest.fixture
def bundled_path() -> Path:
    return bundled_data.DATASET_PATH


@pytest.fixture(scope="session")
def bundled_dataset():
    """The bundled dataset, loaded once for the whole run and shared: read it, never change it
    (no test, window or analysis does; a test that must change one loads its own)."""
    from data import loader

    return loader.load(bundled_data.DATASET_PATH)


@pytest.fixture(scope="session")
def bundled(bundled_dataset):
    """The bundled dataset and its graph, shared by the whole run (read them, never change them)."""
    from data import graph

    return bundled_dataset, graph.build(bundled_dataset)


def shown_at(graph, text: str):
    """The node and edge masks shown at a date (as text) in the default time mode."""
    from data import dates

    day = dates.parse_day(text)
    nodes = graph.active_nodes(day)
    return nodes, graph.active_edges(day, node_mask=nodes)


def open_window(qtbot, tmp_path: Path, dataset, settings: str = "settings.ini", size=None):
    """A MainWindow with its own Settings file and layout cache folder under ``tmp_path``, shown,
    with ``dataset`` open. qtbot closes it when the test ends (which saves what it remembers)."""
    from ui.main_window import MainWindow
    from ui.settings import Settings

    win = MainWindow(Settings(tmp_path / settings), cache_folder=tmp_path / "layouts")
    qtbot.addWidget(win)
    if size:
        win.resize(*size)
    win.show()
    win.open_dataset(dataset)
    return win


@pytest.fixture
def window(qtbot, tmp_path, bundled_dataset):
    """The main window, 1280 x 800 and exposed, on the bundled dataset."""
    win = open_window(qtbot, tmp_path, bundled_dataset, size=(1280, 800))
    qtbot.waitExposed(win)
    return win


def _fingerprint(path: Path):
    stat = path.stat()
    siblings = {p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-")}
    return path.read_bytes(), stat.st_mtime_ns, siblings


@pytest.fixture(autouse=True)
def datasets_stay_untouched(request, monkeypatch):
    """The read-only guarantee, checked around every load in every test (the window's loads
    go through ``data.loader.load`` too): same bytes, same modification time, no journal files.
    Tests that change a dataset on purpose say so with ``@pytest.mark.changes_dataset``."""
    from data import loader

    if request.node.get_closest_marker("changes_dataset"):
        yield
        return
    seen: dict[Path, tuple] = {}
    real_load = loader.load

    def watched_load(path, *args, **kwargs):
        path = Path(path)
        if path.is_file() and path not in seen:
            seen[path] = _fingerprint(path)
        return real_load(path, *args, **kwargs)

    monkeypatch.setattr(loader, "load", watched_load)
    yield
    for path, before in seen.items():
        if path.exists():
            assert _fingerprint(path) == before, f"{path} was changed by opening it"


@pytest.fixture
def plane_view(qtbot):
    """A bare graphics view of the plane (y up, as the canvas): ``plane_view(size)`` gives the
    widget and its view box, showing 0 to 100 on both axes."""
    import pyqtgraph as pg

    def make(size: int = 400):
        widget = pg.GraphicsView(background="w")
        box = pg.ViewBox(lockAspect=True, enableMenu=False)
        widget.setCentralItem(box)
        widget.resize(size, size)
        qtbot.addWidget(widget)
        widget.show()
        qtbot.waitExposed(widget)
        box.setRange(xRange=(0, 100), yRange=(0, 100), padding=0)
        return widget, box
    return make
