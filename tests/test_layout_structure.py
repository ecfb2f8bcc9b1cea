"""The layout shows a graph's structure: on graphs whose shape is known (a grid, a tree, a ring
of communities, a sparse mesh), graph neighbours are drawn next to each other; components sit
beside the main one; no two symbols overlap; Fit frames what is shown."""
import numpy as np
import pytest

from data import layout, layout_packing, overlap


# -- graphs of known structure -----------------------------------------------------------------
def grid(width: int, height: int):
    index = np.arange(width * height).reshape(height, width)
    src = np.r_[index[:, :-1].ravel(), index[:-1].ravel()]
    dst = np.r_[index[:, 1:].ravel(), index[1:].ravel()]
    return width * height, src, dst


def tree(n: int, branching: int = 3, seed: int = 1):
    """A random tree, breadth first: each node gets 1 to ``branching`` children."""
    rng = np.random.default_rng(seed)
    src, dst, queue, made = [], [], [0], 1
    while made < n:
        node = queue.pop(0)
        for _ in range(int(rng.integers(1, branching + 1))):
            if made < n:
                src.append(node), dst.append(made), queue.append(made)
                made += 1
    return n, np.array(src), np.array(dst)


def ring_of_communities(count: int = 30, size: int = 8, seed: int = 2):
    """``count`` near-cliques of ``size`` nodes, each linked to the next by one link."""
    rng = np.random.default_rng(seed)
    src, dst = [], []
    for c in range(count):
        for i in range(size):
            for j in range(i + 1, size):
                if rng.random() < 0.8:
                    src.append(c * size + i), dst.append(c * size + j)
        src.append(c * size), dst.append(((c + 1) % count) * size + 1)
    return count * size, np.array(src), np.array(dst)


def mesh(n: int = 1500, seed: int = 4):
    """A sparse planar mesh like a power grid: random points linked to the nearby ones
    (about 4.5 links each), its largest connected part."""
    rng = np.random.default_rng(seed)
    points = rng.random((n, 2))
    close = np.linalg.norm(points[:, None] - points[None], axis=2) < np.sqrt(4.5 / (np.pi * n))
    src, dst = np.nonzero(np.triu(close, 1))
    from data.stress_layout import adjacency, components
    main = components(adjacency(n, src, dst)) == 0
    renumber = np.cumsum(main) - 1
    keep = main[src]
    return int(main.sum()), renumber[src[keep]], renumber[dst[keep]]


def lay_out(n, src, dst):
    return layout.refine_job(n, src, dst, np.ones(len(src)))


def neighbours_nearby(positions, src, dst) -> float:
    """The share of nodes whose graph neighbours are all among their 2 * degree + 2 nearest
    drawn nodes."""
    n = len(positions)
    far = np.linalg.norm(positions[:, None] - positions[None], axis=2)
    np.fill_diagonal(far, np.inf)
    rank = np.argsort(far, axis=1)
    linked = [set() for _ in range(n)]
    for a, b in zip(src.tolist(), dst.tolist()):
        linked[a].add(b), linked[b].add(a)
    kept = [others <= set(rank[v, : 2 * len(others) + 2].tolist()) for v, others in enumerate(linked) if others]
    return float(np.mean(kept))


# -- structure -------------------------------------------------------------------------------
@pytest.mark.parametrize("graph", [grid(40, 40), grid(100, 15), tree(1500), tree(2000, 4),
                                   ring_of_communities(), mesh()],
                         ids=["grid", "long grid", "tree", "bushy tree", "ring of communities", "mesh"])
def test_graph_neighbours_are_drawn_next_to_each_other(graph):
    n, src, dst = graph
    assert neighbours_nearby(lay_out(n, src, dst), src, dst) >= 0.8


def test_a_grid_unfolds_even_in_the_quick_layout():
    n, src, dst = grid(40, 40)
    assert neighbours_nearby(layout.compute(_graph(n, src, dst), niter=0), src, dst) >= 0.8


