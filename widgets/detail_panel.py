"""The detail panel: everything the dataset says about the focused entity, with its sources.

A header (name, table and kind, dates, aliases), every column of the entity's row (extra
columns too), article and treaty links, the events it takes part in, and a table of its
relations with their confidence, source and locator (``widgets.relation_table``). Dataset text
is always plain text: a name ``<b>x</b>`` shows its angle brackets. Only http(s) sources are
links; they open in the browser through ``DetailPanel.launch_url``, which tests replace.
"""
from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import QModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPalette
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QStackedWidget, QTableView, QVBoxLayout, QWidget

from data import dates, schema
from data.loader import as_text
from data.model import Dataset, Entity, Event, Relation, RelationsOf, natural_key
from widgets.entity_models import field_value
from widgets.lifespan import Bar, LifespanChart
from data.sources import SourceNames
from widgets.detail_sections import LinkLabel, Row, Section, plain_label, section_font  # noqa: F401 (LinkLabel: API)
from widgets.relation_table import (INACTIVE, LINK, RelationRow,  # noqa: F401 (INACTIVE: part of this module's API)
                                    RelationTableModel, RelationTableView, is_web_url, relation_rows)

#: lifespan bar colours by confidence (the canvas says confidence by dash; a bar has no dash)
CONFIDENCE_COLOURS = {"official": "#1d4ed8", "reported": "#d97706", "inferred": "#7c3aed"}

HINT = "Select an entity in the trees or on the graph to see its details and sources."
MISSING = "This entity is not in the dataset."
ARTICLE_OVERVIEW = ("summary", "topic")  #: article columns shown under Overview
LIST_LIMIT = 200  #: events or articles listed before "… and N more"


