"""Row-level problems skip their row and are reported; file-level errors refuse the file."""
import pytest

from data import loader
from data.problems import DatasetError
from conftest import MINIMAL


def problems_of(dataset):
    return {(p.table, p.row, p.column) for p in dataset.problems}


def test_sqlite_utils_style_tables_load(make_db):
    path = make_db("""
        CREATE TABLE actors (id INTEGER, name TEXT, kind TEXT, founded INTEGER);
        INSERT INTO actors VALUES (1, 'Russia', 'state', 862), (2, 'Iran', 'state', NULL),
                                  (3, 'Gazprom', 'energy firm', 1989);
        CREATE TABLE relations (source_id INTEGER, target_id TEXT, kind TEXT, start_date INTEGER);
        INSERT INTO relations VALUES (1, '2', 'cooperates_with', 2001), (3, 1, 'owned_by', NULL);
    """)
    ds = loader.load(path)
    assert ds.problems == []
    assert set(ds.entities) == {"1", "2", "3"}
    assert ds.entities["3"].kind == "energy firm"
    assert ds.entities["1"].fields["founded"] == 862  # extra columns are kept
    assert [(r.source_id, r.target_id) for r in ds.relations] == [("1", "2"), ("3", "1")]
    assert str(ds.relations[0].start) == "2001"


@pytest.mark.parametrize("sql, expected", [
    ("INSERT INTO actors (id, name, kind) VALUES ('a', NULL, 'state')", ("actors", "'a'", "name")),
    ("INSERT INTO actors (id, name, kind) VALUES ('a', '  ', 'state')", ("actors", "'a'", "name")),
    ("INSERT INTO actors (id, name, kind) VALUES (NULL, 'x', 'state')", ("actors", "rowid 2", "id")),
    ("INSERT INTO actors (id, name, kind, start_date) VALUES ('a', 'A', 'state', '2024-13-01')",
     ("actors", "'a'", "start_date")),
    ("INSERT INTO actors (id, name, kind, end_date) VALUES ('a', 'A', 'state', 'yesterday')",
     ("actors", "'a'", "end_date")),
    ("INSERT INTO actors (id, name, kind, start_date, end_date) VALUES ('a', 'A', 'state', '2024-05', '2024-04-30')",
     ("actors", "'a'", "end_date")),
    ("INSERT INTO actors (id, name, kind, parent_id) VALUES ('a', 'A', 'person', 'nobody')",
     ("actors", "'a'", "parent_id")),
    ("INSERT INTO actors (id, name, kind, parent_id) VALUES ('a', 'A', 'person', 'a')",
     ("actors", "'a'", "parent_id")),
    ("INSERT INTO actors (id, name, kind) VALUES ('r', 'Dup', 'state')", ("actors", "'r'", "id")),
    ("INSERT INTO relations (source_id, target_id, kind) VALUES ('r', 'ghost', 'x')",
     ("relations", "rowid 2", "target_id")),
    ("INSERT INTO relations (id, source_id, target_id, kind, weight) VALUES ('e9', 'r', 'r', 'x', 'heavy')",
     ("relations", "'e9'", "weight")),
    ("INSERT INTO relations (id, source_id, target_id, kind, confidence) VALUES ('e9', 'r', 'r', 'x', 'rumour')",
     ("relations", "'e9'", "confidence")),
    ("INSERT INTO relations (id, source_id, target_id, kind) VALUES ('e1', 'r', 'r', 'again')",
     ("relations", "'e1'", "id")),
    ("INSERT INTO relations (id, source_id, target_id, kind) VALUES ('e9', 'r', 'r', '')",
     ("relations", "'e9'", "kind")),
])
def test_each_row_level_problem_skips_only_its_row(make_db, sql, expected):
    path = make_db(MINIMAL + """
        INSERT INTO actors (id, name, kind) VALUES ('r', 'Russia', 'state');
        INSERT INTO relations (id, source_id, target_id, kind) VALUES ('e1', 'r', 'r', 'self');
    """ + sql + ";")
    ds = loader.load(path)
    assert problems_of(ds) == {expected}
    assert "r" in ds.entities and ds.entities["r"].name == "Russia"
    assert [r.id for r in ds.relations] == ["e1"]
    problem = ds.problems[0]
    assert problem.expected and problem.describe().startswith(f"{expected[0]} {expected[1]}: {expected[2]}")


def test_duplicate_ids_across_tables_and_integer_text_equality(make_db):
    path = make_db(MINIMAL + """
        CREATE TABLE projects (id, name);
        INSERT INTO actors (id, name, kind) VALUES (1, 'One', 'state');
        INSERT INTO projects (id, name) VALUES ('1', 'Also one'), ('p', 'Pipeline');
        INSERT INTO relations (source_id, target_id, kind) VALUES ('1', 'p', 'involves');
    """)
    ds = loader.load(path)
    assert problems_of(ds) == {("projects", "'1'", "id")}
    assert "already used in actors" in ds.problems[0].expected
    assert ds.entities["1"].name == "One" and ds.relations[0].source_id == "1"


