"""Layout: deterministic, readable, and cached outside the dataset."""
import numpy as np

from data import graph as G, layout, loader


def test_layout_is_deterministic_and_spreads_nodes(bundled_path):
    g = G.build(loader.load(bundled_path))
    a, b = layout.compute(g), layout.compute(g)
    assert np.array_equal(a, b)
    distances = np.linalg.norm(a[:, None] - a[None], axis=2) + np.eye(len(a)) * 1e9
    assert distances.min() > 0.05  # no two nodes on top of each other


def test_cache_round_trip_and_new_nodes(tmp_path, bundled_path):
    g = G.build(loader.load(bundled_path))
    cache = layout.cache_file(tmp_path, bundled_path)
    positions = layout.compute(g)
    pinned = np.zeros(g.node_count, bool)
    pinned[3] = True
    positions[3] = (42.0, -7.0)
    layout.save(cache, g.ids, positions, pinned)
    again, again_pinned = layout.positions_for(g, cache)
    assert np.array_equal(again, positions) and again_pinned[3]
    # a cache that lacks a node: known ones keep their place, the new one gets one
    layout.save(cache, g.ids[1:], positions[1:], pinned[1:])
    mixed, _ = layout.positions_for(g, cache)
    assert np.allclose(mixed[1:], positions[1:]) and np.isfinite(mixed[0]).all()


def test_a_broken_cache_is_ignored(tmp_path, bundled_path):
    g = G.build(loader.load(bundled_path))
    cache = tmp_path / "broken.npz"
    cache.write_bytes(b"not a cache")
    positions, pinned = layout.positions_for(g, cache)
    assert positions.shape == (g.node_count, 2) and not pinned.any()