def test_a_ring_of_communities_is_drawn_as_a_ring():
    """Each community's two nearest communities in the drawing are its neighbours in the ring."""
    count, size = 30, 8
    n, src, dst = ring_of_communities(count, size)
    centres = lay_out(n, src, dst).reshape(count, size, 2).mean(axis=1)
    far = np.linalg.norm(centres[:, None] - centres[None], axis=2)
    np.fill_diagonal(far, np.inf)
    nearest = np.argsort(far, axis=1)[:, :2]
    in_order = [set(nearest[c].tolist()) == {(c - 1) % count, (c + 1) % count} for c in range(count)]
    assert np.mean(in_order) >= 0.95


# -- components, overlaps and the frame -----------------------------------------------------
def _graph(n, src, dst):
    from data.graph import Graph

    zeros = np.zeros(n, dtype=np.int32)
    return Graph(ids=[f"n{i}" for i in range(n)], index={f"n{i}": i for i in range(n)},
                 table=zeros.astype(np.int8), kind=zeros, kinds=[""], start=zeros, end=zeros,
                 src=np.asarray(src, dtype=np.int32), dst=np.asarray(dst, dtype=np.int32),
                 edge_kind=np.zeros(len(src), dtype=np.int32), edge_kinds=[""],
                 edge_start=np.zeros(len(src), dtype=np.int32), edge_end=np.zeros(len(src), dtype=np.int32),
                 weight=np.ones(len(src), dtype=np.float32), confidence=np.zeros(len(src), dtype=np.int8),
                 relation_count=len(src))


def test_isolated_nodes_and_small_components_are_packed_beside_the_main_one(tmp_path):
    """On a generated dataset with a few isolated nodes (a spring layout flung them to the
    corners: the whole drawing took 30 times the main component's box)."""
    from bench.generate import generate
    from data import graph as G, loader
    from data.stress_layout import adjacency, components

    graph = G.build(loader.load(generate(tmp_path / "g.db", 3000)))
    positions = layout.compute(graph)
    main = components(adjacency(graph.node_count, graph.src, graph.dst)) == 0
    assert 0.9 < main.mean() < 1  # the dataset has a main component and a few others
    low, high = positions[main].min(axis=0), positions[main].max(axis=0)
    whole = np.ptp(positions, axis=0)
    assert np.prod(whole) < 1.3 * np.prod(high - low)
    outside = np.maximum(np.maximum(low - positions[~main], positions[~main] - high), 0)
    assert np.linalg.norm(outside, axis=1).max() < 0.2 * np.linalg.norm(high - low)


def test_many_components_are_packed_in_a_compact_block():
    n, src, dst = grid(20, 20)
    pairs = n + 200 + np.arange(0, 100, 2)  # after 200 isolated nodes, fifty linked pairs
    positions = lay_out(n + 300, np.r_[src, pairs], np.r_[dst, pairs + 1])
    whole = np.ptp(positions, axis=0)
    assert 1 / 2.5 < whole[0] / whole[1] < 2.5  # neither a thin strip nor a tower
    gap = layout_packing.GAP
    pieces = np.prod(np.ptp(positions[:n], axis=0) + gap) + 200 * gap * gap + 50 * (1 + gap) * gap
    assert np.prod(whole) < 1.7 * pieces  # packed, not strewn: the pieces' boxes fill most of it


def test_hundreds_of_isolated_nodes_make_a_block_not_a_line():
    """A real dataset often has hundreds of entities with no relation: packed one by one they
    made a thin line longer than the drawing."""
    n, src, dst = grid(30, 30)
    positions = lay_out(n + 400, src, dst)
    alone = positions[n:]
    width, height = np.ptp(alone, axis=0)
    assert 1 / 3 < width / height < 3  # a block, not a line
    main = np.ptp(positions[:n], axis=0)
    assert width < main[0] and height < main[1]  # smaller than the drawing, not longer
    gaps = np.linalg.norm(alone[:, None] - alone[None], axis=2)
    np.fill_diagonal(gaps, np.inf)
    assert gaps.min() > layout.MIN_GAP * 0.999  # still apart from each other