class DetailPanel(QWidget):
    """The inspector for the focused entity.

    Signals:
    entity_requested(str): the user clicked another entity (a relation's other end, an
        article's treaty, a treaty's article, an actor's parent).
    url_requested(str): the user clicked an http(s) source; it is also opened in the browser.
    """

    entity_requested = Signal(str)
    url_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._dataset: Dataset | None = None
        self._relations: dict = {}  #: the shown entity's relations ("for", "relations")
        self._events: dict[str, list[Event]] = {}
        self._indexed = True
        self._entity_id: str | None = None
        self._day: int | None = None
        self._lifespan: LifespanChart | None = None
        self._hint = plain_label(HINT, selectable=False)
        self._hint.setAlignment(Qt.AlignCenter)
        self._hint.setForegroundRole(QPalette.PlaceholderText)
        self._hint.setMargin(24)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.NoFrame)
        self._scroll.setWidget(self._make_content())
        self._relations_title = plain_label("Relations", selectable=False)
        self._relations_title.setFont(section_font())
        self._model = RelationTableModel(self)
        self._sources = SourceNames.of(None)
        self._table = self._make_table()
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self._hint)
        self._stack.addWidget(self._make_splitter())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)

    def _make_table(self) -> QTableView:
        table = RelationTableView(self._model)
        table.clicked.connect(self._cell_clicked)
        table.activated.connect(self._cell_clicked)
        table.entered.connect(self._cell_hovered)
        return table

    def _make_splitter(self) -> QSplitter:
        bottom = QWidget()
        box = QVBoxLayout(bottom)
        box.setContentsMargins(8, 4, 8, 4)
        box.addWidget(self._relations_title)
        box.addWidget(self._table)
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(self._scroll)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        return splitter

    # -- public API ----------------------------------------------------------------------
    def set_dataset(self, dataset: Dataset | None) -> None:
        """Index relations, events and children by entity once (when first needed, so that a
        big dataset's first graph is not kept waiting), so showing one is fast."""
        self._dataset = dataset
        self._sources = SourceNames.of(dataset)
        self._indexed = False
        self.show_entity(None)

    def _index(self) -> None:
        if self._indexed:
            return
        self._indexed = True
        dataset = self._dataset
        self._events, self._relations = defaultdict(list), {}
        if dataset is not None:  # relations and children: the dataset answers per entity
            for event in dataset.events:
                for entity_id in event.entity_ids:
                    self._events[entity_id].append(event)

    def _relations_of(self, entity_id: str) -> list[Relation]:
        """The entity's relations, looked up once for the entity shown."""
        if self._relations.get("for") != entity_id:
            self._relations = {"for": entity_id, "relations": self._dataset.relations_of(entity_id)}
        return self._relations["relations"]

    def show_entity(self, entity_id: str | None) -> None:
        """Show an entity's details; None (or an unknown id) shows a hint instead."""
        entity = self._entity(entity_id)
        self._entity_id = entity.id if entity else None
        if entity is None:
            self._hint.setText(self._overview() if entity_id is None else MISSING)
            self._lifespan = None
            self._model.set_rows([])
            self._stack.setCurrentIndex(0)
            return
        self._index()
        self._fill(entity)
        self._scroll.verticalScrollBar().setValue(0)  # a new entity is read from its top
        rows = relation_rows(entity.id, self._relations_of(entity.id), self._entity, self._sources)
        self._model.set_rows(rows)
        self._model.set_day(self._day)
        self._relations_title.setText(f"Relations ({len(rows)})")
        self._stack.setCurrentIndex(1)

    def _overview(self) -> str:
        """With nothing selected: what the dataset is, and the tables the core views do not use."""
        ds = self._dataset
        if ds is None:
            return HINT
        lines = [ds.title]
        if ds.meta.get("description"):
            lines.append(ds.meta["description"])
        lines.append(f"{len(ds.entities)} entities, {len(ds.relations)} relations, {len(ds.events)} events.")
        if ds.extra_tables:
            tables = ", ".join(f"{name} ({rows} rows)" for name, rows in ds.extra_tables.items())
            lines.append(f"Other tables in the file, not drawn: {tables}.")
        return "\n\n".join(lines + [HINT])

    def set_day(self, day: int | None) -> None:
        """Grey the relations not active at ``day`` (None: none are grey)."""
        self._day = day
        self._model.set_day(day)
        if self._lifespan is not None:
            self._lifespan.set_day(day)

    def shown_entity(self) -> str | None:
        return self._entity_id

    def relation_model(self) -> RelationTableModel:
        return self._model

    def relation_view(self) -> QTableView:
        return self._table

    def lifespan_widget(self) -> LifespanChart | None:
        """The focused entity's lifespan and its relations' as bars on a small time axis."""
        return self._lifespan

    def _fill_lifespan(self, entity: Entity) -> None:
        """The chart of the entity's lifespan and its relations' (hidden with no dates at all)."""
        span = self._dataset.date_range() if self._dataset is not None else None
        self._chart.setVisible(span is not None)
        self._lifespan = self._chart if span is not None else None
        if span is None:
            return
        names = self._dataset.entities
        bars = [Bar(f"{entity.name} (lifespan)", entity.start, entity.end, "#111827")]
        relations = self._relations_of(entity.id)
        for relation in relations[: LifespanChart.MAX_ROWS - 1]:  # the chart shows so many rows
            other = names.get(relation.other_end(entity.id))
            label = f"{relation.kind}: {self._dataset.names[other.id] if other else relation.other_end(entity.id)}"
            bars.append(Bar(label, relation.start, relation.end, CONFIDENCE_COLOURS.get(relation.confidence, "#6b7280")))
        known = [d for d in (entity.start and entity.start.first_day, entity.end and entity.end.last_day) if d]
        if isinstance(relations, RelationsOf):  # the axis spans every relation's dates (a hub's
            known += relations.days()  # thousands read from the loader's arrays, not made)
        else:
            known += [d for item in relations
                      for d in (item.start and item.start.first_day, item.end and item.end.last_day) if d]
        if self._day is not None:
            known.append(self._day)
        if known:  # the span these dates cover, a year either side, within the dataset's
            span = (max(span[0], min(known) - 365), min(span[1], max(known) + 365))
        self._chart.set_bars(bars, *span, total=len(relations) + 1)
        self._chart.set_day(self._day)

    def open_url(self, url: str) -> None:
        """Open an http(s) source in the browser; any other text is never opened."""
        if not is_web_url(url):
            return
        self.url_requested.emit(url)
        self.launch_url(url)

    def launch_url(self, url: str) -> None:
        """The one place that hands a URL to the desktop (tests replace it)."""
        QDesktopServices.openUrl(QUrl(url, QUrl.StrictMode))

    # -- building the view ---------------------------------------------------------------
    def _entity(self, entity_id: str | None) -> Entity | None:
        if entity_id is None or self._dataset is None:
            return None
        return self._dataset.entities.get(entity_id)

    def _make_content(self) -> QWidget:
        """The scrolled part's widgets, made once: a header, the lifespan chart, and the
        Overview, Fields and Events sections (``_fill`` puts an entity in them)."""
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(6)
        self._name, self._kind, self._dates, self._aliases = (plain_label() for _ in range(4))
        for label, name in ((self._name, "name"), (self._kind, "kind"), (self._dates, "dates"),
                            (self._aliases, "aliases")):
            label.setObjectName(name)
            layout.addWidget(label)
        font = self._name.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self._name.setFont(font)
        self._chart = LifespanChart()
        layout.addWidget(self._chart)
        self._sections = [Section(title, layout, self._follow) for title in ("Overview", "Fields", "Events")]
        layout.addStretch(1)
        return content

    def _fill(self, entity: Entity) -> None:
        self._name.setText(entity.name)
        self._kind.setText(_kind_text(entity))
        self._dates.setText(_dates_text(entity))
        self._aliases.setText("Also known as: " + "; ".join(entity.aliases))
        self._aliases.setVisible(bool(entity.aliases))
        self._fill_lifespan(entity)
        overview, fields, events = self._sections
        overview.show_rows(self._link_rows(entity))
        fields.show_rows(self._field_rows(entity))
        events.show_rows(self._event_rows(entity.id))

    def _follow(self, row: Row) -> None:
        """The user clicked a row's link: a source opens, an entity is asked for."""
        if row.url:
            self.open_url(row.target)
        else:
            self.entity_requested.emit(row.target)

    def _link_rows(self, entity: Entity) -> list[Row]:
        rows: list[Row] = []
        parent = self._entity(entity.parent_id)
        if parent is not None:
            rows.append(self._link("Treaty" if entity.table == "articles" else "Part of", parent))
        if entity.table == "articles":
            for column in ARTICLE_OVERVIEW:
                text = field_value(entity, column)
                if text:
                    rows.append(Row(column.capitalize(), text))
        children = self._dataset.children_of(entity.id)
        if entity.table == "treaties":
            rows.append(Row("Articles", str(len(children))))
            children = sorted(children, key=lambda a: natural_key(field_value(a, "number")))
        elif children:
            rows.append(Row("Contains", str(len(children))))
            children = sorted(children, key=lambda e: e.name.casefold())
        rows.extend(self._link("", child) for child in children[:LIST_LIMIT])
        if len(children) > LIST_LIMIT:
            rows.append(Row("", f"… and {len(children) - LIST_LIMIT} more"))
        return rows

    def _field_rows(self, entity: Entity) -> list[Row]:
        rows: list[Row] = []
        for key, value in entity.fields.items():
            if entity.table == "articles" and str(key).lower() in ARTICLE_OVERVIEW:
                continue  # shown under Overview already
            text = as_text(value) or "—"
            rows.append(Row(str(key), text, text, url=True) if is_web_url(text) else Row(str(key), text))
        return rows

    def _event_rows(self, entity_id: str) -> list[Row]:
        events = self._events.get(entity_id, [])
        rows = [Row(str(e.date), e.title + (f" ({e.kind})" if e.kind else "")) for e in events[:LIST_LIMIT]]
        if len(events) > LIST_LIMIT:
            rows.append(Row("", f"… and {len(events) - LIST_LIMIT} more"))
        return rows

    @staticmethod
    def _link(key: str, entity: Entity) -> Row:
        return Row(key, entity.name, entity.id, tooltip=f"Show {entity.name}")

    # -- clicks in the relation table ----------------------------------------------------
    def _cell_clicked(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row = self._model.row(index.row())
        if index.column() == RelationTableModel.OTHER:
            self.entity_requested.emit(row.other_id)
        elif index.column() == RelationTableModel.SOURCE and row.url:
            self.open_url(row.url)

    def _cell_hovered(self, index: QModelIndex) -> None:
        cursor = Qt.PointingHandCursor if self._model.is_link(index) else Qt.ArrowCursor
        self._table.viewport().setCursor(cursor)


def _kind_text(entity: Entity) -> str:
    table = schema.title(entity.table)
    return table if entity.kind.lower() == table.lower() else f"{table} · {entity.kind}"


def _dates_text(entity: Entity) -> str:
    if entity.table in ("treaties", "articles"):
        return f"Signed {entity.start}" if entity.start else "Signing date unknown"
    return dates.span_text(entity.start, entity.end, "unknown") if (entity.start or entity.end) \
        else "Dates unknown"
