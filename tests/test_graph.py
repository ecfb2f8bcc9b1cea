"""The graph arrays and the contract's rules for what is shown at a day."""

import numpy as np
import pytest

from data import dates, graph as G, loader
from data.graph import TimeMode
from conftest import MINIMAL


def day(text):
    return dates.parse_day(text)


@pytest.fixture
def timed(make_db):
    path = make_db(MINIMAL + """
        CREATE TABLE treaties (id, title, signed_date);
        CREATE TABLE articles (id, treaty_id, number);
        INSERT INTO actors (id, name, kind, start_date, end_date) VALUES
            ('old', 'Old state', 'state', 1900, '1950-06'), ('ru', 'Russia', 'state', NULL, NULL),
            ('ir', 'Iran', 'state', NULL, NULL), ('new', 'New bloc', 'bloc', '2024-09', NULL);
        INSERT INTO treaties VALUES ('t', 'Treaty', '2025-01-17');
        INSERT INTO articles VALUES ('t1', 't', '1');
        INSERT INTO relations (id, source_id, target_id, kind, start_date, end_date) VALUES
            ('p1', 'ru', 't', 'party_to', '2025-01-17', NULL),
            ('x', 'ru', 'ir', 'cooperates_with', '2001', '2001'),
            ('n', 'ir', 'new', 'member_of', NULL, NULL),
            ('o', 'old', 'ru', 'borders', NULL, NULL);
    """)
    ds = loader.load(path)
    return ds, G.build(ds)


def shown(g, mask):
    return {g.ids[i] for i in np.flatnonzero(mask)}


def test_at_a_day(timed):
    ds, g = timed
    before = day("2025-01-16")
    assert shown(g, g.active_nodes(before)) == {"ru", "ir", "new"}
    on = day("2025-01-17")
    assert shown(g, g.active_nodes(on)) == {"ru", "ir", "new", "t", "t1"}
    edges = g.active_edges(on)
    assert {ds.relations[i].id for i in np.flatnonzero(g.relations_mask(edges))} == {"p1", "n"}


def test_partial_dates_cover_their_span(timed):
    _ds, g = timed
    old = g.index["old"]
    assert g.active_nodes(day("1950-06-30"))[old] and not g.active_nodes(day("1950-07-01"))[old]
    new = g.index["new"]
    assert not g.active_nodes(day("2024-08-31"))[new] and g.active_nodes(day("2024-09-01"))[new]


def test_an_edge_needs_both_ends(timed):
    ds, g = timed
    edges = g.active_edges(day("1940-01-01"))
    # 'o' is active (no dates) and old is active, and ru is always active: drawn
    assert "o" in {ds.relations[i].id for i in np.flatnonzero(g.relations_mask(edges))}
    edges = g.active_edges(day("1960-01-01"))
    assert "o" not in {ds.relations[i].id for i in np.flatnonzero(g.relations_mask(edges))}


def test_cumulative_and_window(timed):
    ds, g = timed
    cumulative = g.active_nodes(day("2025-02-01"), TimeMode.CUMULATIVE)
    assert shown(g, cumulative) == {"old", "ru", "ir", "new", "t", "t1"}  # ended ones stay
    window = g.active_nodes(day("1949-01-01"), TimeMode.WINDOW, day("2024-10-01"))
    assert shown(g, window) == {"old", "ru", "ir", "new"}
    edges = g.active_edges(day("2000-06-01"), TimeMode.WINDOW, day("2002-01-01"))
    assert "x" in {ds.relations[i].id for i in np.flatnonzero(g.relations_mask(edges))}
    edges = g.active_edges(day("2002-01-01"), TimeMode.AT)
    assert "x" not in {ds.relations[i].id for i in np.flatnonzero(g.relations_mask(edges))}


def test_articles_hang_on_their_treaty_by_a_structural_edge(timed):
    _ds, g = timed
    assert g.edge_count == g.relation_count + 1
    k = g.relation_count
    assert (g.ids[g.src[k]], g.ids[g.dst[k]], g.edge_kinds[g.edge_kind[k]]) == ("t1", "t", G.ARTICLE_OF)


def test_neighbours_and_degree(timed):
    _ds, g = timed
    start = np.zeros(g.node_count, bool)
    start[g.index["ir"]] = True
    assert shown(g, g.neighbours(start, 1)) == {"ir", "ru", "new"}
    assert shown(g, g.neighbours(start, 2)) == {"ir", "ru", "new", "t", "old"}
    assert g.degree()[g.index["ru"]] == 3


def test_keys_among_a_pool_are_found_as_isin_finds_them():
    from data.frame_graph import _among

    rng = np.random.default_rng(3)
    for size, pool_size in ((0, 5), (5, 0), (50, 200), (400, 40)):
        keys, pool = rng.integers(0, 300, size), rng.integers(0, 300, pool_size)
        assert np.array_equal(_among(keys, pool), np.isin(keys, pool))