def test_isolated_nodes_are_as_far_apart_as_the_drawing_is_dense():
    """Beside a sparse drawing (a long cycle: a big ring, mostly empty inside), the isolated
    nodes are spread as the drawing is on average, not packed at a neighbour's distance."""
    n = 600
    positions = lay_out(n + 100, np.arange(n), (np.arange(n) + 1) % n)
    main, alone = positions[:n], positions[n:]
    per_node = np.sqrt(np.prod(np.ptp(main, axis=0)) / n)  # the drawing's average spacing
    link = np.median(np.linalg.norm(main - np.roll(main, 1, axis=0), axis=1))
    assert per_node > 3 * link  # the test's premise: a sparse drawing
    gaps = np.linalg.norm(alone[:, None] - alone[None], axis=2)
    np.fill_diagonal(gaps, np.inf)
    assert gaps.min(axis=1).min() > 0.8 * per_node


def test_no_two_nodes_of_a_layout_overlap():
    n, src, dst = tree(3000, 6)  # many leaves around the same parents
    positions = lay_out(n, src, dst)
    i, j = overlap.close_pairs(positions, layout.MIN_GAP * 0.999)
    assert len(i) == 0


def test_overlap_removal_separates_symbols_and_keeps_the_shape():
    rng = np.random.default_rng(5)
    before = rng.normal(0, 30, (4000, 2))  # symbols cover a third of the middle
    radii = rng.uniform(0.2, 0.6, 4000)
    after = overlap.remove_overlaps(before, radii)
    gaps = np.linalg.norm(after[:, None] - after[None], axis=2) - (radii[:, None] + radii[None])
    np.fill_diagonal(gaps, np.inf)
    assert gaps.min() > -1e-6  # no two symbols overlap
    shift = np.linalg.norm(after - before, axis=1)
    assert np.median(shift) < 0.5 and shift.max() < 5  # a push, not a new layout
    far = np.linalg.norm(before[:, None] - before[None], axis=2)
    moved_far = np.linalg.norm(after[:, None] - after[None], axis=2)
    assert np.corrcoef(far.ravel(), moved_far.ravel())[0, 1] > 0.999  # the shape is kept


def test_overlap_removal_leaves_pinned_nodes_and_clear_layouts_alone():
    spread_out = np.arange(20.0).reshape(10, 2) * 5
    assert np.array_equal(overlap.remove_overlaps(spread_out, 1.0), spread_out)
    stacked = np.zeros((5, 2))
    movable = np.array([False, True, True, True, True])
    after = overlap.remove_overlaps(stacked, 0.5, movable=movable)
    assert np.array_equal(after[0], [0, 0])
    gaps = np.linalg.norm(after[:, None] - after[None], axis=2) + np.eye(5) * 9
    assert gaps.min() >= 1 - 1e-6


def test_frame_fits_what_is_shown_and_leaves_out_a_few_far_off_nodes():
    rng = np.random.default_rng(6)
    cluster = rng.normal(0, 1, (500, 2))
    positions = np.r_[cluster, [[200.0, 0.0], [0.0, -300.0]], rng.normal(50, 1, (500, 2))]
    shown = np.r_[np.ones(502, dtype=bool), np.zeros(500, dtype=bool)]
    x0, y0, x1, y1 = layout_packing.frame(positions, shown)
    assert x0 <= cluster[:, 0].min() and x1 >= cluster[:, 0].max()
    assert y0 <= cluster[:, 1].min() and y1 >= cluster[:, 1].max()
    assert x1 < 20 and y0 > -20  # the two far-off nodes are left out, the hidden cluster too
    both = layout_packing.frame(positions, np.r_[np.ones(500, dtype=bool), False, False, np.ones(500, dtype=bool)])
    assert both[0] < -2 and both[2] > 52  # two halves of what is shown: both framed
    assert layout_packing.frame(positions, np.zeros(1002, dtype=bool)) is None
    one = layout_packing.frame(positions[:1])
    assert one[0] < positions[0, 0] < one[2] and one[1] < positions[0, 1] < one[3]


