"""Validation checks whole columns at once and leaves only doubtful rows to the row-by-row
checks: both paths must keep the same rows, report the same problems in the same order and
give the same graph, whatever the rows hold."""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from data import graph as graph_module, loader, rows as row_reading, schema
from data.model import Dataset
from data.store import StoredTable

IDS = st.sampled_from(["a", "b", "c", " a ", "t", "t2", "1", 1, 1.0, 2.5, "", "  ", None, b"a", "rowid 3"])
DATES = st.sampled_from(["2024", "2024-02", "2024-02-29", "2023-02-29", "2024-13", "0000", "1999", " 1999",
                         1999, 0, 10000, 2024.0, 2024.5, "", " ", None, "yesterday", "2024-1-5", b"2024"])
TEXT = st.sampled_from(["state", "person", " bloc ", "", None, 7, "État", b"\x00"])
WEIGHTS = st.sampled_from([None, "", 1, 0, 2.5, -1, "2", "heavy", float("inf"), float("nan"), -0.0, " 3 ", 3.4e38])
CONFIDENCES = st.sampled_from([None, "", "official", "Reported", " inferred ", "rumoured", 1])
# plausible values: most rows of a real file are well formed, and repeats need well-formed rows
GOOD_IDS = st.sampled_from(["a", "b", "c", "t", "1"])
GOOD_DATES = st.sampled_from(["2024", "2024-02", "2001-05-06", None, ""])


def mostly(good, any_value):
    return st.one_of(good, good, good, any_value)


def table(name, columns, rows):
    return StoredTable.from_rows(name, columns, [(n + 1, *row) for n, row in enumerate(rows)])


TABLES = st.fixed_dictionaries({
    "actors": st.lists(st.tuples(mostly(GOOD_IDS, IDS), TEXT, mostly(st.just("state"), TEXT),
                                 st.one_of(st.none(), GOOD_IDS, IDS), mostly(GOOD_DATES, DATES),
                                 mostly(GOOD_DATES, DATES)), max_size=9).map(
        lambda rows: table("actors", ["id", "name", "kind", "parent_id", "start_date", "end_date"], rows)),
    "treaties": st.lists(st.tuples(IDS, TEXT, DATES), max_size=4).map(
        lambda rows: table("treaties", ["id", "title", "signed_date"], rows)),
    "articles": st.lists(st.tuples(IDS, IDS, TEXT), max_size=4).map(
        lambda rows: table("articles", ["id", "treaty_id", "number"], rows)),
    "projects": st.lists(st.tuples(IDS, TEXT, TEXT, DATES, DATES), max_size=4).map(
        lambda rows: table("projects", ["id", "name", "kind", "start_date", "end_date"], rows)),
    "relations": st.lists(st.tuples(mostly(st.sampled_from(["r1", "r2", None]), IDS), mostly(GOOD_IDS, IDS),
                                    mostly(GOOD_IDS, IDS), mostly(st.just("ally"), TEXT), mostly(GOOD_DATES, DATES),
                                    mostly(GOOD_DATES, DATES), mostly(st.none(), WEIGHTS),
                                    mostly(st.just("official"), CONFIDENCES)), max_size=12).map(
        lambda rows: table("relations", ["id", "source_id", "target_id", "kind", "start_date", "end_date",
                                         "weight", "confidence"], rows)),
})


def as_objects(dataset):
    """The same dataset built from plain objects, as code outside the loader builds one."""
    return Dataset(path=None, entities={k: dataset.entities[k] for k in dataset.entities},
                   relations=list(dataset.relations), events=dataset.events)


def one_by_one(dataset):
    """Each kept entity as ``data.rows.entity`` makes it from its own row (the reference for the
    entities made a column at a time)."""
    frame, made = dataset.frame, {}
    for position, entity_id in enumerate(frame.ids):
        table = schema.ENTITY_TABLES[frame.table[position]]
        row = row_reading.RowReader(table, frame.stored[table])(int(frame.row[position]))
        entity = made[entity_id] = row_reading.entity(table, row, entity_id)
        if table == "articles":
            entity.start, entity.end = made[entity.parent_id].start, made[entity.parent_id].end
    return made


