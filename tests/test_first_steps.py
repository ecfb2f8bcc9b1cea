"""What a newcomer meets first in the window: the find box, help, the file dialogs' folder, the
keyboard focus ring, the tabs' counts."""
from PySide6.QtCore import Qt

from conftest import open_window


def activate(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def find(window, qtbot, text):
    window.actions["find"].trigger()
    qtbot.keyClicks(window.search, text)
    qtbot.keyClick(window.search, Qt.Key_Return)


def test_a_found_entity_leaves_the_box_empty_and_the_keys_to_the_window(window, qtbot):
    activate(window, qtbot)
    find(window, qtbot, "pezeshkian")
    assert window.state.focused == "pezeshkian"
    qtbot.waitUntil(lambda: window.search.text() == "")
    assert not window.search.hasFocus() and window.canvas.view.hasFocus()
    qtbot.keyClick(window.canvas.view, Qt.Key_F, Qt.ShiftModifier)  # Shift+F: focus mode, not an "F"
    assert window.state.focus_mode and window.search.text() == ""


def test_escape_leaves_the_box_and_keeps_the_selection(window, qtbot):
    activate(window, qtbot)
    window.state.select(["iran"])
    window.actions["find"].trigger()
    qtbot.keyClicks(window.search, "rus")
    popup = window.search.completer().popup()
    if popup.isVisible():  # the first Escape closes the list of matches, which has the keyboard
        qtbot.keyClick(popup, Qt.Key_Escape)
    qtbot.keyClick(window.search, Qt.Key_Escape)
    assert window.search.text() == "" and window.state.selected == ["iran"]


def test_another_dataset_empties_the_box(window, qtbot, tmp_path, make_db):
    from conftest import MINIMAL
    from data import loader

    window.search.setText("iran")
    window.open_dataset(loader.load(make_db(MINIMAL + "INSERT INTO actors (id, name, kind) VALUES ('a', 'A', 'state');")))
    assert window.search.text() == ""
