"""Treatyscope's version, said once: ``version`` in pyproject.toml.

A checkout (a pyproject.toml of ``treatyscope`` beside ``data/``) reads it from that file and never
from the installed metadata, because an editable install's metadata keeps the version of the day it
was installed. An installed wheel has no pyproject.toml beside its application folder and reads its
own metadata. The frozen app has neither and says ``_FALLBACK``, as does a checkout on Python 3.10
(no tomllib); tests/test_packaging.py keeps ``_FALLBACK`` equal to pyproject's version.
``importlib.metadata`` is imported only when it is read (it brings the email package: 15-50 ms
of every start from a checkout, measured).
"""
from __future__ import annotations

from pathlib import Path

DISTRIBUTION = "treatyscope"
_FALLBACK = "0.1.0"
_PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def _from_pyproject(path: Path) -> str:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        return _FALLBACK
    try:
        project = tomllib.loads(path.read_text(encoding="utf-8")).get("project", {})
    except (OSError, tomllib.TOMLDecodeError):
        return _FALLBACK
    return project.get("version") or _FALLBACK


def _is_checkout(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return False
    return f'name = "{DISTRIBUTION}"' in text


def version(pyproject: Path = _PYPROJECT) -> str:
    if _is_checkout(pyproject):
        return _from_pyproject(pyproject)
    import importlib.metadata

    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return _FALLBACK


VERSION = version()
