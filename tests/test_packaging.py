"""Packaging: the wheel holds one top-level package and runs from a fresh venv; the desktop
files validate; the frozen folder app draws a PNG (slow: TREATYSCOPE_SLOW=1)."""
import os
import re
import shutil
import struct
import subprocess
import sys
import sysconfig
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGING = ROOT / "packaging"
APP_ID = "io.github.treatyscope.Treatyscope"
SLOW = os.environ.get("TREATYSCOPE_SLOW") == "1"
slow = pytest.mark.skipif(not SLOW, reason="slow packaging check: set TREATYSCOPE_SLOW=1")
COPY_IGNORE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "__pycache__", ".pytest_cache",
                                     ".hypothesis", "*.egg-info", "*.pyc")


def version() -> str:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    return re.search(r'^version = "([^"]+)"', text, re.M).group(1)


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR"
    return struct.unpack(">II", head[16:24])


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the working tree (so the checkout gets no build/ folder)."""
    scratch = tmp_path_factory.mktemp("wheel")
    source = scratch / "src"
    shutil.copytree(ROOT, source, ignore=COPY_IGNORE)
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q",
                             "-w", str(scratch / "out")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = (scratch / "out").glob("treatyscope-*.whl")
    return built


def test_wheel_holds_only_treatyscope(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names} == {"treatyscope", f"treatyscope-{version()}.dist-info"}
    app = "treatyscope/app/"
    assert {"treatyscope/__init__.py", "treatyscope/__main__.py", app + "main.py"} <= set(names)
    bundled = {app + p.relative_to(ROOT).as_posix() for p in (ROOT / "data" / "bundled").rglob("*")
               if p.suffix in (".db", ".csv")}
    assert app + "data/bundled/russia_iran.db" in bundled and len(bundled) >= 9
    assert bundled <= set(names)
    assert {app + "docs/user-guide.md", app + "docs/guide/first-figure.png"} <= set(names)  # Help ▸ User guide
    code = {app + p.relative_to(ROOT).as_posix() for folder in ("data", "ui", "widgets")
            for p in (ROOT / folder).rglob("*.py")}
    assert code <= set(names), f"not in the wheel: {sorted(code - set(names))}"
    assert not [n for n in names if "/tests/" in n or "/bench/" in n or n.endswith(".pyc")]
    metadata = zipfile.ZipFile(wheel)
    dist_info = f"treatyscope-{version()}.dist-info/"
    entry_points = metadata.read(dist_info + "entry_points.txt").decode()
    assert "[gui_scripts]\ntreatyscope = treatyscope:main" in entry_points
    assert "[console_scripts]\ntreatyscope-cli = treatyscope:main" in entry_points
    assert metadata.read(dist_info + "top_level.txt").decode().split() == ["treatyscope"]


def test_version_is_said_once_everywhere():
    sys.path.insert(0, str(ROOT))
    import main

    assert main.VERSION == version()
    release = ET.parse(PACKAGING / f"{APP_ID}.metainfo.xml").getroot().find("releases/release")
    assert release.get("version") == version()


def test_version_comes_from_pyproject_in_a_checkout(tmp_path):
    """data.version: a checkout's pyproject.toml wins over (possibly stale) installed metadata;
    the constant the frozen app falls back on is pyproject's version too."""
    from data import version as module

    assert module.VERSION == version() and module._FALLBACK == version()
    bumped = tmp_path / "pyproject.toml"
    bumped.write_text('[project]\nname = "treatyscope"\nversion = "9.8.7"\n', encoding="utf-8")
    if sys.version_info >= (3, 11):
        assert module.version(bumped) == "9.8.7"
    other = tmp_path / "other.toml"
    other.write_text('[project]\nname = "something-else"\nversion = "1.2.3"\n', encoding="utf-8")
    assert module.version(other) != "1.2.3"  # not ours: the metadata or the constant


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with only the wheel installed; the dependencies are borrowed from this
    interpreter through a .pth file, so the check takes seconds and needs no download."""
    venv = tmp_path_factory.mktemp("venv") / "venv"
    # the venv's own pip (not `pip --python`, which older pips handle differently)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    # install before borrowing: a pip that sees this checkout's own editable or installed
    # treatyscope through the .pth says "already satisfied" and installs nothing (pip 23)
    result = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (venv / "bin" / "treatyscope").exists(), "pip installed no treatyscope command:\n" + result.stdout
    borrowed = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "borrowed_dependencies.pth").write_text("\n".join(sorted(borrowed)) + "\n", encoding="utf-8")
    return venv


def run_in(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": ""}
    return subprocess.run([str(venv / "bin" / args[0]), *args[1:]], capture_output=True, text=True,
                          timeout=120, cwd=cwd, env=env)


def test_installed_command_runs_from_its_own_folder(installed, tmp_path):
    result = run_in(installed, "treatyscope", "--version", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.strip() == f"treatyscope {version()}"
    result = run_in(installed, "treatyscope-cli", "info", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"{installed}/lib/" in result.stdout and "treatyscope/app/data/bundled/russia_iran.db" in result.stdout
    where = run_in(installed, "python", "-c", "import treatyscope, sys; treatyscope.activate(); import data, main; "
                   "print(data.__file__); print(main.__file__)", cwd=tmp_path)
    assert where.returncode == 0 and all(line.startswith(str(installed)) for line in where.stdout.split())
    bare = run_in(installed, "python", "-c", "import data", cwd=tmp_path)
    assert bare.returncode == 1 and "ModuleNotFoundError" in bare.stderr  # nothing generic installed


def test_installed_command_validates_exports_and_imports(installed, tmp_path):
    result = run_in(installed, "treatyscope", "export-graph", "--out", str(tmp_path / "g.gexf"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    result = run_in(installed, "treatyscope", "import", str(tmp_path / "g.gexf"), "--out", str(tmp_path / "g.db"),
                    cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    result = run_in(installed, "treatyscope-cli", "validate", str(tmp_path / "g.db"), cwd=tmp_path)
    assert result.returncode == 0 and "no problems" in result.stdout
    result = run_in(installed, "treatyscope", "export", "--out", str(tmp_path / "g.png"), "--width", "480",
                    cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert png_size(tmp_path / "g.png")[0] == 480
    result = run_in(installed, "python", "-m", "treatyscope", "validate", str(tmp_path / "none.db"), cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.startswith("error: ") and "Traceback" not in result.stderr


# -- desktop integration ---------------------------------------------------------------------
def test_desktop_entry_and_icons():
    entry = (PACKAGING / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    fields = dict(line.split("=", 1) for line in entry.splitlines()[1:] if "=" in line)
    assert entry.startswith("[Desktop Entry]\n")
    assert fields["Exec"].split()[0] == "treatyscope" and fields["Icon"] == APP_ID and fields["Type"] == "Application"
    icons = PACKAGING / "icons" / "hicolor"
    svg = ET.parse(icons / "scalable" / "apps" / f"{APP_ID}.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    for size in (16, 32, 48, 64, 128, 256):
        assert png_size(icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png") == (size, size)


def test_metainfo_says_what_a_software_centre_needs():
    root = ET.parse(PACKAGING / f"{APP_ID}.metainfo.xml").getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("project_license") == "MIT" and root.findtext("metadata_license") == "MIT"
    assert len(root.findall("description/p")) >= 2
    assert root.findtext("screenshots/screenshot/image").endswith("/docs/screenshot.png")
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert (PACKAGING / root.findtext("launchable")).is_file()


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli is not installed (apt: appstream)")
def test_metainfo_validates():
    result = subprocess.run(["appstreamcli", "validate", "--no-net", str(PACKAGING / f"{APP_ID}.metainfo.xml")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate is not installed (apt: desktop-file-utils)")
def test_desktop_file_validates():
    result = subprocess.run(["desktop-file-validate", str(PACKAGING / f"{APP_ID}.desktop")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


# -- slow: a real install and the frozen app -------------------------------------------------
@slow
def test_wheel_installs_with_its_dependencies(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    result = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], capture_output=True,
                            text=True, timeout=1200)
    assert result.returncode == 0, result.stdout + result.stderr
    assert run_in(venv, "treatyscope", "--version", cwd=tmp_path).stdout.strip() == f"treatyscope {version()}"
    result = run_in(venv, "treatyscope", "export", "--out", str(tmp_path / "x.png"), "--width", "640", cwd=tmp_path)
    assert result.returncode == 0 and png_size(tmp_path / "x.png")[0] == 640


@slow
def test_frozen_app_draws_a_png(tmp_path):
    """Builds dist/treatyscope with packaging/build.sh (minutes) and runs it with no screen."""
    result = subprocess.run(["bash", str(PACKAGING / "build.sh")], capture_output=True, text=True,
                            timeout=1800, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    app = ROOT / "dist" / "treatyscope" / "treatyscope"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "QT_QPA_PLATFORM")}
    out = tmp_path / "frozen.png"
    result = subprocess.run([str(app), "export", "--out", str(out), "--width", "800"], capture_output=True,
                            text=True, timeout=120, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert png_size(out)[0] == 800
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 20  # a drawing, not a blank page
    result = subprocess.run([str(app), "--version"], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == f"treatyscope {version()}"
    result = subprocess.run([str(app), "export-graph", "--out", str(tmp_path / "g.gexf")], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and (tmp_path / "g.gexf").stat().st_size > 10_000