def same_graph(a, b):
    for name in ("table", "kind", "start", "end", "src", "dst", "edge_kind", "edge_start", "edge_end", "weight",
                 "confidence"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert (a.ids, a.kinds, a.edge_kinds, a.relation_count) == (b.ids, b.kinds, b.edge_kinds, b.relation_count)


@given(TABLES)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_column_checks_give_the_answers_of_the_row_checks(tables):
    fast = loader.validate(None, tables, {}, columnwise=True)
    slow = loader.validate(None, tables, {}, columnwise=False)
    assert [str(p) for p in fast.problems] == [str(p) for p in slow.problems]
    assert list(fast.entities) == list(slow.entities)
    assert [fast.entities[k] for k in fast.entities] == [slow.entities[k] for k in slow.entities]
    assert list(fast.entities.values()) == list(one_by_one(fast).values())
    assert list(fast.relations) == list(slow.relations)
    same_graph(graph_module.build(fast), graph_module.build(slow))
    # and the graph made from the arrays is the one made from the objects
    same_graph(graph_module.build(fast), graph_module.build(as_objects(fast)))
    objects = as_objects(fast)
    assert fast.date_range() == objects.date_range()
    for entity_id in fast.entities:  # what the detail panel asks of the arrays, per entity
        assert fast.relations_of(entity_id) == objects.relations_of(entity_id)
        assert fast.children_of(entity_id) == objects.children_of(entity_id)
    some = list(fast.entities)[::2]
    assert fast.relations_of(*some) == objects.relations_of(*some)
    for name in schema.ENTITY_TABLES:
        assert fast.count(name) == as_objects(fast).count(name)


def test_a_doubtful_row_is_decided_by_the_row_checks_and_named(make_db):
    """A well-formed file takes the fast path; one bad value among them is named exactly."""
    rows = ", ".join(f"('a{i}', 'Actor {i}', 'state', '2001-0{1 + i % 9}')" for i in range(200))
    path = make_db(f"""
        CREATE TABLE actors (id, name, kind, start_date);
        INSERT INTO actors VALUES {rows}, ('bad', 'Bad', 'state', '2001-02-30');
        CREATE TABLE relations (source_id, target_id, kind, weight);
        INSERT INTO relations VALUES ('a1', 'a2', 'ally', 2), ('a1', 'bad', 'ally', 1), ('a3', 'a4', 'ally', -1);
    """)
    fast, slow = loader.load(path), loader.load(path, columnwise=False)
    assert [p.describe() for p in fast.problems] == [p.describe() for p in slow.problems] == [
        "actors 'bad': start_date is '2001-02-30'; expected " + "a date YYYY, YYYY-MM or YYYY-MM-DD "
        "(years 0001-9999), or an integer year",
        "relations rowid 2: target_id is 'bad'; expected the id of an actor, treaty, article or project",
        "relations rowid 3: weight is -1; expected a number, 0 or more (empty means 1)"]
    assert len(fast.entities) == 200 and fast.entities["a7"].start.month == 8
    assert [(r.id, r.weight) for r in fast.relations] == [("rowid 1", 2.0)]


def test_a_row_read_as_a_mapping_answers_get_and_in_as_a_mapping_does():
    """``RowView`` and ``StoredRow`` answer ``get`` and ``in`` without Mapping's KeyError round
    trip: the same answers as ``Mapping.get`` and ``Mapping.__contains__``."""
    from collections.abc import Mapping

    from data.model import RowView
    from data.store import StoredRow

    stored = table("actors", ["id", "Name", "short_name"], [("a", "Alpha", None)])
    rows = [RowView(("id", "Name", "short_name"), (1, "a", "Alpha", None),
                    {"id": 1, "Name": 2, "short_name": 3}), StoredRow(stored.encoded(), 0)]
    for row in rows:
        for key in ("id", "Name", "name", "short_name", "missing"):
            assert row.get(key) == Mapping.get(row, key) and row.get(key, 7) == Mapping.get(row, key, 7)
            assert (key in row) == Mapping.__contains__(row, key)


def test_a_kind_only_a_doubted_row_has_is_kept_with_its_place_among_the_kinds(make_db):
    """The columnwise path carries the kinds as codes; a doubted row the row checks keep may
    bring a kind no other row has (here ' b ', read 'b', and 'zz'): the frame's kinds and
    codes are the row-by-row path's."""
    path = make_db("""
        CREATE TABLE actors (id, name, kind);
        INSERT INTO actors VALUES ('a', 'A', 'state'), ('b', 'B', 'state'), ('c', 'C', 'state');
        CREATE TABLE relations (id, source_id, target_id, kind);
        INSERT INTO relations VALUES ('r1', 'a', 'b', 'm'), ('r2', 'a', 'c', ' b '), ('r2', 'b', 'c', 'b'),
          ('r3', 'b', 'c', 'zz'), ('r3', 'c', 'a', 'm'), ('r4', 'c', 'b', 'm'), ('r5', 'a', 'b', '  ');
    """)
    fast, slow = loader.load(path), loader.load(path, columnwise=False)
    assert [p.describe() for p in fast.problems] == [p.describe() for p in slow.problems]
    assert fast.frame.rel_kinds == slow.frame.rel_kinds == ["b", "m", "zz"]
    assert np.array_equal(fast.frame.rel_kind, slow.frame.rel_kind) and list(fast.frame.rel_kind) == [1, 0, 2, 1]
    assert list(fast.relations) == list(slow.relations)


@given(st.lists(st.sampled_from(["a", " a", "b ", "rowid 1", " rowid 2", "", "  ", "c", "zz"]), max_size=40))
@settings(max_examples=200, deadline=None)
def test_ids_and_positions_of_text_are_the_plain_readings(values):
    """Chunked passes (a tiny chunk, so that the pieces are many) give each value's plain reading."""
    from data import columnwise as cw, rows

    index = {"a": 0, "b": 1, "rowid 1": 2}
    saved, cw.CHUNK = cw.CHUNK, 3
    try:
        assert cw.ids(values) == [rows.as_id(v) for v in values]
        assert cw.positions(values, index).tolist() == [index.get(rows.as_id(v), -1) for v in values]
        ids = cw.ids(values)
        assert cw._may_start_with(ids, "rowid ") == any(i is not None and i.startswith("rowid ") for i in ids)
        assert cw.distinct_codes(values)[0] == list(dict.fromkeys(values))
    finally:
        cw.CHUNK = saved


TEXTS = st.sampled_from(["a", "b", "ab", "a ", " a", "", "  ", "abcdefgh", "abcdefghi", "x" * 40, "x" * 64, None,
                         "rowid 1", "t10475-12", "a600298"])


@given(st.lists(TEXTS, max_size=60), st.sampled_from([None, "x" * 65, "é", "a\x00", 1]), st.sampled_from([1 << 20, 1, 4]))
@settings(max_examples=300, deadline=None)
def test_plain_text_coded_by_numpy_gives_the_dictionarys_answer(values, odd, rows):
    """``data.text_codes`` groups plain text as a dictionary would (first rows, codes, None's
    group), its passes over the rows made a slice of ``rows`` at a time or whole; a column it
    does not take (wider than 64 bytes, not ASCII, a NUL, a number) answers None, and the
    callers' answers stay the dictionary's either way."""
    from data import text_codes

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(text_codes, "ROWS", rows)
        _coded_as_a_dictionary_codes(values, odd)


def _coded_as_a_dictionary_codes(values, odd):
    from data import columnwise as cw, text_codes

    for column in (values, values + [odd] + values):
        first: dict = {}
        rows = [first.setdefault(v, i) for i, v in enumerate(column)]
        order = {v: k for k, v in enumerate(first)}
        grouped = text_codes.codes(column)
        cut = len(column) // 3  # the same column in three lists: the same answer
        in_parts = text_codes.codes_of_parts([column[:cut], column[cut:2 * cut], column[2 * cut:]])
        assert (in_parts is None) == (grouped is None)
        if grouped is not None:
            assert all(np.array_equal(a, b) for a, b in zip(grouped[:2], in_parts[:2])) and grouped[2] == in_parts[2]
        if grouped is None:
            assert odd is not None and odd in column
        else:
            assert grouped[0].tolist() == sorted(set(rows))
            assert grouped[1].tolist() == [order[v] for v in column]
            assert grouped[2] == (order[None] if None in first else -1)
        assert cw.distinct_codes(column)[0] == list(first)
        assert cw.distinct_codes(column)[1].tolist() == [order[v] for v in column]
        counts = {v: column.count(v) for v in first}
        assert cw.repeated(column).tolist() == [v is not None and counts[v] > 1 for v in column]
        texts = [v for v in column if isinstance(v, str)]
        index = {t.strip(): k for k, t in enumerate(dict.fromkeys(t for t in texts[::2] if t.strip()))}
        assert cw.positions(texts, index).tolist() == [index.get(row_reading.as_id(v), -1) for v in texts]


def test_ids_coded_by_numpy_keep_the_row_checks_frame_and_problems(make_db, monkeypatch):
    """Relation ends and ids of plain text are coded by NumPy (``data.text_codes``): with
    dangling, duplicate, NULL, integer-typed, padded and 'rowid N' ids, and ids longer than a
    64-bit word (several words, grouped by a mix of them), the fast path keeps the rows the
    row-by-row path keeps, with the same frame and the same problems."""
    long_ids = [f"a-very-long-actor-identifier-{i:03d}" for i in range(60)]
    actors = ", ".join(f"('{i}', 'Actor {n}', 'state')" for n, i in enumerate(long_ids))
    pairs = [(long_ids[n], long_ids[(n * 7 + 1) % 60]) for n in range(60)]
    relations = ", ".join(f"('r{n}', '{s}', '{t}', 'ally')" for n, (s, t) in enumerate(pairs))
    path = make_db(f"""
        CREATE TABLE actors (id, name, kind);
        INSERT INTO actors VALUES {actors}, ('7', 'Seven', 'state'), ('short', 'Short', 'state'),
          ('short', 'Twice', 'state'), (NULL, 'No id', 'state'), (' padded ', 'Padded', 'state');
        CREATE TABLE relations (id, source_id, target_id, kind);
        INSERT INTO relations VALUES {relations}, ('r1', 'short', '{long_ids[0]}', 'ally'),
          ('rx', 'nowhere', '{long_ids[1]}', 'ally'), (NULL, ' padded', '{long_ids[2]}', 'ally'),
          ('ry', '{long_ids[3]}', 7, 'ally'), ('rowid 64', ' {long_ids[5]} ', '{long_ids[4]}', 'ally'),
          (NULL, '{long_ids[6]}', NULL, 'ally'), ('rz', '{long_ids[7]}x', '{long_ids[7]}', 'ally');
    """)  # the sources are plain text (coded by NumPy), the targets not (an integer, a NULL)
    from data import text_codes

    coded, real = [], text_codes.codes
    monkeypatch.setattr(text_codes, "codes", lambda values: coded.append(real(values) is not None) or real(values))
    fast = loader.load(path)
    assert True in coded and False in coded  # both ways were taken
    slow = loader.load(path, columnwise=False)
    assert [p.describe() for p in fast.problems] == [p.describe() for p in slow.problems]
    assert len(fast.problems) >= 5 and list(fast.entities) == list(slow.entities)
    for name in ("src", "dst", "rel_row", "rel_kind", "table", "row", "parent"):
        assert np.array_equal(getattr(fast.frame, name), getattr(slow.frame, name)), name
    assert list(fast.relations) == list(slow.relations)
    same_graph(graph_module.build(fast), graph_module.build(slow))
