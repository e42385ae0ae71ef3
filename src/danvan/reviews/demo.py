"""Demonstration data for seed 002: the 2023 review round of the Ban Chỉ đạo of huyện Ba Bể
over its 128 registered models, scored by five reviewers (one of whom belongs to the Chi bộ
Văn phòng Huyện ủy, so never scores its model), and the committee's decisions citing the demo
quyết định 03-QĐ/BCĐ: the feasible, spreading models recognised at district level, the best
outstanding — the seed model "Vận động nhân dân xây dựng và bảo vệ môi trường xanh, sạch, đẹp"
among them — for guidance and replication. Runs through the services, like the application."""

import random
import secrets
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.enums import Role
from danvan.accounts.models import Grant, User
from danvan.core.audit_context import recorded_as_of
from danvan.core.folding import fold, stored_collation_key
from danvan.documents.models import Document
from danvan.initiatives.demo import at
from danvan.initiatives.models import Initiative
from danvan.organizations.models import Membership, Organization, Person
from danvan.reviews import queries, services
from danvan.reviews.models import Assignment, Notification, Recognition, Review, ReviewRound

COMMITTEE = "Ban Chỉ đạo phong trào thi đua “Dân vận khéo” huyện Ba Bể"
CELL = "Chi bộ Văn phòng Huyện ủy Ba Bể"
SEED_MODEL = "Vận động nhân dân xây dựng và bảo vệ môi trường xanh, sạch, đẹp"
# username, full name; the first is the demo reviewer of organizations.demo.
REVIEWERS = [
    ("thamdinh.babe", "Đặng Văn Khánh"),
    ("thamdinh.babe2", "Hoàng Thị Thu"),
    ("thamdinh.babe3", "Nông Văn Quý"),
    ("thamdinh.babe4", "Lý Thị Hoa"),
    ("thamdinh.babe5", "Lộc Văn Thái"),  # a member of the Chi bộ Văn phòng Huyện ủy
]
STAFF = ("canbo.babe", "Ma Thị Liên")


def _account(username: str, full_name: str, *, role: str, organization=None, unit=None):
    """An existing demo account, or a new one whose password joins var/demo-users.txt."""
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user, None
    password = secrets.token_urlsafe(10)
    user = User.objects.create_user(username=username, password=password, full_name=full_name)
    Grant.objects.create(user=user, role=role, organization=organization, unit=unit)
    return user, (username, password, role)


def _write_users(lines) -> None:
    from danvan.organizations.demo import demo_users_path

    path = demo_users_path()
    if not lines or not path.exists():
        return
    with path.open("a") as handle:
        handle.write("".join(f"{u}\t{p}\t{r}\n" for u, p, r in lines))


def _scores(rng: random.Random, quality: float) -> list[int]:
    """Six scores around ``quality`` (0–10): hiệu quả, lan tỏa, nhân rộng, bền vững, đồng tình,
    sáng tạo."""
    return [max(3, min(10, round(rng.gauss(quality, 0.8)))) for _ in range(6)]


def _outcome(mean: Decimal | None) -> tuple[str, str]:
    if mean is None or mean < Decimal("5.5"):
        return "not_met", ""
    if mean < Decimal("7"):
        return "strengthen", ""
    if mean < Decimal("8.7"):
        return "recognised", "district"
    return "outstanding", "district"


@transaction.atomic
def load_demo(*, stdout) -> str:
    committee = Organization.objects.filter(name=COMMITTEE).first()
    decision = Document.objects.filter(issuer__name=COMMITTEE, number="03-QĐ/BCĐ").first()
    seed = Initiative.objects.filter(name=SEED_MODEL).first()
    if ReviewRound.objects.exists() or None in (committee, decision, seed):
        return _("skipped")
    rng = random.Random(2023)  # noqa: S311 — demonstration data, the same on every machine
    cell = Organization.objects.get(name=CELL)
    new_lines = []
    staff, line = _account(*STAFF, role=Role.STAFF, unit=committee.unit)
    new_lines += [line] if line else []
    reviewers = []
    for username, full_name in REVIEWERS:
        user, line = _account(username, full_name, role=Role.REVIEWER, unit=committee.unit)
        new_lines += [line] if line else []
        reviewers.append(user)
    member = Person.objects.create(
        full_name=REVIEWERS[-1][1],
        name_folded=fold(REVIEWERS[-1][1]),
        name_sort=stored_collation_key(REVIEWERS[-1][1]),
        unit=committee.unit,
    )
    Membership.objects.create(person=member, organization=cell, start=date(2015, 3, 2))
    reviewers[-1].person = member
    reviewers[-1].save(update_fields=["person"])
    _write_users(new_lines)

    created_on = date(2023, 9, 4)
    with recorded_as_of(at(created_on)):
        review_round = _open_round(committee, reviewers, staff)
    _score(review_round, rng, seed)
    with recorded_as_of(at(date(2023, 11, 13))):
        services.transition_round(review_round=review_round, to_state="closed", acting_user=staff)
    with recorded_as_of(at(decision.issued_on, 15)):
        groups = _decide(review_round, decision, staff)
    _date_history(review_round, created_on=created_on, decided_on=decision.issued_on)
    counts = {key[0]: len(items) for key, items in groups.items()}
    return _("1 review round, %(total)s models decided (%(outstanding)s outstanding)") % {
        "total": sum(counts.values()),
        "outstanding": counts.get("outstanding", 0),
    }


