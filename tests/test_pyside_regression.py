"""PySide6 6.12.0 aborts the process (none_dealloc) after a few thousand calls of Qt methods
that return nothing; the pin in pyproject.toml keeps 6.11.x. This test makes such calls in a
loop and fails (by crashing the child process) if a broken version comes back."""
import subprocess
import sys

import PySide6

CHILD = """
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
w = QWidget()
for _ in range(20000):
    w.update()
    w.setEnabled(True)
print("survived")
"""


def test_void_qt_calls_do_not_crash():
    result = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "survived" in result.stdout, result.stderr[-500:]


def test_pinned_version():
    assert PySide6.__version__.startswith("6.11."), PySide6.__version__
