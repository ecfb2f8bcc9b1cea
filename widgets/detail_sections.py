"""The detail panel's labels and titled sections, made once and filled again for each entity.

A section is a heading over a form of (key, value) rows. Its label widgets are kept and their
texts replaced when another entity is shown; rows beyond the entity's are hidden. Building the
widgets anew for each click cost most of a click at small sizes (making ~20 labels, each with
its own text-selection machinery, ~7 ms). Dataset text is always plain text.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QMouseEvent, QPalette
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from widgets.relation_table import LINK


def plain_label(text: str = "", *, wrap: bool = True, selectable: bool = True) -> QLabel:
    """A label for dataset text: plain text, never rich text."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def section_font() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class LinkLabel(QLabel):
    """Plain text that looks and acts like a link (click, or Enter when focused).

    Signals:
    clicked(): the user activated the link.
    """

    clicked = Signal()

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)
        self.setWordWrap(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        font = self.font()
        font.setUnderline(True)
        self.setFont(font)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, LINK)
        self.setPalette(palette)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a section: a key and a value, the value a link when ``target`` is set (an
    entity's id, or an http(s) URL: ``url``)."""

    key: str
    text: str
    target: str | None = None
    url: bool = False
    tooltip: str = ""


class Section:
    """A heading and its rows, added to ``layout`` once; ``show_rows`` fills them.

    ``activated(row)`` is called when the user follows a row's link.
    """

    def __init__(self, title: str, layout: QVBoxLayout, activated: Callable[[Row], None]):
        self._activated = activated
        self.heading = plain_label(title, selectable=False)
        self.heading.setFont(section_font())
        self.heading.setContentsMargins(0, 6, 0, 0)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        self._keys: list[QLabel] = []
        self._values: list[QLabel] = []
        self._rows: list[Row] = []

    def show_rows(self, rows: list[Row]) -> None:
        """Show these rows (none: the section, heading included, is hidden)."""
        self._rows = rows
        for i, row in enumerate(rows):
            if i == len(self._keys):
                self._add_row()
            value = self._value_for(i, row.target is not None)
            self._keys[i].setText(row.key)
            value.setText(row.text)
            value.setToolTip(row.tooltip)
            self.form.setRowVisible(i, True)
        for i in range(len(rows), len(self._keys)):
            self.form.setRowVisible(i, False)
        self.heading.setVisible(bool(rows))

    def _add_row(self) -> None:
        key = plain_label(wrap=False)
        key.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._keys.append(key)
        self._values.append(plain_label())
        self.form.addRow(key, self._values[-1])

    def _value_for(self, i: int, link: bool) -> QLabel:
        """Row ``i``'s value label, a link or plain text as the row needs (swapped if not)."""
        value = self._values[i]
        if isinstance(value, LinkLabel) == link:
            return value
        new = LinkLabel() if link else plain_label()
        if link:
            new.clicked.connect(lambda i=i: self._activated(self._rows[i]))
        self.form.replaceWidget(value, new)
        value.hide()  # out of the layout, but still the panel's child until deleted
        value.setParent(None)
        value.deleteLater()
        self._values[i] = new
        return new
