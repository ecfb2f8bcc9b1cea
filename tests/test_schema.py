"""The contract as data: table words, date and parent columns, confidence codes."""
import numpy as np

from data import graph as G, loader, schema
from conftest import MINIMAL


def test_confidence_codes_are_what_the_graph_stores(make_db):
    path = make_db(MINIMAL + """
        INSERT INTO actors (id, name, kind) VALUES ('a', 'A', 'state'), ('b', 'B', 'state');
        INSERT INTO relations (source_id, target_id, kind, confidence) VALUES
            ('a', 'b', 'x', 'official'), ('a', 'b', 'x', 'reported'),
            ('a', 'b', 'x', 'inferred'), ('a', 'b', 'x', NULL);
    """)
    dataset = loader.load(path)
    graph = G.build(dataset)
    codes = [schema.confidence_code(r.confidence) for r in dataset.relations]
    assert codes == [0, 1, 2, 3] == graph.confidence[: graph.relation_count].tolist()
    assert [schema.CONFIDENCE_LEVELS[c] for c in np.unique(graph.confidence)] == \
        ["official", "reported", "inferred", None]
    assert [schema.confidence_label(c) for c in schema.CONFIDENCE_LEVELS] == \
        ["official", "reported", "inferred", "not given"]


def test_table_words():
    assert [schema.singular(t) for t in schema.ENTITY_TABLES] == ["actor", "treaty", "article", "project"]
    assert [schema.title(t) for t in schema.ENTITY_TABLES] == ["Actor", "Treaty", "Article", "Project"]
    assert schema.singular("relations") == "relation" and schema.singular("events") == "event"
    assert schema.singular("notes") == "notes"  # an extra table keeps its name


def test_date_and_parent_columns():
    spans = {s.name: (s.start, s.end) for s in schema.TABLES}
    assert spans["treaties"] == ("signed_date", None) and spans["events"] == ("date", None)
    assert spans["articles"] == (None, None) and spans["actors"] == ("start_date", "end_date")
    for spec in schema.TABLES:  # a start or end column is one of the table's date columns
        assert {spec.start, spec.end} - {None} <= set(spec.dates)
    assert {s.name: s.parent for s in schema.TABLES if s.parent} == \
        {"actors": "parent_id", "articles": "treaty_id"}


def test_an_extra_treaty_id_column_does_not_nest_a_project(make_db):
    path = make_db(MINIMAL + """
        CREATE TABLE treaties (id, title);
        CREATE TABLE projects (id, name, treaty_id);
        INSERT INTO treaties VALUES ('t', 'Treaty');
        INSERT INTO projects VALUES ('p', 'Pipeline', 't');
    """)
    dataset = loader.load(path)
    assert dataset.entities["p"].parent_id is None and dataset.entities["p"].kind == "project"
    assert dataset.problems == []
