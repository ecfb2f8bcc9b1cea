"""Where the window's stalls come from while a dataset opens: ``python -m bench.stalls DATASET``
(``--again`` to open it a second time from the dataset cache too, ``--over MS`` for the gaps
reported, 80 by default, ``--profile`` for the functions that took the time of each long step).

Two reports for each open, in one process, through the File command as ``bench.measure``:
- the gaps in a 10 ms timer on the window's thread longer than ``--over``, each with the stacks
  (in this project's code) that a sampler thread saw in every thread every 2 ms meanwhile: the
  window's own work shows as its stack, a worker holding the interpreter lock as the worker's
  stack (``late``: the sampler itself could not run for 20 ms or more);
- the showing's steps (``ui.showing``) that took longer than ``--over``, with their CPU time on
  the window's thread (wall time well above CPU time: the step waited for the lock) and where
  each started and ended.

The sampler and the timer cost a little themselves: read the reports for where, and the
benchmark for how long.
"""
from __future__ import annotations

import argparse
import collections
import cProfile
import os
import pstats
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLE_S = 0.002
TICK_MS = 10
LATE_MS = 20


def stack_of(frame, depth: int = 5) -> str:
    """The innermost ``depth`` frames of this project's code, innermost first."""
    out, root = [], str(ROOT) + os.sep
    while frame is not None and len(out) < depth:
        name = frame.f_code.co_filename
        if name.startswith(root) and os.sep + ".venv" + os.sep not in name:
            out.append(f"{name[len(root):]}:{frame.f_code.co_name}:{frame.f_lineno}")
        frame = frame.f_back
    return " < ".join(out)


