"""What a newcomer meets first in the window: the find box, help, the file dialogs' folder, the
keyboard focus ring, the tabs' counts."""
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QKeySequence, QTextDocument
from PySide6.QtWidgets import QDialog, QLineEdit, QStyleFactory

from ui.help import DEDICATED_KEYS, GUIDE, key_text



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


def test_help_shows_the_guide_offline_with_its_pictures(window):
    window.actions["guide"].trigger()
    viewer = window.findChild(QDialog, "help-guide")
    assert viewer.isVisible()
    text = viewer.browser.toPlainText()
    assert "Make a dataset from a spreadsheet" in text and "Keyboard shortcuts" in text
    picture = viewer.browser.document().resource(QTextDocument.ImageResource, QUrl("guide/first-figure.png"))
    assert picture is not None and not picture.isNull()  # the guide's figure is found beside it
    viewer.browser.anchorClicked.emit(QUrl("dataset-format.md"))  # a link to another page of the guide
    assert "Building a dataset for Treatyscope" in viewer.browser.toPlainText()
    viewer.browser.anchorClicked.emit(QUrl("../README.md"))  # not shipped: said, not a blank page
    assert "not part of the guide" in viewer.browser.toPlainText()


def test_keyboard_shortcuts_are_the_keys_the_actions_answer(window):
    window.actions["shortcuts"].trigger()
    text = window.findChild(QDialog, "help-shortcuts").browser.toPlainText()
    for key, action in window.actions.items():
        for sequence in action.shortcuts():
            if sequence.count() == 1 and sequence[0].key() in DEDICATED_KEYS:
                continue
            assert sequence.toString(QKeySequence.NativeText) in text, (key, sequence.toString())
    assert "Ctrl+Shift+Z" in text and "Ctrl+Y" in text and "Shift+F" in text


def test_the_user_guide_lists_every_shortcut(qapp):
    from ui.actions import COMMANDS

    guide = GUIDE.read_text(encoding="utf-8")
    table = guide[guide.index("## Keyboard shortcuts"):].splitlines()
    for command in COMMANDS:
        if not key_text(command):
            continue
        row = next((r for r in table if r.startswith(f"| {command.text.replace('&', '').rstrip('…')} |")), "")
        written = [QKeySequence(k).toString(QKeySequence.NativeText) for k in command.shortcuts if isinstance(k, str)]
        assert row and all(k in row for k in written), command.key
        assert any(k in row for k in key_text(command).split(", ")), command.key


def test_file_dialogs_start_where_the_last_file_was(window, qtbot, tmp_path, monkeypatch):
    from ui.settings import Settings

    asked = []

    def answer(chosen):
        def dialog(_parent, _title, start, *_rest):
            asked.append(start)
            return chosen, ""
        return dialog

    folder = tmp_path / "reports"
    folder.mkdir()
    monkeypatch.setattr("widgets.file_dialog.QFileDialog.getOpenFileName", answer(""))
    window.actions["open"].trigger()  # cancelled: remembers nothing
    monkeypatch.setattr("widgets.file_dialog.QFileDialog.getSaveFileName", answer(str(folder / "v.json")))
    window.actions["save_view"].trigger()
    monkeypatch.setattr("widgets.file_dialog.QFileDialog.getOpenFileName", answer(""))
    monkeypatch.setattr("widgets.file_dialog.QFileDialog.getSaveFileName", answer(""))
    window.actions["open_view"].trigger()
    window.panels.treaties._ask_csv()
    assert asked[2] == str(folder) and asked[3] == str(folder / "comparison.csv")
    assert Settings(tmp_path / "settings.ini").last_folder() == str(folder)  # kept for the next run


def focus_pixels(qtbot, widget) -> int:
    """How many pixels of a focused widget are near the focus ring's colour."""
    from widgets.focus_ring import FOCUS

    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    image, ring = widget.grab().toImage(), QColor(FOCUS)
    return sum(1 for x in range(image.width()) for y in range(image.height())
               if all(abs(a - b) < 40 for a, b in zip(image.pixelColor(x, y).getRgb()[:3], ring.getRgb()[:3])))


def test_the_keyboard_focus_is_drawn_as_a_strong_ring(qtbot):
    from widgets.focus_ring import FocusRingStyle

    plain, ringed = QLineEdit(), QLineEdit()
    ringed.setStyle(FocusRingStyle("fusion"))
    plain.setStyle(QStyleFactory.create("fusion"))
    for edit in (plain, ringed):
        edit.resize(200, 30)
    assert focus_pixels(qtbot, ringed) > 2 * (200 + 30)  # a ring all round
    assert focus_pixels(qtbot, plain) < 200  # Fusion's own: a faint line


RING_CODE = """
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLineEdit, QStyleFactory, QTreeView, QVBoxLayout, QWidget
from ui.app import application
from widgets.focus_ring import FOCUS, FocusRingStyle

app = application()
window = QWidget()
edit, tree, own = QLineEdit(window), QTreeView(window), QLineEdit(window)
own_style = QStyleFactory.create("fusion")
own.setStyle(own_style)  # a style of its own: kept
layout = QVBoxLayout(window)
layout.addWidget(edit)
layout.addWidget(tree)
layout.addWidget(own)
window.resize(300, 300)
window.show()
window.activateWindow()

def ring_pixels(widget):
    image, ring = widget.grab().toImage(), QColor(FOCUS)
    return sum(1 for x in range(image.width()) for y in range(image.height())
               if all(abs(a - b) < 40 for a, b in zip(image.pixelColor(x, y).getRgb()[:3], ring.getRgb()[:3])))

def styles():
    return [isinstance(w.style(), FocusRingStyle) for w in (edit, tree)]

for widget in (edit, tree, own):
    widget.setFocus()
    for _ in range(50):
        app.processEvents()
    print(widget.hasFocus(), styles(), ring_pixels(edit) > 200, ring_pixels(tree) > 200)
print(own.style() is own_style)
"""


def test_the_application_rings_only_the_widget_with_the_keyboard():
    """The ring follows the keyboard; every other widget keeps the platform's style (a style
    written in Python costs a call into Python for every cell of every list it draws)."""
    import subprocess
    import sys
    from conftest import ROOT

    result = subprocess.run([sys.executable, "-c", RING_CODE], capture_output=True, text=True, cwd=ROOT, timeout=60)
    lines = result.stdout.strip().splitlines()
    # has the keyboard, [ringed style: edit, tree], ring drawn: edit, tree
    assert lines == ["True [True, False] True False", "True [False, True] False True",
                     "True [False, False] False False", "True"], result.stderr
