"""One figure for one view and width, from the window and from the command line; captions that
name sources readably and take the user's title and note; a legend that says which kinds."""
import os
import subprocess
import sys

from PySide6.QtGui import QImage

from conftest import ROOT
from test_files import export


def run_cli(*args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)],
                          capture_output=True, text=True, timeout=180, env=env)


def same_share(a: QImage, b: QImage, step: int = 5) -> float:
    a, b = a.convertToFormat(QImage.Format_ARGB32), b.convertToFormat(QImage.Format_ARGB32)
    points = [(x, y) for y in range(0, a.height(), step) for x in range(0, a.width(), step)]
    return sum(a.pixel(x, y) == b.pixel(x, y) for x, y in points) / len(points)


def test_the_window_and_the_command_line_give_the_same_graph_figure(window, qtbot, tmp_path):
    qtbot.wait(50)  # the window's layout settles
    size, camera = window.canvas.size(), window.canvas.shown_rect()
    ours = QImage(str(export(qtbot, window, "graph", 3840, True, tmp_path / "window.png")))
    result = run_cli("export", "--view", "graph", "--width", "3840", "--caption", "--out", tmp_path / "cli.png")
    assert result.returncode == 0, result.stderr
    theirs = QImage(str(tmp_path / "cli.png"))
    # the window's canvas is 640 px wide, the command line's 1600: the same figure all the same
    assert window.canvas.width() < 1000
    assert (ours.width(), ours.height()) == (theirs.width(), theirs.height())
    assert ours.height() < 0.8 * ours.width()  # the page's shape, not the small canvas's near-square
    assert same_share(ours, theirs) > 0.99
    # and the window is left as it was
    assert window.canvas.size() == size
    assert all(abs(a - b) < 1e-6 * max(1.0, abs(b)) for a, b in zip(window.canvas.shown_rect(), camera))


def test_no_blank_band_under_the_graph(window, qtbot, tmp_path):
    window.resize(1000, 1000)  # the canvas changes shape after its fit (a resize, a dock that grows)
    qtbot.waitUntil(lambda: window.canvas.height() > 1.1 * window.canvas.width())
    image = QImage(str(export(qtbot, window, "graph", 1920, False, tmp_path / "g.png")))
    rows = [y for y in range(image.height())
            if any(image.pixelColor(x, y).lightness() < 200 for x in range(0, image.width(), 3))]
    assert rows[-1] > 0.9 * image.height() and rows[0] < 0.1 * image.height()  # the nodes reach both ends


def test_labels_fill_the_canvas_on_a_high_density_screen():
    code = ("import sys; sys.path.insert(0, {root!r}); from data import loader, bundled; "
            "from ui.export_command import quiet_qt_noise; quiet_qt_noise(); "
            "from ui.app import application; app = application(); import tempfile; from pathlib import Path; "
            "from ui.main_window import MainWindow; from ui.settings import Settings; t = Path(tempfile.mkdtemp()); "
            "w = MainWindow(Settings(t / 's.ini'), t / 'c'); w.resize(1600, 1000); w.show(); "
            "w.open_dataset(loader.load(bundled.DATASET_PATH)); app.processEvents(); w.canvas.fit(); "
            "w.canvas.view.grab(); print(len(w.canvas.labels.drawn))").format(root=str(ROOT))
    counts = []
    for factor in ("1", "2"):
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": factor}
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == 0, result.stderr
        counts.append(int(result.stdout.split()[-1]))
    assert counts[0] > 40 and counts[1] >= 0.9 * counts[0]  # not only the top-left quarter's (a quarter as many)


def test_captions_name_sources_readably_and_take_the_users_title_and_note(window, qtbot, tmp_path):
    caption = window.caption()
    assert "Seed article (" in caption.sources and "TASS (" in caption.sources
    assert "000_d6fe" not in caption.sources and "https://" not in caption.sources
    plain = QImage(str(export(qtbot, window, "graph", 1600, True, tmp_path / "plain.png")))
    noted = QImage(str(export_with(qtbot, window, tmp_path / "noted.png", "Who signed what",
                                   "Dashed lines rest on news reports.")))
    assert noted.height() > plain.height()  # the note is a block of its own under the picture
    assert noted.width() == plain.width()


def export_with(qtbot, window, path, title, note):
    answers = []
    window.files.exported.connect(answers.append)
    window.files.export("graph", 1600, True, path, title, note)
    qtbot.waitUntil(lambda: len(answers) > 0, timeout=20000)
    return answers[0]


def test_the_command_line_takes_a_title_and_a_note(tmp_path):
    bare = run_cli("export", "--width", "800", "--out", tmp_path / "bare.png")
    titled = run_cli("export", "--width", "800", "--title", "Who signed what", "--note", "A note.",
                     "--out", tmp_path / "titled.png")
    assert bare.returncode == 0 and titled.returncode == 0, titled.stderr
    assert QImage(str(tmp_path / "titled.png")).height() > QImage(str(tmp_path / "bare.png")).height() + 60


def test_the_legend_says_which_kinds_it_has_no_row_for(window):
    from ui.export import graph_page

    legend = window.canvas.legend
    rows = {label for label, _colour in legend.edges}
    assert legend.more and "other kinds" not in " ".join(rows)
    with graph_page(window.canvas, 1600):  # a figure's page has room to name them all
        text = legend.more_text()
        assert not legend.collapsed and legend.geometry().bottom() < window.canvas.height()
    assert text.startswith("Also: ") and "attacks" in text and "more" not in text
    graph, visible = window.state.graph, window.state.visible()
    shown = {graph.edge_kinds[k].replace("_", " ") for k in set(graph.edge_kind[visible.edges].tolist())}
    assert shown == rows | set(legend.more)
