"""The timeline and the comparisons as a newcomer meets them: play speed in real units fitted to
the data, the event named on a busy day, what the comparison counts, and how much of a list shows."""
from data import dates


def test_the_event_named_on_a_busy_day_is_the_one_about_the_data_or_the_selection(window):
    window.state.set_day(dates.parse_day("2025-01-17"))  # the signing and a gas deal on the same day
    assert window.timeline.event_label.text() == \
        "Nearest event (today): 2025-01-17 Russia–Iran treaty signed in Moscow"
    window.state.select(["azerbaijan"])
    assert window.timeline.event_label.text().endswith("Gas route through Azerbaijan agreed")
    window.state.clear_selection()
    assert window.timeline.event_label.text().endswith("Russia–Iran treaty signed in Moscow")


def test_the_default_play_speed_crosses_the_timeline_shown_in_well_under_a_minute(window):
    timeline = window.timeline
    span = timeline.track.view_last - timeline.track.view_first
    assert 10 <= span / timeline.days_per_second() <= 60
    assert timeline.speed_box.currentText().endswith(" a second")
    timeline.set_range(dates.parse_day("1900-01-01"), dates.parse_day("2000-01-01"))  # a century
    assert timeline.speed_box.currentText() == "5 years a second"


def test_the_comparison_summary_counts_relations_too(window):
    # Raisi's presidency ends on 19 May 2024; he stays in the data, his "leads" link goes
    window.state.set_compare(dates.parse_day("2024-05-01"), dates.parse_day("2024-06-01"))
    summary = window.compare.summary.text()
    assert summary.startswith("From 2024-05-01 to 2024-06-01: ")
    removed = summary.split("; ")[1]
    assert removed.endswith("removed") and "0 relations" not in removed and "relation" in removed
    comparison = window.state.comparison()
    count = int(window.state.graph.relations_mask(comparison.removed_edges).sum())
    assert f"{count} relation" in removed


def test_a_list_in_the_bottom_docks_shows_a_dozen_rows_and_the_timeline_gets_its_strip_back(window, qtbot):
    timeline, compare = window.docks["Timeline"], window.docks["Compare"]
    strip = timeline.height()
    window.state.set_day(dates.parse_day("2025-06-01"))
    window.actions["compare"].trigger()
    window.compare._compare()
    tree = window.compare.tree
    qtbot.waitUntil(lambda: tree.viewport().height() >= 10 * tree.sizeHintForRow(0))
    window.panels.raise_dock("Treaty comparison")
    table = window.panels.treaties.table
    qtbot.waitUntil(lambda: table.rowAt(table.viewport().height() - 2) >= 5 or
                    table.rowAt(table.viewport().height() - 2) == -1 and table.model().rowCount() <= 5)
    window.panels.raise_dock("Timeline")
    qtbot.waitUntil(lambda: timeline.height() == strip)
    assert compare.height() >= strip  # (hidden behind the Timeline tab now)


def test_the_time_track_is_painted_again_only_when_a_selection_changes_the_event_it_names(qtbot):
    """A click selects; the track names the nearest event, the one about the selection when
    two are as near: it is painted again when that changes, not at every click."""
    from PySide6.QtCore import QEvent, QObject

    from widgets.time_track import Mark, TimeTrack

    class Paints(QObject):
        count = 0

        def eventFilter(self, _obj, event) -> bool:
            self.count += event.type() == QEvent.Type.Paint
            return False

    track = TimeTrack()
    qtbot.addWidget(track)
    track.resize(400, 40)
    track.show()
    qtbot.waitExposed(track)
    track.set_range(0, 100)
    track.set_events([Mark("e1", 50, "Signed", "signing", ("iran",)), Mark("e2", 50, "Visit", "visit", ("russia",)),
                      Mark("e3", 10, "Earlier", "visit", ("china",))])
    track.set_day(50, None, False)
    qtbot.wait(30)  # painted as it is
    paints = Paints()
    track.installEventFilter(paints)
    named = []
    for selection in (["china"], ["russia"], ["russia", "china"], ["iran"]):
        paints.count = 0
        track.set_selection(selection)
        qtbot.wait(30)
        named.append((track.nearest_event().id, paints.count > 0))
    assert named == [("e1", False), ("e2", True), ("e2", False), ("e1", True)]
