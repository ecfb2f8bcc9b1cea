"""The graph keeps the room: at 1024 x 700 it has most of the width, the legend folds on a small
canvas, Reset panels brings the panels back, and a resize keeps a fitted drawing fitted."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, Qt

from conftest import open_window


def test_at_1024_by_700_the_graph_keeps_more_than_half_the_width(qtbot, tmp_path, bundled_dataset):
    win = open_window(qtbot, tmp_path, bundled_dataset, size=(1024, 700))
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.canvas.width() >= 0.55 * win.width(), timeout=3000)
    win.resizeDocks([win.docks["Details"]], [600], Qt.Horizontal)  # panels kept from a larger screen
    win.resize(1000, 700)  # when the window changes size, the graph gets its room back
    qtbot.waitUntil(lambda: win.canvas.width() >= 0.55 * win.width(), timeout=3000)


def test_the_legend_folds_on_a_small_canvas_and_a_click_unfolds_it(qtbot, tmp_path, bundled_dataset):
    win = open_window(qtbot, tmp_path, bundled_dataset, size=(1024, 700))
    qtbot.waitExposed(win)
    legend = win.canvas.legend
    qtbot.waitUntil(lambda: legend.collapsed, timeout=3000)
    assert legend.height() < 40
    qtbot.mouseClick(legend, Qt.LeftButton, pos=QPoint(10, 10))
    assert not legend.collapsed and legend.height() > 200
    win.resize(1010, 690)  # the user chose: a resize does not fold it again
    qtbot.wait(100)
    assert not legend.collapsed


def test_reset_panels_brings_back_a_closed_panel_and_the_graphs_room(window, qtbot):
    window.docks["Details"].close()
    window.docks["Browse"].setFloating(True)
    window.actions["reset_panels"].trigger()
    qtbot.waitUntil(lambda: window.docks["Details"].isVisible() and not window.docks["Browse"].isFloating(),
                    timeout=3000)


def test_a_fitted_drawing_is_refitted_when_the_window_grows_but_a_chosen_view_is_kept(window, qtbot):
    window.canvas.fit()
    before = window.canvas.shown_rect()
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: not np.allclose(window.canvas.shown_rect(), before), timeout=3000)
    # the drawing is framed again: every shown node is inside the view
    left, bottom, width, height = window.canvas.shown_rect()
    shown = window.canvas.positions[window.canvas.shown]
    assert (shown[:, 0] >= left).all() and (shown[:, 0] <= left + width).all()
    window.canvas.box.scaleBy((0.5, 0.5))  # the user zooms in (as the mouse wheel does)
    window.canvas.box.sigRangeChangedManually.emit([True, True])
    chosen = window.canvas.shown_rect()
    window.resize(1300, 850)
    qtbot.wait(200)
    assert np.allclose(window.canvas.shown_rect()[2], chosen[2] * 1300 / 1600, rtol=0.2)
