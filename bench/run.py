"""The benchmark, one command: ``python -m bench.run`` (``--sizes 1000 10000 100000``).

Start-up is compared with the floor on the same machine (importing Qt and pyqtgraph); each size
is measured in a fresh process, as the median of ``--repeat`` runs. Writes docs/benchmarks.md.
Numbers are ratios on one machine, not promises.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TREATYSCOPE_QUIT_AFTER_PAINT": "1"}
TARGETS = {1000: {}, 10000: {"open_first_graph_s": 3, "step_median_ms": 50, "select_ms": 50, "export_3840_s": 2},
           100000: {"open_first_graph_s": 10, "reopen_cached_s": 3, "step_median_ms": 250,
                    "export_3840_s": 5, "peak_memory_mb": 1536}}


def timed(command: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(command, check=True, env=ENV, cwd=ROOT, capture_output=True, timeout=600)
    return time.perf_counter() - t0


def startup(repeat: int) -> dict:
    floor = [timed([sys.executable, "-c", "import PySide6.QtWidgets, pyqtgraph"]) for _ in range(repeat)]
    app = [timed([sys.executable, "main.py"]) for _ in range(repeat)]
    return {"floor_s": statistics.median(floor), "startup_s": statistics.median(app)}


def size_run(size: int, repeat: int, steps: int, folder: Path) -> dict:
    from bench.generate import generate

    path = generate(folder / f"synthetic-{size}.db", size)
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-m", "bench.measure", str(path), str(steps)], check=True,
                             env=ENV, cwd=ROOT, capture_output=True, text=True, timeout=3600)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def table(start: dict, sizes: dict[int, dict]) -> str:
    cpu = platform.processor() or platform.machine()
    lines = [
        "# Benchmarks", "",
        f"Measured by `python -m bench.run` on {time.strftime('%Y-%m-%d')}: {platform.system()} "
        f"{platform.release()}, {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        "Qt offscreen (no GPU). Read them as ratios on this machine, not as promises.", "",
        "## Start-up", "",
        "| what | seconds |", "| --- | --- |",
        f"| floor: `python -c \"import PySide6.QtWidgets, pyqtgraph\"` | {start['floor_s']:.2f} |",
        f"| Treatyscope to the first painted window, bundled dataset | {start['startup_s']:.2f} "
        f"({start['startup_s'] / start['floor_s']:.2f}× the floor; target 1.5×) |", "",
        "## Synthetic datasets (three relations per entity)", "",
        "| measure | " + " | ".join(f"{s:,} entities" for s in sizes) + " |",
        "| --- |" + " --- |" * len(sizes),
    ]
    names = [("open_first_graph_s", "open + validate + first painted graph (s)"),
             ("full_layout_in_place_s", "full layout in place, from the open (s; quick layout first above 20,000)"),
             ("reopen_cached_s", "second open, layout cached (s)"), ("layout_s", "layout (s)"),
             ("step_median_ms", "timeline step, median (ms)"), ("step_p95_ms", "timeline step, 95th percentile (ms)"),
             ("select_ms", "select a node (ms)"), ("export_3840_s", "export graph at 3840 px (s)"),
             ("peak_memory_mb", "peak memory (MB)")]
    for key, label in names:
        cells = []
        for size, result in sizes.items():
            value = result.get(key)
            target = TARGETS.get(size, {}).get(key)
            text = "–" if value is None else (f"{value:.0f}" if value >= 100 else f"{value:.2f}")
            if target is not None and value is not None:
                text += f" {'✓' if value <= target else '✗'} (target {target})"
            cells.append(text)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    start = startup(args.repeat)
    with tempfile.TemporaryDirectory() as folder:
        sizes = {size: size_run(size, args.repeat, args.steps, Path(folder)) for size in args.sizes}
    text = table(start, sizes)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
