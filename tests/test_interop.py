"""Interop: GEXF (with time spells for Gephi), GraphML and CSV out; GEXF and GraphML back in."""
import datetime as dt
import re
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL, ROOT
from data import dates, graph, graph_reader, graph_writer, interop, loader
from data.importer import import_dataset
from data.loader import as_text
from data.files import WriteError
from data.problems import DatasetError

GEXF_NS = "{http://gexf.net/1.3}"
LOOK = {"x", "y", "colour", "size"}  # an export carries how each node is drawn: checked on its own
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CONTRACT_ENTITY_COLUMNS = {"actors": ("name", "kind", "parent_id", "aliases", "description", "start_date", "end_date"),
                           "treaties": ("title", "signed_date", "place", "description"),
                           "articles": ("treaty_id", "number", "title", "summary", "topic"),
                           "projects": ("name", "kind", "status", "description", "start_date", "end_date")}


@pytest.fixture(scope="module")
def bundled(bundled_dataset):
    return bundled_dataset


def entity_facts(dataset):
    return {e.id: (e.table, e.name, e.kind, e.start, e.end, e.parent_id, e.aliases) for e in dataset.entities.values()}


def relation_facts(dataset):
    return {r.id: (r.source_id, r.target_id, r.kind, r.start, r.end, r.weight, r.confidence, r.source,
                   r.locator, r.description) for r in dataset.relations}


def column_values(dataset):
    """Every contract column and every extra field, normalised as the loader reads them."""
    return {e.id: {c.lower(): as_text(v) for c, v in e.fields.items()
                   if as_text(v) is not None and c.lower() not in LOOK}
            for e in dataset.entities.values()}


def round_trip(dataset, tmp_path, suffix):
    exported = tmp_path / f"out{suffix}"
    interop.export_graph(dataset, exported)
    back, problems = import_dataset(exported, tmp_path / f"back{suffix}.db")
    assert problems == []
    return exported, back


@pytest.mark.parametrize("suffix", [".gexf", ".graphml"])
def test_bundled_dataset_round_trips(bundled, tmp_path, suffix):
    _exported, back = round_trip(bundled, tmp_path, suffix)
    assert entity_facts(back) == entity_facts(bundled)  # partial dates keep their precision
    assert relation_facts(back) == relation_facts(bundled)
    assert column_values(back) == column_values(bundled)  # extra columns (`source`) come back too
    assert back.title == bundled.title
    assert list(back.entities) == list(bundled.entities)  # nodes keep their order; edges go by node


def test_gexf_has_spells_gephi_plays(bundled, tmp_path):
    path = tmp_path / "timeline.gexf"
    interop.export_graph(bundled, path)
    root = ET.parse(path).getroot()
    assert root.tag == f"{GEXF_NS}gexf" and root.get("version") == "1.3"
    graph_element = root.find(f"{GEXF_NS}graph")
    assert graph_element.get("mode") == "dynamic" and graph_element.get("timeformat") == "date"
    assert graph_element.get("defaultedgetype") == "directed"
    items = {**{("node", e.id): e for e in bundled.entities.values()},
             **{("edge", r.id): r for r in bundled.relations}}
    checked = 0
    for tag in ("node", "edge"):
        for element in graph_element.iter(f"{GEXF_NS}{tag}"):
            item = items.pop((tag, element.get("id")))
            spells = element.findall(f"{GEXF_NS}spells/{GEXF_NS}spell")
            assert element.get("start") is None and element.get("end") is None  # spells only
            if item.start is None and item.end is None:
                assert spells == []  # always present
                continue
            assert len(spells) == 1
            spell = spells[0]
            for value in spell.attrib.values():
                assert ISO_DAY.match(value), value
            assert spell.get("start") == (dates.day_to_iso(item.start.first_day) if item.start else None)
            assert spell.get("end") == (dates.day_to_iso(item.end.last_day) if item.end else None)
            checked += 1
    assert items == {} and checked > 50


