"""The readers' comment form: what a reader types, and the checks against robots (the rules
themselves are in ``danvan.portal.comments``)."""

from __future__ import annotations

import random
import time

from django import forms
from django.core import signing
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.portal import comments

STAMP_SALT = "danvan.portal.comment-form"
QUESTION_SALT = "danvan.portal.comment-question"
NUMBERS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"]


def issue_stamp(article_id: int) -> str:
    """A signed time stamp for the form shown now (checked on sending)."""
    return signing.dumps({"a": article_id, "t": time.time()}, salt=STAMP_SALT)


def new_question() -> tuple[str, str]:
    """An addition in Vietnamese words ("Ba cộng bốn bằng mấy?") and its signed answer."""
    left, right = random.randint(1, 9), random.randint(1, 9)  # noqa: S311 (not a secret)
    text = _("How much is %(left)s plus %(right)s? (write the answer in digits)") % {
        "left": NUMBERS[left],
        "right": NUMBERS[right],
    }
    return text, signing.dumps(left + right, salt=QUESTION_SALT)


class CommentForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=80)
    email = forms.EmailField(
        label=gettext_lazy("E-mail (optional, never shown)"), required=False, max_length=254
    )
    body = forms.CharField(
        label=gettext_lazy("Your comment"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    # The honeypot: hidden from people, filled by robots that fill every field.
    website = forms.CharField(label=gettext_lazy("Leave this empty"), required=False)
    stamp = forms.CharField(widget=forms.HiddenInput)
    answer = forms.CharField(label=gettext_lazy("Answer"), required=False, max_length=4)
    question = forms.CharField(widget=forms.HiddenInput, required=False)
    question_text = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, article, hashed: str, **kwargs):
        self.article = article
        self.hashed = hashed
        self.robot = False  # the honeypot was filled: pretend to accept, keep nothing
        self.asks_question = False
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["stamp"] = issue_stamp(article.pk)
        self.fields["name"].widget.attrs.update({"autocomplete": "name"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["answer"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def _ask(self) -> None:
        """Show a new question on the form sent back (the reader's text is kept)."""
        text, signed = new_question()
        data = self.data.copy()
        data["question"], data["question_text"], data["answer"] = signed, text, ""
        self.data = data
        self.asks_question = True

    @property
    def question_label(self) -> str:
        return self.data.get("question_text", "") if self.is_bound else ""

    def _stamp_age(self) -> float | None:
        try:
            value = signing.loads(
                self.cleaned_data.get("stamp", ""), salt=STAMP_SALT, max_age=comments.FORM_MAX_AGE
            )
        except signing.BadSignature:
            return None
        if value.get("a") != self.article.pk:
            return None
        return time.time() - float(value.get("t", 0))

    def _answer_right(self) -> bool:
        try:
            expected = signing.loads(
                self.data.get("question", ""), salt=QUESTION_SALT, max_age=comments.FORM_MAX_AGE
            )
        except signing.BadSignature:
            return False
        return (self.cleaned_data.get("answer") or "").strip() == str(expected)

    def clean(self):
        data = super().clean()
        if data.get("website"):
            self.robot = True
            return data
        if comments.is_blocked(self.hashed):
            raise forms.ValidationError(_("Comments cannot be sent from this address."))
        if comments.sent_this_hour(self.hashed) >= comments.HOURLY_LIMIT:
            raise forms.ValidationError(
                _("You have sent many comments in the last hour; please try again later.")
            )
        age = self._stamp_age()
        if age is None:
            self._renew_stamp()
            raise forms.ValidationError(
                _("The form has expired; please check your comment and send it again.")
            )
        if age < comments.MIN_SECONDS:
            raise forms.ValidationError(
                _("The comment was sent too quickly; please wait a moment and send it again.")
            )
        if self.errors:
            return data
        suspicious = comments.looks_suspicious(self.hashed, data.get("body", ""))
        if suspicious and not self._answer_right():
            had_question = bool(self.data.get("question"))
            self._ask()
            raise forms.ValidationError(
                _("The answer is not right; please answer the new question.")
                if had_question
                else _("Please answer the question below before sending.")
            )
        return data

    def _renew_stamp(self) -> None:
        data = self.data.copy()
        data["stamp"] = issue_stamp(self.article.pk)
        self.data = data
