"""The detail panel: header, every field, relations with sources, links that go somewhere."""
from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from data import dates
from conftest import load_clean
from data.model import Dataset, Entity, Relation
from widgets.detail_panel import HINT, INACTIVE, DetailPanel, LinkLabel, is_web_url
from widgets.entity_models import ID_ROLE

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

SQL = """
CREATE TABLE actors (id, name, kind, parent_id, aliases, start_date, end_date, population,
                     notes);
INSERT INTO actors VALUES
 ('iran', 'Iran', 'state', NULL, 'Islamic Republic of Iran; ایران', NULL, NULL, 89000000,
  'A very long note that goes on and on about the state and its many institutions.'),
 ('russia', 'Russia', 'state', NULL, NULL, NULL, NULL, NULL, NULL),
 ('pezeshkian', 'Masoud Pezeshkian', 'person', 'iran', NULL, '2024-07', NULL, NULL,
  'https://example.org/pezeshkian'),
 ('tag', '<b>x</b>', 'think tank', NULL, NULL, NULL, '2020', NULL, NULL);
CREATE TABLE treaties (id, title, signed_date);
INSERT INTO treaties VALUES ('csp', 'Comprehensive Strategic Partnership', '2025-01-17');
CREATE TABLE articles (id, treaty_id, number, title, summary, topic);
INSERT INTO articles VALUES
 ('a10', 'csp', '10', 'Ten', 'About ten.', 'trade'),
 ('a2', 'csp', '2', 'Two', 'About two.', 'principles');
CREATE TABLE relations (id, source_id, target_id, kind, start_date, end_date, confidence,
                        source, locator);
INSERT INTO relations VALUES
 ('r1', 'iran', 'csp', 'party_to', '2025-01-17', NULL, 'official', 'https://example.org/treaty',
  'Preamble'),
 ('r2', 'pezeshkian', 'iran', 'leads', '2024-07', NULL, 'reported', 'Tehran Times, 2024', 'p. 3'),
 ('r3', 'iran', 'russia', 'cooperates_with', '2001', '2010', 'inferred',
  'javascript:alert(1)', NULL),
 ('r4', 'iran', 'tag', 'opposes', NULL, NULL, NULL, 'file:///etc/passwd', NULL);
CREATE TABLE events (id, date, title, kind);
INSERT INTO events VALUES ('e1', '2025-01-17', 'Treaty signed', 'signing');
CREATE TABLE event_entities (event_id, entity_id);
INSERT INTO event_entities VALUES ('e1', 'iran'), ('e1', 'csp');
"""


@pytest.fixture
def dataset(make_db) -> Dataset:
    return load_clean(make_db(SQL))


@pytest.fixture
def panel(qtbot, dataset, monkeypatch) -> DetailPanel:
    widget = DetailPanel()
    qtbot.addWidget(widget)
    opened: list[str] = []
    monkeypatch.setattr(widget, "launch_url", opened.append)
    widget.opened = opened
    widget.set_dataset(dataset)
    widget.resize(700, 800)
    widget.show()
    return widget


def texts(panel) -> list[str]:
    """The text of every label the user can see."""
    return [label.text() for label in panel.findChildren(QLabel) if label.isVisibleTo(panel)]


def relation_rows(panel) -> list[list[str]]:
    model = panel.relation_model()
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def click_cell(qtbot, panel, row: int, column: int) -> None:
    view = panel.relation_view()
    index = view.model().index(row, column)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=view.visualRect(index).center())


def test_hint_when_nothing_is_focused(panel):
    assert any(HINT in text for text in texts(panel))
    panel.show_entity("iran")
    panel.show_entity(None)
    assert any(HINT in text for text in texts(panel))
    assert panel.shown_entity() is None


def test_header_name_kind_dates_aliases(panel):
    panel.show_entity("pezeshkian")
    shown = texts(panel)
    assert "Masoud Pezeshkian" in shown
    assert "Actor · person" in shown
    assert "2024-07 – unknown" in shown
    panel.show_entity("iran")
    assert "Also known as: Islamic Republic of Iran; ایران" in texts(panel)
    assert "Dates unknown" in texts(panel)
    name = panel.findChild(QLabel, "name")
    assert name.font().bold()


def test_markup_in_a_name_is_plain_text(panel):
    panel.show_entity("tag")
    name = panel.findChild(QLabel, "name")
    assert name.text() == "<b>x</b>"
    assert name.textFormat() == Qt.PlainText
    assert all(label.textFormat() == Qt.PlainText for label in panel.findChildren(QLabel))
    panel.show_entity("iran")
    assert "<b>x</b>" in [row[1] for row in relation_rows(panel)]


def test_every_field_shown_extra_columns_too(panel):
    panel.show_entity("iran")
    shown = texts(panel)
    for text in ("population", "89000000", "notes", "aliases", "parent_id", "—"):
        assert text in shown
    assert any(t.startswith("A very long note") for t in shown)