def test_partial_dates_become_the_days_they_cover(make_db, tmp_path):
    path = make_db(MINIMAL + """
        INSERT INTO actors (id, name, kind, start_date, end_date) VALUES ('a', 'A', 'state', '2024-09', '2024-09'),
            ('b', 'B', 'state', 2001, NULL), ('c', 'C', 'state', NULL, '2024-02');
        INSERT INTO relations (id, source_id, target_id, kind, start_date) VALUES ('r', 'a', 'b', 'x', '2024');""")
    dataset = loader.load(path)
    out = tmp_path / "p.gexf"
    interop.export_graph(dataset, out)
    spells = {n.get("id"): n.find(f"{GEXF_NS}spells/{GEXF_NS}spell").attrib
              for n in ET.parse(out).getroot().iter(f"{GEXF_NS}node")}
    assert spells == {"a": {"start": "2024-09-01", "end": "2024-09-30"}, "b": {"start": "2001-01-01"},
                      "c": {"end": "2024-02-29"}}
    back, _ = import_dataset(out, tmp_path / "p.db")
    assert [str(back.entities[i].start or "") for i in "abc"] == ["2024-09", "2001", ""]
    assert str(back.relations[0].start) == "2024"


def test_export_at_a_day_keeps_what_is_shown(bundled, tmp_path):
    arrays = graph.build(bundled)
    day = dates.parse_day("2022-01-01")
    nodes = arrays.active_nodes(day)
    edges = arrays.relations_mask(arrays.active_edges(day))
    assert 0 < nodes.sum() < len(nodes) and 0 < edges.sum()
    out = tmp_path / "day.graphml"
    assert interop.export_graph(bundled, out, day=day) == (int(nodes.sum()), int(edges.sum()))
    back, problems = import_dataset(out, tmp_path / "day.db")
    assert problems == []
    assert set(back.entities) == {i for i, keep in zip(arrays.ids, nodes) if keep}
    assert {r.id for r in back.relations} == {r.id for r, keep in zip(bundled.relations, edges) if keep}
    cumulative = interop.shown(bundled, day, "cumulative")
    assert len(cumulative[0]) >= nodes.sum()


def test_csv_export_reimports_with_the_import_command(bundled, tmp_path):
    folder = tmp_path / "csv"
    result = run("export-graph", "--format", "csv", "--out", folder)
    assert result.returncode == 0 and result.stderr == ""
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.csv" for n in
        ("actors", "treaties", "articles", "projects", "relations", "events", "event_entities", "meta"))
    result = run("import", folder, "--out", tmp_path / "csv.db")
    assert result.returncode == 0, result.stdout + result.stderr
    back = loader.load(tmp_path / "csv.db")
    assert entity_facts(back) == entity_facts(bundled)
    assert relation_facts(back) == relation_facts(bundled)
    assert [(e.id, e.entity_ids) for e in back.events] == [(e.id, e.entity_ids) for e in bundled.events]
    assert back.meta == bundled.meta


def test_csv_snapshot_drops_references_to_what_is_not_shown(make_db, tmp_path):
    path = make_db(MINIMAL + """
        INSERT INTO actors (id, name, kind, end_date) VALUES ('old', 'Old state', 'state', '1990');
        INSERT INTO actors (id, name, kind, parent_id) VALUES ('p', 'Person', 'person', 'old');""")
    dataset = loader.load(path)
    interop.export_csv(dataset, tmp_path / "snap", day=dates.parse_day("2000"))
    back, problems = import_dataset(tmp_path / "snap", tmp_path / "snap.db")
    assert problems == [] and list(back.entities) == ["p"] and back.entities["p"].parent_id is None
    with pytest.raises(DatasetError, match="not empty"):
        interop.export_csv(dataset, tmp_path / "snap")
    interop.export_csv(dataset, tmp_path / "snap", force=True)


def test_odd_values_survive(make_db, tmp_path):
    """Reserved names, mixed types, control characters and binary values do not break the XML."""
    path = make_db("""
        CREATE TABLE actors (id, name, kind, label, type, start, score, blob);
        CREATE TABLE relations (source_id, target_id, kind, type, weight);
        INSERT INTO actors VALUES (1, 'A <&> "b"', 'state', 'L', 'T', 'S', 3, x'00ff');
        INSERT INTO actors VALUES (2, 'Bell' || char(7) || 'e', 'state', NULL, NULL, NULL, 'high', NULL);
        INSERT INTO relations VALUES (1, 2, 'x', 'directed?', 2);
        INSERT INTO relations VALUES (1, 2, 'y', NULL, NULL);""")
    dataset = loader.load(path)
    for suffix in (".gexf", ".graphml"):
        out = tmp_path / f"odd{suffix}"
        interop.export_graph(dataset, out)
        back, problems = import_dataset(out, tmp_path / f"odd{suffix}.db")
        assert problems == []
        first = {k.lower(): v for k, v in back.entities["1"].fields.items()}
        assert back.entities["1"].name == 'A <&> "b"' and back.entities["2"].name == "Belle"
        assert (first["label"], first["type"], first["start"], first["score"]) == ("L", "T", "S", "3")
        assert {k.lower() for k in first} >= {"id", "name", "kind"} and "blob" not in first
        assert sorted((r.kind, r.weight, r.fields.get("type")) for r in back.relations) == [
            ("x", 2.0, "directed?"), ("y", 1.0, None)]
        assert len({r.id for r in back.relations}) == 2  # id-less relations get distinct ids


