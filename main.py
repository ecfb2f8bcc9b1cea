"""Treatyscope: explore actors, treaty articles and projects over time.

    python main.py [DATASET]                 open the window (the bundled dataset by default)
    python main.py validate DATASET          list row-level problems
    python main.py import SOURCE --out FILE  build a dataset from CSV files, JSON, .xlsx, GEXF,
                                             GraphML or Cytoscape .cyjs
    python main.py template FOLDER | --xlsx FILE   a dataset to fill in (CSV files or a workbook)
    python main.py info [DATASET] [--json]   describe a dataset
    python main.py export --out FILE.png     draw a view to PNG with no screen
    python main.py export-graph --out FILE.gexf   write the graph to GEXF, GraphML or CSV files
"""
from __future__ import annotations

import argparse
import multiprocessing
import sys

from data import commands
from data.version import VERSION

COMMANDS = ("validate", "import", "info", "template", "export", "export-graph")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one ``error:`` line and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"error: {self.prog}: {message}", file=sys.stderr)
        raise SystemExit(2)


def command_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="treatyscope", description="Explore actors, treaty articles and projects over time.")
    parser.add_argument("--version", action="version", version=f"treatyscope {VERSION}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("validate", help="list the rows a dataset's check skips")
    p.add_argument("dataset")
    p = sub.add_parser("import", help="build a dataset from a CSV folder or a JSON, .xlsx, GEXF, GraphML "
                       "or Cytoscape .cyjs file")
    p.add_argument("source")
    p.add_argument("--out", required=True, help="the dataset file to write")
    p.add_argument("--force", action="store_true", help="replace --out if it exists")
    p = sub.add_parser("template", help="write a dataset to fill in: CSV files in a folder, or a workbook")
    p.add_argument("folder", nargs="?", help="the folder for the CSV files")
    p.add_argument("--xlsx", metavar="FILE", help="write one Excel workbook (a sheet per table) instead")
    p = sub.add_parser("info", help="describe a dataset (the bundled one by default)")
    p.add_argument("dataset", nargs="?")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("export", help="draw a view to a PNG or SVG file, with no screen needed")
    p.add_argument("dataset", nargs="?", help="the dataset (or use --db)")
    p.add_argument("--db", help="the dataset (the bundled one by default)")
    p.add_argument("--out", required=True)
    p.add_argument("--view", choices=("graph", "trees", "timeline", "window"), default="graph")
    p.add_argument("--date", help="YYYY, YYYY-MM or YYYY-MM-DD (a partial date means its first day)")
    p.add_argument("--until", help="the window's last day, with --mode window")
    p.add_argument("--mode", choices=("at", "window", "cumulative"), default="at")
    p.add_argument("--focus", help="the id of the entity to select")
    p.add_argument("--width", type=int, default=1920)
    p.add_argument("--caption", action="store_true", help="add title, date, legend and sources")
    p.add_argument("--title", help="the caption's title (the dataset's by default); implies --caption")
    p.add_argument("--note", help="a note under the picture, in the caption; implies --caption")
    p = sub.add_parser("export-graph", help="write entities and relations to GEXF (with time, for "
                       "Gephi), GraphML or a folder of CSV files")
    p.add_argument("dataset", nargs="?", help="the dataset (or use --db)")
    p.add_argument("--db", help="the dataset (the bundled one by default)")
    p.add_argument("--out", required=True, help="FILE.gexf, FILE.graphml, or a folder with --format csv")
    p.add_argument("--format", choices=("gexf", "graphml", "csv"), help="by default from --out's name")
    p.add_argument("--date", help="keep only what is shown at this day (YYYY, YYYY-MM or YYYY-MM-DD)")
    p.add_argument("--until", help="the window's last day, with --mode window")
    p.add_argument("--mode", choices=("at", "window", "cumulative"), help="how --date is read (at)")
    p.add_argument("--force", action="store_true", help="with --format csv: write into a folder with files")
    return parser


def gui_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="treatyscope", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"treatyscope {VERSION}")
    parser.add_argument("dataset", nargs="?", help="a dataset file (the bundled one by default)")
    return parser


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()  # the frozen app is also the layout's background process
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in COMMANDS:
        args = command_parser().parse_args(argv)
        if args.command == "validate":
            return commands.validate(args.dataset)
        if args.command == "import":
            return commands.import_(args.source, args.out, args.force)
        if args.command == "template":
            return commands.template(args.folder, args.xlsx)
        if args.command == "info":
            return commands.info(args.dataset, args.json)
        if args.command == "export-graph":
            return commands.export_graph(args)
        from ui import export_command  # Qt is imported only for the commands that draw

        return export_command.run(args)
    args = gui_parser().parse_args(argv)
    from ui import app

    return app.run(args.dataset)


if __name__ == "__main__":
    sys.exit(main())
