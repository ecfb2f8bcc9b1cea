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
from PySide6.QtGui import QDesktopServices, QFont, QKeyEvent, QMouseEvent, QPalette
from PySide6.QtWidgets import (QFormLayout, QFrame, QLabel,
                               QScrollArea, QSplitter, QStackedWidget, QTableView, QVBoxLayout,
                               QWidget)

from data import dates, schema
from data.loader import as_text
from data.model import Dataset, Entity, Event, Relation, natural_key
from widgets.entity_models import field_value
from widgets.lifespan import Bar, LifespanChart
from data.sources import SourceNames
from widgets.relation_table import (INACTIVE, LINK, RelationRow,  # noqa: F401 (INACTIVE: part of this module's API)
                                    RelationTableModel, RelationTableView, is_web_url, relation_rows)

#: lifespan bar colours by confidence (the canvas says confidence by dash; a bar has no dash)
CONFIDENCE_COLOURS = {"official": "#1d4ed8", "reported": "#d97706", "inferred": "#7c3aed"}

HINT = "Select an entity in the trees or on the graph to see its details and sources."
MISSING = "This entity is not in the dataset."
ARTICLE_OVERVIEW = ("summary", "topic")  #: article columns shown under Overview
LIST_LIMIT = 200  #: events or articles listed before "… and N more"


