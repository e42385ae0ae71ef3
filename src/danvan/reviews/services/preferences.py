"""What a user keeps of the committee table between visits (not audited: it changes no record)."""

from django.db import transaction

from danvan.reviews.models import TablePreference

PAGE_SIZES = (25, 50, 100, 200)
DEFAULT_PAGE_SIZE = 100


def table_page_size(user) -> int:
    """The rows per page the user chose last, else the default."""
    if not getattr(user, "is_authenticated", False):
        return DEFAULT_PAGE_SIZE
    size = TablePreference.objects.filter(user=user).values_list("page_size", flat=True).first()
    return size if size in PAGE_SIZES else DEFAULT_PAGE_SIZE


@transaction.atomic
def remember_page_size(*, user, size: int) -> int:
    """Keep ``size`` (one of ``PAGE_SIZES``; another is ignored) for the user's next visits."""
    if size not in PAGE_SIZES or not getattr(user, "is_authenticated", False):
        return table_page_size(user)
    TablePreference.objects.update_or_create(user=user, defaults={"page_size": size})
    return size
