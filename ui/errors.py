"""Unexpected errors in the interface: written to a log file in the user's data folder and
shown in a dialog whose details can be copied; the window keeps working."""
from __future__ import annotations

import datetime as dt
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QMessageBox, QWidget


def log_path() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.AppDataLocation)
    return Path(base or Path.home() / ".local" / "share" / "treatyscope") / "treatyscope.log"


def record(exc_type, exc, tb, path: Path | None = None) -> tuple[Path | None, str]:
    """Append the error to the log; returns where (None when the log cannot be written)."""
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    path = path or log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')}\n{details}\n")
    except OSError:
        return None, details
    return path, details


class ErrorReporter:
    """Installed as ``sys.excepthook`` while the window runs."""

    def __init__(self, parent: QWidget, log: Path | None = None):
        self.parent, self.log = parent, log
        self.showing = False

    def install(self) -> None:
        sys.excepthook = self

    def __call__(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        where, details = record(exc_type, exc, tb, self.log)
        if self.showing:  # one dialog at a time; the rest go to the log
            return
        self.showing = True
        try:
            box = QMessageBox(QMessageBox.Warning, "Something went wrong",
                              f"Treatyscope hit an unexpected error: {exc_type.__name__}: {exc}. "
                              "Your data is untouched and the window keeps working.", QMessageBox.Ok, self.parent)
            box.setInformativeText(f"The details are in {where}." if where else "The details could not be logged.")
            box.setDetailedText(details)
            box.exec()
        finally:
            self.showing = False
