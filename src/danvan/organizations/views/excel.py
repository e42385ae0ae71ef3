"""Excel templates, exports and imports of organisations and people."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from danvan.core.spreadsheet_views import (
    export_response,
    export_title_lines,
    import_page,
    template_response,
)
from danvan.organizations import excel, queries


def organization_template(request: HttpRequest) -> HttpResponse:
    return template_response(
        sheet_title=str(excel.ORGANIZATION_SHEET),
        columns=excel.ORGANIZATION_COLUMNS,
        filename=_("organisations-template"),
    )


def organization_export(request: HttpRequest) -> HttpResponse:
    organizations = queries.organizations_visible_to(request.user).order_by("path")
    if query := request.GET.get("q", "").strip()[:200]:
        organizations = queries.search_organizations(organizations, query)
    return export_response(
        sheet_title=str(excel.ORGANIZATION_SHEET),
        columns=excel.ORGANIZATION_COLUMNS,
        rows=excel.organization_export_rows(organizations),
        title_lines=export_title_lines(request.user, _("List of organisations")),
        filename=_("organisations"),
    )


def organization_import(request: HttpRequest) -> HttpResponse:
    """In the background (``core.tasks``): the importer is registered in ``apps.py``."""
    return import_page(request, importer="organizations.organization")


def person_template(request: HttpRequest) -> HttpResponse:
    return template_response(
        sheet_title=str(excel.PEOPLE_SHEET),
        columns=excel.PEOPLE_COLUMNS,
        filename=_("people-template"),
    )


def person_export(request: HttpRequest) -> HttpResponse:
    people = queries.people_visible_to(request.user).order_by("name_sort", "id")
    if query := request.GET.get("q", "").strip()[:200]:
        people = queries.search_people(people, query)
    return export_response(
        sheet_title=str(excel.PEOPLE_SHEET),
        columns=excel.PEOPLE_COLUMNS,
        rows=excel.person_export_rows(people),
        title_lines=export_title_lines(request.user, _("List of people")),
        filename=_("people"),
    )


def person_import(request: HttpRequest) -> HttpResponse:
    return import_page(request, importer="organizations.person")
