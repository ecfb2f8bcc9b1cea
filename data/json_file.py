"""Reading a JSON file a user gave (a dataset, a Cytoscape graph): the document, or one
sentence naming the file and what is wrong with it."""
from __future__ import annotations

import json
from pathlib import Path

from .problems import DatasetError


def read_json(path: Path) -> object:
    """The parsed document; DatasetError when the file is not UTF-8 JSON or cannot be read."""
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise DatasetError(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    except OSError as exc:
        raise DatasetError(f"{path}: cannot be read ({exc.strerror or exc})") from None
