"""Every panel of the window and the dock it sits in, built in one place.

``build_panels`` makes the widgets (canvas with the filter chips above it; trees and filters on
the left; details, paths and ranking on the right; timeline, problems, comparison and treaty
comparison below), puts each in a dock and tabs the docks that share a side. Nothing else adds
docks to the window or replaces its central widget. The panels' default sizes leave the graph
most of the width.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QFrame, QMainWindow, QScrollArea, QTabBar, QVBoxLayout, QWidget

from widgets.compare_panel import ComparePanel
from widgets.detail_panel import DetailPanel
from widgets.entity_tree import EntityTrees
from widgets.filter_panel import FilterChips, FilterPanel
from widgets.graph_canvas import GraphCanvas
from widgets.path_panel import PathPanel
from widgets.problems_panel import ProblemsPanel
from widgets.ranking_panel import RankingPanel
from widgets.search_box import SearchBox
from widgets.timeline import TimelinePanel
from widgets.treaty_compare import TreatyCompareView


@dataclass
class Panels:
    """The window's widgets and their docks."""

    canvas: GraphCanvas
    chips: FilterChips
    search: SearchBox
    trees: EntityTrees
    filters: FilterPanel
    details: DetailPanel
    paths: PathPanel
    ranking: RankingPanel
    timeline: TimelinePanel
    problems: ProblemsPanel
    compare: ComparePanel
    treaties: TreatyCompareView
    docks: dict[str, QDockWidget]  #: by title

    def raise_dock(self, title: str) -> None:
        self.docks[title].show()
        self.docks[title].raise_()


def _scrolled(panel: QWidget) -> QScrollArea:
    """A panel in a scroll area, so that its dock can be made narrower than the panel."""
    area = QScrollArea()
    area.setWidget(panel)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.NoFrame)
    return area


def _dock(window: QMainWindow, title: str, widget: QWidget, area) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(f"dock-{title.lower()}")  # the names saved window layouts know them by
    dock.setWidget(widget)
    dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable
                     | QDockWidget.DockWidgetClosable)
    window.addDockWidget(area, dock)
    return dock


#: (title, attribute, area, scrolled, tabbed under) in the order the docks are made
LAYOUT = (
    ("Browse", "trees", Qt.LeftDockWidgetArea, False, None),
    ("Details", "details", Qt.RightDockWidgetArea, False, None),
    ("Timeline", "timeline", Qt.BottomDockWidgetArea, False, None),
    ("Problems", "problems", Qt.BottomDockWidgetArea, False, "Timeline"),
    ("Compare", "compare", Qt.BottomDockWidgetArea, False, "Timeline"),
    ("Filters", "filters", Qt.LeftDockWidgetArea, True, "Browse"),
    ("Paths", "paths", Qt.RightDockWidgetArea, True, "Details"),
    ("Ranking", "ranking", Qt.RightDockWidgetArea, True, "Details"),
    ("Treaty comparison", "treaties", Qt.BottomDockWidgetArea, True, "Timeline"),
)


def build_panels(window: QMainWindow) -> Panels:
    widgets = dict(canvas=GraphCanvas(), chips=FilterChips(), search=SearchBox(), trees=EntityTrees(),
                   filters=FilterPanel(), details=DetailPanel(), paths=PathPanel(), ranking=RankingPanel(),
                   timeline=TimelinePanel(), problems=ProblemsPanel(), compare=ComparePanel(),
                   treaties=TreatyCompareView())
    holder = QWidget()  # the filter chips sit above the canvas
    box = QVBoxLayout(holder)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(0)
    box.addWidget(widgets["chips"])
    box.addWidget(widgets["canvas"], 1)
    window.setCentralWidget(holder)
    docks: dict[str, QDockWidget] = {}
    for title, name, area, scrolled, under in LAYOUT:
        widget = _scrolled(widgets[name]) if scrolled else widgets[name]
        docks[title] = _dock(window, title, widget, area)
        if under is not None:
            window.tabifyDockWidget(docks[under], docks[title])
    for title in ("Browse", "Details", "Timeline"):  # the first tab of each side in front
        docks[title].raise_()
    BottomHeights(window, docks)
    return Panels(docks=docks, **widgets)


def default_dock_sizes(window: QMainWindow, docks: dict[str, QDockWidget]) -> None:
    """Side panels in proportion to the window, so that the graph keeps most of the width
    (at 1024 px wide, 58 %)."""
    width = window.width()
    window.resizeDocks([docks["Browse"], docks["Details"]],
                       [int(min(max(0.2 * width, 180), 320)), int(min(max(0.22 * width, 200), 360))], Qt.Horizontal)
    window.resizeDocks([docks["Timeline"]], [118], Qt.Vertical)


def hide_stray_tab_bars(window: QMainWindow) -> None:
    """Qt 6.11 leaves a spare tab bar of each tabbed dock group visible, drawn where it was
    first made (a stray "Details | Paths" tab in the middle of the window). The bars in use sit
    along a dock of their group, as wide as it; hide the others (Qt shows a bar again if it
    reuses it)."""
    docks = {d.windowTitle(): d for d in window.findChildren(QDockWidget) if d.isVisible()}
    for bar in window.findChildren(QTabBar):
        if bar.parent() is not window or not bar.isVisible():
            continue
        group = [docks[t] for t in (bar.tabText(i) for i in range(bar.count())) if t in docks]
        if not any(d.x() == bar.x() and d.width() == bar.width() for d in group):
            bar.hide()


class BottomHeights(QObject):
    """The docks below the canvas share one height, which suits the timeline (a strip) but
    shows a list or a table one to three rows deep. When a list's tab comes to the front the
    strip grows to show a dozen rows; back on the Timeline tab it returns to its height."""

    TALL = ("Problems", "Compare", "Treaty comparison")
    SHARE, LEAST, MOST = 0.42, 260, 440  #: of the window's height, in pixels

    def __init__(self, window: QMainWindow, docks: dict[str, QDockWidget]):
        super().__init__(window)
        self.window, self.docks = window, docks
        self.strip: int | None = None  #: the timeline's height before a list made the strip grow
        for title in self.TALL:
            docks[title].visibilityChanged.connect(lambda shown, t=title: shown and self._grow(t))
        docks["Timeline"].visibilityChanged.connect(lambda shown: shown and self._shrink())

    def _grow(self, title: str) -> None:
        dock = self.docks[title]
        wanted = int(min(max(self.window.height() * self.SHARE, self.LEAST), self.MOST))
        if dock.isFloating() or dock.height() >= wanted or not self.window.isVisible():
            return
        if self.strip is None:
            self.strip = dock.height()
        self.window.resizeDocks([dock], [wanted], Qt.Vertical)

    def _shrink(self) -> None:
        strip, self.strip = self.strip, None
        if strip is not None and not self.docks["Timeline"].isFloating():
            self.window.resizeDocks([self.docks["Timeline"]], [strip], Qt.Vertical)
