"""The analysis layer without widgets: filters, paths, centrality, communities and the treaty
comparison, on the bundled dataset and on small made-up ones."""
from __future__ import annotations

import csv
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from data import filters as FL, graph as G, loader, measures as M, paths as P, schema, treaty_comparison as TC
from conftest import shown_at
from data.filters import Filters
from data.paths import Hop

IR, KP = "ru-ir-csp-2025", "ru-kp-csp-2024"




def ids(graph, mask):
    return {graph.ids[i] for i in np.flatnonzero(mask)}


def relation_index(dataset, relation_id):
    return next(i for i, r in enumerate(dataset.relations) if r.id == relation_id)


# -- filters ---------------------------------------------------------------------------------
def test_only_official_leaves_no_reported_or_inferred_relation(bundled):
    dataset, graph = bundled
    nodes, edges = shown_at(graph, "2025-06-01")
    kept_nodes, kept_edges = Filters.only_official().apply(graph, nodes, edges)
    relations = np.flatnonzero(kept_edges[: graph.relation_count])
    assert len(relations) > 0
    assert {dataset.relations[i].confidence for i in relations} == {"official"}
    assert kept_edges[graph.relation_count:].sum() == edges[graph.relation_count:].sum()  # structure stays
    assert kept_nodes.sum() == nodes.sum()  # no minimum degree: nodes stay
    assert Filters.only_official().describe() == ["official only"]


def test_hiding_a_kind_hides_its_nodes_and_their_links(bundled):
    dataset, graph = bundled
    nodes, edges = shown_at(graph, "2025-06-01")
    kept_nodes, kept_edges = Filters(hidden_kinds={"person"}).apply(graph, nodes, edges)
    assert not any(dataset.entities[i].kind == "person" for i in ids(graph, kept_nodes))
    assert "russia" in ids(graph, kept_nodes)
    assert kept_nodes[graph.src[kept_edges]].all() and kept_nodes[graph.dst[kept_edges]].all()
    assert not np.isin(np.flatnonzero(kept_edges), [relation_index(dataset, "r3")]).any()  # putin signed


def test_hiding_a_table_and_a_relation_kind(bundled):
    dataset, graph = bundled
    nodes, edges = shown_at(graph, "2025-06-01")
    filters = Filters(hidden_tables={"articles"}, hidden_relations={"leads", G.ARTICLE_OF})
    kept_nodes, kept_edges = filters.apply(graph, nodes, edges)
    articles = schema.ENTITY_TABLES.index("articles")
    assert not (graph.table[kept_nodes] == articles).any()
    kinds = {graph.edge_kinds[k] for k in graph.edge_kind[kept_edges]}
    assert "leads" not in kinds and "party_to" in kinds
    # structural links ignore relation filters: a nested link stays when its ends do
    nested = Filters(hidden_relations={G.ARTICLE_OF}).apply(graph, nodes, edges)[1]
    assert nested[graph.relation_count:].sum() == edges[graph.relation_count:].sum()


def test_min_degree_counts_the_links_that_pass(bundled):
    _dataset, graph = bundled
    nodes, edges = shown_at(graph, "2025-06-01")
    base = Filters(confidences={"official", "reported"})
    passing = base.apply(graph, nodes, edges)[1]
    kept_nodes, kept_edges = Filters(confidences={"official", "reported"}, min_degree=2).apply(graph, nodes, edges)
    degree = graph.degree(passing)
    assert set(np.flatnonzero(kept_nodes)) == set(np.flatnonzero(nodes & (degree >= 2)))
    assert "philippines" in ids(graph, kept_nodes) and "mojtaba-khamenei" not in ids(graph, kept_nodes)
    assert not (kept_edges & ~passing).any()


def test_apply_leaves_its_inputs_alone(bundled):
    _dataset, graph = bundled
    nodes, edges = shown_at(graph, "2025-06-01")
    before = nodes.copy(), edges.copy()
    Filters(hidden_kinds={"state"}, min_degree=3).apply(graph, nodes, edges)
    assert np.array_equal(nodes, before[0]) and np.array_equal(edges, before[1])


