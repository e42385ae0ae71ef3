"""``manage.py followups --scope "<place or organisation>" [--overdue] [--user NAME] --json``

Lists the follow-ups assigned to or followed by a place (its subtree, old places through
today's units) or an organisation (and those under it):

    [{"title": "…", "source": "…", "assignee": "…", "due": "2026-03-31", "state": "open",
      "overdue": true}, …]

``--scope`` is read first as a place ("xã Bình An, Tuyên Quang"), then as the name of an
organisation (with or without diacritics). Without ``--json`` it prints one line per follow-up.
Without ``--user`` the command sees everything (the system)."""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from danvan.core.folding import fold
from danvan.followups.models import FollowUp
from danvan.followups.queries import (
    RELATED,
    filter_followups,
    followups_visible_to,
    in_unit,
    of_organization,
)
from danvan.organizations.models import Organization
from danvan.territory.queries import resolve_place


def row(followup: FollowUp, today) -> dict:
    return {
        "title": followup.title,
        "source": followup.source_label,
        "assignee": str(followup.assignee),
        "due": followup.due_date.isoformat(),
        "state": followup.state,
        "overdue": followup.is_overdue(today),
    }


class Command(BaseCommand):
    help = "List the follow-ups of a place or an organisation (optionally only those overdue)."

    def add_arguments(self, parser):
        parser.add_argument("--scope", help="A place or an organisation (default: all).")
        parser.add_argument("--overdue", action="store_true", help="Only those overdue.")
        parser.add_argument("--user", help="Only what this account sees (default: everything).")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        followups = FollowUp.objects.select_related(*RELATED)
        if options["user"]:
            try:
                user = get_user_model().objects.get_by_natural_key(options["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(f"No account with the username {options['user']!r}.") from None
            followups = followups_visible_to(user)
        if options["scope"]:
            followups = self._in_scope(followups, options["scope"])
        today = timezone.localdate()
        followups = filter_followups(followups, overdue=options["overdue"], today=today)
        rows = [row(f, today) for f in followups.order_by("due_date", "id")]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for item in rows:
            flag = " QUÁ HẠN" if item["overdue"] else ""
            self.stdout.write(
                f"{item['due']}  {item['state']:<12} {item['assignee']}: {item['title']}{flag}"
            )

    def _in_scope(self, followups, text: str):
        folded = fold(text)
        organization = Organization.objects.filter(name_folded=folded).order_by("path").first()
        if organization is not None:
            return of_organization(followups, organization)
        found = resolve_place(text)
        if found.unit is not None:
            return in_unit(followups, found.unit)
        raise CommandError(f"No single place or organisation fits {text!r}.")
