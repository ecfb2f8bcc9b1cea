"""``python main.py export``: draw a view to PNG (or the graph to SVG) with no screen.

It builds the same window the desktop app shows, offscreen, applies the date, mode and focus
asked for, and draws the chosen view at the chosen width: the same picture the window gives.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from data import bundled, commands, dates, loader
from data.problems import DatasetError

WINDOW_SIZE = (1600, 1000)
#: what Qt's offscreen platform says about every window it shows: true, and of no use to a user
NOISE = ("This plugin does not support propagateSizeHints()",)


def quiet_qt_noise() -> None:
    """Let Qt's messages through to stderr, except the offscreen platform's ``NOISE``."""
    from PySide6.QtCore import qFormatLogMessage, qInstallMessageHandler

    def handler(kind, context, message: str) -> None:
        if message not in NOISE:
            print(qFormatLogMessage(kind, context, message), file=sys.stderr)

    qInstallMessageHandler(handler)


def run(args: argparse.Namespace) -> int:
    if "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any QApplication exists
    if args.db and args.dataset:
        return commands.error("name the dataset once (either as an argument or with --db)")
    out = Path(args.out)
    if out.suffix.lower() not in (".png", ".svg"):
        return commands.error(f"{out}: the file name must end in .png or .svg")
    if out.suffix.lower() == ".svg" and args.view != "graph":
        return commands.error(f"{out}: SVG is for the graph view (--view graph)")
    try:
        day = dates.parse_day(args.date) if args.date else None
        until = dates.parse_day(args.until) if args.until else None
    except dates.DateError as exc:
        return commands.error(f"--date: {exc}")
    try:
        dataset = loader.load(args.db or args.dataset or bundled.DATASET_PATH)
    except DatasetError as exc:
        return commands.error(str(exc))
    if args.focus is not None and args.focus not in dataset.entities:
        return commands.error(f"--focus: no entity has the id {args.focus!r} in {dataset.path}")
    from ui.app import application
    from ui.export import ExportError

    quiet_qt_noise()
    application()
    try:
        written = draw(dataset, args, day, until)
    except ExportError as exc:
        return commands.error(str(exc))
    commands.warn_skipped(dataset)
    print(f"wrote {written}")
    return 0


def draw(dataset, args: argparse.Namespace, day: int | None, until: int | None) -> Path:
    from ui.app import application
    from ui.export import add_caption, render_widget, save_png, with_text
    from ui.main_window import MainWindow
    from ui.settings import Settings

    with tempfile.TemporaryDirectory() as scratch:
        window = MainWindow(Settings(Path(scratch) / "settings.ini"))
        window.resize(*WINDOW_SIZE)
        if args.view == "graph":  # no window around it: the canvas takes the whole figure
            from PySide6.QtWidgets import QDockWidget

            for dock in window.findChildren(QDockWidget):
                dock.hide()
            window.resize(1600, 1100)
        window.show()
        window.open_dataset(dataset)
        state = window.state
        state.set_mode(args.mode)
        if day is not None:
            state.set_day(day, until if until is not None else day)
        elif until is not None:
            state.set_day(state.day, until)
        if args.focus:
            window.show_entities([args.focus])
            window.follow_now()  # the trees show the focused entity's tab and row too
        application().processEvents()  # let the window's layout settle at its size
        window.redraw()
        if not args.focus:
            window.canvas.fit()
        widget = window.view_widget(args.view)
        if Path(args.out).suffix.lower() == ".svg":
            from ui.export import save_svg

            return save_svg(window.canvas, Path(args.out))
        image = render_widget(widget, args.width)
        title, note = getattr(args, "title", None) or "", getattr(args, "note", None) or ""
        if args.caption or title or note:
            image = add_caption(image, with_text(window.caption(), title, note))
        window.close()
        return save_png(image, Path(args.out))