def test_chips_describe_and_remove_each_condition():
    filters = Filters(hidden_kinds={"person"}, hidden_tables=["articles"], hidden_relations={"leads"},
                      confidences={"official", "reported", None}, min_degree=2)
    assert filters.describe() == ["hide confidence: inferred", "hide articles", "hide kind: person",
                                  "hide link: leads", "degree ≥ 2"]
    assert filters.without("hide kind: person").hidden_kinds == frozenset()
    assert filters.without("degree ≥ 2").min_degree == 0
    assert filters.without("hide confidence: inferred").confidences == FL.ALL_CONFIDENCES
    assert filters.without("no such chip") == filters
    unwound = filters
    for text in filters.describe():
        unwound = unwound.without(text)
    assert unwound == Filters() and unwound.is_default and Filters().describe() == []
    assert Filters.only_official().without("official only") == Filters()


def test_filters_refuse_an_unknown_confidence():
    with pytest.raises(ValueError, match="unknown confidence"):
        Filters(confidences={"rumoured"})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kinds=st.sets(st.sampled_from(["person", "state", "bloc", "treaty", "article", "pipeline"])),
       confidences=st.sets(st.sampled_from(schema.CONFIDENCE_LEVELS)), degree=st.integers(0, 4))
def test_filters_only_narrow_and_keep_edges_on_shown_nodes(bundled, kinds, confidences, degree):
    _dataset, graph = bundled
    nodes, edges = shown_at(graph, "2025-01-17")
    kept_nodes, kept_edges = Filters(hidden_kinds=kinds, confidences=confidences, min_degree=degree).apply(
        graph, nodes, edges)
    assert not (kept_nodes & ~nodes).any() and not (kept_edges & ~edges).any()
    assert kept_nodes[graph.src[kept_edges]].all() and kept_nodes[graph.dst[kept_edges]].all()


# -- paths -----------------------------------------------------------------------------------
def check_path(graph, path, a, b):
    assert path[0].source == graph.index[a] and path[-1].target == graph.index[b]
    visited = P.path_nodes(path)
    assert len(set(visited)) == len(visited)  # simple
    for hop in path:
        assert {int(graph.src[hop.edge]), int(graph.dst[hop.edge])} == {hop.source, hop.target}


def test_paths_between_saudi_arabia_and_iran_name_their_sources(bundled):
    dataset, graph = bundled
    nodes, edges = shown_at(graph, "2025-06-01")
    paths = P.shortest_paths(graph, "saudi-arabia", "iran", nodes, edges, k=3)
    assert len(paths) == 3 and [len(p) for p in paths] == sorted(len(p) for p in paths)
    for path in paths:
        check_path(graph, path, "saudi-arabia", "iran")
    assert paths[0] == [Hop(graph.index["saudi-arabia"], graph.index["iran"], relation_index(dataset, "r125"))]
    assert P.hop_text(dataset, graph, paths[0][0]) == (
        "Saudi Arabia —cooperates_with→ Iran, undated, reported, source: 000_d6fe95bd9765417d.txt "
        "(para 16; para 19)")
    second = [P.hop_text(dataset, graph, hop) for hop in paths[1]]
    assert second[0].startswith("Saudi Arabia —invests_in→ United States, from 2025-01, reported, source: "
                                "https://jakartaglobe.id/") and second[0].endswith("(para 5)")
    assert second[1] == ("United States —sanctions→ Iran, undated, reported, source: 000_d6fe95bd9765417d.txt "
                         "(para 8)")


def test_paths_follow_the_date(bundled):
    dataset, graph = bundled
    invests = relation_index(dataset, "r108")  # Saudi Arabia invests in the US from 2025-01
    later = P.shortest_paths(graph, "saudi-arabia", "iran", *shown_at(graph, "2025-06-01"), k=3)
    earlier = P.shortest_paths(graph, "saudi-arabia", "iran", *shown_at(graph, "2024-06-01"), k=3)
    assert any(hop.edge == invests for path in later for hop in path)
    assert earlier and not any(hop.edge == invests for path in earlier for hop in path)
    for path in earlier:
        check_path(graph, path, "saudi-arabia", "iran")


def test_paths_respect_filters_k_and_length(bundled):
    dataset, graph = bundled
    nodes, edges = Filters.only_official().apply(graph, *shown_at(graph, "2025-06-01"))
    paths = P.shortest_paths(graph, "saudi-arabia", "iran", nodes, edges, k=5)
    assert paths == []  # Saudi Arabia's links are all reported or inferred
    nodes, edges = shown_at(graph, "2025-06-01")
    assert len(P.shortest_paths(graph, "saudi-arabia", "iran", nodes, edges, k=1)) == 1
    assert all(len(p) <= 2 for p in P.shortest_paths(graph, "saudi-arabia", "iran", nodes, edges, k=9, max_length=2))
    assert P.shortest_paths(graph, "iran", "iran", nodes, edges) == []
    hidden = nodes.copy()
    hidden[graph.index["iran"]] = False
    assert P.shortest_paths(graph, "saudi-arabia", "iran", hidden, edges) == []


