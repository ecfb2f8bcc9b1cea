"""Starting the desktop application: the QApplication, the window, the first dataset; and, before
any of that, whether there is a display to show a window on (Qt aborts the process without one)."""
from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from data import bundled
from widgets.focus_ring import FocusRings

#: Qt platforms that need a display server; any other (offscreen, vnc, eglfs...) needs none
DISPLAY_PLATFORMS = ("", "xcb", "wayland", "wayland-egl")
#: how long a thread waiting for the interpreter lock waits before it asks for it (Python's
#: default, 5 ms, let a loading worker whose NumPy calls let go of the lock and take it back
#: keep it from the window for 0.1-0.4 s at a time, measured: the waiter's clock restarts at
#: each such switch; at 1 ms the longest wait measured was 7 ms, for the same work)
SWITCH_INTERVAL_S = 0.001
NO_DISPLAY = ("no display: the window needs a graphical session ({why}). Run it from a desktop, or in a "
              "virtual display with 'xvfb-run python main.py'; to draw a picture with no screen use "
              "'python main.py export --out FILE.png' (or set QT_QPA_PLATFORM=offscreen)")


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    sys.setswitchinterval(SWITCH_INTERVAL_S)  # the window's thread first when a worker runs
    app.setApplicationName("Treatyscope")
    app.setOrganizationName("Treatyscope")
    if app.findChild(FocusRings) is None:  # a keyboard focus one can see, on the platform's style
        FocusRings(app)
    return app


def display_problem(environ: dict[str, str] | None = None) -> str | None:
    """Why no window can be shown here, in one sentence, or None when it can (or when only Qt can
    tell). On Linux and the BSDs Qt needs an X11 or Wayland server and aborts the process when it
    cannot reach one; other systems always have a display."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None
    if env.get("QT_QPA_PLATFORM", "").split(":")[0] not in DISPLAY_PLATFORMS:
        return None
    wayland, x11 = env.get("WAYLAND_DISPLAY", ""), env.get("DISPLAY", "")
    if wayland and _wayland_reachable(wayland, env.get("XDG_RUNTIME_DIR", "")):
        return None
    if x11 and _x11_reachable(x11):
        return None
    if not (wayland or x11):
        why = "neither DISPLAY nor WAYLAND_DISPLAY is set"
    else:
        why = f"the display {x11 or wayland!r} cannot be reached"
    return NO_DISPLAY.format(why=why)


def _wayland_reachable(name: str, runtime_dir: str) -> bool:
    path = Path(name) if Path(name).is_absolute() else Path(runtime_dir or "/nonexistent") / name
    return path.exists()


def _x11_reachable(display: str) -> bool:
    """Whether an X server answers at ``display`` (``:0``, ``unix:0``, ``host:0.0``)."""
    host, _, rest = display.rpartition(":")
    number = rest.split(".")[0]
    if not number.isdigit():
        return True  # a form this check does not know: let Qt try
    if host in ("", "unix"):
        path = f"/tmp/.X11-unix/X{number}"
        return any(_connects(socket.AF_UNIX, address) for address in (path, "\0" + path))
    if host.startswith("/"):  # a launchd-style socket path (XQuartz)
        return Path(host).exists()
    return _connects(socket.AF_INET, (host, 6000 + int(number)))


def _connects(family: int, address) -> bool:
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.settimeout(2)
            probe.connect(address)
        return True
    except OSError:
        return False


def run(dataset: str | None) -> int:
    """Show the window at once and load the dataset (the bundled one by default) on a worker."""
    problem = display_problem()
    if problem is not None:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    app = application()
    from .main_window import MainWindow

    window = MainWindow()
    from .errors import ErrorReporter

    ErrorReporter(window).install()
    if window.settings.geometry() is None:  # a first run: sized to the screen
        screen = app.primaryScreen().availableGeometry() if app.primaryScreen() else None
        if screen is not None and screen.width() >= 1600:
            window.resize(int(screen.width() * 0.85), int(screen.height() * 0.85))
    window.restore_window()
    if window.settings.geometry() is None and (app.primaryScreen() is None
                                                or app.primaryScreen().availableGeometry().width() < 1600):
        window.showMaximized()
    else:
        window.show()
    if os.environ.get("TREATYSCOPE_QUIT_AFTER_PAINT"):  # the benchmark's start-up measure
        window.files.loaded.connect(lambda: (window.repaint(), app.quit()))
    window.files.open_path(Path(dataset) if dataset else bundled.DATASET_PATH)
    return app.exec()
