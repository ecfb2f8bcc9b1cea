"""The node scatter's own paint for big items (only shown points in view are mapped) draws the
same pixels as pyqtgraph's paint of every point."""
import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QWidget

from widgets.node_items import PassiveScatter


def render(widget) -> np.ndarray:
    image = QImage(widget.size(), QImage.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    QWidget.render(widget, painter, QPoint(0, 0))
    painter.end()
    return np.frombuffer(image.constBits(), np.uint32).reshape(image.height(), image.width()).copy()


@pytest.mark.parametrize("zoomed", [False, True])
def test_the_big_item_paint_draws_what_pyqtgraph_draws(qtbot, monkeypatch, zoomed):
    widget = pg.GraphicsView(background="w")
    box = pg.ViewBox(lockAspect=True, enableMenu=False)
    widget.setCentralItem(box)
    widget.resize(300, 300)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    rng = np.random.default_rng(5)
    points = rng.uniform(0, 100, (800, 2))
    item = PassiveScatter(pxMode=True, antialias=True)
    box.addItem(item)
    colours = ["#1d4ed8", "#ea580c", "#059669"]
    item.setData(pos=points, size=rng.integers(4, 14, 800).astype(float),
                 brush=[pg.mkBrush(colours[i % 3]) for i in range(800)], pen=None)
    item.data["visible"] = rng.random(800) > 0.3  # some hidden, as at a date
    item.invalidate()
    box.setRange(xRange=(40, 60) if zoomed else (0, 100), yRange=(40, 60) if zoomed else (0, 100), padding=0)
    monkeypatch.setattr(PassiveScatter, "LARGE", 10**9)
    theirs = render(widget)
    monkeypatch.setattr(PassiveScatter, "LARGE", 10)
    ours = render(widget)
    assert (theirs != 0xFFFFFFFF).sum() > 2000  # something was drawn
    assert np.array_equal(ours, theirs)
