"""The window's commands declared as data, and built into menus and the toolbar in one place.

Each ``Command`` names what the user sees (text, shortcuts, tip, menu) and a key; ``build``
makes one ``QAction`` per command and connects it to the handler the window gives for that key.
A new command is one line here and one handler: the menus, the toolbar and Help ▸ Keyboard
shortcuts (``ui.help``) all follow from this table.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

Key = str | QKeySequence.StandardKey


@dataclass(frozen=True)
class Command:
    key: str
    text: str
    menu: str  #: "File", "Edit", "View", "Time" or "Help"
    shortcuts: tuple[Key, ...] = ()
    tip: str = ""
    checkable: bool = False
    separator: bool = False  #: a separator before it in its menu


COMMANDS: tuple[Command, ...] = (
    Command("open", "&Open dataset…", "File", (QKeySequence.Open,)),
    Command("recent", "Open &recent", "File"),  # a submenu, filled when it opens
    Command("import_folder", "Import CSV &folder…", "File", separator=True),
    Command("import_file", "Import a &file (Excel, JSON, GEXF, GraphML, Cytoscape)…", "File"),
    Command("template", "&New dataset from template…", "File"),
    Command("save_view", "&Save view as…", "File", (QKeySequence.Save,), separator=True),
    Command("open_view", "Open &view…", "File"),
    Command("export", "&Export view…", "File", ("Ctrl+E",)),
    Command("export_graph", "Export &graph as GEXF/GraphML…", "File", (),
            "The graph as Gephi, yEd or Cytoscape open it, laid out and coloured as shown"),
    Command("quit", "Quit", "File", (QKeySequence.Quit,), separator=True),
    Command("undo", "&Undo", "Edit", (QKeySequence.Undo,)),
    Command("redo", "&Redo", "Edit", (QKeySequence.Redo, "Ctrl+Shift+Z", "Ctrl+Y")),
    Command("fit", "Fit to view", "View", ("F",), "Show every node (F)"),
    Command("reset_layout", "Reset layout", "View", (), "Lay the graph out again; unpins every node"),
    Command("focus", "Focus", "View", ("Shift+F",),
            "Show only what is within N links of the selection (+/- change N)", checkable=True),
    Command("more_hops", "More hops", "View", ("+", "=", "Ctrl++")),
    Command("fewer_hops", "Fewer hops", "View", ("-",)),
    Command("clear", "Clear selection", "View", ("Escape",)),
    Command("find", "Find…", "View", (QKeySequence.Find,)),
    Command("articles", "Show or fold the treaty's articles", "View", ("E",),
            "Show the selected treaty's articles around it, or fold them back into it"),
    Command("hide_inactive", "Hide inactive entities in the trees", "View", (),
            "Hide, rather than grey out, what is not active at the date", checkable=True),
    Command("reset_panels", "Reset panels", "View", (), "Put every panel back in its place and size",
            separator=True),
    Command("play", "Play / pause", "Time", ("Space",)),
    Command("previous_event", "Previous event", "Time", ("PgUp",), separator=True),
    Command("next_event", "Next event", "Time", ("PgDown",)),
    Command("back_day", "Back one day", "Time", ("Alt+Left",)),
    Command("forward_day", "Forward one day", "Time", ("Alt+Right",)),
    Command("back_month", "Back one month", "Time", ("Ctrl+Left",)),
    Command("forward_month", "Forward one month", "Time", ("Ctrl+Right",)),
    Command("back_year", "Back one year", "Time", ("Ctrl+Shift+Left",)),
    Command("forward_year", "Forward one year", "Time", ("Ctrl+Shift+Right",)),
    Command("compare", "Compare two dates…", "Time", ("Ctrl+D",),
            "See what was added, removed and unchanged between two dates", separator=True),
    Command("guide", "&User guide", "Help", (QKeySequence.HelpContents,), "The user guide, offline"),
    Command("shortcuts", "&Keyboard shortcuts", "Help", ("Ctrl+/",), "Every key the window answers"),
    Command("about", "&About Treatyscope", "Help", separator=True),
)
MENUS = ("File", "Edit", "View", "Time", "Help")
TOOLBAR = ("fit", "reset_layout", None, "focus")  #: None: a separator


def key_sequences(keys: tuple[Key, ...]) -> list[QKeySequence]:
    """The key sequences of a command, each once: a standard key brings every binding of the
    platform (Redo is Ctrl+Shift+Z on some desktops and Ctrl+Y on others), and a key named twice
    would make Qt ignore it as ambiguous."""
    found: dict[str, QKeySequence] = {}
    for key in keys:
        for sequence in (QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey)
                         else [QKeySequence(key)]):
            if not sequence.isEmpty():
                found.setdefault(sequence.toString(), sequence)
    return list(found.values())


def _action(window: QMainWindow, command: Command, handler: Callable) -> QAction:
    action = QAction(command.text, window)
    action.setObjectName(f"action-{command.key}")
    action.setShortcuts(key_sequences(command.shortcuts))
    action.setCheckable(command.checkable)
    action.setStatusTip(command.tip)
    action.setToolTip(command.tip or command.text.replace("&", "").rstrip("…"))
    action.triggered.connect(handler)
    window.addAction(action)  # shortcuts work wherever the focus is in the window
    return action


def build(window: QMainWindow, handlers: dict[str, Callable],
          submenus: dict[str, Callable[[QMenu], None]]) -> tuple[dict[str, QAction], dict[str, QMenu]]:
    """Every command as an action in its menu. ``handlers``: what each key does (a checkable
    command's handler gets the new state); ``submenus``: keys shown as a submenu, with the
    function that fills it each time it opens."""
    actions: dict[str, QAction] = {}
    menus = {name: window.menuBar().addMenu(f"&{name}") for name in MENUS}
    for command in COMMANDS:
        menu = menus[command.menu]
        if command.separator:
            menu.addSeparator()
        if command.key in submenus:
            sub = menu.addMenu(command.text)
            sub.aboutToShow.connect(lambda s=sub, fill=submenus[command.key]: fill(s))
            continue
        actions[command.key] = _action(window, command, handlers.get(command.key) or _help(window, command.key))
        menu.addAction(actions[command.key])
    return actions, menus


def _help(window: QMainWindow, key: str) -> Callable:
    """The Help pages need nothing but the window: their handlers are here, not the window's."""
    from . import help as pages  # it reads COMMANDS: imported when the menus are built

    return {"guide": lambda: pages.show_guide(window), "shortcuts": lambda: pages.show_shortcuts(window)}[key]


def toolbar(window: QMainWindow, actions: dict[str, QAction]) -> QToolBar:
    bar = QToolBar("Main", window)
    bar.setObjectName("toolbar-main")
    bar.setMovable(False)
    for key in TOOLBAR:
        if key is None:
            bar.addSeparator()
        else:
            bar.addAction(actions[key])
    window.addToolBar(bar)
    return bar


def entity_menu(parent: QMainWindow, state, entity_id: str, show: Callable[[str], None],
                toggle_articles: Callable[[str], None]) -> QMenu:
    """The menu of an entity right-clicked on the canvas or in a tree: select it, and for a
    treaty (or one of its articles) show or fold the treaty's articles."""
    menu = QMenu(parent)
    menu.addAction("Select", lambda: show(entity_id))
    treaty = state.treaty_of(entity_id) or entity_id
    count = len(state.articles_of(treaty))
    if count:
        text = (f"Fold the {count} articles into the treaty" if treaty in state.expanded
                else f"Show the {count} articles around the treaty")
        menu.addAction(text, lambda: toggle_articles(treaty))
    return menu
