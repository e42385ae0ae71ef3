from django.db import models
from django.utils.translation import gettext_lazy as _


class DialogueKind(models.TextChoices):
    DIALOGUE = "dialogue", _("direct dialogue")  # đối thoại trực tiếp
    CONTACT = "contact", _("meeting with voters or residents")  # tiếp xúc
    ENCOUNTER = "encounter", _("encounter")  # gặp gỡ


class Group(models.TextChoices):
    """Who spoke or attended, as a group of the people (not a name unless given)."""

    FARMERS = "farmers", _("farmers")  # nông dân
    WOMEN = "women", _("women")  # phụ nữ
    YOUTH = "youth", _("youth")  # thanh niên
    VETERANS = "veterans", _("veterans")  # cựu chiến binh
    ELDERLY = "elderly", _("the elderly")  # người cao tuổi
    ETHNIC = "ethnic", _("ethnic minorities")  # đồng bào dân tộc thiểu số
    RELIGIOUS = "religious", _("religious followers")  # đồng bào có đạo, chức sắc
    WORKERS = "workers", _("workers")  # công nhân
    BUSINESS = "business", _("business people")  # doanh nhân
    OTHER = "other", _("other residents")  # nhân dân khác


class OpinionField(models.TextChoices):
    """The field an opinion, question or petition is about."""

    LAND = "land", _("land and site clearance")  # đất đai, giải phóng mặt bằng
    INFRASTRUCTURE = "infrastructure", _("roads, irrigation and infrastructure")
    ENVIRONMENT = "environment", _("environment")
    SOCIAL = "social", _("social policies and welfare")  # chính sách, an sinh xã hội
    HEALTH = "health", _("health")
    EDUCATION = "education", _("education")
    ECONOMY = "economy", _("production and livelihoods")  # sản xuất, sinh kế
    SECURITY = "security", _("security and order")  # an ninh trật tự
    ADMINISTRATION = "administration", _("administrative procedures and officials")
    OTHER = "other", _("other")


class Response(models.TextChoices):
    ANSWERED = "answered", _("answered on the spot")  # trả lời trực tiếp
    COMMITTED = "committed", _("commitment to follow up")  # hứa giải quyết
    NOTED = "noted", _("noted")  # ghi nhận


class PetitionSource(models.TextChoices):
    DIALOGUE = "dialogue", _("raised at a dialogue")
    WALK_IN = "walk_in", _("brought in person")  # trực tiếp tại trụ sở
    MAIL = "mail", _("by letter")
    PHONE = "phone", _("by telephone")
    PORTAL = "portal", _("through the public portal")


class PetitionState(models.TextChoices):
    RECEIVED = "received", _("being handled")  # đang xử lý
    ANSWERED = "answered", _("answered")  # đã trả lời
    CLOSED = "closed", _("closed")  # đã kết thúc


class StepKind(models.TextChoices):
    RECEIVED = "received", _("received")
    TRANSFERRED = "transferred", _("transferred")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", _("closed")
    REOPENED = "reopened", _("reopened")


# Which state may follow which (services.petitions: one function per move, each checks this).
PETITION_MOVES: dict[str, frozenset[str]] = {
    StepKind.TRANSFERRED: frozenset({PetitionState.RECEIVED}),
    StepKind.ANSWERED: frozenset({PetitionState.RECEIVED}),
    StepKind.CLOSED: frozenset({PetitionState.ANSWERED}),
    StepKind.REOPENED: frozenset({PetitionState.ANSWERED, PetitionState.CLOSED}),
}


class AttentionLevel(models.TextChoices):
    """How much attention a concern of the people needs (tình hình tư tưởng nhân dân)."""

    NORMAL = "normal", _("normal")  # bình thường
    WATCH = "watch", _("to be watched")  # cần theo dõi
    HOT = "hot", _("hot spot")  # điểm nóng


LEVEL_RANK = {AttentionLevel.NORMAL: 0, AttentionLevel.WATCH: 1, AttentionLevel.HOT: 2}
