"""The entity trees: grouping, nesting, natural article order, filtering, counts, selection."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from conftest import load_clean
from data.loader import load
from data.model import Dataset, Entity
from widgets.entity_models import ID_ROLE, INACTIVE, fold
from widgets.entity_tree import EntityTrees

# the offscreen platform says this whenever a window is shown; it is not about our code
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

SQL = """
CREATE TABLE actors (id, name, kind, parent_id, aliases, start_date, end_date);
INSERT INTO actors VALUES
 ('russia', 'Russia', 'state', NULL, 'Russian Federation', NULL, NULL),
 ('iran', 'Iran', 'state', NULL, 'Islamic Republic of Iran; ایران', NULL, NULL),
 ('tehran', 'Tehrān', 'region', NULL, NULL, NULL, NULL),
 ('putin', 'Vladimir Putin', 'person', 'russia', NULL, NULL, NULL),
 ('pezeshkian', 'Masoud Pezeshkian', 'person', 'iran', NULL, '2024-07', NULL),
 ('guterres', 'António Guterres', 'person', NULL, NULL, 2017, NULL),
 ('sco', 'Shanghai Cooperation Organisation', 'organization', NULL, 'SCO', NULL, NULL),
 ('brics', 'BRICS', 'bloc', NULL, NULL, NULL, NULL),
 ('irgc', 'IRGC', 'militia', NULL, NULL, NULL, NULL),
 ('wagner', 'Wagner', 'militia', NULL, NULL, NULL, '2023'),
 ('tag', '<b>x</b>', 'think tank', NULL, NULL, NULL, NULL);
CREATE TABLE treaties (id, title, signed_date);
INSERT INTO treaties VALUES ('csp', 'Comprehensive Strategic Partnership', '2025-01-17');
CREATE TABLE articles (id, treaty_id, number, title);
INSERT INTO articles VALUES ('a10', 'csp', '10', 'Ten'), ('a2', 'csp', '2', 'Two'),
 ('a12bis', 'csp', '12bis', 'Twelve bis'), ('a12', 'csp', '12', 'Twelve'),
 ('a19', 'csp', '19', 'Peaceful uses');
CREATE TABLE projects (id, name, kind, status, start_date, end_date);
INSERT INTO projects VALUES ('instc', 'North-South corridor', 'corridor', 'building', '2000', NULL),
 ('gas', 'Gas pipeline', 'pipeline', 'planned', NULL, NULL);
CREATE TABLE relations (source_id, target_id, kind);
INSERT INTO relations VALUES ('russia', 'csp', 'party_to');
CREATE TABLE events (id, date, title, kind);
INSERT INTO events VALUES ('e2', '2025-01-17', 'Treaty signed', 'signing'),
 ('e1', '2024-07-28', 'Pezeshkian takes office', 'election');
