"""Review rounds for tests, made through the services as the application makes them.

``make_round()`` is a draft round of the Ban Chỉ đạo of tỉnh Tuyên Quang over 2023, on the
default criteria (weights 25, 20, 20, 15, 10, 10; scale 0–10), with ``reviewers``."""

from datetime import date
from decimal import Decimal
from itertools import count

from danvan.documents.enums import DocumentKind
from danvan.documents.services import create_document
from danvan.organizations.enums import OrganizationKind
from danvan.reviews import services
from danvan.reviews.models import Review
from tests.factories.organizations import make_organization, tuyen_quang
from tests.initiatives.factories import make_initiative, seed
from tests.permissions import user_with_role

_numbers = count(1)

__all__ = ["make_initiative", "seed"]


def make_committee(*, name: str = "Ban Chỉ đạo Dân vận khéo tỉnh Tuyên Quang", unit=None):
    return make_organization(name=name, kind=OrganizationKind.STEERING, unit=unit or tuyen_quang())


def make_reviewer(*, name: str | None = None, person=None, unit=None):
    user = user_with_role("reviewer", unit=unit or tuyen_quang())
    user.full_name = name or f"Người chấm {next(_numbers):02d}"
    user.person = person
    user.save(update_fields=["full_name", "person"])
    return user


def make_round(*, committee=None, reviewers=(), per: int = 2, acting_user=None, **data):
    committee = committee or make_committee()
    fields = {
        "name": "Bình xét mô hình Dân vận khéo năm 2023",
        "committee": committee,
        "scope_unit": tuyen_quang(),
        "period_start": date(2023, 1, 1),
        "period_end": date(2023, 12, 31),
        "deadline": date(2023, 11, 30),
        "criteria_set": services.default_criteria_set(),
        "reviewers_per_initiative": per,
        **data,
    }
    return services.create_round(data=fields, reviewers=reviewers, acting_user=acting_user)


def make_decision(*, issuer, number: str = "12-QĐ/BCĐ", day=date(2023, 12, 20)):
    return create_document(
        data={
            "kind": DocumentKind.DECISION,
            "number": number,
            "issued_on": day,
            "issuer": issuer,
            "title": "Quyết định công nhận mô hình Dân vận khéo năm 2023",
            "summary": "",
        },
        file=None,
        acting_user=None,
    )


DEFAULT_SCORES = (8, 6, 7, 9, 10, 5)  # weighted mean 7.45


def score(assignment, values=DEFAULT_SCORES, *, submit: bool = True, version=None, **extra):
    """Score ``assignment`` as its reviewer, criterion by criterion in order, from the review
    as it stands (``version``: the one a form saw, 0 for none)."""
    criteria = list(assignment.round.criteria_set.criteria.all())
    scores = {c.pk: Decimal(v) for c, v in zip(criteria, values, strict=True)}
    if version is None:
        version = Review.objects.filter(assignment=assignment).values_list("version", flat=True)
        version = version.first() or 0
    return services.save_review(
        assignment=assignment,
        scores=scores,
        submit=submit,
        version=version,
        acting_user=assignment.reviewer,
        **extra,
    )


def open_round_with(initiatives, reviewers, *, per=2, **data):
    """A round over ``initiatives`` with ``reviewers`` assigned automatically, opened."""
    review_round = make_round(reviewers=reviewers, per=per, **data)
    for initiative in initiatives:
        services.include_initiative(
            review_round=review_round, initiative=initiative, acting_user=None
        )
    services.assign_automatically(review_round=review_round, acting_user=None)
    return services.transition_round(review_round=review_round, to_state="open", acting_user=None)
