"""Help ▸ User guide and Help ▸ Keyboard shortcuts: the guide that ships with the app
(``docs/user-guide.md``), rendered offline, and the table of shortcuts made from
``ui.actions.COMMANDS`` itself, so that it can never list a key the window does not answer.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from .actions import COMMANDS, MENUS, key_sequences

DOCS = Path(__file__).resolve().parent.parent / "docs"  #: beside ui/, in a checkout and in the wheel
GUIDE = DOCS / "user-guide.md"
#: keys that are not commands of the menus: they belong to one place of the window
ELSEWHERE = (
    ("Find box", "Enter", "Select the best match and go back to the graph"),
    ("Find box", "Esc", "Leave the box; the selection stays"),
    ("Graph", "Ctrl+click", "Add a node to the selection, or take it out"),
    ("Timeline", "Enter", "Go to the date typed in the date box"),
)


#: the dedicated keys of some keyboards that Qt's standard keys also bind (an "Undo" key):
#: true, but they would crowd the page
DEDICATED_KEYS = {Qt.Key_Open, Qt.Key_Save, Qt.Key_Undo, Qt.Key_Redo, Qt.Key_Find, Qt.Key_Help, Qt.Key_Close}


def key_text(command) -> str:
    """The keys of a command as the user types them here (``Ctrl+Shift+Z, Ctrl+Y``)."""
    sequences = [s for s in key_sequences(command.shortcuts)
                 if s.count() != 1 or s[0].key() not in DEDICATED_KEYS]
    return ", ".join(s.toString(QKeySequence.NativeText) for s in sequences)


def shortcuts_markdown() -> str:
    """Every command that has a key, by menu, as the keyboard shortcuts page shows them."""
    lines = ["# Keyboard shortcuts", "",
             "Made from the window's own commands: what is listed here is what the keys do.", ""]
    for menu in MENUS:
        rows = [(c.text.replace("&", "").rstrip("…"), key_text(c)) for c in COMMANDS if c.menu == menu]
        rows = [(text, keys) for text, keys in rows if keys]  # none on this platform: not listed
        if rows:
            lines += [f"## {menu}", "", "| command | keys |", "| --- | --- |"]
            lines += [f"| {text} | {_escape(keys)} |" for text, keys in rows] + [""]
    lines += ["## Elsewhere", "", "| where | keys | what it does |", "| --- | --- | --- |"]
    lines += [f"| {where} | {_escape(keys)} | {what} |" for where, keys, what in ELSEWHERE]
    return "\n".join(lines) + "\n"


def _escape(text: str) -> str:
    """A ``|`` in a key would end the table's cell."""
    return text.replace("|", "\\|")


class HelpViewer(QDialog):
    """A window showing one Markdown page, offline; links to other pages of the guide open in
    it, web links in the browser."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._follow)
        self.browser.setSearchPaths([str(DOCS)])  # the guide's pictures
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(820, 720)

    def show_markdown(self, text: str) -> None:
        self.browser.setMarkdown(text)

    def show_file(self, path: Path) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            text = f"# Not available\n\nThe page {path.name} could not be read ({exc.strerror})."
        self.show_markdown(text)

    def _follow(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
            return
        if not url.path() and url.fragment():
            self.browser.scrollToAnchor(url.fragment())
            return
        page = (DOCS / url.path()).resolve()
        if page.suffix == ".md" and page.is_file() and page.parent == DOCS:  # as in the wheel
            self.show_file(page)
        else:
            self.show_markdown(f"# Not available\n\n{url.path()} is not part of the guide shipped with "
                               "Treatyscope.\n\n[Back to the user guide](user-guide.md)")


def _viewer(parent: QWidget, name: str, title: str) -> HelpViewer:
    viewer = parent.findChild(HelpViewer, name)
    if viewer is None:
        viewer = HelpViewer(title, parent)
        viewer.setObjectName(name)
    return viewer


def show_guide(parent: QWidget) -> HelpViewer:
    """Help ▸ User guide: one window, raised again when asked again."""
    viewer = _viewer(parent, "help-guide", "Treatyscope user guide")
    viewer.show_file(GUIDE)
    viewer.show()
    viewer.raise_()
    return viewer


def show_shortcuts(parent: QWidget) -> HelpViewer:
    viewer = _viewer(parent, "help-shortcuts", "Keyboard shortcuts")
    viewer.show_markdown(shortcuts_markdown())
    viewer.resize(560, 640)
    viewer.show()
    viewer.raise_()
    return viewer
