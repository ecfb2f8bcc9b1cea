"""Sources as people read them: compact in the details, readable in captions, whole on hover."""
from PySide6.QtCore import Qt

from data import dates
from data.sources import SourceNames, locator_text, url_date, web_host


NAMES = SourceNames({"000_d6fe95bd9765417d.txt": "Seed article"})


def test_a_named_file_source_reads_by_its_name_and_paragraph():
    assert NAMES.compact("000_d6fe95bd9765417d.txt", "para 18") == "Seed article ¶18"
    assert NAMES.readable("000_d6fe95bd9765417d.txt") == "Seed article"
    assert NAMES.full("000_d6fe95bd9765417d.txt", "para 18") == "000_d6fe95bd9765417d.txt\npara 18"


def test_a_web_source_reads_by_its_publisher():
    assert NAMES.compact("https://tass.com/world/1882445", "para 3") == "tass.com ¶3"
    assert NAMES.compact("http://in.reuters.com/article/x", "para 1, 6") == "reuters.com ¶1, 6"
    assert NAMES.compact("https://www.trtworld.com:443/a", "Article 4") == "trtworld.com, Article 4"
    assert NAMES.readable("https://tass.com/world/1882445") == "TASS"  # no date is made up
    assert NAMES.readable("https://www.latimes.com/world-nation/story/2023-08-24/iran-joins") == \
        "Los Angeles Times, 24 Aug 2023"
    assert NAMES.readable("https://iranprimer.usip.org/blog/2021/aug/03/khamenei") == "iranprimer.usip.org, 3 Aug 2021"


def test_titles_and_odd_text_stay_as_written():
    assert NAMES.compact("Tehran Times, 2024", "p. 3") == "Tehran Times, 2024, p. 3"
    assert NAMES.compact("javascript:alert(1)") == "javascript:alert(1)"
    assert NAMES.compact(None, "para 2") == "¶2" and NAMES.readable("") == "no source given"
    assert web_host("file:///etc/passwd") is None and web_host("https://exa mple.org") is None
    assert locator_text("paragraphs 4-6") == "¶4-6" and locator_text("Preamble") == "Preamble"
    assert url_date("https://x.org/2024/13/45/a") is None
    assert url_date("https://x.org/2022/09/20/a") == dates.parse_day("2022-09-20")


def test_the_bundled_dataset_names_its_seed(bundled_dataset):
    assert SourceNames.of(bundled_dataset).readable("000_d6fe95bd9765417d.txt") == "Seed article"


def test_details_show_sources_compactly_and_every_column_fits_the_dock(window, qtbot):
    window.show_entity("bushehr-npp")
    model, view = window.details.relation_model(), window.details.relation_view()
    qtbot.waitUntil(lambda: view.isVisible())
    cells = {model.index(r, 4).data() for r in range(model.rowCount())}
    assert "Seed article ¶18" in cells
    row = [model.index(r, 4).data() for r in range(model.rowCount())].index("Seed article ¶18")
    assert model.index(row, 4).data(Qt.ToolTipRole).startswith("000_d6fe95bd9765417d.txt\npara 18")
    # relation, other end, dates, confidence and source are in view without scrolling
    assert sum(view.columnWidth(c) for c in range(5)) <= view.viewport().width()
    assert view.horizontalScrollBar().value() == 0
    assert view.columnViewportPosition(4) + view.columnWidth(4) <= view.viewport().width()


def test_remembered_compact_texts_stay_right_past_the_bound():
    """Each (source, locator) is worked out once and remembered, a bounded number of them:
    past the bound the answers are still each pair's own."""
    names = SourceNames({})
    for i in range(50_010):
        assert names.compact(f"https://site{i % 3}.example/a/{i}", f"para {i}") == f"site{i % 3}.example ¶{i}"
    assert len(names._compact) <= 50_000
    assert names.compact("https://tass.com/world/1882445", "para 3") == "tass.com ¶3"


def test_relation_columns_follow_each_entitys_texts_and_a_resize_shares_out_the_same_needs(window, qtbot):
    """The texts' widths are measured once per entity shown; a resize only shares the width out
    again, so a narrow dock squeezes the widest column and a wide one gives each what it needs."""
    view = window.details.relation_view()
    window.show_entity("bushehr-npp")
    qtbot.waitUntil(lambda: view.isVisible())
    first = list(view._needs[2])
    window.show_entity("russia")  # measured again: its texts need other widths
    qtbot.waitUntil(lambda: view._needs[0] is view.model().rows() and view._needs[2] != first, timeout=2000)
    view.resize(3000, view.height())
    wide = [view.columnWidth(c) for c in range(5)]
    assert wide == [min(max([view.FLOOR] + [view.fontMetrics().horizontalAdvance(t) + 14 for t in
                                            set(view.model().column_texts(c, view.MEASURED))]), cap)
                    for c, cap in enumerate(view.CAPS)]
    view.resize(240, view.height())
    narrow = [view.columnWidth(c) for c in range(5)]
    assert sum(narrow) <= max(240 - view.verticalScrollBar().width(), 5 * view.FLOOR) and narrow != wide


def test_a_narrow_table_keeps_what_a_row_is_readable_longest(window, qtbot):
    """Squeezed, the dates and the confidence give way first, then the relation and the other
    end down to ``KEPT``, then the source: at a width where all five cannot have what they
    need, the relation and the other end keep theirs (up to ``KEPT``) before the others do."""
    view = window.details.relation_view()
    window.show_entity("iran")
    qtbot.waitUntil(lambda: view.isVisible())
    needs = list(view._needs[2])
    for width in (sum(needs) - 40, needs[0] + needs[1] + needs[4] + 2 * view.FLOOR + 10, 330, 240):
        view.resize(width + view.verticalScrollBar().width(), view.height())
        got = [view.columnWidth(c) for c in range(5)]
        assert sum(got) <= max(view.viewport().width(), 5 * view.FLOOR)
        kept = [min(needs[c], view.KEPT) for c in (0, 1)]
        if view.viewport().width() >= kept[0] + kept[1] + 3 * view.FLOOR:
            assert got[0] >= kept[0] and got[1] >= kept[1]  # what the row is, readable
        if got[2] > view.FLOOR or got[3] > view.FLOOR:  # dates or confidence not squeezed yet
            assert got[:2] == needs[:2] and got[4] == needs[4]
    assert got[2] == got[3] == view.FLOOR  # at 240 px the dates and the confidence gave way


def test_squeezed_headers_end_in_an_ellipsis_over_their_cells_and_say_what_they_hold(window, qtbot):
    """At the dock's narrow width the headers elide on the right, aligned with the cells' text
    (a centred, clipped "nfiden" read as nothing), and each says on hover what its column holds."""
    view = window.details.relation_view()
    window.show_entity("iran")
    qtbot.waitUntil(lambda: view.isVisible())
    view.resize(240 + view.verticalScrollBar().width(), view.height())
    header, model = view.horizontalHeader(), view.model()
    assert header.textElideMode() == Qt.ElideRight and header.defaultAlignment() & Qt.AlignLeft
    confidence = model.HEADERS.index("Confidence")
    shown = header.fontMetrics().elidedText("Confidence", Qt.ElideRight, header.sectionSize(confidence) - 8)
    assert shown != "Confidence" and shown.startswith("Con") and shown.endswith("…")
    tip = model.headerData(confidence, Qt.Horizontal, Qt.ToolTipRole)
    assert "official" in tip and "inferred" in tip
    assert all(model.headerData(c, Qt.Horizontal, Qt.ToolTipRole) for c in range(model.columnCount()))