FOREIGN_GEXF = """<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" version="1.3">
  <graph mode="dynamic" defaultedgetype="undirected" timeformat="date" name="Found graph">
    <attributes class="node">
      <attribute id="k" title="Kind" type="string"/>
      <attribute id="n" title="members" type="integer"/>
    </attributes>
    <nodes>
      <node id="1" label="Alpha"><attvalues><attvalue for="k" value="bloc"/><attvalue for="n" value="5"/></attvalues>
        <spells><spell start="1999-05-01" end="2001-12-31"/><spell start="2005-01-01"/></spells></node>
      <node id="2" label="Beta"/>
      <node id="3" label="Gamma"><spells><spell end="2010-06-30T12:00:00"/></spells></node>
    </nodes>
    <edges>
      <edge id="a" source="1" target="2" label="trades_with" weight="2.5"/>
      <edge id="b" source="2" target="3"><spells><spell start="2003-03-03"/></spells></edge>
    </edges>
  </graph>
</gexf>
"""


def test_foreign_gexf_becomes_a_dataset(tmp_path):
    source = tmp_path / "found.gexf"
    source.write_text(FOREIGN_GEXF, encoding="utf-8")
    dataset, problems = import_dataset(source, tmp_path / "found.db")
    assert problems == []
    facts = {e.id: (e.table, e.name, e.kind, str(e.start or ""), str(e.end or "")) for e in dataset.entities.values()}
    assert facts == {"1": ("actors", "Alpha", "bloc", "1999-05-01", ""),  # two spells: the span of both
                     "2": ("actors", "Beta", "node", "", ""),
                     "3": ("actors", "Gamma", "node", "", "2010-06-30")}
    assert dataset.entities["1"].fields["members"] == 5
    relations = {r.id: (r.source_id, r.target_id, r.kind, r.weight, str(r.start or "")) for r in dataset.relations}
    assert relations == {"a": ("1", "2", "trades_with", 2.5, ""), "b": ("2", "3", "linked_to", 1.0, "2003-03-03")}
    assert dataset.title == "Found graph"


def test_foreign_graphml_becomes_a_dataset(tmp_path):
    source = tmp_path / "plain.graphml"
    source.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="d0" for="node" attr.name="table" attr.type="string"/>
  <key id="d1" for="node" attr.name="title" attr.type="string"/>
  <key id="d2" for="edge" attr.name="label" attr.type="string"/>
  <graph edgedefault="directed">
    <node id="x"/><node id="t"><data key="d0">treaties</data><data key="d1">Pact</data></node>
    <edge source="x" target="t"><data key="d2">signed</data></edge>
    <edge source="x" target="t"/>
  </graph>