def test_paths_without_k_shortest_paths_in_igraph(bundled, monkeypatch):
    dataset, graph = bundled
    nodes, edges = shown_at(graph, "2025-06-01")
    monkeypatch.setattr(P, "has_k_shortest_paths", lambda: False)  # older igraph: all shortest paths
    paths = P.shortest_paths(graph, "saudi-arabia", "usa", nodes, edges, k=5)
    assert paths and all(len(p) == len(paths[0]) for p in paths)
    for path in paths:
        check_path(graph, path, "saudi-arabia", "usa")


def test_parallel_links_make_one_hop_through_the_most_confident(bundled):
    dataset, graph = bundled
    paths = P.shortest_paths(graph, "russia", "iran", *shown_at(graph, "2026-01-01"), k=3)
    assert len(paths[0]) == 1 and all(len(p) > 1 for p in paths[1:])
    assert dataset.relations[paths[0][0].edge].confidence == "official"
    backwards = P.hop_info(dataset, graph, Hop(graph.index["iran"], graph.index["russia"], paths[0][0].edge))
    assert backwards.link == "Iran ←non_assistance_pledge— Russia" and backwards.locator == "para 1-2"


def test_structural_hops_say_so(bundled):
    dataset, graph = bundled
    nodes, edges = shown_at(graph, "2025-06-01")
    path = P.shortest_paths(graph, "ru-ir-csp-2025-a3", IR, nodes, edges, k=1)[0]
    info = P.hop_info(dataset, graph, path[0])
    assert info.relation_id is None and info.kind == G.ARTICLE_OF
    assert info.link == "Art. 3 · Russia–Iran —(article of)→ Russia–Iran CSP Treaty (2025)"


# -- centrality and communities --------------------------------------------------------------
def test_centrality_ranks_the_treaty_parties_above_the_periphery(bundled):
    _dataset, graph = bundled
    measures = M.centrality(graph, *shown_at(graph, "2025-06-01"))
    for name in M.MEASURES:
        values = measures[name]
        for core in ("russia", "iran"):
            for edge in ("pakistan", "philippines"):
                assert values[graph.index[core]] > values[graph.index[edge]], (name, core, edge)
    assert np.nanmax(measures["eigenvector"]) == pytest.approx(1.0)
    assert 0 <= np.nanmin(measures["betweenness"]) and np.nanmax(measures["betweenness"]) <= 1


def test_centrality_of_hidden_nodes(bundled):
    _dataset, graph = bundled
    nodes, edges = Filters(hidden_kinds={"person"}).apply(graph, *shown_at(graph, "2025-06-01"))
    measures = M.centrality(graph, nodes, edges)
    putin = graph.index["putin"]
    assert measures["degree"][putin] == 0
    assert np.isnan(measures["betweenness"][putin]) and np.isnan(measures["eigenvector"][putin])
    assert np.array_equal(measures["degree"][nodes], graph.degree(M.relations_only(graph, edges))[nodes])
    assert np.isfinite(measures["eigenvector"][nodes]).all()


def test_betweenness_is_estimated_on_large_graphs(bundled, monkeypatch):
    _dataset, graph = bundled
    nodes, edges = shown_at(graph, "2025-06-01")
    exact = M.centrality(graph, nodes, edges)["betweenness"]
    monkeypatch.setattr(M, "BETWEENNESS_EXACT_LIMIT", 20)
    monkeypatch.setattr(M, "BETWEENNESS_SOURCES", 60)
    assert M.betweenness_estimated(nodes)
    estimate = M.centrality(graph, nodes, edges)["betweenness"]
    assert np.isfinite(estimate[nodes]).all()
    assert np.nanargmax(estimate) == np.nanargmax(exact)
    assert np.corrcoef(estimate[nodes], exact[nodes])[0, 1] > 0.9
    assert np.array_equal(estimate, M.centrality(graph, nodes, edges)["betweenness"], equal_nan=True)