"""


@pytest.fixture
def dataset(make_db) -> Dataset:
    return load_clean(make_db(SQL))


@pytest.fixture
def trees(qtbot, dataset) -> EntityTrees:
    widget = EntityTrees()
    qtbot.addWidget(widget)
    widget.set_dataset(dataset)
    widget.resize(500, 600)
    widget.show()
    return widget


def rows(view, parent=QModelIndex(), column=0) -> list[str]:
    model = view.model()
    return [model.index(r, column, parent).data() for r in range(model.rowCount(parent))]


def find(view, item_id: str) -> QModelIndex:
    model = view.model()
    hits = model.match(model.index(0, 0), ID_ROLE, item_id, 1,
                       Qt.MatchExactly | Qt.MatchRecursive)
    assert hits, f"no row for {item_id}"
    return hits[0]


def click(qtbot, view, index, modifier=Qt.NoModifier) -> None:
    view.scrollTo(index)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, modifier, rect.center())


def test_models_pass_the_model_tester(trees, qtmodeltester):
    for label in ("Actors", "Treaties", "Projects", "Events"):
        qtmodeltester.check(trees.view(label).model())
    trees.set_filter("iran")
    for label in ("Actors", "Treaties"):
        qtmodeltester.check(trees.view(label).model())


def test_actors_grouped_by_kind_known_kinds_first(trees):
    groups = rows(trees.view("Actors"))
    assert groups == ["state (2)", "person (1)", "organization (1)", "bloc (1)", "region (1)",
                      "militia (2)", "think tank (1)"]


def test_leader_nested_under_its_state(trees):
    view = trees.view("Actors")
    states = view.model().index(0, 0)
    assert rows(view, states) == ["Iran", "Russia"]
    russia = find(view, "russia")
    assert rows(view, russia) == ["Vladimir Putin"]
    assert find(view, "putin").parent() == russia
    assert "Vladimir Putin" not in rows(view, view.model().index(1, 0))  # not at group level


def test_actor_columns_show_kind_and_dates_as_written(trees):
    view = trees.view("Actors")
    pezeshkian = find(view, "pezeshkian")
    assert pezeshkian.siblingAtColumn(1).data() == "person"
    assert pezeshkian.siblingAtColumn(2).data() == "2024-07 – "
    assert find(view, "wagner").siblingAtColumn(2).data() == " – 2023"
    assert find(view, "russia").siblingAtColumn(2).data() == ""
    assert find(view, "russia").data(ID_ROLE) == "russia"
    assert view.model().index(0, 0).data(ID_ROLE) is None  # a group row


def test_articles_in_natural_order(trees):
    view = trees.view("Treaties")
    treaty = find(view, "csp")
    assert treaty.siblingAtColumn(1).data() == "2025-01-17"
    assert treaty.siblingAtColumn(2).data() == "5"
    assert rows(view, treaty) == ["Article 2: Two", "Article 10: Ten", "Article 12: Twelve",
                                  "Article 12bis: Twelve bis", "Article 19: Peaceful uses"]


def test_projects_grouped_by_kind_and_events_by_date(trees):
    projects = trees.view("Projects")
    assert rows(projects) == ["corridor (1)", "pipeline (1)"]
    assert rows(projects, projects.model().index(0, 0), 1) == ["building"]
    events = trees.view("Events")
    assert rows(events) == ["2024-07-28", "2025-01-17"]
    assert rows(events, column=1) == ["Pezeshkian takes office", "Treaty signed"]
    assert rows(events, column=2) == ["election", "signing"]


def test_markup_in_a_name_is_shown_verbatim(trees):
    index = find(trees.view("Actors"), "tag")
    assert index.data(Qt.DisplayRole) == "<b>x</b>"


def test_tab_titles_show_counts(trees):
    assert trees.tab_titles() == ["Actors (11)", "Treaties (1)", "Projects (2)", "Events (2)"]  # treaties, not articles
    assert trees._tabs.tabToolTip(1) == "1 treaty with 5 articles"


def test_filter_ignores_accents_and_case(trees, qtbot):
    qtbot.keyClicks(trees.filter_box(), "TEHRAN")
    view = trees.view("Actors")
    assert rows(view) == ["region (1/1)"]
    assert rows(view, view.model().index(0, 0)) == ["Tehrān"]
    assert trees.tab_titles()[0] == "Actors (1/11)"


def test_filter_by_alias_keeps_the_parent_row(trees):
    trees.set_filter("ایران")
    view = trees.view("Actors")
    assert rows(view) == ["state (1/2)"]
    assert rows(view, view.model().index(0, 0)) == ["Iran"]
    trees.set_filter("putin")
    assert rows(view) == ["state (1/2)"]
    russia = find(view, "russia")
    assert rows(view, russia) == ["Vladimir Putin"]
    assert view.isExpanded(russia)
    assert trees.tab_titles()[:2] == ["Actors (1/11)", "Treaties (0/1)"]
    trees.clear_filter()
    assert trees.tab_titles()[0] == "Actors (11)"
    assert rows(view)[0] == "state (2)"


def test_filter_finds_articles_under_their_treaty(trees):
    trees.set_filter("twelve")
    view = trees.view("Treaties")
    assert rows(view, find(view, "csp")) == ["Article 12: Twelve", "Article 12bis: Twelve bis"]
    assert trees.tab_titles()[1] == "Treaties (1/1)"  # the treaty of the articles found


def test_fold_drops_marks_and_case():
    assert fold("Tehrān") == "tehran"
    assert fold("ANTÓNIO") == "antonio"


def test_set_selection_switches_tab_without_echo(trees, qtbot):
    with qtbot.assertNotEmitted(trees.selection_requested):
        trees.set_selection(["russia", "a19"], "a19")
    assert trees.current_tab() == "Treaties"
    view = trees.view("Treaties")
    article = find(view, "a19")
    assert view.selectionModel().isSelected(article)
    assert view.currentIndex() == article
    assert view.isExpanded(article.parent())
    assert trees.view("Actors").selectionModel().isSelected(find(trees.view("Actors"), "russia"))
    with qtbot.assertNotEmitted(trees.selection_requested):
        trees.set_selection(["putin"], "putin")
    assert trees.current_tab() == "Actors"
    assert trees.view("Actors").isExpanded(find(trees.view("Actors"), "russia"))
    assert not view.selectionModel().hasSelection()


def test_clicking_a_row_emits_its_id(trees, qtbot):
    view = trees.view("Actors")
    with qtbot.waitSignal(trees.selection_requested) as blocker:
        click(qtbot, view, find(view, "iran"))
    assert blocker.args == [["iran"], False]
    with qtbot.waitSignal(trees.selection_requested) as blocker:
        click(qtbot, view, find(view, "brics"), Qt.ControlModifier)
    assert blocker.args == [["iran", "brics"], False]
    with qtbot.waitSignal(trees.selection_requested) as blocker:
        click(qtbot, view, find(view, "sco"))
    assert blocker.args == [["sco"], False]


def test_ctrl_click_in_another_tab_keeps_the_selection(trees, qtbot):
    trees.set_selection(["iran"], "iran")
    trees._tabs.setCurrentIndex(1)
    view = trees.view("Treaties")
    with qtbot.waitSignal(trees.selection_requested) as blocker:
        click(qtbot, view, find(view, "csp"), Qt.ControlModifier)
    assert blocker.args == [["iran", "csp"], False]


def test_group_rows_cannot_be_selected(trees, qtbot):
    view = trees.view("Actors")
    with qtbot.assertNotEmitted(trees.selection_requested):
        click(qtbot, view, view.model().index(0, 0))
    assert not view.selectionModel().hasSelection()


def test_filtering_keeps_the_selection_and_emits_nothing(trees, qtbot):
    trees.set_selection(["iran"], "iran")
    with qtbot.assertNotEmitted(trees.selection_requested):
        trees.set_filter("russia")
        trees.clear_filter()
    view = trees.view("Actors")
    assert view.selectionModel().isSelected(find(view, "iran"))


def test_clicking_an_event_emits_its_id(trees, qtbot):
    trees._tabs.setCurrentIndex(3)
    view = trees.view("Events")
    with qtbot.waitSignal(trees.event_activated) as blocker:
        click(qtbot, view, view.model().index(1, 1))
    assert blocker.args == ["e2"]
    with qtbot.assertNotEmitted(trees.event_activated):
        trees.select_event("e1")
    assert view.selectionModel().isSelected(view.model().index(0, 0))


def test_inactive_rows_greyed_or_hidden(trees):
    view = trees.view("Actors")
    trees.set_inactive({"wagner", "csp"})
    assert QColor(find(view, "wagner").data(Qt.ForegroundRole)) == INACTIVE
    assert find(view, "irgc").data(Qt.ForegroundRole) is None
    trees.set_inactive({"wagner", "csp"}, hide=True)
    assert rows(view)[5] == "militia (1/2)"
    assert trees.tab_titles()[:2] == ["Actors (10/11)", "Treaties (1/1)"]
    trees.set_inactive(None)
    assert rows(view)[5] == "militia (2)"
    assert find(view, "wagner").data(Qt.ForegroundRole) is None


def _text_colours(view, index) -> set[tuple[int, int, int]]:
    """The colours of the darkest pixels painted in a row's cell (its text)."""
    image = view.viewport().grab(view.visualRect(index)).toImage()
    colours = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
    darkest = min(c.lightness() for c in colours)
    return {c.getRgb()[:3] for c in colours if c.lightness() <= darkest + 8}


