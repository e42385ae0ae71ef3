"""View helpers for the Excel round trip: download a template, download a list, upload a file.

Apps declare their ``Column``s and a ``handle_row`` that calls their own service; these helpers
do the HTTP part the same way everywhere (file names, the upload form, the error table)."""

from collections.abc import Callable, Iterable, Mapping, Sequence

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danvan.core.folding import fold
from danvan.core.formatting import format_date
from danvan.core.spreadsheets import (
    Column,
    SpreadsheetError,
    build_template,
    export_rows,
    read_rows,
    run_import,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# ``import_page`` reads and imports within the request: a file of more rows must wait for an
# import run in the background. ``read_rows`` bounds the cells it reads by this too.
IMPORT_PAGE_MAX_ROWS = 5_000


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
    keep_valid = forms.BooleanField(
        label=_("Keep the valid rows even if some rows have errors"),
        required=False,
        help_text=_("Otherwise nothing is saved while any row has an error."),
    )


def export_title_lines(user, what: str) -> list[str]:
    """The lines above an export's header: what it is, when and by whom it was exported."""
    return [
        what,
        gettext("Exported on %(day)s by %(user)s")
        % {"day": format_date(timezone.localdate()), "user": user.get_full_name()},
    ]


def _attachment(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    filename = slugify(fold(name)) or "danvan"
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def template_response(
    *, sheet_title: str, columns: Sequence[Column], filename: str
) -> HttpResponse:
    return _attachment(build_template(sheet_title=sheet_title, columns=columns), filename)


def export_response(
    *,
    sheet_title: str,
    columns: Sequence[Column],
    rows: Iterable[Mapping],
    title_lines: Sequence[str],
    filename: str,
) -> HttpResponse:
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    content = export_rows(
        sheet_title=sheet_title, columns=columns, rows=rows, title_lines=title_lines
    )
    return _attachment(content, f"{filename}-{stamp}")


def import_page(
    request: HttpRequest,
    *,
    sheet_title: str,
    columns: Sequence[Column],
    handle_row: Callable[[dict], str],
    heading: str,
    template_url: str,
    back_url: str,
    max_rows: int = IMPORT_PAGE_MAX_ROWS,
) -> HttpResponse:
    """The upload form; on POST, read and import the file (at most ``max_rows`` rows, bounded
    by ``read_rows`` before the workbook is opened) and show what happened."""
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            rows, errors = read_rows(
                form.cleaned_data["file"],
                sheet_title=sheet_title,
                columns=columns,
                max_rows=max_rows,
            )
        except SpreadsheetError as error:
            form.add_error("file", str(error))
        else:
            result = run_import(
                rows=rows,
                handle_row=handle_row,
                keep_valid=form.cleaned_data["keep_valid"],
                errors=errors,
                columns=columns,
            )
    context = {
        "form": form,
        "result": result,
        "heading": heading,
        "template_url": template_url,
        "back_url": back_url,
        "sheet_title": sheet_title,
    }
    return render(request, "core/import.html", context)