def test_parent_loops_skip_the_loop_and_its_orphans(make_db):
    path = make_db(MINIMAL + """
        INSERT INTO actors (id, name, kind, parent_id) VALUES
          ('a', 'A', 'x', 'b'), ('b', 'B', 'x', 'a'), ('c', 'C', 'x', 'a'), ('s', 'State', 'state', ''),
          ('l', 'Leader', 'person', 's');
        INSERT INTO relations (source_id, target_id, kind) VALUES ('c', 's', 'x'), ('l', 's', 'leads');
    """)
    ds = loader.load(path)
    assert set(ds.entities) == {"s", "l"}
    assert ds.entities["l"].parent_id == "s" and ds.entities["s"].parent_id is None
    assert problems_of(ds) == {("actors", "'a'", "parent_id"), ("actors", "'b'", "parent_id"),
                               ("actors", "'c'", "parent_id"), ("relations", "rowid 1", "source_id")}


def test_articles_follow_their_treaty_and_sort_naturally(make_db):
    path = make_db(MINIMAL + """
        CREATE TABLE treaties (id, title, signed_date);
        CREATE TABLE articles (id, treaty_id, number, title);
        INSERT INTO treaties VALUES ('t', 'Treaty', '2025-01-17');
        INSERT INTO articles VALUES ('a10', 't', '10', NULL), ('a2', 't', '2', 'Two'),
                                    ('a12b', 't', '12bis', NULL), ('ax', 'nope', '1', NULL);
    """)
    ds = loader.load(path)
    from data.model import natural_key
    numbers = sorted((e.fields["number"] for e in ds.entities.values() if e.table == "articles"), key=natural_key)
    assert numbers == ["2", "10", "12bis"]
    assert str(ds.entities["a2"].start) == "2025-01-17" and ds.entities["a2"].end is None
    assert problems_of(ds) == {("articles", "'ax'", "treaty_id")}


def test_events_and_event_entities(make_db):
    path = make_db(MINIMAL + """
        CREATE TABLE events (id, date, title, kind);
        CREATE TABLE event_entities (event_id, entity_id);
        INSERT INTO actors (id, name, kind) VALUES ('r', 'Russia', 'state');
        INSERT INTO events VALUES ('e2', '2025-01-17', 'Signing', 'signing'), ('e1', 2024, 'Year', NULL),
                                  ('bad', 'soon', 'Bad', NULL);
        INSERT INTO event_entities VALUES ('e2', 'r'), ('e2', 'ghost'), ('nope', 'r');
    """)
    ds = loader.load(path)
    assert [e.id for e in ds.events] == ["e1", "e2"]  # sorted by date
    assert ds.events[1].entity_ids == ["r"]
    assert problems_of(ds) == {("events", "'bad'", "date"), ("event_entities", "rowid 2", "entity_id"),
                               ("event_entities", "rowid 3", "event_id")}


def test_meta_default_date(make_db):
    path = make_db(MINIMAL + """
        CREATE TABLE meta (key, value);
        INSERT INTO meta VALUES ('title', 'My data'), ('default_date', '2024-06');
    """)
    ds = loader.load(path)
    assert ds.title == "My data"
    import datetime as dt
    assert ds.default_day() == dt.date(2024, 6, 1).toordinal()


@pytest.mark.parametrize("sql, message", [
    ("CREATE TABLE actors (id, name, kind);", "required table 'relations' is missing"),
    ("CREATE TABLE relations (source_id, target_id, kind);", "required table 'actors' is missing"),
    ("CREATE TABLE actors (id, name); CREATE TABLE relations (source_id, target_id, kind);",
     "table 'actors' lacks the required column kind"),
    (MINIMAL + "CREATE TABLE events (id, title);", "table 'events' lacks the required column date"),
])
def test_file_level_errors_name_the_file_and_the_table(make_db, sql, message):
    path = make_db(sql)
    with pytest.raises(DatasetError) as caught:
        loader.load(path)
    assert message in str(caught.value) and str(path) in str(caught.value)


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b"hello, this is text\n" * 10, "not a SQLite database"),
    (bytes(range(256)) * 4, "not a SQLite database"),
])
def test_files_that_are_not_datasets(tmp_path, content, message):
    path = tmp_path / "x.db"
    path.write_bytes(content)
    with pytest.raises(DatasetError, match=message):
        loader.load(path)


def test_missing_path_and_folder(tmp_path):
    with pytest.raises(DatasetError, match="no such file"):
        loader.load(tmp_path / "nope.db")
    with pytest.raises(DatasetError, match="is a folder"):
        loader.load(tmp_path)


def test_text_that_is_not_utf8_is_read_with_replacement_characters(make_db):
    path = make_db(MINIMAL + "INSERT INTO actors (id, name, kind) VALUES ('a', CAST(X'54E9686572616E' AS TEXT), 'city');")
    ds = loader.load(path)
    assert ds.entities["a"].name == "T\ufffdheran" and ds.problems == []


def test_views_and_without_rowid_tables_are_read(make_db):
    path = make_db("""
        CREATE TABLE people (id TEXT PRIMARY KEY, name, kind) WITHOUT ROWID;
        INSERT INTO people VALUES ('p', 'Person', 'person');
        CREATE VIEW actors AS SELECT * FROM people;
        CREATE TABLE relations (source_id, target_id, kind);
    """)
    ds = loader.load(path)
    assert ds.entities["p"].name == "Person" and ds.extra_tables == {"people": 1}