def test_communities_are_deterministic_and_sensible(bundled):
    dataset, graph = bundled
    nodes, edges = shown_at(graph, "2025-06-01")
    labels = M.communities(graph, nodes, edges, seed=7)
    assert np.array_equal(labels, M.communities(graph, nodes, edges, seed=7))
    louvain = M.communities(graph, nodes, edges, method="louvain")
    assert np.array_equal(louvain, M.communities(graph, nodes, edges, method="louvain"))
    sizes = np.bincount(labels[labels >= 0])
    assert list(sizes) == sorted(sizes, reverse=True)
    same = lambda *names: len({int(labels[graph.index[n]]) for n in names}) == 1  # noqa: E731
    assert same("russia", "iran") and same("usa", "philippines", "saudi-arabia")
    assert same("north-korea", "kim-jong-un", KP)
    hidden = nodes.copy()
    hidden[graph.index["usa"]] = False
    assert M.communities(graph, hidden, edges)[graph.index["usa"]] == -1
    with pytest.raises(ValueError):
        M.communities(graph, nodes, edges, method="astrology")


def test_communities_leave_the_global_random_state_alone(bundled):
    _dataset, graph = bundled
    random.seed(5)
    expected = random.random()
    random.seed(5)
    M.communities(graph, *shown_at(graph, "2025-06-01"))
    assert random.random() == expected


def test_community_names_come_from_their_most_central_member_with_its_kind(bundled):
    dataset, graph = bundled
    nodes, edges = shown_at(graph, "2025-06-01")
    result = M.analyse(dataset, graph, nodes, edges)
    labels, names = result.communities, result.names
    assert set(names) == set(labels[labels >= 0].tolist()) and not result.estimated
    assert names[int(labels[graph.index["usa"]])] == "United States (state)"
    assert names[int(labels[graph.index["north-korea"]])] == "North Korea (state)"
    assert names[int(labels[graph.index["mojtaba-khamenei"]])] == "Mojtaba Khamenei (person)"


def test_centrality_leaves_out_structural_links_unless_asked(bundled):
    """A treaty is not central merely for having 47 articles."""
    _dataset, graph = bundled
    nodes, edges = shown_at(graph, "2025-06-01")
    plain, counted = M.centrality(graph, nodes, edges), M.centrality(graph, nodes, edges, structural=True)
    treaty = graph.index[IR]
    articles = int((graph.src[graph.relation_count:] == treaty).sum() + (graph.dst[graph.relation_count:] == treaty).sum())
    assert articles >= 40 and counted["degree"][treaty] == plain["degree"][treaty] + articles
    assert np.argmax(counted["degree"]) == treaty and np.argmax(plain["degree"]) != treaty
    assert plain["betweenness"][treaty] < counted["betweenness"][treaty]


def test_communities_keep_their_names_and_colours_when_focus_narrows_the_view(bundled):
    dataset, graph = bundled
    nodes, edges = shown_at(graph, "2025-06-01")
    whole = M.analyse(dataset, graph, nodes, edges, whole=(nodes, edges))
    near = graph.neighbours(np.eye(graph.node_count, dtype=bool)[graph.index["usa"]], 1, edges) & nodes
    focused = M.analyse(dataset, graph, near, edges & near[graph.src] & near[graph.dst], whole=(nodes, edges))
    assert (focused.communities[~near] == -1).all()
    assert np.array_equal(focused.communities[near], whole.communities[near])
    assert focused.names == {c: whole.names[c] for c in set(whole.communities[near].tolist())}
    colours, focused_colours = M.community_colours(whole.communities), M.community_colours(focused.communities)
    assert all(focused_colours[i] == colours[i] for i in np.flatnonzero(near))
    # without the whole graph, a narrow view finds (and names) its own, different communities
    alone = M.analyse(dataset, graph, near, edges & near[graph.src] & near[graph.dst])
    assert alone.names != focused.names


def test_empty_and_edgeless_graphs(bundled):
    _dataset, graph = bundled
    none = np.zeros(graph.node_count, dtype=bool)
    no_edges = np.zeros(graph.edge_count, dtype=bool)
    assert (M.communities(graph, none, no_edges) == -1).all()
    measures = M.centrality(graph, np.ones(graph.node_count, dtype=bool), no_edges)
    assert (measures["degree"] == 0).all() and (measures["eigenvector"] == 0).all()


def test_sizes_and_colours():
    factors = M.size_factors(np.array([0.0, 4.0, 16.0, np.nan]))
    assert factors[0] == pytest.approx(0.6) and factors[2] == pytest.approx(2.5) and factors[3] == 1
    assert factors[1] == pytest.approx(0.6 + 1.9 / 2)
    colours = M.community_colours(np.array([0, 1, -1, 99]))
    assert colours[0] != colours[1] and colours[2] is None and colours[3] == "#9ca3af"


