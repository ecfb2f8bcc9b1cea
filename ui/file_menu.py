"""The File menu: open (dialog, recent files, drop), import, new from template, export.

Loading runs on a worker with a progress bar and a cancel button in the status bar; a load that
fails leaves the current dataset open and says why in one sentence.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressBar, QPushButton

from data import bundled
from data.problems import DatasetError
from data.template import write_template
from .export import ExportError, add_caption, render_widget, save_png, save_svg
from . import views
from .export_dialog import ExportDialog
from .loading import LoadWorker

DATASET_FILTER = "SQLite datasets (*.db *.sqlite *.sqlite3 *.gpkg);;All files (*)"


class FileMenu(QObject):
    """Owns the File menu's actions and the background load of a dataset.

    Signals:
    loaded(): a dataset opened by ``open_path`` is shown.
    """

    loaded = Signal()

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.worker: LoadWorker | None = None
        menu = window.file_menu
        menu.clear()
        self.open_action = self._add(menu, "&Open dataset…", self.open_dialog, QKeySequence.Open)
        self.recent_menu = menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        menu.addSeparator()
        self._add(menu, "Import CSV &folder…", self.import_folder)
        self._add(menu, "Import &JSON, GEXF or GraphML file…", self.import_json)
        self._add(menu, "&New dataset from template…", self.new_from_template)
        menu.addSeparator()
        self.save_view_action = self._add(menu, "&Save view as…", self.save_view_dialog, QKeySequence.Save)
        self._add(menu, "Open &view…", self.open_view_dialog)
        self.export_action = self._add(menu, "&Export view…", self.export_dialog, "Ctrl+E")
        menu.addSeparator()
        menu.addAction(window.quit_action)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setRange(0, 100)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        for widget in (self.progress, self.cancel_button):
            window.statusBar().addPermanentWidget(widget)
            widget.hide()

    def _add(self, menu, text, slot, shortcut=None) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.window.settings.recent_files()
        if not recent:
            self.recent_menu.addAction("(none yet)").setEnabled(False)
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p))

    # -- opening -------------------------------------------------------------------------
    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open dataset", "", DATASET_FILTER)
        if path:
            self.open_path(path)

    def open_path(self, path: str | Path) -> None:
        """Load on a worker; the window keeps working and shows progress with a cancel button."""
        if self.worker is not None:
            self.worker.cancel()
        worker = LoadWorker(Path(path), self.window.cache_folder)
        self.worker = worker
        worker.signals.progress.connect(self._progress)
        worker.signals.loaded.connect(lambda result, w=worker: self._loaded(w, result))
        worker.signals.failed.connect(lambda message, w=worker: self._failed(w, message))
        worker.signals.cancelled.connect(lambda w=worker: self._finished(w, "Loading cancelled."))
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.window.say(f"Opening {Path(path).name}…", 60000)
        QThreadPool.globalInstance().start(worker)

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def _progress(self, step: str, fraction: float) -> None:
        self.progress.setValue(int(fraction * 100))
        self.progress.setFormat(f"{step} %p%")

    def _finished(self, worker: LoadWorker, message: str) -> bool:
        if worker is not self.worker:
            return False  # an older load that was replaced
        self.worker = None
        self.progress.hide()
        self.cancel_button.hide()
        self.window.say(message, 6000)
        return True

    def _loaded(self, worker: LoadWorker, result) -> None:
        if self._finished(worker, f"Opened {result.dataset.path.name}"):
            self.window.open_dataset(result.dataset, result.graph, result.positions, result.pinned,
                                     provisional=result.provisional)
            self.window.settings.add_recent_file(result.dataset.path)
            self.loaded.emit()

    def _failed(self, worker: LoadWorker, message: str) -> None:
        if self._finished(worker, "The dataset could not be opened."):
            if self.window.state.dataset is None and worker.path != bundled.DATASET_PATH:
                message += "\n\nThe bundled dataset opens instead."
                self.open_path(bundled.DATASET_PATH)
            QMessageBox.warning(self.window, "Cannot open the dataset", message)

    # -- import and template -------------------------------------------------------------
    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "Import a folder of CSV files")
        if folder:
            self._import(Path(folder))

    def import_json(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Import a file", "",
                                              "Data files (*.json *.gexf *.graphml);;All files (*)")
        if path:
            self._import(Path(path))

    def _import(self, source: Path) -> None:
        suggestion = str(source.with_suffix(".db") if source.is_file() else source.parent / f"{source.name}.db")
        out, _ = QFileDialog.getSaveFileName(self.window, "Save the new dataset as", suggestion, DATASET_FILTER)
        if not out:
            return
        from data.importer import import_dataset  # sqlite-utils is loaded only to write

        try:
            self.window.setCursor(Qt.WaitCursor)
            dataset, problems = import_dataset(source, out, force=Path(out).exists())
        except DatasetError as exc:
            QMessageBox.warning(self.window, "Import failed", str(exc))
            return
        finally:
            self.window.unsetCursor()
        if problems:
            QMessageBox.information(self.window, "Imported with problems",
                                    f"{len(problems)} row(s) were skipped; the Problems panel lists them.")
        self.open_path(dataset.path)

    def new_from_template(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "Choose an empty folder for the template")
        if not folder:
            return
        try:
            written = write_template(folder)
        except DatasetError as exc:
            QMessageBox.warning(self.window, "Template not written", str(exc))
            return
        QMessageBox.information(self.window, "Template written",
                                f"{len(written)} CSV files are in {folder}. Fill them in (a spreadsheet "
                                "works), then use File ▸ Import CSV folder.")

    # -- saved views ---------------------------------------------------------------------
    def save_view_dialog(self) -> None:
        if self.window.state.dataset is None:
            return
        name = f"{self.window.state.dataset.path.stem}-view.json"
        path, _ = QFileDialog.getSaveFileName(self.window, "Save the view as", name, "Treatyscope views (*.json)")
        if path:
            self.save_view(Path(path))

    def save_view(self, path: Path) -> Path | None:
        try:
            written = views.save(self.window, path)
        except ExportError as exc:
            QMessageBox.warning(self.window, "View not saved", str(exc))
            return None
        self.window.say(f"Saved the view to {written.name}")
        return written

    def open_view_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open a view", "", "Treatyscope views (*.json)")
        if path:
            self.open_view(Path(path))

    def open_view(self, path: Path) -> None:
        """Show a saved view: its dataset is opened first when another one is showing."""
        try:
            view = views.read(path)
        except ExportError as exc:
            QMessageBox.warning(self.window, "Cannot open the view", str(exc))
            return
        current = self.window.state.dataset
        if current is not None and Path(current.path).resolve() == Path(view["dataset"]).resolve():
            views.apply(self.window, view)
            return
        def when_loaded() -> None:
            self.loaded.disconnect(when_loaded)
            views.apply(self.window, view)
        self.loaded.connect(when_loaded)
        self.open_path(view["dataset"])

    # -- export --------------------------------------------------------------------------
    def export_dialog(self) -> None:
        if self.window.state.dataset is None:
            return
        dialog = ExportDialog(self.window)
        if not dialog.exec():
            return
        view, width, caption, fmt = dialog.choice()
        name = f"{self.window.state.dataset.path.stem}-{view}.{fmt}"
        path, _ = QFileDialog.getSaveFileName(self.window, "Export to", name,
                                              "PNG image (*.png)" if fmt == "png" else "SVG (*.svg)")
        if path:
            self.export(view, width, caption, Path(path))

    def export(self, view: str, width: int, caption: bool, path: Path) -> Path | None:
        """Draw a view of the window as it is now; errors become one sentence in a dialog."""
        widget = self.window.view_widget(view)
        try:
            if path.suffix.lower() == ".svg":
                written = save_svg(widget, path)
            else:
                image = render_widget(widget, width)
                if caption:
                    image = add_caption(image, self.window.caption())
                written = save_png(image, path)
        except ExportError as exc:
            QMessageBox.warning(self.window, "Export failed", str(exc))
            return None
        self.window.say(f"Exported {written}", 6000)
        return written
