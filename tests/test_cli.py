"""The command line: exit codes and one-line messages, never a traceback."""
import json
import subprocess
import sys

import pytest

from conftest import MINIMAL, ROOT


def run(*args, cwd=None):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)],
                          capture_output=True, text=True, timeout=120, cwd=cwd)


def test_validate_clean_dataset_exits_0(make_db):
    path = make_db(MINIMAL + "INSERT INTO actors (id, name, kind) VALUES ('a', 'A', 'state');")
    result = run("validate", path)
    assert result.returncode == 0 and "no problems" in result.stdout and result.stderr == ""


def test_validate_lists_problems_and_exits_1(make_db):
    path = make_db(MINIMAL + """INSERT INTO actors (id, name, kind, start_date) VALUES ('a', 'A', 'state', 'yesterday');
        INSERT INTO actors (id, name, kind) VALUES ('b', 'B', 'state');""")
    result = run("validate", path)
    assert result.returncode == 1
    assert "actors 'a': start_date is 'yesterday'; expected a date" in result.stdout
    assert "1 row skipped" in result.stdout


@pytest.mark.parametrize("looks", ["", ", colour"])
def test_validate_lists_what_opening_the_dataset_finds(make_db, looks):
    """``validate`` makes no entity objects unless a check reads them (looks, periods): the
    same problems either way, events naming a missing entity too."""
    from data import loader

    colour = ", 'blue-ish'" if looks else ""
    path = make_db(f"""CREATE TABLE actors (id, name, kind, start_date{looks});
        INSERT INTO actors VALUES ('a', 'A', 'state', 'yesterday'{colour}), ('b', 'B', 'state', NULL{colour});
        CREATE TABLE events (id, date, title); INSERT INTO events VALUES ('e', '2020', 'E'), ('e', '2021', 'Again');
        CREATE TABLE event_entities (event_id, entity_id);
        INSERT INTO event_entities VALUES ('e', 'b'), ('e', 'a'), ('x', 'b');
        CREATE TABLE relations (id, source_id, target_id, kind); INSERT INTO relations VALUES ('r', 'a', 'b', 'ally');""")
    opened = [p.describe() for p in loader.load(path).problems]
    assert len(opened) == (6 if looks else 5)  # a bad date, its relation, an event id twice, 'a' gone, no 'x'
    result = run("validate", path)
    assert result.returncode == 1 and result.stdout.splitlines()[:-1] == opened


@pytest.mark.parametrize("content, message", [(b"", "the file is empty"), (b"not sqlite at all", "not a SQLite database")])
def test_unusable_files_exit_2_with_one_error_line(tmp_path, content, message):
    path = tmp_path / "bad.db"
    path.write_bytes(content)
    for command in ("validate", "info"):
        result = run(command, path)
        assert result.returncode == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0] and str(path) in lines[0]
        assert "Traceback" not in result.stderr


def test_missing_file_and_bad_arguments(tmp_path):
    result = run("validate", tmp_path / "none.db")
    assert result.returncode == 2 and result.stderr.startswith("error: ") and "no such file" in result.stderr
    result = run("import")
    assert result.returncode == 2 and result.stderr.startswith("error: ") and "Traceback" not in result.stderr


def test_info_warns_of_skipped_rows_but_exits_0(make_db):
    path = make_db(MINIMAL + """INSERT INTO actors (id, name, kind) VALUES ('a', 'A', 'state'), ('a', 'Dup', 'state');""")
    result = run("info", path, "--json")
    assert result.returncode == 0
    facts = json.loads(result.stdout)
    assert facts["tables"]["actors"] == {"rows": 2, "loaded": 1} and facts["problems"] == 1
    assert result.stderr.startswith("warning: ") and "1 row skipped" in result.stderr


def test_import_exit_codes(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "actors.csv").write_text("id,name,kind\na,A,state\n", encoding="utf-8")
    (folder / "relations.csv").write_text("source_id,target_id,kind\na,a,self\n", encoding="utf-8")
    out = tmp_path / "out.db"
    result = run("import", folder, "--out", out)
    assert result.returncode == 0 and "1 entities" in result.stdout and out.exists()
    result = run("import", folder, "--out", out)
    assert result.returncode == 2 and "exists already" in result.stderr
    (folder / "relations.csv").write_text("source_id,target_id,kind\na,ghost,x\n", encoding="utf-8")
    result = run("import", folder, "--out", out, "--force")
    assert result.returncode == 1 and "target_id is 'ghost'" in result.stdout
