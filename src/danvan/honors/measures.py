"""What can be counted of the honours, declared for the measures registry
(``danvan.core.measures``; registered by ``HonorsConfig.ready()``).

The source: the honours the user may see (``honours_visible_to``), dated by the day of their
decision, placed where the recipient lives or works (as it was; today's unit through the
place's ``today_path`` or the ``place_today`` override), owned by the conferring body; grouped
by kind, level and form of honour, by the recipients' ethnic group and gender (people only:
collectives fall under "(not given)"), and by the ethnic-minority flag, which is also a filter
("only in ethnic-minority areas", the same code as the models'). Measures: every honour
(``honours_conferred``) and each form (medals, certificates of merit and of commendation,
public commendations, titles); the narrative says them in one sentence:
"… 88 tập thể, cá nhân được biểu dương; 38 cá nhân được tặng Kỷ niệm chương “Vì sự nghiệp Dân
vận”."."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from danvan.core import measures as registry
from danvan.core.formatting import format_number
from danvan.core.measures import Dimension, Filter, Measure, NarrativeContext
from danvan.honors import queries
from danvan.honors.enums import HonourForm, HonourLevel
from danvan.honors.models import Honour
from danvan.organizations.enums import EthnicGroup, Gender

SOURCE = "honours"
TITLE = gettext_lazy("Honours conferred, %(period)s")
FORMS = {
    "honours_medal": (HonourForm.MEDAL, pgettext_lazy("report measure", "Medals")),
    "honours_merit": (HonourForm.MERIT, pgettext_lazy("report measure", "Certificates of merit")),
    "honours_certificate": (
        HonourForm.CERTIFICATE,
        pgettext_lazy("report measure", "Certificates of commendation"),
    ),
    "honours_commendation": (
        HonourForm.COMMENDATION,
        pgettext_lazy("report measure", "Public commendations"),
    ),
    "honours_title": (HonourForm.TITLE, pgettext_lazy("report measure", "Titles")),
}


def _records(user):
    return queries.honours_visible_to(user) if user is not None else Honour.objects.all()


def _decided(start, end) -> Q:
    return Q(decided_on__gte=start, decided_on__lte=end)


def _kind_names() -> dict:
    from danvan.honors.models import HonourKind

    return dict(HonourKind.objects.values_list("pk", "name"))


def _flag_labels() -> dict:
    return {True: str(_("Ethnic-minority areas")), False: str(_("Other areas"))}


def dimensions() -> tuple[Dimension, ...]:
    return (
        Dimension(
            "honour_kind",
            gettext_lazy("Kind of honour"),
            lookup="kind_id",
            name_lookup="kind__name",
            labels=_kind_names,
        ),
        Dimension(
            "honour_level",
            gettext_lazy("Conferred at"),
            lookup="kind__level",
            labels=lambda: dict(HonourLevel.choices),
        ),
        Dimension(
            "honour_form",
            gettext_lazy("Form of honour"),
            lookup="kind__form",
            labels=lambda: dict(HonourForm.choices),
        ),
        Dimension(
            "ethnic_group",
            gettext_lazy("Ethnic group"),
            lookup="person__ethnicity",
            labels=lambda: dict(EthnicGroup.choices),
        ),
        Dimension(
            "gender",
            gettext_lazy("Gender"),
            lookup="person__gender",
            labels=lambda: dict(Gender.choices),
        ),
        Dimension(
            "ethnic_minority",
            gettext_lazy("Ethnic-minority area"),
            lookup="ethnic_minority_area",
            labels=_flag_labels,
            flag=True,
        ),
    )


def filters() -> tuple[Filter, ...]:
    return (
        Filter(
            "ethnic_minority",
            gettext_lazy("Ethnic-minority areas"),
            "ethnic_minority_area",
            pgettext_lazy("narrative", "in ethnic-minority areas"),
        ),
    )


def honours(context: NarrativeContext) -> str:
    """ "Trong tháng 10 năm 2018, toàn tỉnh có 88 tập thể, cá nhân được biểu dương; 38 cá nhân
    được tặng Kỷ niệm chương “Vì sự nghiệp Dân vận”." """
    total = context.value("honours_conferred")
    if not total:
        return ""
    said = {
        "honours_commendation": lambda n: ngettext(
            "%(count)s collective or individual was commended",
            "%(count)s collectives and individuals were commended",
            n,
        ),
        "honours_merit": lambda n: ngettext(
            "%(count)s certificate of merit", "%(count)s certificates of merit", n
        ),
        "honours_certificate": lambda n: ngettext(
            "%(count)s certificate of commendation", "%(count)s certificates of commendation", n
        ),
        "honours_medal": lambda n: ngettext(
            "%(count)s person received the medal “For the cause of mass mobilisation”",
            "%(count)s people received the medal “For the cause of mass mobilisation”",
            n,
        ),
        "honours_title": lambda n: ngettext("%(count)s title", "%(count)s titles", n),
    }
    parts = [
        phrase(value) % {"count": format_number(value)}
        for code, phrase in said.items()
        if (value := context.value(code))
    ]
    if not parts:
        parts = [
            ngettext("%(count)s honour", "%(count)s honours", total)
            % {"count": format_number(total)}
        ]
    return _("In %(period)s, %(scope)s: %(list)s.") % {
        "period": context.period_label,
        "scope": context.scope_phrase,
        "list": "; ".join(parts),
    }


def register() -> None:
    registry.register_source(
        registry.Source(
            code=SOURCE,
            app="honors",
            label=gettext_lazy("Honours"),
            title=TITLE,
            records=_records,
            dated=_decided,
            place="place",
            place_today="place_today",
            owner="kind__conferred_by",
            dimensions=dimensions(),
            filters=filters(),
        )
    )
    registry.register_measure(
        Measure(
            code="honours_conferred",
            label=pgettext_lazy("report measure", "Honours conferred"),
            source=SOURCE,
            default=False,  # chosen in the builder: existing default reports stay as they were
            order=300,
        )
    )
    for order, (code, (form, label)) in enumerate(FORMS.items(), start=1):
        registry.register_measure(
            Measure(
                code=code,
                label=label,
                source=SOURCE,
                condition=lambda form=form: Q(kind__form=form),
                default=False,
                order=300 + 10 * order,
            )
        )
    registry.register_narrative(
        registry.NarrativePart(
            key="honours",
            about=("honours_conferred", *FORMS),
            write=honours,
            reads=("honours_conferred", *FORMS),
            order=60,
        )
    )
