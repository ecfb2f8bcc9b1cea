"""Background work: the one task helper (an answer always comes back, on the interface thread),
the debounce helper, and what the window shows when a background analysis fails."""
from __future__ import annotations

import threading

import pytest

from data.problems import DatasetError
from ui import tasks
from widgets.debounce import Debounce


def _run(qtbot, job, **extra):
    answers = []
    task = tasks.run_task(job, on_finished=lambda r: answers.append(("finished", r, threading.current_thread())),
                          on_failed=lambda m: answers.append(("failed", m, threading.current_thread())),
                          on_cancelled=lambda: answers.append(("cancelled", None, threading.current_thread())),
                          **extra)
    qtbot.waitUntil(lambda: len(answers) > 0, timeout=10000)
    return task, answers


def test_a_job_runs_off_the_interface_thread_and_its_result_comes_back_on_it(qtbot):
    ran_on = []
    progress = []
    _task, answers = _run(qtbot, lambda report: (report("half", 0.5), ran_on.append(threading.current_thread()), 42)[2],
                          on_progress=lambda step, fraction: progress.append((step, fraction)))
    assert answers == [("finished", 42, threading.main_thread())]
    assert ran_on and ran_on[0] is not threading.main_thread()
    qtbot.waitUntil(lambda: progress == [("half", 0.5)])


def test_a_user_error_arrives_as_its_own_sentence(qtbot):
    def job(_report):
        raise DatasetError("/x/y.db: not a SQLite file")
    _task, answers = _run(qtbot, job)
    assert answers[0][:2] == ("failed", "/x/y.db: not a SQLite file")


def test_an_unexpected_error_is_logged_and_still_reaches_the_caller(qtbot, tmp_path, monkeypatch):
    log = tmp_path / "log" / "treatyscope.log"
    monkeypatch.setattr("ui.errors.log_path", lambda: log)

    def job(_report):
        raise KeyError("boom")
    _task, answers = _run(qtbot, job, name="The analysis")
    kind, message, _thread = answers[0]
    assert kind == "failed" and message.startswith("The analysis failed with an unexpected error (KeyError")
    assert str(log) in message and "KeyError: 'boom'" in log.read_text()


def test_a_cancelled_job_stops_at_its_next_report_and_says_only_that(qtbot):
    started, release = threading.Event(), threading.Event()
    reached = []

    def job(report):
        started.set()
        release.wait(5)
        report("next step", 0.5)
        reached.append("after the report")
        return "result"
    answers = []
    task = tasks.run_task(job, on_finished=lambda r: answers.append("finished"),
                          on_failed=lambda m: answers.append(m), on_cancelled=lambda: answers.append("cancelled"))
    assert started.wait(5)
    task.cancel()
    release.set()
    qtbot.waitUntil(lambda: len(answers) > 0, timeout=10000)
    assert answers == ["cancelled"] and reached == []


def test_debounce_runs_once_after_a_burst(qtbot):
    calls = []
    debounce = Debounce(None, 20, lambda: calls.append(1))
    for _ in range(5):
        debounce.trigger()
    assert calls == []
    qtbot.waitUntil(lambda: calls == [1], timeout=2000)
    qtbot.wait(60)
    assert calls == [1]
    debounce.trigger()
    debounce.cancel()
    qtbot.wait(60)
    assert calls == [1]


def test_a_failed_analysis_says_so_and_marks_the_old_ranking_stale(qtbot, window, monkeypatch):
    ranking = window.analysis.ranking
    qtbot.waitUntil(lambda: ranking.model.rowCount() > 0, timeout=20000)
    rows_before = ranking.model.rowCount()

    def broken(*_args, **_kwargs):
        raise RuntimeError("igraph gave up")
    monkeypatch.setattr("ui.analysis.measures.analyse", broken)
    monkeypatch.setattr("ui.errors.log_path", lambda: window.cache_folder / "treatyscope.log")
    window.state.set_day(window.state.day - 400)
    qtbot.waitUntil(ranking.is_stale, timeout=10000)
    assert "igraph gave up" in ranking.summary.text()
    assert "earlier view" in ranking.summary.text() and ranking.model.rowCount() == rows_before
    assert "failed" in window.message_label.text()


@pytest.fixture(autouse=True)
def _no_tasks_left(qtbot):
    yield
    qtbot.waitUntil(lambda: not tasks._running, timeout=20000)
