"""Import: CSV folders and JSON files become dataset files; bad sources are refused cleanly."""
import json
import os

import pytest

from data import loader
from data.importer import import_dataset
from data.files import WriteError
from data.problems import DatasetError


def write_csv_folder(folder, files):
    folder.mkdir()
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


CSV_FILES = {
    "actors": "id,name,kind,parent_id,aliases,start_date,end_date,colour\n"
              "ru,Russia,state,,Россия; Russian Federation,,,red\n"
              "ir,Iran,state,,Islamic Republic of Iran; ایران,,,green\n"
              "putin,Vladimir Putin,person,ru,Путин,,,\n",
    "treaties": "id,title,signed_date,place\nt,\"Treaty, with a comma\",2025-01-17,Moscow\n",
    "articles": "id,treaty_id,number,title\nt-1,t,1,Principles\nt-19,t,19,Sanctions\n",
    "relations": "id,source_id,target_id,kind,start_date,end_date,weight,confidence,source,locator\n"
                 "r1,ru,t,party_to,2025-01-17,,2,official,kremlin.ru,Preamble\n"
                 "r2,putin,ru,leads,2012-05-07,,,reported,,\n",
    "notes": "topic,text\nextra,an extra table survives\n",
}


def rows(dataset):
    return {e.id: (e.table, e.name, str(e.start or ""), e.parent_id) for e in dataset.entities.values()}


def test_csv_round_trip(tmp_path):
    source = write_csv_folder(tmp_path / "src", CSV_FILES)
    out = tmp_path / "out.db"
    dataset, problems = import_dataset(source, out)
    assert problems == []
    reopened = loader.load(out)
    assert rows(reopened) == rows(dataset)
    assert reopened.entities["putin"].parent_id == "ru"
    assert reopened.entities["ir"].aliases == ("Islamic Republic of Iran", "ایران")
    assert reopened.entities["ru"].fields["colour"] == "red"
    assert reopened.entities["t"].name == "Treaty, with a comma"
    relation = reopened.relations[0]
    assert (relation.weight, relation.confidence, relation.source, relation.locator) == (2.0, "official", "kremlin.ru", "Preamble")
    assert reopened.relations[1].weight == 1.0  # empty weight means 1
    assert reopened.extra_tables == {"notes": 1}


def test_json_round_trip_matches_csv(tmp_path):
    document = {
        "actors": [{"id": 1, "name": "Russia", "kind": "state"}, {"id": 2, "name": "Iran", "kind": "state",
                                                                   "tags": ["caspian", "opec"]}],
        "relations": [{"source_id": 1, "target_id": "2", "kind": "cooperates_with", "start_date": 2001,
                       "weight": 3.5}],
        "events": [{"id": "e", "date": "2025-01-17", "title": "Signing"}],
    }
    source = tmp_path / "data.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    dataset, problems = import_dataset(source, tmp_path / "out.db")
    assert problems == []
    reopened = loader.load(tmp_path / "out.db")
    assert set(reopened.entities) == {"1", "2"}
    assert json.loads(reopened.entities["2"].fields["tags"]) == ["caspian", "opec"]
    assert (reopened.relations[0].source_id, reopened.relations[0].target_id) == ("1", "2")
    assert str(reopened.relations[0].start) == "2001" and reopened.relations[0].weight == 3.5
    assert reopened.events[0].title == "Signing"


def test_row_problems_are_reported_and_the_file_is_still_written(tmp_path):
    files = dict(CSV_FILES)
    files["relations"] += "r3,ru,ghost,x,,,,,,\nr4,ru,ir,x,2024-13-01,,,,,\nr5,ru,ir,x,,,,,,,extra\n"
    source = write_csv_folder(tmp_path / "src", files)
    dataset, problems = import_dataset(source, tmp_path / "out.db")
    assert {(p.table, p.row, p.column) for p in problems} == {
        ("relations", "'r3'", "target_id"), ("relations", "'r4'", "start_date"), ("relations", "line 6", "(row)")}
    assert (tmp_path / "out.db").exists() and len(dataset.relations) == 2


def test_never_overwrites_without_force(tmp_path):
    source = write_csv_folder(tmp_path / "src", CSV_FILES)
    out = tmp_path / "out.db"
    out.write_bytes(b"precious")
    with pytest.raises(DatasetError, match="exists already"):
        import_dataset(source, out)
    assert out.read_bytes() == b"precious"
    import_dataset(source, out, force=True)
    assert loader.load(out).entities["ru"].name == "Russia"


@pytest.mark.parametrize("files, message", [
    ({"actors": "id,name,kind\nru,Russia,state\n"}, "required table 'relations' is missing"),
    ({"actors": "id,name\nru,Russia\n", "relations": "source_id,target_id,kind\n"}, "lacks the required column kind"),
    ({"actors": "id,name,name\n", "relations": "source_id,target_id,kind\n"}, "names column name twice"),
])
def test_file_level_errors_leave_nothing_behind(tmp_path, files, message):
    source = write_csv_folder(tmp_path / "src", files)
    with pytest.raises(DatasetError, match=message):
        import_dataset(source, tmp_path / "out.db")
    assert os.listdir(tmp_path) == ["src"]


def test_bad_json_and_bad_encoding(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"actors": [', encoding="utf-8")
    with pytest.raises(DatasetError, match="not valid JSON"):
        import_dataset(bad, tmp_path / "o.db")
    bad.write_text('[1, 2]', encoding="utf-8")
    with pytest.raises(DatasetError, match="must be an object"):
        import_dataset(bad, tmp_path / "o.db")
    folder = tmp_path / "latin"
    folder.mkdir()
    (folder / "actors.csv").write_bytes("id,name,kind\nt,Téhéran,city\n".encode("latin-1"))
    with pytest.raises(DatasetError, match="not UTF-8"):
        import_dataset(folder, tmp_path / "o.db")
    assert not (tmp_path / "o.db").exists()


def test_unwritable_folder_is_one_clear_error(tmp_path):
    source = write_csv_folder(tmp_path / "src", CSV_FILES)
    with pytest.raises(WriteError, match="no such folder"):
        import_dataset(source, tmp_path / "missing" / "out.db")


def test_json_integers_beyond_sqlite_are_kept_as_text(tmp_path):
    source = tmp_path / "big.json"
    source.write_text(json.dumps({"actors": [{"id": 2 ** 63, "name": "Huge", "kind": "state"}],
                                  "relations": []}), encoding="utf-8")
    dataset, problems = import_dataset(source, tmp_path / "big.db")
    assert problems == [] and dataset.entities[str(2 ** 63)].name == "Huge"


def test_a_full_disk_during_import_leaves_nothing_half_written(tmp_path, monkeypatch):
    source = write_csv_folder(tmp_path / "src", CSV_FILES)
    before = {p.name: p.read_bytes() for p in source.iterdir()}
    out_folder = tmp_path / "out"
    out_folder.mkdir()

    def disk_full(*_args):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr("data.files.os.replace", disk_full)
    with pytest.raises(WriteError, match="new.db: could not be written \\(No space left on device\\)$"):
        import_dataset(source, out_folder / "new.db")
    assert list(out_folder.iterdir()) == []
    assert {p.name: p.read_bytes() for p in source.iterdir()} == before
