"""Starting the desktop application: the QApplication, the window, the first dataset."""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from data import bundled, loader
from data.problems import DatasetError


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Treatyscope")
    app.setOrganizationName("Treatyscope")
    return app


def run(dataset: str | None) -> int:
    app = application()
    from .main_window import MainWindow

    window = MainWindow()
    window.restore_window()
    path = Path(dataset) if dataset else bundled.DATASET_PATH
    try:
        loaded = loader.load(path)
    except DatasetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        if dataset is None:
            return 2
        QMessageBox.warning(window, "Cannot open the dataset", f"{exc}\n\nThe bundled dataset opens instead.")
        loaded = loader.load(bundled.DATASET_PATH)
    window.settings.add_recent_file(loaded.path)
    window.show()
    window.open_dataset(loaded)
    return app.exec()
