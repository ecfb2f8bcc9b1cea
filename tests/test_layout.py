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



def test_saves_in_turn_never_put_an_earlier_moves_positions_over_a_later_ones(tmp_path, bundled_path):
    g = G.build(loader.load(bundled_path))
    cache = layout.cache_file(tmp_path, bundled_path)
    pinned = np.zeros(g.node_count, bool)
    earlier, later = layout.compute(g), layout.compute(g)
    earlier[0], later[0] = (1.0, 1.0), (2.0, 2.0)
    assert layout.save_in_turn(cache, 8, g.ids, later, pinned)
    assert not layout.save_in_turn(cache, 7, g.ids, earlier, pinned)  # its worker ran late: skipped
    assert tuple(layout.positions_for(g, cache)[0][0]) == (2.0, 2.0)
    assert layout.save_in_turn(cache, 9, g.ids, earlier, pinned)  # a newer save is written
    assert tuple(layout.positions_for(g, cache)[0][0]) == (1.0, 1.0)

def test_a_broken_cache_is_ignored(tmp_path, bundled_path):
    g = G.build(loader.load(bundled_path))
    cache = tmp_path / "broken.npz"
    cache.write_bytes(b"not a cache")
    positions, pinned = layout.positions_for(g, cache)
    assert positions.shape == (g.node_count, 2) and not pinned.any()


def test_a_big_graph_opens_on_a_quick_layout_then_takes_the_full_one(qtbot, tmp_path, monkeypatch):
    """Above the threshold the window shows a quick layout at once (not cached), and the full
    layout, computed in another process, replaces it, is the same as a direct computation,
    and is cached for the next open."""
    from data import bundled
    from ui.loading import load_all
    from ui.main_window import MainWindow
    from ui.settings import Settings

    monkeypatch.setattr(layout, "QUICK_ABOVE", 10)
    cache_folder = tmp_path / "layouts"
    loaded = load_all(bundled.DATASET_PATH, cache_folder, quick=True)
    assert loaded.provisional
    window = MainWindow(Settings(tmp_path / "s.ini"), cache_folder=cache_folder)
    qtbot.addWidget(window)
    window.open_dataset(loaded.dataset, loaded.graph, loaded.positions, loaded.pinned, provisional=True)
    assert "quick layout" in window.message_label.text() and not list(cache_folder.glob("*.npz"))
    assert np.allclose(window.canvas.positions, loaded.positions)
    assert window.refiner.wait(120)
    full = layout.compute(loaded.graph)
    assert np.allclose(window.canvas.positions, full) and not np.allclose(loaded.positions, full)
    assert "full layout is in place" in window.message_label.text()
    again = load_all(bundled.DATASET_PATH, cache_folder, quick=True)
    assert not again.provisional and np.allclose(again.positions, full)


def test_a_treaty_sits_between_its_parties_with_its_articles_bunched_beside_it(bundled):
    """Its 47 articles no longer push the Russia-Iran treaty off to a side of the drawing."""
    _dataset, g = bundled
    positions = layout.compute(g)
    treaty, russia, iran = (g.index[k] for k in ("ru-ir-csp-2025", "russia", "iran"))
    between = np.linalg.norm(positions[treaty] - (positions[russia] + positions[iran]) / 2)
    assert between < np.linalg.norm(positions[russia] - positions[iran])
    articles = g.src[g.relation_count:][g.dst[g.relation_count:] == treaty]
    assert len(articles) == 47
    spread = np.linalg.norm(positions[articles] - positions[articles].mean(axis=0), axis=1).max()
    assert spread < 1.6 * np.sqrt(len(articles))  # a disc of them, 1.6 apart, not a fan over the drawing


def test_a_cache_from_an_earlier_layout_keeps_only_what_the_user_pinned(tmp_path, bundled):
    """A cache written before the layout changed (no version in it) does not bring the old
    drawing back: what the user pinned stays, the rest is laid out anew."""
    _dataset, g = bundled
    cache = tmp_path / "old.npz"
    old = np.random.default_rng(1).uniform(-50, 50, (g.node_count, 2))
    np.savez(cache, ids=np.array(g.ids), positions=old, pinned=np.zeros(g.node_count, bool))
    positions, pinned = layout.positions_for(g, cache)
    assert np.allclose(positions, layout.compute(g)) and not pinned.any()
    pins = np.zeros(g.node_count, bool)
    pins[g.index["russia"]] = True
    np.savez(cache, ids=np.array(g.ids), positions=old, pinned=pins)
    positions, pinned = layout.positions_for(g, cache)
    assert np.array_equal(positions[pins], old[pins]) and pinned[g.index["russia"]] and pinned.sum() == 1
    assert not np.allclose(positions[~pins], old[~pins])
    layout.save(cache, g.ids, positions, pinned)  # written now: taken as it is
    assert np.array_equal(layout.positions_for(g, cache)[0], positions)


def test_nearest_of_a_sample_is_the_exact_nearest_gap_when_every_cell_is_looked_at():
    from data import overlap

    coords = np.random.default_rng(5).random((3000, 2))
    coords[7] = coords[8]  # two nodes on one spot: not each other's nearest
    nodes = np.arange(0, 3000, 7)
    got = overlap.nearest(coords, nodes, reach=0.05, limit=3000)
    gaps = np.linalg.norm(coords[nodes][:, None, :] - coords[None, :, :], axis=2)
    gaps[gaps == 0] = np.inf
    want = gaps.min(axis=1)
    want[want >= 0.05] = np.inf
    assert np.allclose(got, want)


def test_the_sampled_spacing_of_a_big_drawing_is_close_to_the_whole_one(monkeypatch):
    from data import layout

    rng = np.random.default_rng(3)
    clusters = rng.normal(size=(40, 2)) * 30
    coords = np.concatenate([rng.random((20_000, 2)) * 100, clusters[rng.integers(0, 40, 20_000)]
                             + rng.normal(size=(20_000, 2))])
    whole = layout.typical_spacing(coords)
    monkeypatch.setattr(layout, "SAMPLE_SPACING_ABOVE", 10_000)
    monkeypatch.setattr(layout, "SPACING_SAMPLE", 5_000)
    sampled = layout.typical_spacing(coords)
    assert sampled != whole and abs(sampled / whole - 1) < 0.15
    assert np.isnan(layout.typical_spacing(coords[:1]))


def test_pivot_mds_centred_in_place_is_the_plain_formula():
    from data import stress_layout

    def plain(dist):
        squared = dist ** 2
        centred = -0.5 * (squared - squared.mean(axis=0) - squared.mean(axis=1)[:, None] + squared.mean())
        _values, vectors = np.linalg.eigh(centred.T @ centred)
        return centred @ vectors[:, [-1, -2]]
    rng = np.random.default_rng(4)
    for shape in ((3, 3), (200, 8), (5000, 16)):
        dist = rng.integers(0, 20, shape).astype(float)
        assert np.array_equal(stress_layout._pmds(dist.copy()), plain(dist))
