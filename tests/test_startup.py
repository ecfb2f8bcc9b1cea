"""Starting up where a newcomer does: with no display, and the command line's stderr."""
import os
import subprocess
import sys

from conftest import ROOT


def run_main(*args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)],
                          capture_output=True, text=True, timeout=120, env=env)


def test_the_window_with_no_display_says_what_to_do_and_exits_2():
    result = run_main()
    assert result.returncode == 2  # not Qt's abort (134)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: no display")
    assert "xvfb-run" in lines[0] and "offscreen" in lines[0] and "export" in lines[0]


def test_an_unreachable_display_is_named():
    result = run_main(env_extra={"DISPLAY": ":87"})
    assert result.returncode == 2 and "':87' cannot be reached" in result.stderr


def test_a_platform_that_needs_no_display_is_left_to_qt():
    from ui.app import display_problem

    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert display_problem({"QT_QPA_PLATFORM": "vnc:size=800x600"}) is None
    assert display_problem({}) is not None


def test_the_export_command_keeps_stderr_clean(tmp_path):
    result = run_main("export", "--out", tmp_path / "g.png", "--width", "800")
    assert result.returncode == 0
    assert result.stderr == ""  # no "This plugin does not support propagateSizeHints()"