def test_articles_sit_compactly_around_their_treaty():
    spacing, treaty = 1.5, np.array([10.0, 5.0])
    for others in (None, np.array([[0.0, 5.0], [2.0, 7.0]])):
        places = layout_packing.place_around(treaty, 47, spacing, others=others)
        distance = np.linalg.norm(places - treaty, axis=1)
        between = np.linalg.norm(places[:, None] - places[None], axis=2) + np.eye(47) * 99
        assert distance.min() >= spacing * 0.99 and between.min() >= spacing * 0.9  # nothing on top
        assert distance.max() <= spacing * 12  # a small disc, not a fan over the drawing
        if others is not None:
            assert (places[:, 0] > treaty[0]).all()  # beside the treaty, away from its other links


def test_new_nodes_join_a_cached_drawing_beside_their_neighbours():
    """A cache that lacks a few nodes (the dataset grew): the cached ones stay put, a new
    node linked to them lands next to them, a new component beside the drawing."""
    n, src, dst = grid(20, 20)
    before = lay_out(n, src, dst)
    src, dst = np.r_[src, 0, n + 1], np.r_[dst, n, n + 2]  # node n hangs off node 0; n+1, n+2 new pair
    start = np.r_[before, np.full((3, 2), np.nan)]
    fixed = {i: tuple(before[i]) for i in range(n)}
    after = layout.compute(_graph(n + 3, src, dst), fixed=fixed, start=start)
    assert np.array_equal(after[:n], before)
    assert np.linalg.norm(after[n] - after[0]) < 2.5  # beside its neighbour (links are about 1.6 long)
    low, high = before.min(axis=0), before.max(axis=0)
    for new in (n + 1, n + 2):
        outside = np.maximum(np.maximum(low - after[new], after[new] - high), 0)
        assert 0 < np.linalg.norm(outside) < 5  # not on the drawing, not far from it


@pytest.mark.parametrize("n, src, dst", [(1, [], []), (1, [0], [0]), (2, [0], [1]), (3, [0, 0], [1, 0]),
                                         (4, [0, 1, 2], [1, 2, 3]), (6, [0, 2, 4], [1, 3, 5])])
def test_tiny_graphs_self_loops_and_isolated_nodes_lay_out(n, src, dst):
    src, dst = np.array(src, dtype=int), np.array(dst, dtype=int)
    for positions in (lay_out(n, src, dst), layout.quick(_graph(n, src, dst))):
        assert positions.shape == (n, 2) and np.isfinite(positions).all()
        far = np.linalg.norm(positions[:, None] - positions[None], axis=2) + np.eye(n) * 9
        assert far.min() >= 1.6 - 1e-6  # small graphs leave room for labels


def test_a_pile_of_nodes_on_one_spot_does_not_make_every_pair(monkeypatch):
    """A quick layout of a million entities put thousands of nodes in one cell: every pair of
    them was 155 million pairs a pass. Past a budget, each node gets a bounded sample."""
    rng = np.random.default_rng(0)
    pile = rng.normal(0, 0.01, (3000, 2))  # 3,000 nodes within a cell
    spread = rng.uniform(0, 100, (3000, 2))
    i, j = overlap.close_pairs(spread, 1.0, limit=None)
    exact = {(min(a, b), max(a, b)) for a, b in zip(i.tolist(), j.tolist())}
    d = np.sqrt(((spread[:, None, :] - spread[None, :, :]) ** 2).sum(-1))
    assert exact == {(a, b) for a, b in zip(*np.nonzero(np.triu(d < 1.0, 1)))}  # few pairs: all of them
    monkeypatch.setattr(overlap, "EXACT_PAIRS", 10_000)
    i, j = overlap.close_pairs(pile, 1.0, limit=None)
    assert 0 < len(i) <= 3000 * 48 * 5 < 3000 * 2999 // 2
