"""What the File menu does: open (dialog, recent files, drop), import, new from template, saved
views, export. Every slow step (loading, importing, writing an export) runs as a background task
with progress and Cancel in the status bar; a step that fails leaves the current dataset open and
says why in one sentence.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from data import bundled
from data.files import WriteError
from data.problems import DatasetError
from data.template import write_template
from widgets.file_dialog import FileDialogs
from widgets.task_progress import TaskProgress
from . import views
from .export import Caption, add_caption, render_widget, save_png, save_svg, with_text
from .export_dialog import ExportDialog
from .loading import Loaded, load_all, save_cache
from .settings import Settings
from .state import ViewState
from .tasks import Task, run_task

DATASET_FILTER = "SQLite datasets (*.db *.sqlite *.sqlite3 *.gpkg);;All files (*)"
CACHE_DELAY_MS = 1000  #: the dataset cache is written this long after an open, once its first frames are drawn


class FileCommands(QObject):
    """Signals:
    loaded(): a dataset opened by ``open_path`` is shown.
    cache_written(object): the dataset cache entry of a dataset just read is written (its path;
        None when it could not be).
    exported(object): an export was written: its path.
    export_failed(str): an export could not be written: why, in one sentence.
    """

    loaded = Signal()
    cache_written = Signal(object)
    exported = Signal(object)
    export_failed = Signal(str)

    def __init__(self, parent: QWidget, state: ViewState, settings: Settings, cache_folder: Path,
                 progress: TaskProgress, say: Callable[[str, int], None],
                 show: Callable[[Loaded, Callable[[], None]], None],
                 view_widget: Callable[[str], QWidget], caption: Callable[[], Caption]):
        super().__init__(parent)
        self.parent_widget, self.state, self.settings, self.cache_folder = parent, state, settings, cache_folder
        self.progress, self.say, self.show = progress, say, show
        self.view_widget, self.caption = view_widget, caption
        self.worker: Task | None = None  #: the load, import or export under way
        self.dialogs = FileDialogs(settings.last_folder, settings.set_last_folder)  #: start where the last file was
        progress.cancel_requested.connect(self.cancel)

    def fill_recent(self, menu: QMenu) -> None:
        menu.clear()
        recent = self.settings.recent_files()
        if not recent:
            menu.addAction("(none yet)").setEnabled(False)
        for path in recent:
            menu.addAction(path).triggered.connect(lambda _c=False, p=path: self.open_path(p))

    # -- background tasks ----------------------------------------------------------------
    def _start(self, job, step: str, busy: bool, on_finished, on_failed, name: str) -> Task:
        """Run one task at a time with the status bar's progress; a new one replaces the old."""
        self.cancel(quiet=True)
        self.progress.start(step, busy)
        task: Task | None = None

        def finish(callback, *args) -> None:
            if task is not self.worker:
                return  # an older task that was replaced
            self.worker = None
            self.progress.finish()
            callback(*args)

        task = run_task(job, name=name, owner=self, on_progress=lambda s, f: task is self.worker and self.progress.set_progress(s, f),
                        on_finished=lambda result: finish(on_finished, result),
                        on_failed=lambda message: finish(on_failed, message),
                        on_cancelled=lambda: finish(lambda: None))
        self.worker = task
        return task

    def cancel(self, quiet: bool = False) -> None:
        """Stop the task under way (the Cancel button); it answers nothing more."""
        if self.worker is not None:
            self.worker.cancel()
            self.worker = None
            self.progress.finish()
            if not quiet:
                self.say("Cancelled.", 6000)

    # -- opening -------------------------------------------------------------------------
    def open_dialog(self) -> None:
        path = self.dialogs.open_file(self.parent_widget, "Open dataset", DATASET_FILTER)
        if path:
            self.open_path(path)

    def open_path(self, path: str | Path) -> None:
        """Load on a worker; the window keeps working and shows progress with a cancel button."""
        path = Path(path)
        self._start(lambda report: load_all(path, self.cache_folder, report, quick=True), "Opening", False,
                    self._loaded, lambda message: self._load_failed(path, message), f"Opening {path.name}")
        self.say(f"Opening {path.name}…", 60000)

    def _loaded(self, result: Loaded) -> None:
        self.say(f"Opened {result.dataset.path.name}", 6000)
        self.show(result, lambda: self._shown(result))  # in steps; a file opened meanwhile replaces it

    def _shown(self, result: Loaded) -> None:
        self.settings.add_recent_file(result.dataset.path)
        if result.dataset.path != bundled.DATASET_PATH:  # a recent file or a drop counts as the last file too
            self.dialogs.remember(result.dataset.path)
        self.loaded.emit()
        if result.cache_key is not None:  # read afresh: remember it, off the interface thread, once
            # the first frames are drawn (a worker thread shares Python's lock with the window: a
            # save beside the first paint made the open's longest stall 270 ms at 10,000 entities)
            QTimer.singleShot(CACHE_DELAY_MS, self, lambda: run_task(
                lambda _report: save_cache(result, self.cache_folder), name="Saving the dataset cache",
                owner=self, on_finished=self.cache_written.emit, on_failed=self._cache_failed))
        elif result.search_index is not None:  # read back from its entry: the search texts are
            # decoded now, in brief steps off the interface thread (a search meanwhile waits for them)
            QTimer.singleShot(CACHE_DELAY_MS, self, lambda: run_task(
                lambda _report: result.search_index.ready(), name="Preparing the search",
                owner=self, on_finished=lambda _none: None, on_failed=lambda _message: None))

    def _cache_failed(self, message: str) -> None:
        self.say(f"Could not save the dataset cache: {message}", 6000)  # a convenience: carry on
        self.cache_written.emit(None)

    def _load_failed(self, path: Path, message: str) -> None:
        self.say("The dataset could not be opened.", 6000)
        if self.state.dataset is None and path != bundled.DATASET_PATH:
            message += "\n\nThe bundled dataset opens instead."
            self.open_path(bundled.DATASET_PATH)
        QMessageBox.warning(self.parent_widget, "Cannot open the dataset", message)

    # -- import and template -------------------------------------------------------------
    def import_folder(self) -> None:
        folder = self.dialogs.existing_folder(self.parent_widget, "Import a folder of CSV files")
        if folder:
            self.import_source(Path(folder))

    def import_file(self) -> None:
        path = self.dialogs.open_file(
            self.parent_widget, "Import a file",
            "Data files (*.xlsx *.json *.gexf *.graphml *.cyjs);;Excel workbooks (*.xlsx);;"
            "Graph files (*.gexf *.graphml *.cyjs);;JSON (*.json);;All files (*)")
        if path:
            self.import_source(Path(path))

    def import_source(self, source: Path, out: Path | None = None) -> None:
        """Build a dataset from ``source`` on a worker (asking where to save it unless ``out``),
        then open it."""
        if out is None:
            suggestion = str(source.with_suffix(".db") if source.is_file() else source.parent / f"{source.name}.db")
            chosen = self.dialogs.save_file(self.parent_widget, "Save the new dataset as", suggestion, DATASET_FILTER)
            if not chosen:
                return
            out = Path(chosen)

        def job(_report):
            from data.importer import import_dataset  # sqlite-utils is loaded only to write

            notes: list[str] = []
            return (*import_dataset(source, out, force=out.exists(), notes=notes), notes)

        self._start(job, f"Importing {source.name}", True, self._imported,
                    lambda message: QMessageBox.warning(self.parent_widget, "Import failed", message),
                    f"Importing {source.name}")

    def _imported(self, result) -> None:
        dataset, problems, notes = result
        lines = list(notes)  # how a workbook's sheets and columns were read
        if problems:
            lines.append(f"{len(problems)} row(s) were skipped; the Problems panel lists them.")
        if lines:
            QMessageBox.information(self.parent_widget, "Imported with problems" if problems else "Imported",
                                    "\n".join(lines))
        self.open_path(dataset.path)

    def new_from_template(self) -> None:
        folder = self.dialogs.existing_folder(self.parent_widget, "Choose an empty folder for the template")
        if not folder:
            return
        try:
            written = write_template(folder)
        except (DatasetError, WriteError) as exc:
            QMessageBox.warning(self.parent_widget, "Template not written", str(exc))
            return
        QMessageBox.information(self.parent_widget, "Template written",
                                f"{len(written)} CSV files are in {folder}. Fill them in (a spreadsheet "
                                "works), then use File ▸ Import CSV folder.")

    # -- saved views ---------------------------------------------------------------------
    def save_view_dialog(self) -> None:
        if self.state.dataset is None:
            return
        name = f"{self.state.dataset.path.stem}-view.json"
        path = self.dialogs.save_file(self.parent_widget, "Save the view as", name, "Treatyscope views (*.json)")
        if path:
            self.save_view(Path(path))

    def save_view(self, path: Path) -> Path | None:
        try:
            written = views.save(self.state, path)
        except WriteError as exc:
            QMessageBox.warning(self.parent_widget, "View not saved", str(exc))
            return None
        self.say(f"Saved the view to {written.name}", 6000)
        return written

    def open_view_dialog(self) -> None:
        path = self.dialogs.open_file(self.parent_widget, "Open a view", "Treatyscope views (*.json)")
        if path:
            self.open_view(Path(path))

    def open_view(self, path: Path) -> None:
        """Show a saved view: its dataset is opened first when another one is showing."""
        try:
            view = views.read(path)
        except views.ViewFileError as exc:
            QMessageBox.warning(self.parent_widget, "Cannot open the view", str(exc))
            return
        current = self.state.dataset
        if current is not None and Path(current.path).resolve() == Path(view["dataset"]).resolve():
            views.apply(self.state, view)
            return

        def when_loaded() -> None:
            self.loaded.disconnect(when_loaded)
            views.apply(self.state, view)
        self.loaded.connect(when_loaded)
        self.open_path(view["dataset"])

    # -- export --------------------------------------------------------------------------
    def export_dialog(self) -> None:
        if self.state.dataset is None:
            return
        dialog = ExportDialog(self.parent_widget, self.state.dataset.title)
        if not dialog.exec():
            return
        view, width, caption, fmt = dialog.choice()
        title, note = dialog.caption_text()
        name = f"{self.state.dataset.path.stem}-{view}.{fmt}"
        path = self.dialogs.save_file(self.parent_widget, "Export to", name,
                                      "PNG image (*.png)" if fmt == "png" else "SVG (*.svg)")
        if path:
            self.export(view, width, caption, Path(path), title, note)

    def export(self, view: str, width: int, caption: bool, path: Path, title: str = "", note: str = "") -> Task | None:
        """Draw a view of the window as it is now, then encode and write it on a worker:
        ``exported`` or ``export_failed`` (and a dialog) says how it went. ``title`` (the
        dataset's when empty) and ``note`` go into the caption."""
        widget = self.view_widget(view)
        try:
            if path.suffix.lower() == ".svg":  # drawn and written at once: the scene is live
                self._exported(save_svg(widget, path))
                return None
            image: QImage = render_widget(widget, width)
            if caption:
                image = add_caption(image, with_text(self.caption(), title, note))
        except WriteError as exc:
            self._export_failed(str(exc))
            return None
        return self._start(lambda _report: save_png(image, path), f"Writing {path.name}", True,
                           self._exported, self._export_failed, f"Writing {path.name}")

    def _exported(self, written: Path) -> None:
        self.say(f"Exported {written}", 6000)
        self.exported.emit(written)

    def _export_failed(self, message: str) -> None:
        self.export_failed.emit(message)
        QMessageBox.warning(self.parent_widget, "Export failed", message)

    # -- the graph to other tools ----------------------------------------------------------
    def export_graph_dialog(self) -> None:
        if self.state.dataset is None:
            return
        name = f"{self.state.dataset.path.stem}.gexf"
        path, chosen = self.dialogs.save_file_as(self.parent_widget, "Export the graph as", name,
                                                 "GEXF 1.3, for Gephi (*.gexf);;GraphML (*.graphml)")
        if path:
            path = Path(path)
            if path.suffix.lower() not in (".gexf", ".graphml"):
                path = path.with_suffix(".graphml" if "GraphML" in chosen else ".gexf")
            self.export_graph(path)

    def export_graph(self, path: Path) -> Task | None:
        """Write every entity and relation to GEXF or GraphML on a worker, each node where it is
        now and coloured and sized as drawn (``exported`` or ``export_failed`` says how it went;
        nothing while a dataset is still being shown: its canvas has no looks for it yet)."""
        from data import interop
        from data.graph_writer import Drawn

        state = self.state
        canvas = self.view_widget("graph")
        if canvas.graph is not state.graph:
            self.say("The graph is still being drawn: export it in a moment.", 6000)
            return None
        dataset, ids = state.dataset, state.graph.ids
        colours, radii = canvas.drawn_look()
        positions = state.layout.positions
        drawn = Drawn({i: (float(x), float(y)) for i, (x, y) in zip(ids, positions.tolist())},
                      dict(zip(ids, colours)), {i: float(r) for i, r in zip(ids, radii.tolist())})

        def job(_report) -> Path:
            interop.export_graph(dataset, path, drawn=drawn)
            return path
        return self._start(job, f"Writing {path.name}", True, self._exported, self._export_failed,
                           f"Writing {path.name}")
