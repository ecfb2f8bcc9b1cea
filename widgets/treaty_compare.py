"""Two treaties side by side, topic by topic (``data.treaty_comparison.compare_treaties``): what each says
on a topic, and where one has no counterpart in the other (grey "— none —" on a pink cell), so
that, on the bundled data, Russia–Iran's non-assistance and Russia–North Korea's mutual
assistance stand out at a glance. Exports the table to CSV and to PNG.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPushButton, QTableView,
                               QVBoxLayout, QWidget)

from data import style
from data.treaty_comparison import TopicRow, UNKNOWN_TOPIC, compare_treaties, comparison_csv, treaty_options_steps
from data.files import WriteError, write_atomically
from data.model import Dataset
from .file_dialog import FileDialogs
from .rendering import paint_at_width
from .table_model import RowsModel

IDS_ROLE = Qt.ItemDataRole.UserRole + 1  #: the article ids of a cell (a list)
NONE_TEXT = "— none —"
MISSING = "#fde2e2"  #: the background of a side that has no article on the row's topic
FAINT = "#6b7280"
COLUMNS = ("Topic", "Treaty A", "Treaty B", "Link between them")
WIDTHS = (150, 330, 330, 300)
MIN_WIDTH, MAX_WIDTH = 200, 16000
PICKER_ROWS = 5_000  #: treaties put in the pickers' list in one step of ``set_dataset_steps``
ROW_LINES = 2  #: the most lines a row shows in the dock, so that many rows fit (the PNG shows all)


class TreatyCompareModel(RowsModel):
    """One row per topic (a ``TopicRow``): the topic, the articles of A, the articles of B,
    notes on links."""

    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.headers: tuple[str, str] = ("Treaty A", "Treaty B")  #: full titles (tooltips, CSV)
        self.labels: tuple[str, str] = self.headers  #: short names (column headers)

    def set_rows(self, rows: list[TopicRow], headers: tuple[str, str], labels: tuple[str, str] | None = None) -> None:
        self.replace_rows(rows, headers=headers, labels=labels or headers)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        articles = (row.a, row.b)[column - 1] if column in (1, 2) else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return "(no topic given)" if row.topic == UNKNOWN_TOPIC else row.topic
            if column == 3:
                return "\n".join(row.notes)
            if not articles:
                return NONE_TEXT
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n\n".join(f"{a.text}\n{a.summary}".strip() for a in articles)
            return _cell_text(articles)
        if role == Qt.ItemDataRole.ForegroundRole and (articles == () or column == 3):
            return QBrush(QColor(FAINT))
        if role == Qt.ItemDataRole.BackgroundRole and articles == ():
            return QBrush(QColor(MISSING))
        if role == IDS_ROLE and articles is not None:
            return [a.id for a in articles]
        if role == Qt.ItemDataRole.FontRole and column == 0 and row.status != "both":
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Horizontal or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if section in (1, 2):
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.headers[section - 1]
            return f"{'AB'[section - 1]}: {_short(self.labels[section - 1], 44)}"
        return COLUMNS[section]


def _cell_text(articles) -> str:
    """Titled articles one per line; untitled ones (no topic known) on one wrapping line."""
    titled = [a.text for a in articles if a.title]
    bare = [a.text for a in articles if not a.title]
    return "\n".join(titled + ([", ".join(bare)] if bare else []))


def _short(text: str, limit: int) -> str:
    """Elided in the middle: treaty titles often differ only at their end."""
    if len(text) <= limit:
        return text
    head = limit // 3
    return text[:head].rstrip() + " … " + text[-(limit - head - 3):].lstrip()


class TreatyCompareView(QWidget):
    """Two treaty pickers and their articles side by side, with CSV and PNG export.

    Signals:
    comparison_changed(str, str): the user picked another pair of treaties (their ids).
    entity_requested(str): the user double-clicked an article cell: the first article's id.
    exported(str): a file was written (its path).
    export_failed(str): an export could not be written: one sentence.
    """

    comparison_changed = Signal(str, str)
    entity_requested = Signal(str)
    exported = Signal(str)
    export_failed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.dataset: Dataset | None = None
        self._articles_of: dict[str, list] | None = None  #: each treaty's articles (treaty_options_steps)
        self._choices = QStandardItemModel(self)  #: the treaties both pickers list
        self.dialogs = FileDialogs()  #: the window gives its own, which remembers the last folder
        self.model = TreatyCompareModel(self)
        self.combos = (QComboBox(), QComboBox())
        for combo in self.combos:
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(24)
            combo.activated.connect(self._picked)
        self.csv_button, self.png_button = QPushButton("Export CSV…"), QPushButton("Export PNG…")
        self.csv_button.clicked.connect(self._ask_csv)
        self.png_button.clicked.connect(self._ask_png)
        self.summary = QLabel("Pick two treaties to compare their articles topic by topic.")
        self.summary.setTextFormat(Qt.PlainText)
        self.summary.setWordWrap(True)
        self.table = self._make_table()
        self.table.doubleClicked.connect(self._double_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()  # one row: the dock's height goes to the table
        for name, combo in (("A", self.combos[0]), ("B", self.combos[1])):
            row.addWidget(QLabel(name))
            row.addWidget(combo, 1)
        row.addWidget(self.csv_button)
        row.addWidget(self.png_button)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setWordWrap(True)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setDefaultAlignment(Qt.AlignLeft | Qt.AlignVCenter)
        table.setSelectionMode(QTableView.NoSelection)
        for column, width in enumerate(WIDTHS):
            table.setColumnWidth(column, width)
        return table

    # -- public --------------------------------------------------------------------------
    @property
    def rows(self) -> list[TopicRow]:
        return self.model.rows

    def treaties(self) -> tuple[str | None, str | None]:
        return self.combos[0].currentData(), self.combos[1].currentData()

    def set_dataset(self, dataset: Dataset | None) -> None:
        """List the dataset's treaties; A and B start as the two with the most articles."""
        for _ in self.set_dataset_steps(dataset):
            pass

    def set_dataset_steps(self, dataset: Dataset | None) -> Iterator[None]:
        """``set_dataset`` in steps (the entities looked at in slices, the pickers' list made a
        part at a time); the panel lists no treaty meanwhile."""
        self.dataset, self._articles_of = None, None
        self._set_choices(QStandardItemModel(self))
        self.model.set_rows([], ("Treaty A", "Treaty B"))
        options, articles_of = [], None
        if dataset is not None:
            options, articles_of = yield from treaty_options_steps(dataset)
        choices = QStandardItemModel(self)
        for start in range(0, len(options), PICKER_ROWS):
            yield
            for treaty_id, title, count in options[start:start + PICKER_ROWS]:
                item = QStandardItem(f"{_short(title, 80)} ({count} article{'s' if count != 1 else ''})")
                item.setData(treaty_id, Qt.ItemDataRole.UserRole)
                item.setData(title, Qt.ItemDataRole.ToolTipRole)
                choices.appendRow(item)
        self.dataset, self._articles_of = dataset, articles_of
        self._set_choices(choices)
        ranked = sorted(options, key=lambda o: -o[2])
        if len(ranked) >= 2:
            self.set_treaties(ranked[0][0], ranked[1][0])
        else:
            self.summary.setText("This dataset needs two treaties to compare.")

    def _set_choices(self, choices: QStandardItemModel) -> None:
        """One list of treaties for both pickers (the last one's is let go)."""
        old, self._choices = self._choices, choices
        for combo in self.combos:
            combo.blockSignals(True)
            combo.setModel(choices)
            combo.blockSignals(False)
        old.deleteLater()

    def set_treaties(self, treaty_a: str, treaty_b: str) -> None:
        """Compare these two treaties (ids); emits nothing."""
        for combo, treaty_id in zip(self.combos, (treaty_a, treaty_b)):
            combo.setCurrentIndex(combo.findData(treaty_id))
        self._compare()

    def export_csv(self, path: str | Path) -> None:
        """Write the table as CSV; raises WriteError when the file cannot be written."""
        comparison_csv(self.model.rows, path, self.model.headers)

    def export_png(self, path: str | Path, width: int = 2400) -> None:
        """Write the whole table (every row, not only the visible ones), with the two titles
        above it, drawn at ``width`` pixels; atomically (a temporary file, then a rename)."""
        image = self.render_image(width)

        def write(temp: Path) -> None:
            if not image.save(str(temp), "PNG"):
                raise OSError("the image could not be encoded as PNG")
        write_atomically(path, write)

    def render_image(self, width: int) -> QImage:
        """The table with every row and a title, drawn off screen at ``width`` pixels."""
        if not MIN_WIDTH <= width <= MAX_WIDTH:
            raise ValueError(f"the width must be between {MIN_WIDTH} and {MAX_WIDTH} pixels, not {width}")
        page = QWidget()
        page.setAttribute(Qt.WA_DontShowOnScreen)
        palette = page.palette()
        palette.setColor(QPalette.Window, QColor(style.BACKGROUND))
        palette.setColor(QPalette.WindowText, QColor(style.TEXT))
        page.setPalette(palette)
        page.setAutoFillBackground(True)
        title = QLabel(" vs ".join(self.model.headers))
        title.setTextFormat(Qt.PlainText)
        title.setWordWrap(True)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        table = self._make_table()
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        layout = QVBoxLayout(page)
        layout.addWidget(title)
        layout.addWidget(table)
        try:
            page_width = sum(WIDTHS) + 30
            page.resize(page_width, 400)
            page.show()
            table.resizeRowsToContents()
            rows_height = sum(table.rowHeight(r) for r in range(self.model.rowCount()))
            table.setFixedHeight(rows_height + table.horizontalHeader().height() + 2 * table.frameWidth())
            margins = layout.contentsMargins()
            inner = page_width - margins.left() - margins.right()
            page.resize(page_width, margins.top() + title.heightForWidth(inner) + layout.spacing()
                        + table.height() + margins.bottom())
            return paint_at_width(page, width)
        finally:
            page.close()
            page.deleteLater()

    # -- internals -----------------------------------------------------------------------
    def _compare(self) -> None:
        a, b = self.treaties()
        if self.dataset is None or a is None or b is None:
            return
        rows = compare_treaties(self.dataset, a, b, self._articles_of)
        titles = tuple(self.dataset.entities[t].name for t in (a, b))
        self.model.set_rows(rows, titles, tuple(self.dataset.names[t] for t in (a, b)))
        self.table.resizeRowsToContents()
        tallest = ROW_LINES * self.table.fontMetrics().lineSpacing() + 8
        for row in range(self.model.rowCount()):  # a long cell is cut short here and whole on hover
            self.table.setRowHeight(row, min(self.table.rowHeight(row), tallest))
        only = [sum(r.status == s for r in rows if r.topic != UNKNOWN_TOPIC) for s in ("both", "only A", "only B")]
        self.summary.setText(f"{only[0]} topic{'s' if only[0] != 1 else ''} in both, {only[1]} only in A, "
                             f"{only[2]} only in B. A pink cell means the treaty has no article on that topic.")

    def _picked(self, _index: int = 0) -> None:
        self._compare()
        a, b = self.treaties()
        if a is not None and b is not None:
            self.comparison_changed.emit(a, b)

    def _double_clicked(self, index: QModelIndex) -> None:
        ids = index.data(IDS_ROLE)
        if ids:
            self.entity_requested.emit(ids[0])

    def _ask_csv(self) -> None:
        path = self.dialogs.save_file(self, "Export the comparison as CSV", "comparison.csv", "CSV (*.csv)")
        if path:
            self._export(lambda: self.export_csv(path), path)

    def _ask_png(self) -> None:
        path = self.dialogs.save_file(self, "Export the comparison as PNG", "comparison.png", "PNG (*.png)")
        if path:
            self._export(lambda: self.export_png(path), path)

    def _export(self, write, path: str) -> None:
        try:
            write()
        except WriteError as exc:
            message = f"Could not write {path}: {exc.strerror}."
            self.summary.setText(message)
            self.export_failed.emit(message)
            return
        self.exported.emit(path)
