"""Spreadsheets in: an .xlsx workbook with a sheet per table (like a CSV folder), or a sheet of
elements and one of connections matched by label with a printed report; Excel date cells,
serial numbers and typed dates become contract dates; `template --xlsx` writes one to fill in."""
import datetime as dt
import subprocess
import sys

import pytest
from openpyxl import Workbook, load_workbook

from conftest import ROOT
from data import text_dates
from data.importer import import_dataset
from data.problems import DatasetError


def workbook(path, sheets):
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def run(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def test_a_sheet_per_table_imports_like_a_csv_folder(tmp_path):
    source = workbook(tmp_path / "tables.xlsx", {
        "actors": [("id", "name", "kind", "start_date"), ("ru", "Russia", "state", dt.datetime(1991, 12, 26)),
                   ("ir", "Iran", "state", 1979), (1, "Numbered", "state", None)],
        "relations": [("id", "source_id", "target_id", "kind", "start_date", "weight"),
                      ("r1", "ru", "ir", "cooperates_with", 45672, 2.0),  # an Excel serial: 2025-01-15
                      ("r2", "ir", "1", "opposes", "17 January 2025", None)],
        "Notes": [("topic", "text"), ("extra", "an extra table survives")],
        "My notes": [("ignored",)],
    })
    notes = []
    dataset, problems = import_dataset(source, tmp_path / "tables.db", notes=notes)
    assert problems == []
    assert str(dataset.entities["ru"].start) == "1991-12-26" and str(dataset.entities["ir"].start) == "1979"
    assert "1" in dataset.entities  # a number typed as an id is the id '1'
    assert [str(r.start) for r in dataset.relations] == ["2025-01-15", "2025-01-17"]
    assert dataset.relations[0].weight == 2.0 and dataset.extra_tables == {"Notes": 1}
    assert "sheet 'actors': 3 rows into table actors" in notes
    assert any(n.startswith("sheet 'My notes': not read") for n in notes)


ELEMENTS = [("Label", "Type", "Description", "Start date", "Tags"),
            ("Russia", "State", "A state", dt.date(1991, 12, 26), "big"),
            ("Iran", "State", None, "1979-04", None),
            ("Gazprom", "Company", "Gas", "14/02/1989", None)]
CONNECTIONS = [("From", "To", "Type", "Start", "Source"),
               ("russia", "Iran", "cooperates_with", 45672, "A report"),
               ("Gazprom", "Russia", "owned_by", "Feb 1993", None),
               ("Nowhere", "Iran", "talks_to", None, None)]


def test_elements_and_connections_are_matched_by_label_and_reported(tmp_path):
    source = workbook(tmp_path / "kumu.xlsx", {"Elements": ELEMENTS, "Connections": CONNECTIONS})
    result = run("import", source, "--out", tmp_path / "kumu.db")
    assert result.returncode == 1  # imported, one connection names no element
    assert "sheet 'Elements': 3 elements into actors; Label -> name, Type -> kind" in result.stdout
    assert "kept as they are: Tags" in result.stdout
    assert "ends matched to elements by label or id: 5 of 6" in result.stdout
    assert "relations rowid 3: source_id is 'Nowhere'" in result.stdout
    dataset, _problems = import_dataset(source, tmp_path / "again.db", notes=[])
    facts = {e.id: (e.name, e.kind, str(e.start)) for e in dataset.entities.values()}
    assert facts == {"Russia": ("Russia", "state", "1991-12-26"), "Iran": ("Iran", "state", "1979-04"),
                     "Gazprom": ("Gazprom", "company", "1989-02-14")}
    assert dataset.entities["Russia"].fields["Tags"] == "big"
    relations = [(r.source_id, r.target_id, r.kind, str(r.start), r.source) for r in dataset.relations]
    assert relations == [("Russia", "Iran", "cooperates_with", "2025-01-15", "A report"),
                         ("Gazprom", "Russia", "owned_by", "1993-02", None)]


def test_a_workbook_that_is_not_one_is_refused_and_nothing_is_written(tmp_path):
    source = tmp_path / "fake.xlsx"
    source.write_text("not a zip", encoding="utf-8")
    result = run("import", source, "--out", tmp_path / "fake.db")
    assert result.returncode == 2 and result.stderr.startswith(f"error: {source}: not a readable Excel workbook")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fake.xlsx"]
    no_ends = workbook(tmp_path / "ends.xlsx", {"Elements": ELEMENTS, "Connections": [("A", "B"), ("x", "y")]})
    with pytest.raises(DatasetError, match="sheet 'Connections' needs a From .or Source. and a To"):
        import_dataset(no_ends, tmp_path / "ends.db")


@pytest.mark.parametrize("value, expected", [
    (dt.datetime(2024, 9, 1, 10, 30), "2024-09-01"), (dt.date(2024, 9, 1), "2024-09-01"), (2024, 2024),
    (45536, "2024-09-01"), (45536.75, "2024-09-01"), ("2024-09-01T10:00:00", "2024-09-01"),
    ("2024/9/1", "2024-09-01"), ("01.09.2024", "2024-09-01"), ("1 September 2024", "2024-09-01"),
    ("September 1, 2024", "2024-09-01"), ("Sep 2024", "2024-09"), ("25/12/2024", "2024-12-25"),
    ("12/25/2024", "2024-12-25"), ("03/04/2024", "03/04/2024"), ("soon", "soon"),
])
def test_spreadsheet_dates_become_contract_dates(value, expected):
    assert text_dates.contract_date(value) == expected


def test_template_workbook_imports_cleanly(tmp_path):
    out = tmp_path / "fill-me.xlsx"
    result = run("template", "--xlsx", out)
    assert result.returncode == 0 and out.exists()
    sheets = load_workbook(out).sheetnames
    assert sheets[:2] == ["actors", "treaties"] and "relations" in sheets
    header = [c.value for c in load_workbook(out)["actors"][1]]
    assert {"x", "y", "colour", "size", "periods"} <= set(header)
    result = run("import", out, "--out", tmp_path / "filled.db")
    assert result.returncode == 0 and "0 rows skipped" in result.stdout
    again = run("template", "--xlsx", out)
    assert again.returncode == 2 and "the file exists already" in again.stderr
    assert run("template").returncode == 2
