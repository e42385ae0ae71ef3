"""What each app contributes to the shared shell, without the shell importing the apps.

Apps register, in their ``AppConfig.ready()``:

- navigation entries (``register_nav``): the menu grows as modules land;
- pending work on the home page's dashboard (``register_pending_work``): drafts to complete…;
- home-page figures (``register_figure``): real counts of what the database holds, computed for the
  user who looks, so an app counts through its own selector and never shows what is out of scope;
- set-up steps (``register_setup_step``): reference data loaded on every ``manage.py setup`` and
  demonstration data loaded into an empty database;
- listeners of remapped units (``on_units_remapped``): territory says which units now count for
  another unit of today, so that apps keeping a copy of it (initiatives' province) refresh it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from django.utils.functional import Promise

Label = str | Promise


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: Label
    url_name: str
    order: int = 100
    # ``None``: every signed-in user; otherwise a permission checked with ``user.has_perm``.
    permission: str | None = None


@dataclass(frozen=True)
class HomeFigure:
    key: str
    label: Label
    # Returns the figure for this user, or None when the user has no business seeing it.
    compute: Callable[[Any], int | None]
    url_name: str | None = None
    order: int = 100


@dataclass(frozen=True)
class PendingWork:
    """A line of the user's pending work on the home page's dashboard (drafts to complete), so
    that the dashboard names no app's records."""

    key: str
    # ``count(user)``: how many wait for this user.
    count: Callable[[Any], int]
    # ``text(count)``: the line for that number (when not zero); ``empty``: the line for none.
    text: Callable[[int], str]
    empty: Label
    url_name: str
    query: str = ""  # added to the URL: "status=draft"
    order: int = 100


_pending: dict[str, PendingWork] = {}


def register_pending_work(work: PendingWork) -> None:
    _pending[work.key] = work


def pending_work() -> list[PendingWork]:
    return sorted(_pending.values(), key=lambda work: (work.order, work.key))


@dataclass(frozen=True)
class SetupStep:
    key: str
    label: Label
    # Called as ``run(stdout=...)``; returns a short line saying what it did.
    run: Callable[..., str]
    # "reference": every run; "demo": empty database only; "login": last, prints how to log in.
    phase: Literal["reference", "demo", "login"] = "reference"
    order: int = 100


_remap_listeners: dict[str, Callable[[list[int]], Any]] = {}
_nav: dict[str, NavEntry] = {}
_figures: dict[str, HomeFigure] = {}
_setup_steps: dict[str, SetupStep] = {}


def register_nav(entry: NavEntry) -> None:
    _nav[entry.key] = entry


def register_figure(figure: HomeFigure) -> None:
    _figures[figure.key] = figure


def register_setup_step(step: SetupStep) -> None:
    _setup_steps[step.key] = step


def nav_entries() -> list[NavEntry]:
    return sorted(_nav.values(), key=lambda entry: (entry.order, entry.key))


def home_figures() -> list[HomeFigure]:
    return sorted(_figures.values(), key=lambda figure: (figure.order, figure.key))


def setup_steps(phase: str) -> list[SetupStep]:
    steps = [step for step in _setup_steps.values() if step.phase == phase]
    return sorted(steps, key=lambda step: (step.order, step.key))


_action_labels: dict[str, Label] = {}


def register_action_labels(labels: dict[str, Label]) -> None:
    """Human wording for audit action codes, shown on timelines."""
    _action_labels.update(labels)


def action_label(code: str) -> Label:
    return _action_labels.get(code, code)


@dataclass(frozen=True)
class Panel:
    """A section another app adds to an object's page (the documents an organisation issued),
    so that the page's app does not import the app above it."""

    key: str
    target: str  # "app_label.model_name" of the page's object
    template_name: str
    # Called as ``get_context(request, obj)``; returns the template's context, or None to hide.
    get_context: Callable[..., dict | None]
    order: int = 100


_panels: dict[str, Panel] = {}


def register_panel(panel: Panel) -> None:
    _panels[panel.key] = panel


def panels_for(target: str) -> list[Panel]:
    found = [panel for panel in _panels.values() if panel.target == target]
    return sorted(found, key=lambda panel: (panel.order, panel.key))


@dataclass(frozen=True)
class HeaderLink:
    """A link in the page header with a count for the user (unread notifications), so that the
    shell shows it without importing the app that counts."""

    key: str
    label: Label
    url_name: str
    # Called as ``unread(user)``: the records to count (the shell counts every link's in one
    # statement); the link shows the number when it is not zero.
    unread: Callable[[Any], Any]
    order: int = 100