class Sampler:
    """Every thread's stack every ``SAMPLE_S``: (time, ms since the last sample, {thread: stack})."""

    def __init__(self, main_id: int):
        self.main_id, self.samples, self._stop = main_id, [], False
        self._thread = threading.Thread(target=self._run, name="stall-sampler", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        last = time.perf_counter()
        while not self._stop:
            time.sleep(SAMPLE_S)
            now = time.perf_counter()
            names = {t.ident: t.name for t in threading.enumerate()}
            stacks = {("window" if ident == self.main_id else names.get(ident, str(ident))): stack_of(frame)
                      for ident, frame in sys._current_frames().items() if ident != threading.get_ident()}
            self.samples.append((now, 1000 * (now - last), stacks))
            last = now

    def between(self, start: float, end: float) -> collections.Counter:
        counted: collections.Counter = collections.Counter()
        for at, since, stacks in self.samples:
            if start <= at <= end + 0.01:
                for thread, stack in stacks.items():
                    if stack:
                        counted[(thread, stack, since >= LATE_MS)] += 1
        return counted

    def stop(self) -> None:
        self._stop = True


class Gaps:
    """Gaps longer than ``over`` ms between ticks of a timer on the window's thread."""

    def __init__(self, over: float):
        from PySide6.QtCore import QTimer

        self.over, self.found = over, []
        self.last = self.began = time.perf_counter()
        self.timer = QTimer(interval=TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        if 1000 * (now - self.last) - TICK_MS > self.over:
            self.found.append((self.last, now))
        self.last = now

    def reset(self) -> None:
        self.found, self.last = [], time.perf_counter()
        self.began = self.last


def where(steps) -> str:
    """Where a generator of steps stands: its innermost three ``yield from`` frames."""
    chain = []
    while steps is not None:
        frame = getattr(steps, "gi_frame", None)
        if frame is not None:
            chain.append(f"{Path(frame.f_code.co_filename).name}:{frame.f_code.co_name}:{frame.f_lineno}")
        steps = getattr(steps, "gi_yieldfrom", None)
    return " > ".join(chain[-3:]) or "(ended)"


class TimedSteps:
    """A showing's steps, each timed (wall and the window thread's CPU time) into ``log``;
    ``profile_over``: each step also run under ``cProfile``, and the functions with most time
    of their own kept with the steps longer than that (ms)."""

    def __init__(self, steps, log: list, profile_over: float | None = None):
        self.steps, self.log, self.at, self.profile_over = steps, log, "(start)", profile_over

    def __iter__(self):
        return self

    def __next__(self):
        profile = cProfile.Profile() if self.profile_over is not None else None
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            if profile is None:
                return next(self.steps)
            return profile.runcall(next, self.steps)
        finally:
            took = 1000 * (time.perf_counter() - wall)
            end = where(self.steps)
            self.log.append((took, 1000 * (time.thread_time() - cpu), self.at, end,
                             top_functions(profile) if profile is not None and took > self.profile_over else []))
            self.at = end

    def close(self) -> None:
        self.steps.close()


def top_functions(profile: cProfile.Profile, most: int = 6) -> list[str]:
    """The functions with the most time of their own in a profile, as lines."""
    stats = pstats.Stats(profile)
    rows = sorted(stats.stats.items(), key=lambda item: -item[1][2])[:most]
    return [f"{1000 * own:6.1f} ms own {1000 * total:6.1f} ms in all  {Path(file).name}:{line}({name})"
            for (file, line, name), (_calls, _primitive, own, total, _callers) in rows]


def report(name: str, seconds: float, gaps: Gaps, sampler: Sampler, steps: list, over: float, most: int = 10) -> str:
    lines = [f"== {name}: first graph painted after {seconds:.2f} s; {len(gaps.found)} gaps over {over:.0f} ms"]
    for start, end in sorted(gaps.found, key=lambda gap: gap[0] - gap[1])[:most]:
        lines.append(f"-- gap of {1000 * (end - start) - TICK_MS:.0f} ms, {start - gaps.began:.1f} s after the click")
        for (thread, stack, late), count in sampler.between(start, end).most_common(6):
            lines.append(f"   {count:3d} {'late ' if late else ''}{thread}: {stack}")
    long = sorted((s for s in steps if s[0] > over), reverse=True)[:most]
    lines.append(f"-- showing steps over {over:.0f} ms: {len(long)} of {len(steps)}")
    for wall, cpu, start, end, functions in long:
        lines.append(f"   {wall:5.0f} ms ({cpu:4.0f} ms CPU)  {start}  ->  {end}")
        lines += [f"        {line}" for line in functions]
    return "\n".join(lines)


def main(arguments: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--again", action="store_true", help="open it a second time, from the dataset cache")
    parser.add_argument("--over", type=float, default=80.0, help="report gaps and steps longer than this (ms)")
    parser.add_argument("--profile", action="store_true", help="profile each step, and name what took the long ones' time")
    args = parser.parse_args(arguments)

    from bench.measure import Stalls, open_and_time, run_until
    from ui import showing
    from ui.app import application
    from ui.main_window import MainWindow
    from ui.settings import Settings

    steps: list = []
    start = showing.Showing.start
    showing.Showing.start = lambda self, made, done=None: start(
        self, TimedSteps(made, steps, args.over if args.profile else None), done)
    app = application()
    reports = []
    try:
        with tempfile.TemporaryDirectory() as scratch:
            window = MainWindow(Settings(Path(scratch) / "s.ini"), cache_folder=Path(scratch) / "cache")
            window.resize(1600, 1000)
            window.show()
            app.processEvents()
            written: list = []
            window.files.cache_written.connect(written.append)
            stalls, gaps, sampler = Stalls(), Gaps(args.over), Sampler(threading.get_ident())
            try:
                for name in ["open"] + (["open again"] if args.again else []):
                    if name != "open":
                        run_until(lambda: bool(written), 600)  # the cache entry the second open reads
                        if window.state.layout.provisional:
                            window.refiner.wait()
                    steps.clear()
                    sampler.samples.clear()
                    gaps.reset()
                    seconds, _worst = open_and_time(window, args.dataset, stalls)
                    reports.append(report(name, seconds, gaps, sampler, list(steps), args.over))
                    print(reports[-1], flush=True)
            finally:
                sampler.stop()
                window.close()
    finally:
        showing.Showing.start = start
    return "\n".join(reports)


if __name__ == "__main__":
    main()
