"""The trees' plans read an entity's columns through its stored row and sort with keys made a
list at a time: the same rows, in the same order, as the plain reading and sorting."""
from __future__ import annotations

from dataclasses import replace

from data import loader
from data.model import Dataset, natural_key
from widgets import tree_plans

SQL = """
CREATE TABLE actors (id, name, kind, parent_id);
INSERT INTO actors VALUES ('b', 'beta', 'state', NULL), ('a', 'Beta', 'state', NULL), ('c', 'alpha', 'person', 'a'),
  ('d', 'Ålpha', 'state', NULL), ('e', 'beta', 'region', NULL);
CREATE TABLE treaties (id, title, signed_date);
INSERT INTO treaties VALUES ('t1', 'Pact', '2001'), ('t2', 'pact', NULL);
CREATE TABLE articles (id, treaty_id, Number, title);
INSERT INTO articles VALUES ('x10', 't1', '10', NULL), ('x2', 't1', '2', NULL), ('x2b', 't1', '2bis', NULL),
  ('x1', 't1', 1, NULL), ('y', 't2', NULL, NULL), ('x3', 't1', 3.0, NULL);
CREATE TABLE projects (id, name, kind, STATUS);
INSERT INTO projects VALUES ('p1', 'Zed', 'deal', 'signed'), ('p2', 'zed', 'deal', NULL);
CREATE TABLE relations (source_id, target_id, kind);
"""


def plain_field_value(entity, column):
    for key in entity.fields:
        if key.lower() == column:
            value = entity.fields[key]
            if value is not None:
                return str(value)
    return ""


def plans_of(dataset):
    return [(p.groups, p.children, p.ids, [p.texts(i) for i in p.ids]) for p in tree_plans.plans(dataset)]


def test_plans_from_stored_rows_are_the_plans_from_plain_fields(make_db):
    dataset = loader.load(make_db(SQL))
    for entity in dataset.entities.values():
        for column in ("number", "status", "name", "missing"):
            assert tree_plans.field_value(entity, column) == plain_field_value(entity, column)
    assert tree_plans.field_value(dataset.entities["x2"], "number") == "2"  # Number, read ignoring case
    assert tree_plans.field_value(dataset.entities["x3"], "number") == "3.0"
    objects = Dataset(path=None, entities={k: replace(e, fields=dict(e.fields)) for k, e in dataset.entities.items()})
    assert plans_of(dataset) == plans_of(objects)
    actors = [e for e in dataset.entities.values() if e.table == "actors"]
    assert tree_plans._by_name(actors) == sorted(actors, key=lambda e: (e.name.casefold(), e.id))
    treaty = tree_plans.treaty_plan(dataset)
    plain = sorted((a for a in dataset.entities.values() if a.parent_id == "t1"),
                   key=lambda a: (natural_key(plain_field_value(a, "number")), a.id))
    assert treaty.children["t1"] == [a.id for a in plain] == ["x1", "x2", "x2b", "x3", "x10"]


def test_a_stored_row_gives_the_first_cell_of_the_columns_named_alike():
    from data.store import StoredRow, StoredTable

    table = StoredTable.from_rows("articles", ["Number", "number", "x"], [(1, None, "2", 3), (2, "7", "8", None)])
    for stored in (table, table.encoded()):
        rows = [StoredRow(stored, 0), StoredRow(stored, 1)]
        assert [r.first_of("number") for r in rows] == ["2", "7"] and rows[1].first_of("x") is None
        assert [tree_plans.field_value(type("E", (), {"fields": r})(), "number") for r in rows] == ["2", "7"]
        assert all(tree_plans.field_value(type("E", (), {"fields": r})(), c) == plain_field_value(
            type("E", (), {"fields": dict(r)})(), c) for r in rows for c in ("number", "x", "y"))


def test_rows_sorted_a_chunk_at_a_time_are_sorted_by_name_then_id(monkeypatch):
    """Many rows (more than a chunk) come by name without case, then by id, as one sort gives."""
    import random

    from data import chunks
    from data.model import Entity

    monkeypatch.setattr(chunks, "CHUNK", 5)
    rng = random.Random(7)
    actors = [Entity(id=f"a{rng.randrange(60)}-{k}", table="actors", name=rng.choice(["Iran", "iran", "Oman", "Ä", "a"]),
                     kind="state") for k in range(57)]
    assert tree_plans._by_name(actors) == sorted(actors, key=lambda e: (e.name.casefold(), e.id))