def test_inactive_rows_are_painted_grey(trees):
    """What the view paints, not only what the model answers: a view asks for all of a cell's
    roles at once (``multiData``), and the inactive row's text comes out grey."""
    view = trees.view("Actors")
    view.expandAll()
    trees.set_inactive({"wagner"})
    grey = _text_colours(view, find(view, "wagner"))
    dark = _text_colours(view, find(view, "irgc"))
    assert INACTIVE.getRgb()[:3] in grey
    assert max(sum(c) for c in dark) < 150  # the active row: near black text


def test_the_tree_model_names_every_role_it_answers(trees):
    """A view asks for a cell's roles at once and the model is asked only for the roles it
    names (``ROLES``): a role answered but not named would never reach the screen."""
    view = trees.view("Actors")
    view.expandAll()
    trees.set_inactive({"wagner"})
    model, answered, stack = view.model(), set(), [QModelIndex()]
    while stack:
        parent = stack.pop()
        for row in range(model.rowCount(parent)):
            for column in range(model.columnCount(parent)):
                index = model.index(row, column, parent)
                answered |= {role for role in range(Qt.ItemDataRole.UserRole + 8) if index.data(role) is not None}
            stack.append(model.index(row, 0, parent))
    assert answered <= model.ROLES
    assert {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ForegroundRole, ID_ROLE} <= answered


