"""Noticing that the open dataset changed on disk, and offering to reload it."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, Qt, Signal
from PySide6.QtWidgets import QLabel, QToolBar, QWidget


class ReloadBar(QToolBar):
    """A bar that appears when the watched file changes.

    Signals:
    reload_requested(): the user chose to reload.
    """

    reload_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Reload", parent)
        self.setObjectName("toolbar-reload")
        self.setMovable(False)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._changed)
        self.label = QLabel()
        self.label.setTextFormat(Qt.PlainText)
        self.addWidget(self.label)
        self.reload_action = self.addAction("Reload", self._reload)
        self.addAction("Dismiss", self.hide)
        self.hide()

    def watch(self, path: str | Path) -> None:
        for old in self.watcher.files():
            self.watcher.removePath(old)
        self.watcher.addPath(str(path))
        self.hide()

    def _changed(self, path: str) -> None:
        if Path(path).exists() and path not in self.watcher.files():
            self.watcher.addPath(path)  # replaced by a rename: keep watching the new file
        self.label.setText(f"  {Path(path).name} changed on disk since it was opened.  ")
        self.show()

    def _reload(self) -> None:
        self.hide()
        self.reload_requested.emit()