def plain_label(text: str, *, wrap: bool = True, selectable: bool = True) -> QLabel:
    """A label for dataset text: plain text, never rich text."""
    label = QLabel()
    label.setTextFormat(Qt.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    return label


class LinkLabel(QLabel):
    """Plain text that looks and acts like a link (click, or Enter when focused).

    Signals:
    clicked(): the user activated the link.
    """

    clicked = Signal()

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTextFormat(Qt.PlainText)
        self.setText(text)
        self.setWordWrap(True)
        self.setCursor(Qt.PointingHandCursor)
        self.setFocusPolicy(Qt.TabFocus)
        font = self.font()
        font.setUnderline(True)
        self.setFont(font)
        palette = self.palette()
        palette.setColor(QPalette.WindowText, LINK)
        self.setPalette(palette)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key_Return, Qt.Key_Enter, Qt.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


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
        self._relations_title = plain_label("Relations", selectable=False)
        self._relations_title.setFont(_section_font())
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
        self._scroll.setWidget(self._build_content(entity))
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

    def _make_lifespan(self, entity: Entity) -> LifespanChart | None:
        span = self._dataset.date_range() if self._dataset is not None else None
        if span is None:
            return None
        names = self._dataset.entities
        bars = [Bar(f"{entity.name} (lifespan)", entity.start, entity.end, "#111827")]
        relations = self._relations_of(entity.id)
        for relation in relations[: LifespanChart.MAX_ROWS - 1]:  # the chart shows so many rows
            other = names.get(relation.other_end(entity.id))
            label = f"{relation.kind}: {self._dataset.names[other.id] if other else relation.other_end(entity.id)}"
            bars.append(Bar(label, relation.start, relation.end, CONFIDENCE_COLOURS.get(relation.confidence, "#6b7280")))
        known = [d for item in [entity, *relations]  # the axis spans every relation's dates
                 for d in (item.start and item.start.first_day, item.end and item.end.last_day) if d]
        if self._day is not None:
            known.append(self._day)
        if known:  # the span these dates cover, a year either side, within the dataset's
            span = (max(span[0], min(known) - 365), min(span[1], max(known) + 365))
        chart = LifespanChart()
        chart.set_bars(bars, *span, total=len(relations) + 1)
        chart.set_day(self._day)
        return chart

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

    def _build_content(self, entity: Entity) -> QWidget:
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(6)
        for widget in self._header(entity):
            layout.addWidget(widget)
        self._lifespan = self._make_lifespan(entity)
        if self._lifespan is not None:
            layout.addWidget(self._lifespan)
        self._add_section(layout, "Overview", self._link_rows(entity))
        self._add_section(layout, "Fields", self._field_rows(entity))
        self._add_section(layout, "Events", self._event_rows(entity.id))
        layout.addStretch(1)
        return content

    def _header(self, entity: Entity) -> list[QWidget]:
        name = plain_label(entity.name)
        name.setObjectName("name")
        font = name.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.35)
        name.setFont(font)
        widgets: list[QWidget] = [name, plain_label(_kind_text(entity)), plain_label(_dates_text(entity))]
        widgets[1].setObjectName("kind")
        widgets[2].setObjectName("dates")
        if entity.aliases:
            aliases = plain_label("Also known as: " + "; ".join(entity.aliases))
            aliases.setObjectName("aliases")
            widgets.append(aliases)
        return widgets

    def _add_section(self, layout: QVBoxLayout, title: str,
                     rows: list[tuple[str, QWidget]]) -> None:
        if not rows:
            return
        heading = plain_label(title, selectable=False)
        heading.setFont(_section_font())
        layout.addSpacing(6)
        layout.addWidget(heading)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignLeft | Qt.AlignTop)
        for key, widget in rows:
            key_label = plain_label(key, wrap=False)
            key_label.setForegroundRole(QPalette.PlaceholderText)
            form.addRow(key_label, widget)
        layout.addLayout(form)

    def _link_rows(self, entity: Entity) -> list[tuple[str, QWidget]]:
        rows: list[tuple[str, QWidget]] = []
        parent = self._entity(entity.parent_id)
        if parent is not None:
            rows.append(("Treaty" if entity.table == "articles" else "Part of", self._link(parent)))
        if entity.table == "articles":
            for column in ARTICLE_OVERVIEW:
                text = field_value(entity, column)
                if text:
                    rows.append((column.capitalize(), plain_label(text)))
        children = self._dataset.children_of(entity.id)
        if entity.table == "treaties":
            rows.append(("Articles", plain_label(str(len(children)))))
            children = sorted(children, key=lambda a: natural_key(field_value(a, "number")))
        elif children:
            rows.append(("Contains", plain_label(str(len(children)))))
            children = sorted(children, key=lambda e: e.name.casefold())
        rows.extend(("", self._link(child)) for child in children[:LIST_LIMIT])
        if len(children) > LIST_LIMIT:
            rows.append(("", plain_label(f"… and {len(children) - LIST_LIMIT} more")))
        return rows

    def _field_rows(self, entity: Entity) -> list[tuple[str, QWidget]]:
        rows: list[tuple[str, QWidget]] = []
        for key, value in entity.fields.items():
            if entity.table == "articles" and str(key).lower() in ARTICLE_OVERVIEW:
                continue  # shown under Overview already
            text = as_text(value) or "—"
            if is_web_url(text):
                link = LinkLabel(text)
                link.clicked.connect(lambda url=text: self.open_url(url))
                rows.append((str(key), link))
            else:
                rows.append((str(key), plain_label(text)))
        return rows

    def _event_rows(self, entity_id: str) -> list[tuple[str, QWidget]]:
        events = self._events.get(entity_id, [])
        rows = [(str(e.date), plain_label(e.title + (f" ({e.kind})" if e.kind else "")))
                for e in events[:LIST_LIMIT]]
        if len(events) > LIST_LIMIT:
            rows.append(("", plain_label(f"… and {len(events) - LIST_LIMIT} more")))
        return rows

    def _link(self, entity: Entity) -> LinkLabel:
        link = LinkLabel(entity.name)
        link.setToolTip(f"Show {entity.name}")
        link.clicked.connect(lambda entity_id=entity.id: self.entity_requested.emit(entity_id))
        return link

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


def _section_font() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def _kind_text(entity: Entity) -> str:
    table = schema.title(entity.table)
    return table if entity.kind.lower() == table.lower() else f"{table} · {entity.kind}"


def _dates_text(entity: Entity) -> str:
    if entity.table in ("treaties", "articles"):
        return f"Signed {entity.start}" if entity.start else "Signing date unknown"
    return dates.span_text(entity.start, entity.end, "unknown") if (entity.start or entity.end) \
        else "Dates unknown"
