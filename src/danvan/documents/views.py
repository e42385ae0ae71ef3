from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.core.forms import parse_id
from danvan.core.queries import events_for_object
from danvan.core.spreadsheet_views import (
    export_response,
    export_title_lines,
    import_page,
    template_response,
)
from danvan.core.views import attach_errors, render_timeline_items, timeline_page
from danvan.documents import excel, queries, services
from danvan.documents.forms import DocumentEditForm, DocumentFilterForm, DocumentForm
from danvan.documents.models import Document
from danvan.organizations.queries import organizations_visible_to

PAGE_SIZE = 50


def _document_or_404(request: HttpRequest, pk: int) -> Document:
    return get_object_or_404(queries.documents_visible_to(request.user), pk=pk)


def _issuer_filter(request: HttpRequest):
    """``?issuer=<pk>``: documents of an organisation in scope and of those under it."""
    issuer_id = parse_id(request.GET.get("issuer"))
    if issuer_id is None:
        return None
    return organizations_visible_to(request.user).filter(pk=issuer_id).first()


def document_list(request: HttpRequest) -> HttpResponse:
    visible = queries.documents_visible_to(request.user)
    filters = DocumentFilterForm(request.GET, years=queries.document_years(visible))
    values = filters.values()
    issuer = _issuer_filter(request)
    documents = queries.filter_documents(
        visible, kind=values["kind"], year=values["year"], issuer=issuer
    )
    documents = queries.search_documents(documents, values["q"])
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "issuer": issuer,
        "filtered": any(values.values()) or issuer is not None,
        "query": query.urlencode(),
        "can_add": request.user.has_perm("documents.add_document"),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "documents/document_list.html#results", context)
    return render(request, "documents/document_list.html", context)


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request, pk)
    events = events_for_object(document)
    more_url = reverse("documents:document-detail", args=[document.pk])
    if request.htmx and request.GET.get("page"):
        return render_timeline_items(request, events, more_url)
    context = {
        "document": document,
        "page": timeline_page(events, request.GET.get("page")),
        "more_url": more_url,
        "can_edit": request.user.has_perm("documents.change_document", document),
    }
    return render(request, "documents/document_detail.html", context)


def document_add(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("documents.add_document"):
        raise PermissionDenied
    form = DocumentForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        try:
            document = services.create_document(data=data, file=upload, acting_user=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request, _("%(document)s has been registered.") % {"document": document}
            )
            return redirect("documents:document-detail", pk=document.pk)
    return render(request, "documents/document_form.html", {"form": form, "document": None})


def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request, pk)
    if not request.user.has_perm("documents.change_document", document):
        raise PermissionDenied
    initial = {name: getattr(document, name) for name in services.DOCUMENT_FIELDS} | {
        "version": document.version
    }
    form = DocumentEditForm(
        request.POST or None, request.FILES or None, initial=initial, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload, version = data.pop("file"), data.pop("version")
        try:
            services.update_document(
                document=document,
                data=data,
                version=version,
                file=upload,
                acting_user=request.user,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("documents:document-detail", pk=document.pk)
    return render(request, "documents/document_form.html", {"form": form, "document": document})


def document_file(request: HttpRequest, pk: int) -> FileResponse:
    document = _document_or_404(request, pk)
    if not document.file:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=document.download_name)


# ---- Excel -----------------------------------------------------------------------------------


def document_template(request: HttpRequest) -> HttpResponse:
    return template_response(
        sheet_title=str(excel.SHEET), columns=excel.COLUMNS, filename=_("documents-template")
    )


def document_export(request: HttpRequest) -> HttpResponse:
    documents = queries.documents_visible_to(request.user)
    if query := request.GET.get("q", "").strip()[:200]:
        documents = queries.search_documents(documents, query)
    return export_response(
        sheet_title=str(excel.SHEET),
        columns=excel.COLUMNS,
        rows=excel.export_rows(documents.order_by("-issued_on", "-id")),
        title_lines=export_title_lines(request.user, _("Register of documents")),
        filename=_("documents"),
    )


def document_import(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("documents.add_document"):
        raise PermissionDenied
    return import_page(
        request,
        sheet_title=str(excel.SHEET),
        columns=excel.COLUMNS,
        handle_row=excel.row_handler(request.user),
        heading=_("Import documents from Excel"),
        template_url=reverse("documents:document-template"),
        back_url=reverse("documents:document-list"),
    )


def organization_panel(request: HttpRequest, organization) -> dict | None:
    """The documents an organisation issued, on its page (registered in ``apps.py``)."""
    documents = queries.documents_visible_to(request.user).filter(issuer=organization)
    latest = list(documents.order_by("-issued_on", "-id")[:10])
    if not latest:
        return None
    return {"organization": organization, "documents": latest, "total": documents.count()}
