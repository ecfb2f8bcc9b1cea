"""Views that travel: what the user sees (dataset, date, mode, selection, focus, filters,
pinned positions, zoom) as a small JSON file a colleague can open, and the same remembered per
dataset between runs (in the settings, never in the dataset)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from data import dates
from data.filters import Filters
from data.files import write_atomically
from .export import ExportError

FORMAT = "treatyscope-view/1"


def capture(window) -> dict:
    """The view as plain data."""
    state, canvas = window.state, window.canvas
    rect = canvas.box.viewRect()
    pinned = {state.graph.ids[i]: [round(float(x), 4), round(float(y), 4)]
              for i, (x, y) in zip(np.flatnonzero(canvas.pinned), canvas.positions[canvas.pinned])}
    filters = state.filters
    return {
        "format": FORMAT,
        "dataset": str(Path(state.dataset.path).resolve()),
        "date": dates.day_to_iso(state.day) if state.day is not None else None,
        "until": dates.day_to_iso(state.until) if state.until is not None else None,
        "mode": state.mode.value,
        "selection": list(state.selected),
        "focused": state.focused,
        "focus": {"on": state.focus_mode, "hops": state.focus_hops},
        "filters": {"hidden_tables": sorted(filters.hidden_tables), "hidden_kinds": sorted(filters.hidden_kinds),
                    "hidden_relations": sorted(filters.hidden_relations),
                    "confidences": sorted(c or "" for c in filters.confidences), "min_degree": filters.min_degree},
        "pinned": pinned,
        "zoom": [rect.left(), rect.top(), rect.width(), rect.height()],
    }


def apply(window, view: dict) -> None:
    """Show a captured view on the dataset that is open (ids it lacks are passed over)."""
    state, canvas = window.state, window.canvas
    try:
        if view.get("mode"):
            state.set_mode(view["mode"])
        if view.get("date"):
            until = dates.parse_day(view["until"]) if view.get("until") else None
            state.set_day(dates.parse_day(view["date"]), until)
    except (ValueError, dates.DateError):
        pass
    if isinstance(view.get("filters"), dict):
        f = view["filters"]
        state.set_filters(Filters(
            hidden_tables=frozenset(f.get("hidden_tables", ())), hidden_kinds=frozenset(f.get("hidden_kinds", ())),
            hidden_relations=frozenset(f.get("hidden_relations", ())),
            confidences=frozenset(c or None for c in f.get("confidences", Filters().confidences)),
            min_degree=int(f.get("min_degree", 0))))
    focus = view.get("focus") or {}
    state.set_focus_mode(bool(focus.get("on", False)), int(focus.get("hops", state.focus_hops)))
    if isinstance(view.get("pinned"), dict) and view["pinned"]:
        positions, pinned = canvas.positions.copy(), canvas.pinned.copy()
        for entity_id, xy in view["pinned"].items():
            index = state.graph.index.get(entity_id)
            if index is not None:
                positions[index], pinned[index] = xy, True
        canvas.set_positions(positions, pinned)
    state.select([i for i in view.get("selection", []) if i in state.graph.index], focused=view.get("focused"))
    window.redraw()
    zoom = view.get("zoom")
    if isinstance(zoom, list) and len(zoom) == 4:
        left, top, width, height = (float(v) for v in zoom)
        canvas.box.setRange(xRange=(left, left + width), yRange=(top, top + height), padding=0)


def save(window, path: str | Path) -> Path:
    path = Path(path)
    if path.suffix.lower() != ".json":
        path = path.with_suffix(".json")
    text = json.dumps(capture(window), ensure_ascii=False, indent=2)
    return write_atomically(path, text.encode("utf-8"))


def read(path: str | Path) -> dict:
    """A saved view; raises ExportError with one sentence when the file is not one."""
    path = Path(path)
    try:
        view = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExportError(f"{path}: not a readable view file ({exc})") from None
    if not isinstance(view, dict) or view.get("format") != FORMAT or not view.get("dataset"):
        raise ExportError(f"{path}: not a Treatyscope view file")
    return view
