"""The one safe way to write a file: ``write_atomically`` writes beside the target under a
temporary name and renames it into place, so a reader never sees half a file and a failure
leaves the old file (or none) and no temporary file behind. Every failure is one ``WriteError``
whose text names the file and why, as every file error of the app does:
"/x/y.png: could not be written (No space left on device)". No Qt.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable, Union

from .problems import DatasetError

Content = Union[bytes, str, Callable[[Path], None]]


class WriteError(DatasetError, OSError):
    """A file that could not be written; ``str()`` is one sentence naming the file and why,
    ``strerror`` only why ("No space left on device").

    It is a DatasetError, so that the command line and the import dialog report it as the
    one-sentence file error they already report, and an OSError, so that code that treats a
    failed write as an I/O error (the layout cache) still does.
    """

    def __init__(self, message: str, reason: str | None = None):
        super().__init__(message)
        self.strerror = reason if reason is not None else message


def _failed(path: Path, reason: str) -> WriteError:
    return WriteError(f"{path}: could not be written ({reason})", reason)


def make_folder_for(path: Path, folder: Path | None = None) -> None:
    """Make the folder ``path`` is to be written in (``folder``, else its parent) and its parents;
    WriteError naming ``path`` when it cannot be made (a file standing where a folder should be
    is said so: the system's own words are "File exists")."""
    try:
        Path(folder if folder is not None else path.parent).mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise _failed(path, "a file stands where its folder should be") from None
    except OSError as exc:
        raise _failed(path, _reason(exc)) from None


def write_atomically(path: str | Path, content: Content) -> Path:
    """Write ``content`` to ``path`` through a temporary file in the same folder and a rename.

    ``content`` is bytes, text (written as UTF-8) or a callable that writes the file at the
    temporary path it is given. The file is readable by all (0644), like one a user saves.
    Raises WriteError (the temporary file removed, an old file at ``path`` untouched) when the
    folder is missing, ``path`` is a folder, or writing or renaming fails; an error other than
    OSError raised by the callable passes through unchanged, also with the temporary removed.
    """
    path = Path(path)
    data = None if callable(content) else (content.encode("utf-8") if isinstance(content, str) else bytes(content))
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise _failed(path, "it is a folder; name the file to write")
    if not folder.is_dir():
        raise _failed(path, "no such folder")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _failed(path, _reason(exc)) from None
    temp = Path(temp_name)
    try:
        if data is None:
            os.close(handle)
            content(temp)
        else:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except WriteError:
        raise
    except OSError as exc:
        raise _failed(path, _reason(exc)) from None
    finally:
        if temp.exists():
            temp.unlink()
    return path


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__
