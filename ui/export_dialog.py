"""File ▸ Export: choose the view, the width, a caption and the file; then draw it."""
from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QSpinBox, QWidget)

VIEWS = (("graph", "Graph"), ("trees", "Trees"), ("timeline", "Timeline"), ("window", "Whole window"))


class ExportDialog(QDialog):
    """Asks what to export; ``choice()`` returns (view, width, caption, format)."""

    def __init__(self, parent: QWidget | None = None):
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
        self.caption_box = QCheckBox("Add a caption: title, date and mode, sources")
        self.caption_box.setChecked(True)
        self.format_box = QComboBox()
        self.format_box.addItems(["PNG", "SVG (graph only, vector)"])
        self.view_box.currentIndexChanged.connect(self._views_changed)
        note = QLabel("The export shows what is on screen (date, mode, selection, shown items), "
                      "drawn again at the chosen width.")
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("View", self.view_box)
        form.addRow("Width", self.width_box)
        form.addRow("", self.custom_width)
        form.addRow("Format", self.format_box)
        form.addRow("", self.caption_box)
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

    def choice(self) -> tuple[str, int, bool, str]:
        width_text = self.width_box.currentText()
        width = self.custom_width.value() if width_text == "Other…" else int(width_text)
        fmt = "svg" if self.format_box.currentIndex() == 1 else "png"
        return self.view_box.currentData(), width, self.caption_box.isChecked(), fmt
