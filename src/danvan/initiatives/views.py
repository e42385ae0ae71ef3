"""Pages of initiatives (being written: see the issue)."""

from django.http import Http404


def _todo(*args, **kwargs):
    raise Http404


initiative_list = initiative_create = initiative_detail = initiative_edit = _todo
initiative_transition = progress_add = initiative_print = initiative_picker = _todo