def test_relations_listed_with_direction_source_and_locator(panel):
    panel.show_entity("iran")
    assert "Relations (4)" in texts(panel)
    rows = relation_rows(panel)
    assert rows[0][:5] == ["→ cooperates_with", "Russia", "2001–2010", "inferred", "javascript:alert(1)"]
    # a source and its locator in one compact cell: a web source by its publisher's domain
    assert ["← leads", "Masoud Pezeshkian", "2024–", "reported", "Tehran Times, 2024, p. 3"] in [r[:5] for r in rows]
    assert ["→ party_to", "Comprehensive Strategic Partnership", "2025–", "official",
            "example.org, Preamble"] in [r[:5] for r in rows]
    model = panel.relation_model()
    assert model.index(0, 1).data(ID_ROLE) == "russia"
    party = [r[0] for r in rows].index("→ party_to")
    assert model.index(party, 2).data(Qt.ToolTipRole) == "2025-01-17 – unknown"  # the whole dates on hover
    assert model.index(party, 4).data(Qt.ToolTipRole).startswith("https://example.org/treaty\nPreamble")


def test_clicking_the_other_end_requests_it(panel, qtbot):
    panel.show_entity("iran")
    row = [r[1] for r in relation_rows(panel)].index("Masoud Pezeshkian")
    with qtbot.waitSignal(panel.entity_requested) as blocker:
        click_cell(qtbot, panel, row, 1)
    assert blocker.args == ["pezeshkian"]


def test_http_source_opens_and_other_schemes_never_do(panel, qtbot):
    panel.show_entity("iran")
    sources = [r[4] for r in relation_rows(panel)]
    with qtbot.waitSignal(panel.url_requested) as blocker:
        click_cell(qtbot, panel, sources.index("example.org, Preamble"), 4)
    assert blocker.args == ["https://example.org/treaty"]
    assert panel.opened == ["https://example.org/treaty"]
    for text in ("javascript:alert(1)", "file:///etc/passwd", "Tehran Times, 2024, p. 3"):
        with qtbot.assertNotEmitted(panel.url_requested):
            click_cell(qtbot, panel, sources.index(text), 4)
    assert panel.opened == ["https://example.org/treaty"]
    model = panel.relation_model()
    assert QColor(model.index(sources.index("javascript:alert(1)"), 4).data(Qt.ForegroundRole)) \
        != QColor(model.index(sources.index("example.org, Preamble"), 4).data(Qt.ForegroundRole))


def test_web_url_check():
    assert is_web_url("https://example.org/a?b=1")
    assert is_web_url("HTTP://example.org")
    for text in ("javascript:alert(1)", "file:///etc/passwd", "Reuters", "http://", "",
                 None, "https://exa mple.org", "data:text/html,hi"):
        assert not is_web_url(text)


def test_url_field_is_a_link(panel, qtbot):
    panel.show_entity("pezeshkian")
    link = next(label for label in panel.findChildren(LinkLabel)
                if label.text() == "https://example.org/pezeshkian")
    with qtbot.waitSignal(panel.url_requested):
        qtbot.mouseClick(link, Qt.LeftButton)
    assert panel.opened == ["https://example.org/pezeshkian"]


def test_article_links_its_treaty_and_shows_summary(panel, qtbot):
    panel.show_entity("a10")
    shown = texts(panel)
    assert "Article 10: Ten" in shown and "Article" in shown
    assert "Signed 2025-01-17" in shown
    assert "About ten." in shown and "trade" in shown
    treaty = next(label for label in panel.findChildren(LinkLabel)
                  if label.text() == "Comprehensive Strategic Partnership")
    with qtbot.waitSignal(panel.entity_requested) as blocker:
        qtbot.mouseClick(treaty, Qt.LeftButton)
    assert blocker.args == ["csp"]


def test_treaty_counts_its_articles_in_order(panel):
    panel.show_entity("csp")
    shown = texts(panel)
    assert "Articles" in shown and "2" in shown
    assert list(visible_links(panel)) == ["Article 2: Two", "Article 10: Ten"]
    assert "Relations (1)" in shown


def visible_links(panel) -> dict[str, LinkLabel]:
    return {label.text(): label for label in panel.findChildren(LinkLabel) if label.isVisibleTo(panel)}


