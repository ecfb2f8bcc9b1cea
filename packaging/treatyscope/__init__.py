"""The installed Treatyscope: a small shim in front of the application folder.

A wheel puts only this package in site-packages. The application itself (``main.py`` and its
packages ``data``, ``ui`` and ``widgets``, with the bundled dataset) sits in ``app/`` beside this
file, and imports those packages by their top-level names as it does from a checkout. ``main()``
puts ``app/`` at the front of ``sys.path`` for this process only, so the generic names never land
in a shared site-packages, and then runs the same ``main.main()`` that ``python main.py`` runs.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def app_dir() -> Path:
    """``app/`` in an installed wheel; the checkout itself for an editable install."""
    for candidate in (HERE / "app", HERE.parent.parent):
        if (candidate / "main.py").is_file() and (candidate / "data" / "__init__.py").is_file():
            return candidate
    raise RuntimeError(f"{HERE / 'app'}: the application folder is missing; reinstall treatyscope")


def activate() -> Path:
    """Make the application importable (``import data``) in this process; returns its folder."""
    folder = app_dir()
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    return folder


def main(argv: list[str] | None = None) -> int:
    """The ``treatyscope`` command: the window, or ``validate``, ``import``, ``info``, ``export``..."""
    activate()
    import main as application  # the app's main.py, from APP_DIR

    return application.main(argv)
