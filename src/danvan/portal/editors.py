"""Portal editors come from danvan's grants, not from Wagtail's own user screens.

A grant with the role "portal editor" or "portal moderator" on an organisation covers the portal
sections whose organisation is in that subtree (a unit grant: the sections whose organisation
works in that unit's subtree). Each section has two Wagtail groups, made here:

- editors: enter the CMS, add and edit articles in the section, submit them for review;
- moderators: the same, and approve (the section's workflow has one approval task for them) and
  publish.

``sync_user`` puts a user in exactly the groups their grants call for — called whenever a grant
changes (``signals``) — so a province's editors never reach another province's section. Each
section has its own image and document collection, the same groups with the same reach."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from danvan.accounts.enums import PORTAL_ROLES, Role
from danvan.accounts.models import Grant

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page")
MODERATOR_PAGE_PERMISSIONS = (*EDITOR_PAGE_PERMISSIONS, "publish_page", "unlock_page")
COLLECTION_PERMISSIONS = (
    "add_image",
    "change_image",
    "choose_image",
    "add_document",
    "change_document",
    "choose_document",
)
GROUP_PREFIX = {Role.PORTAL_EDITOR: "Biên tập", Role.PORTAL_MODERATOR: "Duyệt tin"}


def _permission(codename: str, app_label: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def group_name(section, role: str) -> str:
    return f"{GROUP_PREFIX[role]} · {section.title} #{section.pk}"[:150]


def section_collection(section) -> Collection:
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    name = f"{section.title} #{section.pk}"[:255]
    for child in root.get_children():
        if child.name.endswith(f"#{section.pk}"):
            return child
    return root.add_child(name=name)


@transaction.atomic
def ensure_section_groups(section) -> dict[str, Group]:
    """The section's editor and moderator groups, with their page, collection and workflow
    permissions; made once, repaired if changed by hand."""
    access = _permission("access_admin", "wagtailadmin")
    collection = section_collection(section)
    groups = {}
    for role, page_permissions in (
        (Role.PORTAL_EDITOR, EDITOR_PAGE_PERMISSIONS),
        (Role.PORTAL_MODERATOR, MODERATOR_PAGE_PERMISSIONS),
    ):
        group, _ = Group.objects.get_or_create(name=group_name(section, role))
        group.permissions.add(access)
        for codename in page_permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page=section, permission=_permission(codename, "wagtailcore")
            )
        for codename in COLLECTION_PERMISSIONS:
            app_label = "wagtailimages" if codename.endswith("image") else "wagtaildocs"
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=_permission(codename, app_label)
            )
        groups[role] = group
    _ensure_workflow(section, groups[Role.PORTAL_MODERATOR])
    return groups


def _ensure_workflow(section, moderators: Group) -> None:
    """Draft → review by the section's moderators → published."""
    if WorkflowPage.objects.filter(page=section).exists():
        return
    workflow = Workflow.objects.create(name=f"Duyệt tin · {section.title} #{section.pk}"[:255])
    task = GroupApprovalTask.objects.create(name=f"Duyệt tin · {section.title}"[:255])
    task.groups.set([moderators])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(page=section, workflow=workflow)


def sections_covered(grant):
    from danvan.portal.models import PortalSection

    if grant.organization_id:
        return PortalSection.objects.filter(organization__path__startswith=grant.organization.path)
    unit_path = grant.unit.path
    return PortalSection.objects.filter(
        Q(organization__unit__path__startswith=unit_path)
        | Q(organization__unit__today_path__startswith=unit_path)
    )


def _all_section_groups():
    return Group.objects.filter(
        Q(name__startswith=GROUP_PREFIX[Role.PORTAL_EDITOR] + " · ")
        | Q(name__startswith=GROUP_PREFIX[Role.PORTAL_MODERATOR] + " · ")
    )


@transaction.atomic
def sync_user(user) -> list[str]:
    """Put ``user`` in the section groups their portal grants call for, and no other; returns
    the names of the groups they are in now."""
    wanted: set[int] = set()
    grants = Grant.objects.filter(user=user, role__in=PORTAL_ROLES).select_related(
        "unit", "organization"
    )
    for grant in grants:
        for section in sections_covered(grant):
            wanted.add(ensure_section_groups(section)[grant.role].pk)
    current = set(user.groups.filter(pk__in=_all_section_groups()).values_list("pk", flat=True))
    if current - wanted:
        user.groups.remove(*(current - wanted))
    if wanted - current:
        user.groups.add(*(wanted - current))
    return sorted(user.groups.filter(pk__in=wanted).values_list("name", flat=True))


def sync_section(section) -> None:
    """A new section: its groups, and every portal grant that covers it."""
    ensure_section_groups(section)
    users = {
        grant.user
        for grant in Grant.objects.filter(role__in=PORTAL_ROLES).select_related(
            "user", "unit", "organization"
        )
    }
    for user in users:
        sync_user(user)


def editable_sections(user):
    """The sections the user may write in (superusers: all)."""
    from danvan.portal.models import PortalSection

    if user.is_superuser:
        return PortalSection.objects.all()
    pages = GroupPagePermission.objects.filter(
        group__user=user, permission__codename="add_page"
    ).values("page_id")
    return PortalSection.objects.filter(pk__in=pages)
