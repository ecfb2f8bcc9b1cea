"""Views that travel: what the user sees (dataset, date, mode, selection, focus, filters, how
nodes look, pinned positions, zoom) as a small JSON file a colleague can open, and the same
remembered per dataset between runs (in the settings, never in the dataset).

A view file names its dataset relative to itself when the dataset sits nearby (the same folder,
below it, or up to ``NEARBY`` folders up), so that a folder holding both can be sent or moved
as a whole; it keeps the absolute path too, for when only the view file travels.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from data import dates
from data.filters import Filters
from data.files import write_atomically
from widgets.ranking_panel import SIZE_CHOICES
from .state import ViewState

FORMAT = "treatyscope-view/1"  #: later keys are additions: a view without them reads as before
NEARBY = 2  #: a dataset at most this many folders above the view file is named relative to it


class ViewFileError(ValueError):
    """A file that is not a readable Treatyscope view; ``str()`` is one sentence naming it."""


def capture(state: ViewState, folder: Path | None = None) -> dict:
    """The view as plain data; ``folder``: where the view file goes (the dataset is named
    relative to it when it sits nearby)."""
    layout = state.layout
    pinned = {state.graph.ids[i]: [round(float(x), 4), round(float(y), 4)]
              for i, (x, y) in zip(np.flatnonzero(layout.pinned), layout.positions[layout.pinned])}
    filters = state.filters
    dataset = Path(state.dataset.path).resolve()
    return {
        "format": FORMAT,
        "dataset": _nearby(dataset, folder) or str(dataset),
        "dataset_absolute": str(dataset),
        "date": dates.day_to_iso(state.day) if state.day is not None else None,
        "until": dates.day_to_iso(state.until) if state.until is not None else None,
        "mode": state.mode.value,
        "selection": list(state.selected),
        "focused": state.focused,
        "focus": {"on": state.focus_mode, "hops": state.focus_hops},
        "filters": {"hidden_tables": sorted(filters.hidden_tables), "hidden_kinds": sorted(filters.hidden_kinds),
                    "hidden_relations": sorted(filters.hidden_relations),
                    "confidences": sorted(c or "" for c in filters.confidences), "min_degree": filters.min_degree},
        # how nodes look: the Ranking panel's choices
        "appearance": {"size_by": state.size_by, "colour_by": "community" if state.colour_by_community else "kind"},
        "pinned": pinned,
        "expanded": sorted(state.expanded),  #: treaties whose articles are shown
        "zoom": list(layout.view_rect) if layout.view_rect is not None else None,
    }


def _nearby(dataset: Path, folder: Path | None) -> str | None:
    """``dataset`` relative to ``folder`` (with "/"), when it is within ``NEARBY`` folders up."""
    if folder is None:
        return None
    try:
        relative = Path(os.path.relpath(dataset, Path(folder).resolve()))
    except ValueError:  # another drive
        return None
    return relative.as_posix() if relative.parts.count("..") <= NEARBY else None


def apply(state: ViewState, view: dict) -> None:
    """Show a captured view on the dataset that is open (ids it lacks are passed over)."""
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
    look = view.get("appearance")
    if isinstance(look, dict):
        size_by = look.get("size_by")
        state.set_appearance(size_by if size_by in SIZE_CHOICES else "none", look.get("colour_by") == "community")
    if isinstance(view.get("pinned"), dict):
        index = state.graph.index
        state.layout.pin({index[i]: xy for i, xy in view["pinned"].items() if i in index})
    if isinstance(view.get("expanded"), list):
        state.set_expanded(i for i in view["expanded"] if isinstance(i, str))
    state.select([i for i in view.get("selection", []) if i in state.graph.index], focused=view.get("focused"))
    zoom = view.get("zoom")
    if isinstance(zoom, list) and len(zoom) == 4:
        state.layout.request_view(tuple(float(v) for v in zoom))


def save(state: ViewState, path: str | Path) -> Path:
    path = Path(path)
    if path.suffix.lower() != ".json":
        path = path.with_suffix(".json")
    text = json.dumps(capture(state, path.parent), ensure_ascii=False, indent=2)
    return write_atomically(path, text.encode("utf-8"))


def read(path: str | Path) -> dict:
    """A saved view; raises ViewFileError with one sentence when the file is not one."""
    path = Path(path)
    try:
        view = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ViewFileError(f"{path}: not a readable view file ({exc})") from None
    if not isinstance(view, dict) or view.get("format") != FORMAT or not view.get("dataset"):
        raise ViewFileError(f"{path}: not a Treatyscope view file")
    view["dataset"] = str(_dataset_of(view, path))
    return view


def _dataset_of(view: dict, path: Path) -> Path:
    """The view's dataset: named relative to the view file (if it is there), else its absolute
    path as saved (when only the view file was moved)."""
    named = Path(str(view["dataset"]))
    here = named if named.is_absolute() else (path.resolve().parent / named).resolve()
    absolute = view.get("dataset_absolute")
    if not here.exists() and isinstance(absolute, str) and Path(absolute).exists():
        return Path(absolute)
    return here
