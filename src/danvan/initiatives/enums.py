from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MODEL = "model", _("Model")  # mô hình
    EXEMPLAR = "exemplar", _("Exemplar")  # điển hình


class Subject(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")  # tập thể
    INDIVIDUAL = "individual", _("Individual")  # cá nhân


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    REGISTERED = "registered", _("registered")
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("being strengthened")  # củng cố
    ENDED = "ended", _("ended")
    WITHDRAWN = "withdrawn", _("withdrawn")


# Which status may follow which. Nothing else assigns a status (services.transition).
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.REGISTERED, Status.WITHDRAWN}),
    Status.REGISTERED: frozenset({Status.ACTIVE, Status.WITHDRAWN}),
    Status.ACTIVE: frozenset({Status.SUSPENDED, Status.ENDED}),
    Status.SUSPENDED: frozenset({Status.ACTIVE, Status.ENDED}),
    Status.ENDED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}
OPEN_STATES = frozenset({Status.REGISTERED, Status.ACTIVE, Status.SUSPENDED})
CLOSED_STATES = frozenset({Status.ENDED, Status.WITHDRAWN})


class EvidenceKind(models.TextChoices):
    IMAGE = "image", _("photo")
    PDF = "pdf", _("PDF document")
    DOCX = "docx", _("Word document")
    XLSX = "xlsx", _("Excel workbook")
