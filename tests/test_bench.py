"""The benchmark itself stays runnable (small sizes; no timing assertions: machines are noisy)."""
import sqlite3

from bench import generate, run
from bench.measure import measure


def rows(path, table):
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
    finally:
        conn.close()


def test_generator_is_deterministic_and_valid(tmp_path):
    a = generate.generate(tmp_path / "a.db", 500)
    b = generate.generate(tmp_path / "b.db", 500)
    for table in ("actors", "relations", "events"):
        assert rows(a, table) == rows(b, table)
    from data import loader
    dataset = loader.load(a)
    assert len(dataset.entities) == 500 and len(dataset.relations) == 1500 and dataset.problems == []
    nested = [e for e in dataset.entities.values() if e.parent_id]
    assert nested and all(dataset.entities[e.parent_id].kind in ("state", "treaty") for e in nested)


def test_the_realistic_structure_has_communities_and_hubs(tmp_path):
    """Heavy-tailed degrees (hubs far above the median) and relations mostly among neighbours
    in id order (communities are runs of ids)."""
    import numpy as np

    from data import graph, loader

    dataset = loader.load(generate.generate(tmp_path / "r.db", 3000, structure="realistic"))
    assert dataset.problems == [] and len(dataset.relations) == 9000
    g = graph.build(dataset)
    degree = g.degree()
    assert degree.max() > 10 * np.median(degree)
    rel = slice(0, g.relation_count)
    near = np.abs(g.src[rel].astype(int) - g.dst[rel].astype(int)) < 300
    assert near.mean() > 0.8


def test_measure_reports_every_figure(qtbot, tmp_path):
    path = generate.generate(tmp_path / "small.db", 300)
    result = measure(path, steps=3)
    for key in ("open_first_graph_s", "reopen_cached_s", "layout_s", "step_median_ms", "step_p95_ms",
                "select_ms", "export_3840_s", "peak_memory_mb"):
        assert result[key] > 0, key
    assert result["open_stall_ms"] >= 0 and result["reopen_stall_ms"] >= 0 and result["cache_stall_ms"] >= 0
    assert (result["entities"], result["relations"]) == (300, 900)
    result["validate_s"] = 0.5
    table = run.table({"floor_s": 1.0, "startup_s": 1.2}, {"300 entities": (300, result)})
    assert "1.20× the floor ✓" in table and "| timeline step, median (ms) |" in table
    assert "0.50 ✓ (< 1)" in table  # validate, against the target for up to 10,000 entities


def test_the_stall_report_names_the_showing_steps_and_both_opens(qtbot, tmp_path):
    """``bench.stalls`` opens a dataset twice and says, for each open, its gaps and its showing's
    steps with where each started and ended (in this project's code)."""
    from bench import stalls

    path = generate.generate(tmp_path / "s.db", 1000, structure="realistic")
    text = stalls.main([str(path), "--again", "--over", "0"])
    assert "== open: first graph painted after" in text and "== open again: first graph painted after" in text
    steps = [line for line in text.splitlines() if " ms CPU)  " in line]
    assert steps and all("  ->  " in line for line in steps)
    assert any("main_window.py:_showing_steps" in line or "showing.py:" in line for line in steps)


def test_the_stall_report_profiles_long_steps_when_asked(qtbot, tmp_path):
    """With ``--profile`` each long step is followed by the functions that took its time."""
    from bench import stalls

    path = generate.generate(tmp_path / "s.db", 300, structure="realistic")
    text = stalls.main([str(path), "--over", "0", "--profile"])
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if " ms CPU)  " in line)
    assert " ms own " in lines[first + 1] and " ms in all  " in lines[first + 1]
