"""One typed wrapper around QSettings: window geometry and dock layout, recent files, and
per-dataset view memory. Tests point it at a temporary folder with ``Settings(path)``."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

MAX_RECENT = 10


class Settings:
    """Everything Treatyscope remembers between runs, never inside a dataset file."""

    def __init__(self, path: str | Path | None = None):
        if path is None:
            self._qs = QSettings("Treatyscope", "Treatyscope")
        else:
            self._qs = QSettings(str(path), QSettings.IniFormat)

    # -- window --------------------------------------------------------------------------
    def geometry(self) -> QByteArray | None:
        value = self._qs.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, value: QByteArray) -> None:
        self._qs.setValue("window/geometry", value)

    def window_state(self) -> QByteArray | None:
        value = self._qs.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def set_window_state(self, value: QByteArray) -> None:
        self._qs.setValue("window/state", value)

    # -- recent files --------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = self._qs.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or []) if v]

    def add_recent_file(self, path: str | Path) -> None:
        path = str(Path(path).resolve())
        recent = [path] + [p for p in self.recent_files() if p != path]
        self._qs.setValue("files/recent", recent[:MAX_RECENT])

    # -- file dialogs --------------------------------------------------------------------
    def last_folder(self) -> str:
        """The folder of the last file a file dialog chose ("" before the first)."""
        return str(self._qs.value("files/last_folder", "") or "")

    def set_last_folder(self, folder: str | Path) -> None:
        self._qs.setValue("files/last_folder", str(folder))

    # -- per dataset ---------------------------------------------------------------------
    def dataset_value(self, dataset: str | Path, key: str, default=None):
        return self._qs.value(f"datasets/{_key(dataset)}/{key}", default)

    def set_dataset_value(self, dataset: str | Path, key: str, value) -> None:
        self._qs.setValue(f"datasets/{_key(dataset)}/{key}", value)

    def sync(self) -> None:
        self._qs.sync()

    @staticmethod
    def cache_folder() -> Path:
        """Where layouts are cached (the platform's cache folder for Treatyscope)."""
        base = QStandardPaths.writableLocation(QStandardPaths.GenericCacheLocation)
        return Path(base or Path.home() / ".cache") / "treatyscope"


def _key(dataset: str | Path) -> str:
    import hashlib

    return hashlib.sha1(str(Path(dataset).resolve()).encode("utf-8")).hexdigest()[:16]
