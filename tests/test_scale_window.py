"""The window at scale: what it declines to do by itself when a view is too big for it."""
from ui import analysis


def test_centrality_waits_for_a_narrower_view_above_the_limit(window, qtbot, monkeypatch):
    """Past the limit no analysis starts (igraph would hold the interpreter for seconds); the
    Ranking panel says why, and a narrower view is analysed again."""
    shown = int(window.state.visible().nodes.sum())
    monkeypatch.setattr(analysis, "AUTOMATIC_LIMIT", shown - 1)
    started = []
    real = analysis.run_task
    monkeypatch.setattr(analysis, "run_task", lambda *a, **k: started.append(1) or real(*a, **k))
    window.analysis._recompute()
    assert not started and window.analysis._task is None
    assert window.panels.ranking.is_stale()
    assert "up to" in window.panels.ranking.summary.text()
    monkeypatch.setattr(analysis, "AUTOMATIC_LIMIT", shown)
    window.analysis._recompute()
    assert started
    qtbot.waitUntil(lambda: window.analysis._task is None, timeout=20000)
    assert not window.panels.ranking.is_stale()
