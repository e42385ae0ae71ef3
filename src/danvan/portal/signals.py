"""Keep the CMS's groups in step with danvan's grants, and record publications in the audit log."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from danvan.accounts.enums import PORTAL_ROLES
from danvan.accounts.models import Grant
from danvan.core.services import record_event


@receiver([post_save, post_delete], sender=Grant, dispatch_uid="portal-grant-sync")
def _grant_changed(sender, instance, **kwargs):
    if instance.role not in PORTAL_ROLES:
        return
    from danvan.portal import editors

    user = instance.user
    transaction.on_commit(lambda: editors.sync_user(user))


@receiver(page_published, dispatch_uid="portal-page-published")
def _published(sender, instance, revision=None, **kwargs):
    from danvan.portal import cache
    from danvan.portal.models import ArticlePage, PortalSection

    if isinstance(instance, PortalSection) and not instance.has_unpublished_changes:
        from danvan.portal import editors

        transaction.on_commit(lambda: editors.sync_section(instance))
    if isinstance(instance, ArticlePage):
        record_event(
            action="portal.article.published",
            acting_user=getattr(revision, "user", None),
            obj=instance,
            message=instance.title,
        )
    transaction.on_commit(cache.purge)


@receiver(page_unpublished, dispatch_uid="portal-page-unpublished")
def _unpublished(sender, instance, **kwargs):
    from danvan.portal import cache

    transaction.on_commit(cache.purge)