def test_a_row_with_no_children_says_it_never_has_any(trees):
    """A view asks a row that says it never has children nothing more on expanding its group
    (a thousand rows: a thousand calls into Python fewer); a row with children still opens."""
    view = trees.view("Actors")
    view.expandAll()
    never = Qt.ItemFlag.ItemNeverHasChildren
    iran, pezeshkian = find(view, "iran"), find(view, "pezeshkian")
    assert not view.model().flags(iran) & never and view.model().flags(pezeshkian) & never
    assert pezeshkian.parent() == iran and view.isExpanded(iran)
    assert not view.model().flags(iran.parent()) & never  # a group


def test_a_new_dataset_replaces_the_rows(trees, make_db):
    trees.set_selection(["iran"], "iran")
    smaller = load(make_db("CREATE TABLE actors (id, name, kind);"
                           "INSERT INTO actors VALUES ('x', 'X', 'state');"
                           "CREATE TABLE relations (source_id, target_id, kind);"))
    trees.set_dataset(smaller)
    assert trees.tab_titles() == ["Actors (1)", "Treaties (0)", "Projects (0)", "Events (0)"]
    assert rows(trees.view("Actors")) == ["state (1)"]


def made(view) -> int:
    """How many rows the model behind a view has made so far."""
    stack, count = list(view.model()._root.kids), 0
    while stack:
        node = stack.pop()
        count += 1
        stack.extend(node.kids or ())
    return count


@pytest.fixture
def big(qtbot):
    """100,000 actors in five kinds; a tenth of them sit under a parent."""
    kinds = ("state", "person", "company", "region", "port")
    entities = {}
    for i in range(100_000):
        parent = f"n{i - i % 10}" if i % 10 else None
        entities[f"n{i}"] = Entity(f"n{i}", "actors", f"Actor {i}", kinds[i // 10 % 5],
                                   parent_id=parent, aliases=(f"Alias {i}",))
    widget = EntityTrees()
    qtbot.addWidget(widget)
    widget.resize(500, 600)
    widget.show()
    widget.set_dataset(Dataset(path=None, entities=entities))
    return widget


def test_rows_are_made_when_a_group_is_opened(big):
    view = big.view("Actors")
    assert big.tab_titles()[0] == "Actors (100000)"
    assert rows(view) == ["state (2000)", "person (2000)", "company (2000)", "region (2000)", "port (2000)"]
    ranges = rows(view, view.model().index(0, 0))
    assert ranges == ["Actor 0 – Actor 54900", "Actor 54950 – Actor 99950"]  # by name: 1000 in each
    assert made(view) < 100  # the groups, their ranges and a screenful of rows, not 100,000
    first = view.model().index(0, 0, view.model().index(0, 0))
    view.expand(first)
    assert 1000 <= made(view) < 1100  # one range's rows
    assert len(rows(view, first)) == 1000


def test_selecting_a_row_deep_in_a_big_group_makes_only_its_range(big):
    big.set_selection(["n99995"], "n99995")  # under n99990, in the last range of "port"
    view = big.view("Actors")
    assert made(view) < 1200
    index = view.currentIndex()
    assert index.data(ID_ROLE) == "n99995" and view.selectionModel().isSelected(index)
    assert index.parent().data(ID_ROLE) == "n99990" and view.isExpanded(index.parent())


def test_filtering_a_big_dataset_runs_off_the_interface_thread(big, qtbot):
    jobs = []
    big.run_in_background = lambda job, done: jobs.append((job, done))
    big.set_filter("actor 9999")
    assert len(jobs) == 1 and big.tab_titles()[0] == "Actors (100000)"  # not yet
    job, done = jobs.pop()
    done(job())
    assert big.tab_titles()[0] == "Actors (11/100000)"
    assert rows(big.view("Actors")) == ["port (2/2000)"]  # under n9990 and n99990
    big.set_filter("actor 1")
    big.set_filter("actor 12")
    first, second = jobs
    second[1](second[0]())
    first[1](first[0]())  # an older filter finishing late changes nothing
    assert big.tab_titles()[0] == "Actors (1111/100000)"


def test_the_filter_and_the_find_box_know_the_short_name_a_row_shows(qtbot, bundled_dataset):
    """A treaty's row and node read "Russia–Iran CSP Treaty (2025)": typing what is shown finds it."""
    from data.search import SearchIndex

    assert "CSP" not in bundled_dataset.entities["ru-ir-csp-2025"].name
    widget = EntityTrees()
    qtbot.addWidget(widget)
    widget.set_dataset(bundled_dataset)
    widget.show()
    widget.set_filter("iran csp")
    view = widget.view("Treaties")
    assert rows(view) == ["Russia–Iran CSP Treaty (2025)"]
    assert SearchIndex(bundled_dataset).find("iran csp")[0] == "ru-ir-csp-2025"
