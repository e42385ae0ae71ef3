"""Excel of a programme's targets (out) and of the units' figures (in, in the background)."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from danvan.core.spreadsheet_views import (
    export_response,
    export_title_lines,
    import_page,
    template_response,
)
from danvan.targets import excel, excel_targets, queries
from danvan.targets.views.programmes import visible_programme


def programme_export(request: HttpRequest, pk: int) -> HttpResponse:
    programme = visible_programme(request, pk)
    targets = (
        queries.targets_visible_to(request.user)
        .filter(programme=programme)
        .select_related("unit")
        .order_by("order", "number", "unit__path", "id")
    )
    return export_response(
        sheet_title=str(excel.SHEET),
        columns=excel.EXPORT_COLUMNS,
        rows=excel.export_rows(targets.iterator(chunk_size=2000)),
        title_lines=export_title_lines(request.user, programme.name),
        filename=_("targets"),
    )


def value_template(request: HttpRequest) -> HttpResponse:
    return template_response(
        sheet_title=str(excel.SHEET), columns=excel.VALUE_COLUMNS, filename=_("figures-template")
    )


def value_import(request: HttpRequest) -> HttpResponse:
    """In the background (``core.tasks``): the importer is registered in ``apps.py``."""
    return import_page(request, importer="targets.value")


def target_template(request: HttpRequest) -> HttpResponse:
    return template_response(
        sheet_title=str(excel_targets.SHEET),
        columns=excel_targets.COLUMNS,
        filename=_("targets-template"),
    )


def target_import(request: HttpRequest) -> HttpResponse:
    """In the background (``core.tasks``): the importer is registered in ``apps.py``."""
    return import_page(request, importer="targets.target")
