"""File ▸ Export: choose the view, the width, a caption (its title and a note) and the file;
then draw it."""
from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QSpinBox, QWidget)

VIEWS = (("graph", "Graph"), ("trees", "Trees"), ("timeline", "Timeline"), ("window", "Whole window"))


class ExportDialog(QDialog):
    """Asks what to export; ``choice()`` returns (view, width, caption, format) and
    ``caption_text()`` the caption's (title, note). ``title`` is the dataset's, offered to edit."""

    def __init__(self, parent: QWidget | None = None, title: str = ""):
        super().__init__(parent)
        self.setWindowTitle("Export view")
        self.view_box = QComboBox()
        for value, text in VIEWS:
            self.view_box.addItem(text, value)
        self.width_box = QComboBox()
        self.width_box.addItems(["1920", "3840", "Other…"])
        self.custom_width = QSpinBox()
        self.custom_width.setRange(200, 16000)
        self.custom_width.setValue(2400)
        self.custom_width.setSuffix(" px")
        self.custom_width.setEnabled(False)
        self.width_box.currentTextChanged.connect(lambda t: self.custom_width.setEnabled(t == "Other…"))
        self.caption_box = QCheckBox("Add a caption: title, date and mode, note, sources")
        self.caption_box.setChecked(True)
        self.title_edit = QLineEdit(title)
        self.title_edit.setPlaceholderText(title or "The figure's title")
        self.title_edit.setToolTip("The caption's title (the dataset's title when left empty)")
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText("A note under the picture (optional): what to look at, where the data ends")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(self.note_edit.fontMetrics().lineSpacing() * 3 + 12)
        self.caption_box.toggled.connect(self._caption_toggled)
        self.format_box = QComboBox()
        self.format_box.addItems(["PNG", "SVG (graph only, vector, no caption)"])
        self.format_box.currentIndexChanged.connect(lambda _i: self._caption_toggled(self.caption_box.isChecked()))
        self.view_box.currentIndexChanged.connect(self._views_changed)
        note = QLabel("The export shows what is on screen (date, mode, selection, shown items), "
                      "drawn again at the chosen width. The graph is laid out on a page of its own, "
                      "as the command line's export is.")
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("View", self.view_box)
        form.addRow("Width", self.width_box)
        form.addRow("", self.custom_width)
        form.addRow("Format", self.format_box)
        form.addRow("", self.caption_box)
        form.addRow("Title", self.title_edit)
        form.addRow("Note", self.note_edit)
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("Export…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _views_changed(self) -> None:
        graph = self.view_box.currentData() == "graph"
        if not graph:
            self.format_box.setCurrentIndex(0)
        self.format_box.setEnabled(graph)

    def _caption_toggled(self, on: bool) -> None:
        on = on and self.format_box.currentIndex() == 0  # an SVG has no caption
        self.title_edit.setEnabled(on)
        self.note_edit.setEnabled(on)

    def choice(self) -> tuple[str, int, bool, str]:
        width_text = self.width_box.currentText()
        width = self.custom_width.value() if width_text == "Other…" else int(width_text)
        fmt = "svg" if self.format_box.currentIndex() == 1 else "png"
        return self.view_box.currentData(), width, self.caption_box.isChecked(), fmt

    def caption_text(self) -> tuple[str, str]:
        """The caption's title and note as typed ("" for the title: the dataset's)."""
        return self.title_edit.text().strip(), self.note_edit.toPlainText().strip()
