"""Files other tools wrote open as their authors saw them: GEXF 1.1, 1.2draft and 1.3 under both
namespaces, static and dynamic, spells, timestamps and start/end, numeric time formats,
attribute defaults, viz positions, colours and sizes; GraphML with x/y and colours (Gephi's keys
and yEd's graphics); Cytoscape's .cyjs. And our own export comes back as it left."""
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from conftest import MINIMAL
from data import dates, graph, interop, loader, look, style
from data.graph_writer import Drawn
from data.importer import import_dataset
from data.model import Look
from data.problems import DatasetError

NAMESPACES = {
    "1.1": ("http://www.gexf.net/1.1draft", "http://www.gexf.net/1.1draft/viz", "1.1"),
    "1.2draft": ("http://www.gexf.net/1.2draft", "http://www.gexf.net/1.2draft/viz", "1.2"),
    "1.3-www": ("http://www.gexf.net/1.3", "http://www.gexf.net/1.3/viz", "1.3"),
    "1.3": ("http://gexf.net/1.3", "http://gexf.net/1.3/viz", "1.3"),
}


def static_gexf(ns: str, viz: str, version: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="{ns}" xmlns:viz="{viz}" version="{version}">
  <meta><creator>Gephi 0.10</creator><description>Alliances</description></meta>
  <graph defaultedgetype="undirected" mode="static">
    <attributes class="node">
      <attribute id="0" title="kind" type="string"/>
      <attribute id="1" title="member" type="boolean"><default>true</default></attribute>
      <attribute id="2" title="score" type="double"/>
    </attributes>
    <nodes>
      <node id="a" label="Alpha"><attvalues><attvalue for="0" value="state"/><attvalue for="2" value="2.5"/></attvalues>
        <viz:size value="20.0"/><viz:position x="100.5" y="-40.25" z="0.0"/><viz:color r="255" g="0" b="0"/></node>
      <node id="b" label="Beta"><attvalues><attvalue for="1" value="false"/></attvalues>
        <viz:size value="10.0"/><viz:position x="-80" y="60"/><viz:color r="0" g="128" b="128" a="0.8"/></node>
    </nodes>
    <edges><edge id="0" source="a" target="b" weight="3"/></edges>
  </graph>
</gexf>"""


@pytest.mark.parametrize("variant", NAMESPACES)
def test_every_gexf_version_and_namespace_opens_with_its_look(tmp_path, variant):
    source = tmp_path / f"{variant}.gexf"
    source.write_text(static_gexf(*NAMESPACES[variant]), encoding="utf-8")
    dataset, problems = import_dataset(source, tmp_path / f"{variant}.db")
    assert problems == []
    assert {e.id: (e.name, e.kind) for e in dataset.entities.values()} == {"a": ("Alpha", "state"),
                                                                         "b": ("Beta", "node")}
    assert dataset.looks["a"].x == 100.5 and dataset.looks["a"].y == -40.25
    assert (dataset.looks["a"].colour, dataset.looks["b"].colour) == ("#ff0000", "#008080")
    assert (dataset.looks["a"].size, dataset.looks["b"].size) == (20.0, 10.0)
    fields = {e.id: {k.lower(): v for k, v in e.fields.items()} for e in dataset.entities.values()}
    assert fields["a"]["member"] == 1 and fields["b"]["member"] == 0  # a boolean's default is kept
    assert fields["a"]["score"] == 2.5
    assert dataset.relations[0].weight == 3.0 and dataset.title == "Alliances"
    # the file's positions are the layout: no layout is computed over the author's
    arrays = graph.build(dataset)
    from data import layout
    positions, _pinned = layout.positions_for(arrays, None, look.positions(dataset, arrays.ids))
    assert positions.tolist() == [[100.5, -40.25], [-80.0, 60.0]]


DYNAMIC = """<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://www.gexf.net/1.3" version="1.3">
  <graph mode="dynamic" defaultedgetype="directed" timeformat="{timeformat}">
    <nodes>
      <node id="m" label="Member"><spells><spell start="{a}" end="{b}"/><spell start="{c}"/></spells></node>
      <node id="b" label="Bloc" start="{a}"/>
      <node id="g" label="Gone" end="{b}"/>
    </nodes>
    <edges><edge id="e" source="m" target="b"><spells><spell start="{a}" end="{b}"/><spell start="{c}" end="{d}"/></spells></edge></edges>
  </graph>
</gexf>"""


@pytest.mark.parametrize("timeformat, a, b, c, d, gap, inside", [
    ("date", "1999-05-01", "2001-12-31", "2005-01-01", "2008-12-31", "2003-06-01", "2006-06-01"),
    ("dateTime", "1999-05-01T00:00:00", "2001-12-31T23:59:59", "2005-01-01T00:00:00", "2008-12-31T00:00:00",
     "2003-06-01", "2006-06-01"),
    ("double", "1999.0", "2001.0", "2005.0", "2008.5", "2003-06-01", "2006-06-01"),
    ("integer", "1999", "2001", "2005", "2008", "2003-06-01", "2006-06-01"),
])
def test_spells_become_periods_and_the_gap_is_not_shown(tmp_path, timeformat, a, b, c, d, gap, inside):
    source = tmp_path / "dynamic.gexf"
    source.write_text(DYNAMIC.format(timeformat=timeformat, a=a, b=b, c=c, d=d), encoding="utf-8")
    dataset, problems = import_dataset(source, tmp_path / "dynamic.db")
    assert problems == []
    member = dataset.entities["m"]
    assert len(member.periods) == 2 and member.end is None  # present, absent, present again
    assert str(member.start)[:4] == "1999"
    assert str(dataset.entities["b"].start)[:4] == "1999" and str(dataset.entities["g"].end)[:4] == "2001"
    arrays = graph.build(dataset)
    for day, member_shown, edge_shown in ((gap, False, False), (inside, True, True), ("2000-06-01", True, True)):
        nodes = arrays.active_nodes(dates.parse_day(day))
        edges = arrays.active_edges(dates.parse_day(day), node_mask=nodes)
        assert nodes[arrays.index["m"]] == member_shown, day
        assert edges[0] == edge_shown, day
    window = arrays.active_nodes(dates.parse_day("2002-06-01"), graph.TimeMode.WINDOW, dates.parse_day("2006-01-01"))
    assert window[arrays.index["m"]]  # a window that reaches into a period shows it
    cumulative = arrays.active_nodes(dates.parse_day(gap), graph.TimeMode.CUMULATIVE)
    assert cumulative[arrays.index["m"]]  # cumulative: started, gaps or not


def test_gexf_timestamps_and_interval_sets(tmp_path):
    source = tmp_path / "stamps.gexf"
    source.write_text("""<gexf xmlns="http://gexf.net/1.3" version="1.3">
  <graph mode="dynamic" timeformat="integer" timerepresentation="timestamp">
    <nodes>
      <node id="t" label="Stamped" timestamps="&lt;[2001, 2004]&gt;"/>
      <node id="i" label="Intervals" intervals="&lt;[2001, 2002]; [2006, 2007]&gt;"/>
      <node id="s" label="Spell stamps"><spells><spell timestamp="2010"/></spells></node>
    </nodes>
  </graph>
</gexf>""", encoding="utf-8")
    dataset, problems = import_dataset(source, tmp_path / "stamps.db")
    assert problems == []
    spans = {i: [(str(a), str(b)) for a, b in e.periods] or [(str(e.start), str(e.end))]
             for i, e in dataset.entities.items()}
    assert spans == {"t": [("2001", "2001"), ("2004", "2004")], "i": [("2001", "2002"), ("2006", "2007")],
                     "s": [("2010", "2010")]}


def test_an_unknown_attribute_and_attvalues_outside_their_block_are_read(tmp_path):
    source = tmp_path / "loose.gexf"
    source.write_text('<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2"><graph><nodes>'
                      '<node id="1" label="One"><attvalue for="colourless" value="x"/></node>'
                      '</nodes></graph></gexf>', encoding="utf-8")
    dataset, problems = import_dataset(source, tmp_path / "loose.db")
    assert problems == [] and dataset.entities["1"].fields["colourless"] == "x"


GRAPHML_LOOK = """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key id="label" for="node" attr.name="label" attr.type="string"/>
  <key id="x" for="node" attr.name="x" attr.type="float"/>
  <key id="y" for="node" attr.name="y" attr.type="float"/>
  <key id="r" for="node" attr.name="r" attr.type="int"/>
  <key id="g" for="node" attr.name="g" attr.type="int"/>
  <key id="b" for="node" attr.name="b" attr.type="int"/>
  <key id="size" for="node" attr.name="size" attr.type="float"/>
  <key id="colour" for="node" attr.name="color" attr.type="string"/>
  <key id="yg" for="node" yfiles.type="nodegraphics"/>
  <graph edgedefault="undirected">
    <node id="gephi"><data key="label">From Gephi</data><data key="x">10.5</data><data key="y">-3</data>
      <data key="r">0</data><data key="g">0</data><data key="b">255</data><data key="size">12</data></node>
    <node id="hex"><data key="x">1</data><data key="y">2</data><data key="colour">#ABCDEF</data></node>
    <node id="yed"><data key="yg"><y:ShapeNode><y:Geometry x="100" y="50" width="30" height="20"/>
      <y:Fill color="#FFCC00" transparent="false"/><y:NodeLabel>From yEd</y:NodeLabel></y:ShapeNode></data></node>
    <edge source="gephi" target="yed"/>
  </graph>
</graphml>"""


def test_graphml_positions_and_colours_from_gephi_and_yed(tmp_path):
    source = tmp_path / "look.graphml"
    source.write_text(GRAPHML_LOOK, encoding="utf-8")
    dataset, problems = import_dataset(source, tmp_path / "look.db")
    assert problems == []
    looks = {i: (lk.x, lk.y, lk.colour, lk.size) for i, lk in dataset.looks.items()}
    assert looks == {"gephi": (10.5, -3.0, "#0000ff", 12.0), "hex": (1.0, 2.0, "#abcdef", None),
                     "yed": (115.0, -60.0, "#ffcc00", 15.0)}  # yEd: the centre, y turned up
    assert dataset.entities["gephi"].name == "From Gephi" and dataset.entities["yed"].name == "From yEd"
    assert not {"r", "g", "b", "color"} & {k.lower() for k in dataset.entities["gephi"].fields}


def test_graphml_hyperedges_are_refused_in_one_sentence(tmp_path):
    source = tmp_path / "hyper.graphml"
    source.write_text('<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph><node id="a"/>'
                      '<hyperedge><endpoint node="a"/></hyperedge></graph></graphml>', encoding="utf-8")
    with pytest.raises(DatasetError, match="hyperedges .* are not supported"):
        import_dataset(source, tmp_path / "hyper.db")
    assert not (tmp_path / "hyper.db").exists()


CYJS = """{"format_version": "1.0", "generated_by": "cytoscape-3.10.1", "data": {"name": "PPI network"},
 "elements": {
  "nodes": [{"data": {"id": "101", "shared_name": "TP53", "name": "TP53", "SUID": 101, "score": 0.9, "selected": false},
             "position": {"x": 12.5, "y": 40.0}, "selected": false},
            {"data": {"id": "102", "name": "MDM2", "SUID": 102}, "position": {"x": -7.0, "y": -3.0}}],
  "edges": [{"data": {"id": "201", "source": "101", "target": "102", "interaction": "binds",
                      "name": "TP53 (binds) MDM2", "shared_interaction": "binds", "SUID": 201}}]}}"""


def test_cytoscape_json_opens_with_its_layout(tmp_path):
    source = tmp_path / "ppi.cyjs"
    source.write_text(CYJS, encoding="utf-8")
    dataset, problems = import_dataset(source, tmp_path / "ppi.db")
    assert problems == [] and dataset.title == "PPI network"
    assert {e.id: e.name for e in dataset.entities.values()} == {"101": "TP53", "102": "MDM2"}
    assert (dataset.looks["101"].x, dataset.looks["101"].y) == (12.5, -40.0)  # y turned up
    relation = dataset.relations[0]
    assert (relation.source_id, relation.target_id, relation.kind) == ("101", "102", "binds")
    assert dataset.entities["101"].fields["score"] == 0.9
    (tmp_path / "bad.cyjs").write_text('{"nodes": []}', encoding="utf-8")
    with pytest.raises(DatasetError, match='not a Cytoscape JSON file .it has no "elements".'):
        import_dataset(tmp_path / "bad.cyjs", tmp_path / "bad.db")


# -- our own export, back again --------------------------------------------------------------
LOOKED = MINIMAL.replace("end_date);", "end_date, x, y, colour, size, periods);").replace(
    "locator);", "locator, periods);") + """
INSERT INTO actors (id, name, kind, start_date, x, y, colour, size, periods) VALUES
  ('a', 'Alpha', 'state', NULL, 1.25, -2.5, '#ff0000', 3, '1991/1995-06; 2001-03/'),
  ('b', 'Beta', 'bloc', '1990', -4, 8.75, 'teal', 1, NULL),
  ('c', 'Gamma', 'person', NULL, 0, 0, NULL, NULL, NULL);
INSERT INTO relations (id, source_id, target_id, kind, periods) VALUES
  ('r', 'a', 'b', 'member_of', '1992/1994; 2002/2004-02');
"""


@pytest.mark.parametrize("suffix", [".gexf", ".graphml"])
def test_export_and_import_again_keeps_ids_layout_look_and_periods(make_db, tmp_path, suffix):
    dataset = loader.load(make_db(LOOKED))
    assert dataset.problems == []
    out = tmp_path / f"out{suffix}"
    interop.export_graph(dataset, out)
    back, problems = import_dataset(out, tmp_path / "back.db")
    assert problems == []
    assert list(back.entities) == ["a", "b", "c"]
    assert back.looks["a"] == dataset.looks["a"] and back.looks["b"] == dataset.looks["b"]  # as they were
    # one with no look of its own comes back as it was drawn: its kind's colour, the usual size
    assert back.looks["c"] == Look(0.0, 0.0, style.node_style("actors", "person").colour, 2.0)
    assert [(str(a), str(b or "")) for a, b in back.entities["a"].periods] == [("1991", "1995-06"), ("2001-03", "")]
    assert [(str(a), str(b)) for a, b in back.relations[0].periods] == [("1992", "1994"), ("2002", "2004-02")]


def test_our_gexf_follows_the_primer(make_db, tmp_path):
    dataset = loader.load(make_db(LOOKED))
    out = tmp_path / "primer.gexf"
    drawn = Drawn({"a": (10.0, 20.0), "b": (-1.0, 0.5), "c": (3.0, 3.0)},
                  {"a": "#123456", "b": "#00ff00", "c": "#000000"}, {"a": 4.0, "b": 2.0, "c": 1.5})
    interop.export_graph(dataset, out, drawn=drawn)
    root = ET.parse(out).getroot()
    ns, viz = "{http://gexf.net/1.3}", "{http://gexf.net/1.3/viz}"
    assert root.tag == f"{ns}gexf" and root.get("version") == "1.3"
    assert root.find(f"{ns}meta/{ns}creator").text.startswith("Treatyscope ")
    graph_element = root.find(f"{ns}graph")
    assert (graph_element.get("mode"), graph_element.get("timeformat")) == ("dynamic", "date")
    declared = {a.get("title") for a in graph_element.findall(f"{ns}attributes[@class='node']/{ns}attribute")}
    assert {"name", "kind", "table", "periods", "start_date"} <= declared
    node = {n.get("id"): n for n in graph_element.iter(f"{ns}node")}["a"]
    assert node.find(f"{viz}color").attrib == {"r": "18", "g": "52", "b": "86"}
    assert node.find(f"{viz}position").attrib == {"x": "10.0", "y": "20.0", "z": "0.0"}
    assert node.find(f"{viz}size").get("value") == "4.0"
    assert [s.attrib for s in node.findall(f"{ns}spells/{ns}spell")] == [
        {"start": "1991-01-01", "end": "1995-06-30"}, {"start": "2001-03-01"}]
    edge = graph_element.find(f"{ns}edges/{ns}edge")
    assert (edge.get("source"), edge.get("target"), edge.get("kind")) == ("a", "b", "member_of")
    assert len(edge.findall(f"{ns}spells/{ns}spell")) == 2


def test_bad_look_and_periods_are_row_problems_that_keep_the_row(make_db):
    dataset = loader.load(make_db(MINIMAL.replace("end_date);", "end_date, x, y, colour, size, periods);") + """
        INSERT INTO actors (id, name, kind, x, y, colour, size, periods) VALUES
          ('a', 'A', 'state', 'left', 2, 'not a colour', -1, '2001/1999'),
          ('b', 'B', 'state', 1, 2, '#abc', 2, '2001/2003;2005/2007');"""))
    assert set(dataset.entities) == {"a", "b"}
    assert sorted(p.column for p in dataset.problems) == ["colour", "periods", "size", "x"]
    assert all(p.row == "'a'" for p in dataset.problems)
    assert "a" not in dataset.looks and dataset.looks["b"].colour == "#aabbcc"
    assert dataset.entities["a"].periods == () and len(dataset.entities["b"].periods) == 2
    colours, sizes = look.colours_and_sizes(dataset, ["a", "b"])
    assert colours == [None, "#aabbcc"] and np.isnan(sizes[0]) and sizes[1] == 1.0


def test_a_gephi_file_imported_and_exported_again_keeps_ids_and_look(tmp_path):
    source = tmp_path / "gephi.gexf"
    source.write_text(static_gexf(*NAMESPACES["1.3-www"]), encoding="utf-8")
    first, _problems = import_dataset(source, tmp_path / "first.db")
    out = tmp_path / "again.gexf"
    interop.export_graph(first, out)
    again, problems = import_dataset(out, tmp_path / "again.db")
    assert problems == [] and list(again.entities) == ["a", "b"]
    assert again.looks == first.looks
    assert [(r.source_id, r.target_id, r.weight) for r in again.relations] == [("a", "b", 3.0)]
