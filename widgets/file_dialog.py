"""File dialogs that start where the last file was: one ``FileDialogs`` per window remembers the
folder of the last file or folder the user chose (the app keeps it in its settings)."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QFileDialog, QWidget


class FileDialogs:
    """Open, save and folder dialogs sharing one remembered folder. ``load`` gives the folder
    to start in ("" for none yet: the home folder), ``store`` keeps the new one."""

    def __init__(self, load: Callable[[], str] | None = None, store: Callable[[str], None] | None = None):
        memory = {"folder": ""}
        self._load = load or (lambda: memory["folder"])
        self._store = store or (lambda folder: memory.__setitem__("folder", folder))

    def folder(self) -> Path:
        """Where the next dialog starts: the last folder used, if it still exists."""
        last = self._load()
        return Path(last) if last and Path(last).is_dir() else Path.home()

    def remember(self, chosen: str | Path) -> None:
        """Start the next dialog where ``chosen`` (a file, or a folder) is."""
        path = Path(chosen)
        self._store(str(path if path.is_dir() else path.parent))

    def open_file(self, parent: QWidget | None, title: str, filters: str) -> str:
        path, _ = QFileDialog.getOpenFileName(parent, title, str(self.folder()), filters)
        return self._kept(path)

    def save_file(self, parent: QWidget | None, title: str, name: str, filters: str) -> str:
        """``name``: the suggested file name (a full path is used as it is)."""
        return self.save_file_as(parent, title, name, filters)[0]

    def save_file_as(self, parent: QWidget | None, title: str, name: str, filters: str) -> tuple[str, str]:
        """The file chosen and the filter it was chosen under (which says the format)."""
        suggestion = name if Path(name).is_absolute() else str(self.folder() / name)
        path, chosen = QFileDialog.getSaveFileName(parent, title, suggestion, filters)
        return self._kept(path), chosen

    def existing_folder(self, parent: QWidget | None, title: str) -> str:
        return self._kept(QFileDialog.getExistingDirectory(parent, title, str(self.folder())))

    def _kept(self, path: str) -> str:
        if path:
            self.remember(path)
        return path