</graphml>""", encoding="utf-8")
    dataset, problems = import_dataset(source, tmp_path / "plain.db")
    assert problems == []
    assert {e.id: (e.table, e.name, e.kind) for e in dataset.entities.values()} == {
        "x": ("actors", "x", "node"), "t": ("treaties", "Pact", "treaty")}
    assert sorted(r.kind for r in dataset.relations) == ["linked_to", "signed"]


@pytest.mark.parametrize("content, reason", [
    ("this is not XML", "not a readable GEXF file (XML syntax error"),
    ("<gexf><graph><nodes><node id='1'>", "not a readable GEXF file"),
    ('<?xml version="1.0"?><gexf xmlns="http://www.gexf.net/1.2draft"></gexf>', "it has no <graph> element"),
    ('<gexf xmlns="http://www.gexf.net/1.2draft"><graph><nodes/></graph></gexf>', "the graph has no nodes"),
    ('<gexf xmlns="http://gexf.net/2.0" version="2.0"><graph/></gexf>',
     "GEXF version 2.0 is not supported (Treatyscope reads 1.1, 1.2 and 1.3)"),
    ('<graphml><graph/></graphml>', "not a GEXF file (its root element is <graphml>)"),
])
def test_bad_gexf_is_one_clear_error(tmp_path, content, reason):
    source = tmp_path / "bad.gexf"
    source.write_text(content, encoding="utf-8")
    with pytest.raises(DatasetError, match=re.escape(reason)) as caught:
        graph_reader.read_graph(source)
    assert str(caught.value).startswith(f"{source}: ") and "\n" not in str(caught.value)
    result = run("import", source, "--out", tmp_path / "bad.db")
    assert result.returncode == 2 and not (tmp_path / "bad.db").exists()
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"error: {source}: ")
    assert "Traceback" not in result.stderr


def test_bad_graphml_is_one_clear_error(tmp_path):
    source = tmp_path / "bad.graphml"
    source.write_text('<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph><node id="1">'
                      '<data key="d9">x</data></node></graph></graphml>', encoding="utf-8")
    with pytest.raises(DatasetError, match="not a readable GraphML file .a <data> element names key 'd9', "
                                           "which no <key> declares.$"):
        graph_reader.read_graph(source)


def test_failed_write_leaves_the_old_file_and_no_temporary(bundled, tmp_path, monkeypatch):
    out = tmp_path / "keep.gexf"
    out.write_text("old", encoding="utf-8")

    def broken(_tree, path, **_kwargs):
        with open(path, "w") as handle:
            handle.write("<half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(graph_writer.ET.ElementTree, "write", broken)
    with pytest.raises(WriteError, match="keep.gexf: could not be written .No space left"):
        interop.export_graph(bundled, out)
    assert out.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["keep.gexf"]


def run(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def test_export_graph_command(tmp_path):
    result = run("export-graph", "--out", tmp_path / "g.gexf", "--date", "2024-06", "--mode", "cumulative")
    assert result.returncode == 0 and result.stdout.startswith(f"wrote {tmp_path / 'g.gexf'}: ")
    for args, message in [
        (("--out", tmp_path / "g.txt"), "must end in .gexf or .graphml"),
        (("--out", tmp_path / "g.gexf", "--date", "2024-13"), "--date: '2024-13' has no month 13"),
        (("--out", tmp_path / "g.gexf", "--mode", "at"), "--mode: give --date too"),
        (("--out", tmp_path / "none" / "g.gexf"), "no such folder"),
        ((tmp_path / "missing.db", "--out", tmp_path / "g.gexf"), "no such file"),
        (("--out",), "expected one argument"),
    ]:
        result = run("export-graph", *args)
        assert result.returncode == 2, args
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ") and message in result.stderr


def test_gexf_import_command_round_trip(tmp_path):
    assert run("export-graph", "--out", tmp_path / "g.gexf").returncode == 0
    result = run("import", tmp_path / "g.gexf", "--out", tmp_path / "g.db")
    assert result.returncode == 0 and "0 rows skipped" in result.stdout
    assert run("validate", tmp_path / "g.db").returncode == 0


XML_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(str.strip)
PARTIAL = st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1)).flatmap(
    lambda d: st.sampled_from([f"{d.year:04d}", f"{d.year:04d}-{d.month:02d}", d.isoformat()])))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(XML_TEXT, min_size=1, max_size=5), starts=st.lists(PARTIAL, min_size=5, max_size=5),
       suffix=st.sampled_from([".gexf", ".graphml"]))
def test_any_names_and_partial_dates_round_trip(make_db, tmp_path_factory, names, starts, suffix):
    rows = ", ".join(f"('{i}', ?, 'state', ?)" for i in range(len(names)))
    path = make_db(MINIMAL)
    conn = sqlite3.connect(path)
    conn.execute(f"INSERT INTO actors (id, name, kind, start_date) VALUES {rows}",
                 [v for pair in zip(names, starts) for v in pair])
    conn.commit()
    conn.close()
    dataset = loader.load(path)
    folder = tmp_path_factory.mktemp("prop")
    _exported, back = round_trip(dataset, folder, suffix)
    assert entity_facts(back) == entity_facts(dataset)
