"""The import contracts (import-linter) and the lint rules (ruff) in pyproject.toml hold.

Both tools come with the ``test`` extra; their commands sit in the venv's bin/ (Scripts\\ on
Windows) beside the interpreter, which is where a fresh ``pip install ".[test]"`` puts them."""
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from conftest import ROOT


def tool(name: str) -> Path:
    """The command ``name`` of this interpreter's environment (not whichever is first on PATH)."""
    suffix = ".exe" if os.name == "nt" else ""
    folders = [Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))]  # not resolved: a venv's python is a link
    for folder in folders:
        if (folder / (name + suffix)).is_file():
            return folder / (name + suffix)
    pytest.fail(f"{name} is not installed beside {sys.executable}; install the test extra: pip install -e '.[test]'")


def run(*args: str) -> None:
    result = subprocess.run([str(tool(args[0])), *args[1:]], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout}{result.stderr}"


def test_layers_main_ui_widgets_data():
    """main -> ui -> widgets -> data: a layer imports only the layers below it."""
    run("lint-imports", "--no-cache", "--no-logo", "--contract", "layers")


def test_data_imports_no_qt():
    run("lint-imports", "--no-cache", "--no-logo", "--contract", "data-without-qt")


def test_ruff():
    run("ruff", "check", "--no-cache", ".")
