"""Evidence files of initiatives (being written)."""

from django.http import Http404


def _todo(*args, **kwargs):
    raise Http404


evidence_add = evidence_file = evidence_thumbnail = _todo
