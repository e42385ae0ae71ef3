"""The form renderer writes a select box in Python: the HTML must be Django's, byte for byte;
and ``choice_label`` gives a row's coded field in words exactly as ``get_FOO_display``."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from danvan.accounts.enums import Role
from danvan.accounts.models import Grant, User
from danvan.core.renderers import FormRenderer
from danvan.core.templatetags.vn import choice_label
from tests.factories.accounts import UserFactory

CHOICES = [
    ("", "— tất cả —"),
    (1, "Một"),
    ("a\"b'<c>&", 'Nhãn <b>thô</b> & "ngoặc"'),
    ("safe", mark_safe("<em>an toàn</em>")),
    (2025, 2025),
    (Decimal("1.5"), Decimal("1.5")),
    (datetime.date(2025, 7, 1), datetime.date(2025, 7, 1)),
    ("lazy", gettext_lazy("Status")),
    ("Nhóm <1>", [("g1", "Trong nhóm"), ("g2", gettext_lazy("Year"))]),
    (mark_safe("s&"), "giá trị an toàn"),
]


def both(widget, name, value, attrs=None):
    fast = widget.render(name, value, attrs=attrs, renderer=FormRenderer())
    django = widget.render(name, value, attrs=attrs, renderer=DjangoTemplates())
    return fast, django


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (forms.Select(choices=CHOICES), "g2"),
        (forms.Select(choices=CHOICES), 2025),
        (forms.Select(choices=CHOICES, attrs={"data-x": 'a"b', "disabled": True}), None),
        (forms.Select(choices=CHOICES, attrs={"hidden": False, "data-n": 3}), "lazy"),
        (forms.SelectMultiple(choices=CHOICES), ["g1", "2025", "a\"b'<c>&"]),
        (forms.NullBooleanSelect(), True),
        (forms.Select(choices=[]), ""),
    ],
)
def test_a_select_is_written_exactly_as_django_writes_it(widget, value):
    fast, django = both(widget, "chọn", value, attrs={"id": "id_chọn", "required": True})
    assert fast == django
    assert fast.startswith('<select name="chọn"')
    assert fast.endswith("</select>")


@pytest.mark.django_db
def test_a_model_choice_field_renders_the_same_options():
    chosen = UserFactory(full_name='Cán bộ <huyện> & "xã"')
    UserFactory(full_name="Cán bộ xã")

    class Form(forms.Form):
        user = forms.ModelChoiceField(queryset=User.objects.order_by("pk"))

    data = {"user": str(chosen.pk)}
    fast = str(Form(data, renderer=FormRenderer())["user"])
    django = str(Form(data, renderer=DjangoTemplates())["user"])
    assert fast == django
    assert f'<option value="{chosen.pk}" selected>' in fast
    assert "&lt;huyện&gt; &amp; &quot;xã&quot;" in fast


def test_a_widget_with_its_own_option_template_goes_through_the_templates():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    fast, django = both(Custom(choices=[("1", "Một")]), "x", "1")
    assert fast == django
    assert '<label><input type="select" name="x" value="1" selected>' in fast


def test_the_project_uses_the_renderer(settings):
    assert settings.FORM_RENDERER == "danvan.core.renderers.FormRenderer"


@pytest.mark.parametrize("role", [*Role.values, "not-a-role", ""])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_choice_label_is_the_fields_display_in_the_active_language(role, language):
    grant = Grant(role=role)
    with translation.override(language):
        assert choice_label(grant, "role") == grant.get_role_display()
    with translation.override("vi"):
        assert choice_label(Grant(role=Role.STAFF), "role") == str(Role.STAFF.label)