def test_community_colours_stay_distinguishable_side_by_side():
    from data import palette

    colours = M.community_colours(np.arange(M.COMMUNITY_COLOURS + 1))
    assert colours[:9] == list(palette.TABLEAU_10) and colours[-1] == palette.OTHER
    distinct = colours[:-1]
    assert len(set(distinct)) == M.COMMUNITY_COLOURS
    closest = min(palette.difference(a, b) for i, a in enumerate(distinct) for b in distinct[i + 1:])
    assert closest > 25  # CIELAB distance: far more than a just noticeable difference (about 2)
    assert min(palette.difference(c, other) for c in distinct for other in (palette.OTHER, "#ffffff")) > 20


# -- comparing treaties ----------------------------------------------------------------------
def test_compare_aligns_the_russia_iran_and_north_korea_treaties(bundled):
    dataset, _graph = bundled
    rows = TC.compare_treaties(dataset, IR, KP)
    by_topic = {row.topic: row for row in rows}
    assert [a.number for a in by_topic["non-assistance"].a] == ["3"] and by_topic["non-assistance"].b == ()
    assert [b.number for b in by_topic["mutual-assistance"].b] == ["4"] and by_topic["mutual-assistance"].a == ()
    assert (by_topic["non-assistance"].status, by_topic["mutual-assistance"].status) == ("only A", "only B")
    topics = [row.topic for row in rows]
    assert topics.index("mutual-assistance") == topics.index("non-assistance") + 1  # linked rows together
    assert "compares_with" in by_topic["non-assistance"].notes[0]
    assert by_topic["sanctions"].status == "both"
    assert [b.number for b in by_topic["sanctions"].b] == ["16"]
    assert topics[-1] == TC.UNKNOWN_TOPIC and topics[0] == "principles"
    unknown = [a.number for a in by_topic[TC.UNKNOWN_TOPIC].a]
    assert unknown[:6] == ["6", "7", "8", "9", "10", "11"]
    listed = [a.id for row in rows for a in (*row.a, *row.b)]
    expected = [e.id for e in dataset.entities.values() if e.table == "articles" and e.parent_id in (IR, KP)]
    assert sorted(listed) == sorted(expected)


def test_compare_a_treaty_with_itself_and_with_nothing(bundled):
    dataset, _graph = bundled
    assert {row.status for row in TC.compare_treaties(dataset, KP, KP)} == {"both"}
    with pytest.raises(ValueError, match="not a treaty"):
        TC.compare_treaties(dataset, IR, "russia")
    options = TC.treaty_options(dataset)
    assert (IR, "Russia–Iran CSP Treaty (2025)", 47) in options and (KP, "Russia–DPRK CSP Treaty (2024)", 7) in options


def test_compare_topics_ignore_case_and_empty_ones_are_unknown(make_db):
    path = make_db("""
        CREATE TABLE actors (id, name, kind); CREATE TABLE relations (source_id, target_id, kind);
        CREATE TABLE treaties (id, title); CREATE TABLE articles (id, treaty_id, number, title, topic);
        INSERT INTO treaties VALUES ('a', 'Alpha'), ('b', 'Beta');
        INSERT INTO articles VALUES ('a10', 'a', '10', 'Ten', 'Trade'), ('a2', 'a', '2', 'Two', 'trade'),
            ('a12bis', 'a', '12bis', NULL, ''), ('a12', 'a', '12', NULL, NULL), ('b1', 'b', '1', 'One', ' TRADE ');
    """)
    rows = TC.compare_treaties(loader.load(path), "a", "b")
    assert [(r.topic, [x.number for x in r.a], [x.number for x in r.b]) for r in rows] == [
        ("trade", ["2", "10"], ["1"]), ("unknown", ["12", "12bis"], [])]
    assert rows[1].a[0].text == "Art. 12" and rows[0].a[0].text == "Art. 2 — Two"


def test_comparison_csv(bundled, tmp_path):
    dataset, _graph = bundled
    rows = TC.compare_treaties(dataset, IR, KP)
    out = tmp_path / "comparison.csv"
    TC.comparison_csv(rows, out, ("Iran treaty", "North Korea treaty"))
    with open(out, newline="", encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    assert table[0] == ["topic", "status", "Iran treaty", "North Korea treaty", "notes"]
    assert len(table) == len(rows) + 1
    row = next(r for r in table if r[0] == "non-assistance")
    assert row[1:4] == ["only A", "Art. 3 — No assistance to an aggressor", ""]
    assert [p.name for p in tmp_path.iterdir()] == ["comparison.csv"]