def _open_round(committee, reviewers, staff) -> ReviewRound:
    review_round = services.create_round(
        data={
            "name": "Bình xét mô hình “Dân vận khéo” huyện Ba Bể năm 2023",
            "committee": committee,
            "scope_unit": committee.unit,
            # The district's own models (Huyện ủy and its cells), not the province's there.
            "scope_organization": committee.parent,
            "period_start": date(2023, 1, 1),
            "period_end": date(2023, 12, 31),
            "deadline": date(2023, 11, 10),
            "criteria_set": services.default_criteria_set(),
            "reviewers_per_initiative": 3,
        },
        reviewers=reviewers,
        acting_user=staff,
    )
    services.apply_filter(review_round=review_round, acting_user=staff)
    services.assign_automatically(review_round=review_round, acting_user=staff)
    services.transition_round(review_round=review_round, to_state="open", acting_user=staff)
    return review_round


def _score(review_round, rng: random.Random, seed) -> None:
    """Each reviewer's scores, submitted on a day of the scoring weeks (September to the
    deadline of 10 November 2023)."""
    quality = {}
    days = random.Random(2311)  # noqa: S311 — apart from ``rng``: the scores stay as they were
    criteria = list(review_round.criteria_set.criteria.all())
    for assignment in review_round.assignments.select_related("initiative").order_by("id"):
        base = quality.setdefault(
            assignment.initiative_id,
            9.2 if assignment.initiative_id == seed.pk else rng.triangular(5.0, 9.4, 7.6),
        )
        values = _scores(rng, base)
        submitted = at(date(2023, 9, 11) + timedelta(days=days.randrange(0, 60)), 9)
        with recorded_as_of(submitted):
            review = services.save_review(
                assignment=assignment,
                scores={c.pk: Decimal(v) for c, v in zip(criteria, values, strict=True)},
                comment="Mô hình thiết thực, được Nhân dân đồng tình." if base >= 7 else "",
                recommendation=_outcome(Decimal(base))[0],
                submit=True,
                version=0,  # a new review
                acting_user=assignment.reviewer,
            )
        Review.objects.filter(pk=review.pk).update(submitted_at=submitted)


def _decide(review_round, decision, staff) -> dict[tuple[str, str], list]:
    groups: dict[tuple[str, str], list] = {}
    for row in queries.committee_table(review_round):
        groups.setdefault(_outcome(row["mean"]), []).append(row["initiative"])
    for (outcome, level), initiatives in groups.items():
        services.decide(
            review_round=review_round,
            initiatives=initiatives,
            outcome=outcome,
            level=level,
            decision=decision,
            decided_on=decision.issued_on,
            seen={},  # none decided yet
            acting_user=staff,
        )
    services.transition_round(review_round=review_round, to_state="decided", acting_user=staff)
    return groups


def _date_history(review_round, *, created_on: date, decided_on: date) -> None:
    """The rows the services stamped with today carry the day they stand for."""
    ReviewRound.objects.filter(pk=review_round.pk).update(created_at=at(created_on))
    Assignment.objects.filter(round=review_round).update(assigned_at=at(created_on))
    Recognition.objects.filter(round=review_round).update(created_at=at(decided_on, 15))
    notices = Notification.objects.filter(user__in=review_round.reviewers.all())
    notices.filter(kind="assigned").update(created_at=at(created_on))
    notices.exclude(kind="assigned").update(created_at=at(decided_on, 15))
