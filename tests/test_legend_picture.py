"""The legend over the canvas is kept as a picture between changes (the canvas repaints under
it at every click and step): what it shows must follow every change, and an export must draw it
afresh at the export's scale, never scale the screen's picture up."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from widgets.legend import Legend
from widgets.rendering import paint_at_width

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

STATES = [("State", "#1d4ed8", "o")]
BOTH = [("State", "#1d4ed8", "o"), ("Treaty", "#b91c1c", "d")]
EDGES = [("signed", "#dc2626")]


def image_of(legend: Legend) -> QImage:
    return legend.grab().toImage().convertToFormat(QImage.Format_ARGB32)


def fresh(qtbot, nodes, collapsed=False) -> QImage:
    legend = Legend()
    qtbot.addWidget(legend)
    legend.set_entries(nodes, EDGES, [])
    if collapsed:
        legend.set_collapsed(True, by_user=True)
    legend.show()
    return image_of(legend)


def test_the_kept_picture_follows_new_entries_and_folding(qtbot):
    legend = Legend()
    qtbot.addWidget(legend)
    legend.set_entries(STATES, EDGES, [])
    legend.show()
    first = image_of(legend)
    assert first == fresh(qtbot, STATES)
    legend.set_entries(BOTH, EDGES, [])
    assert image_of(legend) == fresh(qtbot, BOTH) != first
    legend.set_collapsed(True, by_user=True)
    assert image_of(legend) == fresh(qtbot, BOTH, collapsed=True)
    legend.set_collapsed(False, by_user=True)
    assert image_of(legend) == fresh(qtbot, BOTH)


def test_an_export_draws_the_legend_at_its_own_scale(qtbot):
    legend = Legend()
    qtbot.addWidget(legend)
    legend.set_entries(BOTH, EDGES, [])
    legend.show()
    image_of(legend)  # the screen's picture is made
    wide = paint_at_width(legend, legend.width() * 3)

    def steps_inside_blocks(image: QImage) -> int:
        """Neighbouring pixels that differ inside a 3x3 block: a picture scaled up 3x is made of
        such blocks of one colour (none), a drawing made at 3x is not (glyph edges fall anywhere)."""
        count = 0
        for y in range(image.height()):
            row = [image.pixel(x, y) for x in range(image.width())]
            count += sum(1 for x in range(len(row) - 1) if x % 3 != 2 and row[x] != row[x + 1])
        return count

    assert steps_inside_blocks(wide) > 300
