"""A template dataset as a folder of CSV files or as an Excel workbook (one sheet per table):
every table and column of the contract with a few example rows, for a user to fill in and
import."""
from __future__ import annotations

import csv
from pathlib import Path

from . import schema
from .files import write_atomically
from .problems import DatasetError

ROWS: dict[str, list[dict[str, str]]] = {
    "actors": [
        {"id": "state-a", "name": "State A", "kind": "state", "aliases": "A-land; Republic of A",
         "description": "A state; replace these rows with yours."},
        {"id": "leader-a", "name": "Leader of A", "kind": "person", "parent_id": "state-a",
         "description": "Nested under State A in the tree by parent_id."},
        {"id": "state-b", "name": "State B", "kind": "state", "colour": "#0f766e", "size": "2",
         "description": "colour and size: a look of its own, over its kind's."},
        {"id": "bloc-c", "name": "Bloc C", "kind": "bloc", "start_date": "2001-06"},
    ],
    "treaties": [{"id": "treaty-ab", "title": "Treaty between A and B", "signed_date": "2025-01-17",
                  "place": "Capital of A", "description": "Starts on its signing date; has no end."}],
    "articles": [
        {"id": "treaty-ab-1", "treaty_id": "treaty-ab", "number": "1", "title": "Principles",
         "summary": "What article 1 commits the parties to.", "topic": "principles"},
        {"id": "treaty-ab-2", "treaty_id": "treaty-ab", "number": "2", "title": "Transport",
         "summary": "What article 2 commits the parties to.", "topic": "transport"},
    ],
    "projects": [{"id": "corridor-x", "name": "Corridor X", "kind": "corridor", "status": "planned",
                  "start_date": "2024", "description": "A project; dates may be partial."}],
    "relations": [
        {"id": "r1", "source_id": "state-a", "target_id": "treaty-ab", "kind": "party_to",
         "start_date": "2025-01-17", "weight": "2", "confidence": "official",
         "source": "https://example.org/treaty-text", "locator": "Preamble"},
        {"id": "r2", "source_id": "state-b", "target_id": "treaty-ab", "kind": "party_to",
         "start_date": "2025-01-17", "weight": "2", "confidence": "official",
         "source": "https://example.org/treaty-text", "locator": "Preamble"},
        {"id": "r3", "source_id": "leader-a", "target_id": "state-a", "kind": "leads",
         "start_date": "2020-05", "confidence": "reported", "source": "A news report", "locator": "para 2"},
        {"id": "r4", "source_id": "treaty-ab-2", "target_id": "corridor-x", "kind": "covers",
         "start_date": "2025-01-17", "confidence": "official",
         "source": "https://example.org/treaty-text", "locator": "Article 2"},
        {"id": "r5", "source_id": "state-a", "target_id": "bloc-c", "kind": "member_of",
         "start_date": "2001-06", "periods": "2001-06/2008-03; 2012-01/", "confidence": "inferred",
         "description": "An analyst's reading: a member in two periods, with a gap between them.",
         "source": "Analyst note", "locator": "p. 4"},
    ],
    "events": [{"id": "ev-signing", "date": "2025-01-17", "title": "Treaty signed", "kind": "signing",
                "source": "https://example.org/news", "locator": "para 1"}],
    "event_entities": [{"event_id": "ev-signing", "entity_id": "treaty-ab"},
                       {"event_id": "ev-signing", "entity_id": "leader-a"}],
    "meta": [{"key": "title", "value": "My dataset"},
             {"key": "description", "value": "What this dataset covers and where its facts come from."},
             {"key": "default_date", "value": "2025-01-17"}],
}


def write_template(folder: str | Path) -> list[Path]:
    """Write one CSV file per table into ``folder`` (made if missing; existing files are kept
    and refused, so nothing a user wrote is replaced)."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatasetError(f"{folder}: cannot make the folder ({exc.strerror or exc})") from None
    clashes = [f"{name}.csv" for name in ROWS if (folder / f"{name}.csv").exists()]
    if clashes:
        raise DatasetError(f"{folder}: already holds {', '.join(clashes)}; choose an empty folder")
    written = []
    for name, rows in ROWS.items():
        path = folder / f"{name}.csv"
        columns = list(schema.BY_NAME[name].columns)
        write_atomically(path, lambda temp, rows=rows, columns=columns: _write_csv(temp, columns, rows))
        written.append(path)
    return written


def _write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def write_template_xlsx(path: str | Path) -> Path:
    """Write the template as one workbook, a sheet per table (dates as text cells, so that the
    spreadsheet keeps them as written); an existing file is refused, never replaced."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise DatasetError(f"{path}: the workbook's name must end in .xlsx")
    if path.exists():
        raise DatasetError(f"{path}: the file exists already; choose a new name")
    if not path.parent.is_dir():
        raise DatasetError(f"{path.parent}: no such folder")
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in ROWS.items():
        sheet = workbook.create_sheet(name)
        columns = list(schema.BY_NAME[name].columns)
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([row.get(c) for c in columns])
        for index, column in enumerate(columns, start=1):
            letter = sheet.cell(row=1, column=index).column_letter
            sheet.column_dimensions[letter].width = max(10, min(40, len(column) + 4))
            if column in schema.BY_NAME[name].dates or column == schema.PERIODS:
                for cells in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cells[0].number_format = "@"
        sheet.freeze_panes = "A2"
    write_atomically(path, lambda temp: workbook.save(temp))
    return path
