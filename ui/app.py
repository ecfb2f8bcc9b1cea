"""Starting the desktop application: the QApplication, the window, the first dataset."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from data import bundled


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Treatyscope")
    app.setOrganizationName("Treatyscope")
    return app


def run(dataset: str | None) -> int:
    """Show the window at once and load the dataset (the bundled one by default) on a worker."""
    app = application()
    from .main_window import MainWindow

    window = MainWindow()
    from .errors import ErrorReporter

    ErrorReporter(window).install()
    if window.settings.geometry() is None:  # a first run: sized to the screen
        screen = app.primaryScreen().availableGeometry() if app.primaryScreen() else None
        if screen is not None and screen.width() >= 1600:
            window.resize(int(screen.width() * 0.85), int(screen.height() * 0.85))
    window.restore_window()
    if window.settings.geometry() is None and (app.primaryScreen() is None
                                                or app.primaryScreen().availableGeometry().width() < 1600):
        window.showMaximized()
    else:
        window.show()
    if os.environ.get("TREATYSCOPE_QUIT_AFTER_PAINT"):  # the benchmark's start-up measure
        window.files.loaded.connect(lambda: (window.repaint(), app.quit()))
    window.files.open_path(Path(dataset) if dataset else bundled.DATASET_PATH)
    return app.exec()
