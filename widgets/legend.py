"""The legend drawn over the canvas: node kinds shown, relation kinds shown, and what a line's
dash says about confidence. It is a child of the canvas, so an export of the canvas carries it.
When there are too many relation kinds to give each a row, the rest are named in a few lines
of small text under the rows ("Also: attacks, borders, …"), so that a figure says which they are."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QWidget

from data import style

from .rendering import blank_image, paint_target

DASHES = {"solid": Qt.SolidLine, "dash": Qt.DashLine, "dot": Qt.DotLine, "dashdot": Qt.DashDotLine}
MORE_LINES = 12  #: the most lines the list of further kinds takes; beyond, "and N more"
MORE_WIDTH = 190  #: the legend's least width when it names further kinds (fewer, longer lines)


def symbol_path(symbol: str, size: float) -> QPainterPath:
    """A pyqtgraph-like symbol centred on 0, 0."""
    r = size / 2
    path = QPainterPath()
    if symbol == "s":
        path.addRect(QRectF(-r, -r, size, size))
    elif symbol == "d":
        path.moveTo(0, -r); path.lineTo(r, 0); path.lineTo(0, r); path.lineTo(-r, 0); path.closeSubpath()
    elif symbol in ("h", "p", "t"):
        import math
        sides = {"h": 6, "p": 5, "t": 3}[symbol]
        for k in range(sides):
            angle = -math.pi / 2 + 2 * math.pi * k / sides
            point = QPointF(r * math.cos(angle), r * math.sin(angle))
            path.moveTo(point) if k == 0 else path.lineTo(point)
        path.closeSubpath()
    else:
        path.addEllipse(QPointF(0, 0), r, r)
    return path


class Legend(QWidget):
    """A compact, semi-opaque legend box. ``set_entries`` decides what it lists. A click folds
    it to one line ("Legend ▸") and back; a narrow canvas folds it until the user unfolds it."""

    ROW = 17

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.collapsed = False
        self._chosen = False  #: the user folded or unfolded it: the canvas's width no longer decides
        self.setCursor(Qt.PointingHandCursor)
        self.setToolTip("Click to fold or unfold the legend")
        self.nodes: list[tuple[str, str, str]] = []  # label, colour, symbol
        self.edges: list[tuple[str, str]] = []  # label, colour
        self.dashes: list[tuple[str, str]] = []  # label, dash
        self.more: list[str] = []  # relation kinds shown with no row of their own
        self.font_ = QFont()
        self.font_.setPointSizeF(8)
        self.small_font = QFont(self.font_)
        self.small_font.setPointSizeF(7)
        self.title_font = QFont(self.font_)
        self.title_font.setBold(True)
        #: (what it shows, size, pixel ratio) and its picture: the canvas repaints under the
        #: legend at each click and step, and the legend with it
        self._picture: tuple = (None, None)
        self._version = 0  #: counts changes of what it shows

    def set_entries(self, nodes: list[tuple[str, str, str]], edges: list[tuple[str, str]],
                    dashes: list[tuple[str, str]], more: list[str] | None = None) -> None:
        """``more``: relation kinds shown that get no row, most frequent first (named as text)."""
        if (nodes, edges, dashes, list(more or [])) == (self.nodes, self.edges, self.dashes, self.more):
            return  # a date step that shows the same kinds: nothing to lay out or draw again
        self.nodes, self.edges, self.dashes, self.more = nodes, edges, dashes, list(more or [])
        if self.parentWidget() is not None:
            self.fit_to(self.parentWidget().size())
        self.resize(self.sizeHint())
        self.setVisible(bool(nodes or edges))
        self._version += 1
        self.update()

    def set_collapsed(self, collapsed: bool, by_user: bool = False) -> None:
        if by_user:
            self._chosen = True
        if collapsed != self.collapsed:
            self.collapsed = collapsed
            self._version += 1
            self.resize(self.sizeHint())
            self.update()

    def fit_to(self, canvas: QSize) -> None:
        """Fold on a canvas too small to spare the legend's room, a seventh of it (unless the
        user chose)."""
        if not self._chosen:
            full = self._full_size()
            self.set_collapsed(full.width() * full.height() > canvas.width() * canvas.height() / 7)

    def mousePressEvent(self, event) -> None:
        self.set_collapsed(not self.collapsed, by_user=True)
        event.accept()

    def _sections(self):
        return [("Entities", self.nodes), ("Relations", self.edges), ("Confidence", self.dashes)]

    def sizeHint(self) -> QSize:
        if self.collapsed:
            return QSize(QFontMetrics(self.title_font).horizontalAdvance("Legend ▸") + 18, self.ROW + 8)
        return self._full_size()

    def _full_size(self) -> QSize:
        metrics = QFontMetrics(self.font_)
        rows = sum(len(items) + 1 for _title, items in self._sections() if items)
        labels = [label for _t, items in self._sections() for label, *_ in items] + ["Confidence"]
        width = max([metrics.horizontalAdvance(label) + 46 for label in labels] + [106]
                    + ([MORE_WIDTH] if self.more else []))
        return QSize(width, rows * self.ROW + 10 + self._more_rect(width).height())

    def more_text(self, width: int | None = None) -> str:
        """The further kinds in words, cut to ``MORE_LINES`` lines at ``width`` ("Also: a, b")."""
        if not self.more:
            return ""
        width = width or self.width()
        metrics = QFontMetrics(self.small_font)
        names = list(self.more)
        while True:
            rest = len(self.more) - len(names)
            text = "Also: " + ", ".join(names) + (f" and {rest} more" if rest else "")
            lines = metrics.boundingRect(QRect(0, 0, width - 16, 10000), Qt.TextWordWrap, text).height()
            if lines <= MORE_LINES * metrics.lineSpacing() or len(names) <= 1:
                return text
            names.pop()

    def _more_rect(self, width: int) -> QRect:
        if not self.more:
            return QRect()
        metrics = QFontMetrics(self.small_font)
        return metrics.boundingRect(QRect(0, 0, width - 16, 10000), Qt.TextWordWrap,
                                    self.more_text(width)).adjusted(0, 0, 0, 4)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        target, ratio = paint_target(painter), self.devicePixelRatioF()
        if not (isinstance(target, QImage) and target.devicePixelRatioF() == ratio):
            self._draw(painter)  # an export: drawn afresh, at its scale (or as vectors)
            return
        key = (self._version, self.width(), self.height(), ratio)
        if self._picture[0] != key:
            image = blank_image(self)
            self._draw(QPainter(image))
            self._picture = (key, image)
        painter.drawImage(QPointF(0, 0), self._picture[1])
        painter.end()

    def _draw(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.Antialiasing, True)
        painter.setPen(QPen(QColor("#d1d5db")))
        painter.setBrush(QColor(255, 255, 255, 225))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 5, 5)
        y = 5
        if self.collapsed:
            painter.setFont(self.title_font)
            painter.setPen(QColor(style.TEXT))
            painter.drawText(QRectF(8, 4, self.width() - 10, self.ROW), Qt.AlignVCenter, "Legend ▸")
            painter.end()
            return
        painter.setFont(self.font_)
        painter.setPen(QColor("#6b7280"))
        painter.drawText(QRectF(0, 5, self.width() - 7, self.ROW), Qt.AlignVCenter | Qt.AlignRight, "▾")
        for title, items in self._sections():
            if not items:
                continue
            painter.setFont(self.title_font)
            painter.setPen(QColor(style.TEXT))
            painter.drawText(QRectF(8, y, self.width() - 10, self.ROW), Qt.AlignVCenter, title)
            y += self.ROW
            painter.setFont(self.font_)
            for label, *look in items:
                self._draw_key(painter, title, look, y)
                painter.setPen(QColor(style.TEXT))
                painter.drawText(QRectF(36, y, self.width() - 38, self.ROW), Qt.AlignVCenter, label)
                y += self.ROW
            if title == "Relations" and self.more:
                box = self._more_rect(self.width())
                painter.setFont(self.small_font)
                painter.setPen(QColor("#4b5563"))
                painter.drawText(QRectF(9, y + 1, self.width() - 16, box.height()), Qt.TextWordWrap,
                                 self.more_text())
                y += box.height()
        painter.end()

    def _draw_key(self, painter: QPainter, section: str, look: list[str], y: float) -> None:
        centre = QPointF(20, y + self.ROW / 2)
        if section == "Entities":
            colour, symbol = look
            painter.setPen(QPen(QColor(colour).darker(140), 1))
            painter.setBrush(QColor(colour))
            painter.drawPath(symbol_path(symbol, 10).translated(centre))
            return
        pen = QPen(QColor(look[0]) if section == "Relations" else QColor("#374151"), 2)
        if section == "Confidence":
            pen.setStyle(DASHES[look[0]])
            pen.setWidthF(1.5)
        painter.setPen(pen)
        painter.drawLine(QPointF(9, centre.y()), QPointF(31, centre.y()))
