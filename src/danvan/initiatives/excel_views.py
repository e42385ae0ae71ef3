"""Excel round trip of initiatives (being written)."""

from django.http import Http404


def _todo(*args, **kwargs):
    raise Http404


initiative_template = initiative_export = initiative_import = initiative_import_status = _todo
