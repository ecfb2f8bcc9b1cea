"""Saved views keep how nodes look (the Ranking panel's choices) and find their dataset when the
folder holding both is moved."""
import json
import shutil

from conftest import open_window
from data import bundled


def wait_for_load(qtbot, win):
    qtbot.waitUntil(lambda: win.files.worker is None and not win.showing.busy, timeout=20000)  # loaded, then shown


def test_a_saved_view_keeps_size_by_and_colour_by(qtbot, tmp_path, bundled_dataset):
    win = open_window(qtbot, tmp_path, bundled_dataset)
    win.panels.ranking.size_combo.setCurrentText("betweenness")  # as the user picks them
    win.panels.ranking.colour_box.setChecked(True)
    assert (win.state.size_by, win.state.colour_by_community) == ("betweenness", True)
    path = win.files.save_view(tmp_path / "look.json")
    assert json.loads(path.read_text(encoding="utf-8"))["appearance"] == {"size_by": "betweenness",
                                                                          "colour_by": "community"}
    other = open_window(qtbot, tmp_path, bundled_dataset, settings="other.ini")
    assert other.panels.ranking.size_measure() == "none"
    other.files.open_view(path)
    assert (other.state.size_by, other.state.colour_by_community) == ("betweenness", True)
    ranking = other.panels.ranking
    assert ranking.size_measure() == "betweenness" and ranking.colour_by_community()
    # once the analysis is in, the canvas shows it: communities in the legend
    qtbot.waitUntil(lambda: any(label.startswith("Community") for label, *_ in other.canvas.legend.nodes),
                    timeout=20000)


def test_a_view_beside_its_dataset_travels_with_the_folder(qtbot, tmp_path, bundled_dataset):
    project = tmp_path / "project"
    (project / "views").mkdir(parents=True)
    shutil.copy(bundled.DATASET_PATH, project / "treaty.db")
    win = open_window(qtbot, tmp_path, bundled_dataset)
    win.files.open_path(project / "treaty.db")
    wait_for_load(qtbot, win)
    path = win.files.save_view(project / "views" / "signing.json")
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["dataset"] == "../treaty.db"  # relative: the folder can be sent as a whole
    moved = tmp_path / "elsewhere" / "project"
    moved.parent.mkdir()
    shutil.move(project, moved)
    other = open_window(qtbot, tmp_path, bundled_dataset, settings="other.ini")
    other.files.open_view(moved / "views" / "signing.json")
    wait_for_load(qtbot, other)
    assert other.state.dataset.path.resolve() == (moved / "treaty.db").resolve()


def test_a_view_far_from_its_dataset_names_it_in_full_and_a_lone_view_file_still_finds_it(
        qtbot, tmp_path, bundled_dataset):
    win = open_window(qtbot, tmp_path, bundled_dataset)
    far = tmp_path / "a" / "b" / "c" / "d"
    far.mkdir(parents=True)
    path = win.files.save_view(far / "v.json")
    assert json.loads(path.read_text(encoding="utf-8"))["dataset"] == str(bundled.DATASET_PATH.resolve())
    near = tmp_path / "near.json"
    shutil.copy(bundled.DATASET_PATH, tmp_path / "copy.db")
    win.files.open_path(tmp_path / "copy.db")
    wait_for_load(qtbot, win)
    win.files.save_view(near)
    lone = tmp_path / "a" / "lone.json"
    shutil.move(near, lone)  # only the view file moves: "copy.db" is not beside it any more
    from ui import views
    assert views.read(lone)["dataset"] == str((tmp_path / "copy.db").resolve())