def test_rows_are_refilled_for_each_entity_and_links_follow_the_new_one(panel, qtbot):
    """The panel keeps its labels from one entity to the next: what shows, and where a link
    leads, must be the new entity's only."""
    panel.show_entity("iran")
    assert "population" in texts(panel)
    panel.show_entity("russia")
    assert "Treaty signed (signing)" not in texts(panel)  # iran's event row, hidden
    panel.show_entity("csp")
    assert "population" not in texts(panel)  # an actors' column: not a treaty's
    assert list(visible_links(panel)) == ["Article 2: Two", "Article 10: Ten"]
    with qtbot.waitSignal(panel.entity_requested) as blocker:
        qtbot.mouseClick(visible_links(panel)["Article 10: Ten"], Qt.LeftButton)
    assert blocker.args == ["a10"]
    panel.show_entity("a10")  # the first row is now the treaty's link, then plain text
    assert list(visible_links(panel)) == ["Comprehensive Strategic Partnership"]
    assert "About ten." in texts(panel)
    with qtbot.waitSignal(panel.entity_requested) as blocker:
        qtbot.mouseClick(visible_links(panel)["Comprehensive Strategic Partnership"], Qt.LeftButton)
    assert blocker.args == ["csp"]
    panel.show_entity("pezeshkian")  # a field that is a web address: a link that opens it
    with qtbot.waitSignal(panel.url_requested):
        qtbot.mouseClick(visible_links(panel)["https://example.org/pezeshkian"], Qt.LeftButton)
    assert panel.opened == ["https://example.org/pezeshkian"]


def test_events_listed(panel):
    panel.show_entity("iran")
    assert "2025-01-17" in texts(panel)
    assert "Treaty signed (signing)" in texts(panel)
    panel.show_entity("russia")
    assert "Treaty signed (signing)" not in texts(panel)


def test_set_day_greys_inactive_relations(panel):
    panel.show_entity("iran")
    model = panel.relation_model()
    kinds = [r[0] for r in relation_rows(panel)]
    old = kinds.index("→ cooperates_with")
    assert model.index(old, 0).data(Qt.ForegroundRole) is None
    panel.set_day(dates.parse_day("2025-02-01"))
    assert QColor(model.index(old, 0).data(Qt.ForegroundRole)) == INACTIVE
    assert model.index(kinds.index("→ party_to"), 0).data(Qt.ForegroundRole) is None
    panel.set_day(dates.parse_day("2005"))
    assert model.index(old, 0).data(Qt.ForegroundRole) is None
    assert QColor(model.index(kinds.index("→ party_to"), 0).data(Qt.ForegroundRole)) == INACTIVE


def test_relation_model_passes_the_model_tester(panel, qtmodeltester):
    panel.show_entity("iran")
    qtmodeltester.check(panel.relation_model())


def test_lifespan_placeholder(panel):
    assert panel.lifespan_widget() is None


def test_300000_relations_index_once(qtbot):
    entities = {f"n{i}": Entity(f"n{i}", "actors", f"N{i}", "state") for i in range(1000)}
    relations = [Relation(f"r{i}", f"n{i % 1000}", f"n{(i * 7) % 1000}", "links")
                 for i in range(300_000)]
    panel = DetailPanel()
    qtbot.addWidget(panel)
    panel.set_dataset(Dataset(path=None, entities=entities, relations=relations))
    started = time.perf_counter()
    for i in range(20):
        panel.show_entity(f"n{i}")
    assert time.perf_counter() - started < 3.0
    assert panel.relation_model().rowCount() == len(
        [r for r in relations if "n19" in (r.source_id, r.target_id)])


def test_launch_url_hands_the_address_to_the_desktop(qtbot, monkeypatch):
    import widgets.detail_panel as module

    opened = []

    class FakeDesktop:
        @staticmethod
        def openUrl(url):
            opened.append(url.toString())
            return True

    monkeypatch.setattr(module, "QDesktopServices", FakeDesktop)
    panel = DetailPanel()
    qtbot.addWidget(panel)
    panel.open_url("https://example.org/a?b=1")
    panel.open_url("javascript:alert(1)")
    assert opened == ["https://example.org/a?b=1"]


def test_overview_names_the_dataset_and_its_extra_tables(qtbot, make_db):
    from data import loader as _loader
    from widgets.detail_panel import DetailPanel
    path = make_db("""
        CREATE TABLE actors (id, name, kind); INSERT INTO actors VALUES ('a', 'A', 'state');
        CREATE TABLE relations (source_id, target_id, kind);
        CREATE TABLE meta (key, value); INSERT INTO meta VALUES ('title', 'Pipelines of the Caspian');
        CREATE TABLE interviews (who, said); INSERT INTO interviews VALUES ('x', 'y'), ('z', 'w');
    """)
    panel = DetailPanel()
    qtbot.addWidget(panel)
    panel.set_dataset(_loader.load(path))
    text = panel._hint.text()
    assert text.startswith("Pipelines of the Caspian") and "interviews (2 rows)" in text


def test_relation_model_names_every_role_it_answers(panel):
    """A view asks for a cell's roles at once and the model is asked only for the roles it
    names (``ROLES``): a role answered but not named would never reach the screen."""
    panel.show_entity("iran")
    panel.set_day(dates.parse_day("2025-02-01"))  # grey rows answer a colour too
    model = panel.relation_model()
    answered = {role for row in range(model.rowCount()) for column in range(model.columnCount())
                for role in range(Qt.ItemDataRole.UserRole + 8) if model.index(row, column).data(role) is not None}
    assert answered and answered <= model.ROLES
    assert {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole} <= answered

