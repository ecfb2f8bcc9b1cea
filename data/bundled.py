"""The dataset that ships with Treatyscope: its reviewable CSV source and the built file.

The CSV folder is the source of truth, reviewed like code; the SQLite file is built from it with
the project's own import (``python -m data.bundled``) and a test proves the two agree.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent / "bundled"
SOURCE_DIR = HERE / "russia_iran"
DATASET_PATH = HERE / "russia_iran.db"


def build(out: Path = DATASET_PATH) -> int:
    """Rebuild the bundled file from its CSV source; returns the number of problems."""
    from .importer import import_dataset

    _dataset, problems = import_dataset(SOURCE_DIR, out, force=True)
    for problem in problems:
        print(problem.describe(), file=sys.stderr)
    return len(problems)


if __name__ == "__main__":
    sys.exit(1 if build() else 0)
