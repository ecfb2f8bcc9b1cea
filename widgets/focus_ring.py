"""A keyboard focus ring that can be seen: the platform style, with the widget that has the
keyboard drawn with a 2-pixel ring in one strong colour (text boxes, buttons, drop-down lists,
the current row of a list or tree), where Fusion draws a faint one-pixel line or nothing."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QWidget

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


def _ring(painter: QPainter, rect, inset: float) -> None:
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing, True)
    painter.setPen(QPen(QColor(FOCUS), WIDTH))
    painter.setBrush(Qt.NoBrush)
    painter.drawRoundedRect(QRectF(rect).adjusted(inset, inset, -inset, -inset), 2.5, 2.5)
    painter.restore()
