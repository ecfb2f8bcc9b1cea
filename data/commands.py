"""The command-line commands that need no window: ``validate``, ``import``, ``info``,
``template`` and ``export-graph``.

Each returns the process exit code: 0 done, 1 row-level problems (``validate``, ``import``),
2 could not do it. Errors are one ``error:`` line on stderr, never a traceback.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from . import bundled, dates, loader, schema
from .model import Dataset
from .problems import DatasetError, Problem

OK, PROBLEMS, FAILED = 0, 1, 2


def error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return FAILED


def warn_skipped(dataset: Dataset) -> None:
    if dataset.problems:
        count = len(dataset.problems)
        print(f"warning: {dataset.path}: {count} row{'s' if count != 1 else ''} skipped "
              f"(run 'validate' to list them)", file=sys.stderr)


def print_problems(problems: list[Problem], out: TextIO) -> None:
    for problem in problems:
        print(problem.describe(), file=out)


def validate(path: str) -> int:
    try:
        dataset = loader.load(path, objects=False)  # the problems are all it prints
    except DatasetError as exc:
        return error(str(exc))
    print_problems(dataset.problems, sys.stdout)
    count = len(dataset.problems)
    if count:
        print(f"{dataset.path}: {count} row{'s' if count != 1 else ''} skipped")
        return PROBLEMS
    print(f"{dataset.path}: no problems")
    return OK


def import_(source: str, out: str, force: bool) -> int:
    from .importer import import_dataset  # sqlite-utils is loaded only to write

    notes: list[str] = []
    try:
        dataset, problems = import_dataset(source, out, force=force, notes=notes)
    except DatasetError as exc:
        return error(str(exc))
    for note in notes:  # how a workbook's sheets and columns were read
        print(note)
    print_problems(problems, sys.stdout)
    entities = len(dataset.entities)
    print(f"wrote {dataset.path}: {entities} entities, {len(dataset.relations)} relations, "
          f"{len(dataset.events)} events; {len(problems)} row{'s' if len(problems) != 1 else ''} skipped")
    return PROBLEMS if problems else OK


def describe(dataset: Dataset) -> dict:
    """What ``info`` tells about a dataset, as plain data."""
    span = dataset.date_range()
    tables = {
        spec.name: {"rows": dataset.rows_read.get(spec.name, 0), "loaded": dataset.count(spec.name)}
        for spec in schema.TABLES
    }
    return {
        "path": str(dataset.path.resolve()),
        "title": dataset.title,
        "description": dataset.meta.get("description", ""),
        "tables": tables,
        "extra_tables": dataset.extra_tables,
        "date_range": [dates.day_to_iso(span[0]), dates.day_to_iso(span[1])] if span else None,
        "default_date": dates.day_to_iso(d) if (d := dataset.default_day()) else None,
        "problems": len(dataset.problems),
    }


def info(path: str | None, as_json: bool) -> int:
    try:
        dataset = loader.load(path or bundled.DATASET_PATH)
    except DatasetError as exc:
        return error(str(exc))
    facts = describe(dataset)
    if as_json:
        print(json.dumps(facts, ensure_ascii=False, indent=2))
    else:
        print(f"path:           {facts['path']}" + ("  (the bundled dataset)" if path is None else ""))
        print(f"title:          {facts['title']}")
        for name, counts in facts["tables"].items():
            if counts["rows"] or name in ("actors", "relations"):
                note = "" if counts["rows"] == counts["loaded"] else f" ({counts['rows']} rows read)"
                print(f"{name + ':':<16}{counts['loaded']}{note}")
        for name, rows in facts["extra_tables"].items():
            print(f"{name + ':':<16}{rows} (not in the contract; shown as is)")
        if facts["date_range"]:
            print(f"dates:          {facts['date_range'][0]} to {facts['date_range'][1]}")
        print(f"problems:       {facts['problems']}")
    warn_skipped(dataset)
    return OK


def export_graph(args) -> int:
    """``export-graph``: the dataset (or what is shown at ``--date``) to GEXF, GraphML or CSV."""
    from . import interop  # the layout (igraph) is loaded only for this command

    if args.db and args.dataset:
        return error("name the dataset once (either as an argument or with --db)")
    out = Path(args.out)
    fmt = args.format or interop.FORMATS.get(out.suffix.lower())
    if fmt is None:
        return error(f"{out}: the file name must end in .gexf or .graphml (or give --format csv and a folder)")
    if args.until and args.mode != "window":
        return error("--until: it is for --mode window")
    if args.mode and not args.date:
        return error(f"--mode: give --date too (--mode {args.mode} reads the timeline at a date)")
    try:
        day = dates.parse_day(args.date) if args.date else None
        until = dates.parse_day(args.until) if args.until else None
    except dates.DateError as exc:
        return error(f"--date: {exc}")
    try:
        dataset = loader.load(args.db or args.dataset or bundled.DATASET_PATH)
        mode = args.mode or "at"
        if fmt == "csv":
            files = interop.export_csv(dataset, out, day, mode, until, force=args.force)
            print(f"wrote {len(files)} CSV files in {out}")
        else:
            nodes, edges = interop.export_graph(dataset, out, fmt, day, mode, until)
            print(f"wrote {out}: {nodes} nodes, {edges} edges")
    except DatasetError as exc:
        return error(str(exc))
    warn_skipped(dataset)
    return OK


def template(folder: str | None, xlsx: str | None) -> int:
    """``template``: a dataset to fill in, as a folder of CSV files or as one Excel workbook."""
    from . import template as templates  # openpyxl is loaded only for a workbook

    if (folder is None) == (xlsx is None):
        return error("template: name a folder for CSV files, or give --xlsx FILE for a workbook (one of them)")
    try:
        if xlsx is not None:
            written = templates.write_template_xlsx(xlsx)
            print(f"wrote {written}: a sheet per table; fill it in, then run: import {written} --out FILE.db")
        else:
            files = templates.write_template(folder)
            print(f"wrote {len(files)} CSV files in {folder}; fill them in, then run: import {folder} --out FILE.db")
    except DatasetError as exc:
        return error(str(exc))
    return OK