_header_links: dict[str, HeaderLink] = {}


def register_header_link(link: HeaderLink) -> None:
    _header_links[link.key] = link


def header_links() -> list[HeaderLink]:
    return sorted(_header_links.values(), key=lambda link: (link.order, link.key))


def on_units_remapped(key: str, listener: Callable[[list[int]], Any]) -> None:
    """``listener(unit_ids)`` runs (in the same transaction) when those units' ``today_path``
    changed."""
    _remap_listeners[key] = listener


def units_remapped(unit_ids: list[int]) -> None:
    if unit_ids:
        for listener in _remap_listeners.values():
            listener(unit_ids)


@dataclass(frozen=True)
class HistoryField:
    """How timelines show one key of an event's ``changes``: its label, and how its values read
    (``format(value) -> str``; None: the default, see ``danvan.core.history``)."""

    label: Label | None = None
    format: Callable[[Any], Any] | None = None


_history_fields: dict[tuple[str, str], HistoryField] = {}
_history_resolvers: dict[str, Callable[[str], HistoryField | None]] = {}


def register_history_fields(target: str, fields: dict[str, HistoryField]) -> None:
    """Timeline wording for the ``changes`` keys of events on ``target`` ("app_label.model_name"),
    for keys that are not fields of the model or whose values need more than the default."""
    for name, field in fields.items():
        _history_fields[(target, name)] = field


def register_history_resolver(target: str, resolve: Callable[[str], HistoryField | None]) -> None:
    """For keys that are not known in advance (a criterion's id): ``resolve(key)`` says how to
    show it, or None for the default."""
    _history_resolvers[target] = resolve


def history_field(target: str, name: str) -> HistoryField | None:
    """How ``name`` reads on ``target``'s events; target "*" registers keys of any event (events
    without an object have the target "")."""
    found = _history_fields.get((target, name))
    if found is None and target in _history_resolvers:
        found = _history_resolvers[target](name)
    return found or _history_fields.get(("*", name))


@dataclass(frozen=True)
class Importer:
    """An Excel import run in the background (``core.tasks.run_sheet_import``): the sheet and
    columns to read, and ``row_handler(user)`` giving the ``handle_row`` that calls the app's
    service for one row (``core.spreadsheets.run_import``)."""

    key: str
    sheet_title: Label
    columns: tuple
    row_handler: Callable[[Any], Callable[[dict], str]]
    permission: str  # checked with ``user.has_perm`` on every page of the import
    heading: Label
    import_url_name: str
    template_url_name: str
    back_url_name: str
    # Rows a file may hold, checked from its zip directory on upload and when it is read.
    max_rows: int = 50_000


_importers: dict[str, Importer] = {}


def register_importer(importer: Importer) -> None:
    _importers[importer.key] = importer


def importer(key: str) -> Importer:
    return _importers[key]


@dataclass(frozen=True)
class ExportColumns:
    """Columns another app adds to an export of a model's records (an initiative's
    recognitions), so that the exporting app does not import the app above it."""

    key: str
    target: str  # "app_label.model_name" of the exported records
    # The ``core.spreadsheets.Column``s added (export only: an import ignores them).
    columns: tuple
    # Called as ``values(ids)`` for a batch of exported records; returns, per id, the values of
    # these columns by key (an id may be missing: its cells stay empty).
    values: Callable[[list[int]], dict[int, dict[str, Any]]]
    order: int = 100


_export_columns: dict[str, ExportColumns] = {}


def register_export_columns(extension: ExportColumns) -> None:
    _export_columns[extension.key] = extension


def export_columns_for(target: str) -> list[ExportColumns]:
    found = [item for item in _export_columns.values() if item.target == target]
    return sorted(found, key=lambda item: (item.order, item.key))


@dataclass(frozen=True)
class Scheduled:
    """A management command the task worker runs on a schedule (``danvan.core.schedule``):
    every ``every`` (a ``timedelta``), or once a day at ``daily_at`` (a local ``time``)."""

    key: str
    label: Label
    command: tuple[str, ...]
    every: Any = None  # datetime.timedelta
    daily_at: Any = None  # datetime.time, local time of the installation


_scheduled: dict[str, Scheduled] = {}


def register_scheduled(item: Scheduled) -> None:
    if (item.every is None) == (item.daily_at is None):
        raise ValueError(f"{item.key}: give either every or daily_at")
    _scheduled[item.key] = item


def scheduled() -> list[Scheduled]:
    return sorted(_scheduled.values(), key=lambda item: item.key)
