"""The benchmark, one command: ``python -m bench.run`` (``--sizes 1000 10000 100000``,
``--million`` to add 1,000,000 entities: it takes a quarter of an hour or more).

Each size is generated with realistic structure (communities, heavy-tailed degrees, mostly
local relations: ``bench.generate``) and measured in a fresh process as the median of
``--repeat`` runs; 100,000 entities are measured again with the first benchmark's uniform
random structure, for comparison with earlier tables. Start-up is compared with the floor on the
same machine (importing Qt and pyqtgraph), ``validate`` is timed as a command. Writes
docs/benchmarks.md, keeping whatever follows its ``<!-- notes -->`` line (the explanations of
misses). Numbers are ratios on one machine, not promises.
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
# Bytecode is written and used, as on a user's machine (pip compiles what it installs): with
# PYTHONDONTWRITEBYTECODE set, as on some build machines, every start compiled the app's ninety
# modules again (~0.25 s); a first, untimed start writes it.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
ENV.update({"QT_QPA_PLATFORM": "offscreen", "TREATYSCOPE_QUIT_AFTER_PAINT": "1"})
NOTES = "<!-- notes -->"
#: the targets of issue 14, by the size they apply to (entities up to that size)
TARGETS = {
    10_000: {"open_first_graph_s": 2, "reopen_cached_s": 1, "step_median_ms": 25, "step_p95_ms": 50,
             "select_ms": 25, "export_3840_s": 1, "validate_s": 1, "open_stall_ms": 100},
    100_000: {"open_first_graph_s": 6, "reopen_cached_s": 2, "step_median_ms": 150, "step_p95_ms": 300,
              "select_ms": 100, "export_3840_s": 4, "validate_s": 4, "peak_memory_mb": 1200, "open_stall_ms": 100},
    1_000_000: {"open_first_graph_s": 45, "reopen_cached_s": 10, "step_median_ms": 1000, "step_p95_ms": 1000,
                "select_ms": 500, "export_3840_s": 20, "validate_s": 40, "peak_memory_mb": 6000,
                "open_stall_ms": 100},
}
STARTUP_TARGET = 1.4
STARTUP_REPEAT = 7  #: starts of each, at least: the median of three moved by 0.1-0.2x between runs
ROWS = [("open_first_graph_s", "open → first painted graph (s)"),
        ("open_stall_ms", "longest stall of the interface thread while opening (ms)"),
        ("reopen_cached_s", "second open of an unchanged file (s)"),
        ("reopen_stall_ms", "longest stall while opening it again (ms)"),
        ("cache_stall_ms", "longest stall while the dataset cache is written after the open (ms)"),
        ("full_layout_in_place_s", "full layout in place, from the open (s; quick layout first above 20,000)"),
        ("layout_s", "full layout alone (s)"),
        ("step_median_ms", "timeline step, median (ms)"), ("step_p95_ms", "timeline step, 95th percentile (ms)"),
        ("select_ms", "select a node, every view updated (ms)"), ("export_3840_s", "export graph at 3840 px (s)"),
        ("validate_s", "`validate` on the command line (s)"), ("peak_memory_mb", "peak memory (MB)")]


def timed(command: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(command, check=False, env=ENV, cwd=ROOT, capture_output=True, timeout=3600)
    return time.perf_counter() - t0


def startup(repeat: int) -> dict:
    timed([sys.executable, "main.py"])  # writes the bytecode; not counted
    floor, app = [], []
    for _ in range(repeat):  # in turn, so that the machine's load at the time weighs on both alike
        floor.append(timed([sys.executable, "-c", "import PySide6.QtWidgets, pyqtgraph"]))
        app.append(timed([sys.executable, "main.py"]))
    return {"floor_s": statistics.median(floor), "startup_s": statistics.median(app)}


def size_run(size: int, structure: str, repeat: int, steps: int, folder: Path) -> dict:
    from bench.generate import generate

    path = generate(folder / f"synthetic-{structure}-{size}.db", size, structure=structure)
    runs = []
    for _ in range(repeat):
        command = [sys.executable, "-m", "bench.measure", str(path), str(steps)]
        if size > 100_000:  # the full layout alone would take most of an hour: not waited for
            command.append("--no-layout")
        out = subprocess.run(command, check=False, env=ENV, cwd=ROOT, capture_output=True, text=True, timeout=7200)
        if out.returncode:
            raise SystemExit(f"{path}: the measure failed:\n{out.stderr[-3000:]}")
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    result = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    result["validate_s"] = statistics.median(timed([sys.executable, "main.py", "validate", str(path)])
                                             for _ in range(repeat))
    return result


def target_for(size: int) -> dict:
    return next((TARGETS[limit] for limit in sorted(TARGETS) if size <= limit), TARGETS[max(TARGETS)])


def cell(value: float | None, target: float | None) -> str:
    if value is None:
        return "–"
    text = f"{value:,.0f}" if value >= 100 else f"{value:.2f}"
    if target is not None:
        text += f" {'✓' if value < target else '✗'} (< {target:,})"
    return text


def table(start: dict, columns: dict[str, tuple[int, dict]], repeat: int = 3, million_repeat: int = 1) -> str:
    cpu = platform.processor() or platform.machine()
    ratio = start["startup_s"] / start["floor_s"]
    lines = [
        "# Benchmarks", "",
        f"Measured by `python -m bench.run` on {time.strftime('%Y-%m-%d')}: {platform.system()} "
        f"{platform.release()}, {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Qt offscreen (no GPU); each figure the median of {repeat} runs ({million_repeat} at a million "
        "entities, with 20 timeline steps), each in a fresh process. Read "
        "them as ratios on this machine, not as promises. The targets are issue 14's.", "",
        "## Start-up", "",
        "| what | seconds |", "| --- | --- |",
        f"| floor: `python -c \"import PySide6.QtWidgets, pyqtgraph\"` | {start['floor_s']:.2f} |",
        f"| Treatyscope to the first painted window, bundled dataset | {start['startup_s']:.2f} "
        f"({ratio:.2f}× the floor {'✓' if ratio <= STARTUP_TARGET else '✗'}; target ≤ {STARTUP_TARGET}×) |", "",
        "## Synthetic datasets (three relations per entity)", "",
        "Realistic structure: communities of heavy-tailed sizes, heavy-tailed degrees, 90% of relations "
        "inside a community, dated around its era. Random: the first benchmark's, uniform dates, 85% of "
        "relations to one of the 30 neighbouring ids.", "",
        "| measure | " + " | ".join(columns) + " |",
        "| --- |" + " --- |" * len(columns),
    ]
    for key, label in ROWS:
        cells = [cell(result.get(key), target_for(size).get(key)) for size, result in columns.values()]
        if any(c != "–" for c in cells):
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--million", action="store_true", help="add 1,000,000 entities (slow)")
    parser.add_argument("--no-random", action="store_true", help="skip the random structure's column")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--million-repeat", type=int, default=1,
                        help="runs of the 1,000,000 size (each takes several minutes)")
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    start = startup(max(args.repeat, STARTUP_REPEAT))
    sizes = [(s, "realistic") for s in args.sizes] + ([(1_000_000, "realistic")] if args.million else [])
    if not args.no_random and 100_000 in args.sizes:
        sizes.insert(sizes.index((100_000, "realistic")) + 1, (100_000, "random"))
    columns: dict[str, tuple[int, dict]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for size, structure in sizes:
            name = f"{size:,} entities" + (" (random)" if structure == "random" else "")
            repeat = args.million_repeat if size >= 1_000_000 else args.repeat
            steps = min(args.steps, 20) if size >= 1_000_000 else args.steps
            columns[name] = (size, size_run(size, structure, repeat, steps, Path(folder)))
            print(name, json.dumps(columns[name][1]), flush=True)
    text = table(start, columns, args.repeat, args.million_repeat)
    notes = args.out.read_text(encoding="utf-8").split(NOTES, 1) if args.out.exists() else []
    text += "\n" + NOTES + (notes[1] if len(notes) == 2 else "\n")
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
