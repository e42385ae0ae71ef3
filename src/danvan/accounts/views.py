import qrcode
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from qrcode.image.svg import SvgPathImage

from danvan.accounts import second_factor, services
from danvan.accounts.forms import CodeForm, LoginForm
from danvan.core.queries import events_for_object
from danvan.core.views import render_timeline_items, timeline_page


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        services.record_login(user=form.get_user())
        return response


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            services.record_logout(user=request.user)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        user = services.set_password(
            user=self.request.user,
            raw_password=form.cleaned_data["new_password1"],
            acting_user=self.request.user,
            reason="changed",
        )
        update_session_auth_hash(self.request, user)
        messages.success(self.request, _("Your password has been changed."))
        return super(auth_views.PasswordChangeView, self).form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        services.set_password(
            user=form.user,
            raw_password=form.cleaned_data["new_password1"],
            acting_user=None,
            reason="reset",
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return super(auth_views.PasswordResetConfirmView, self).form_valid(form)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def profile(request: HttpRequest) -> HttpResponse:
    events = events_for_object(request.user)
    more_url = reverse("accounts:profile")
    if request.htmx:
        return render_timeline_items(request, events, more_url)
    context = {
        "page": timeline_page(events, request.GET.get("page")),
        "more_url": more_url,
        "second_factor_on": second_factor.in_use(request.user),
        "second_factor_required": second_factor.required_for(request.user),
        "code_form": CodeForm(),
    }
    return render(request, "accounts/profile.html", context)


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _qr_svg(device) -> str:
    image = qrcode.make(device.config_url, image_factory=SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Turn two-step sign-in on: scan the code (or type the key), then type the first code."""
    if second_factor.in_use(request.user) and request.user.is_verified():
        messages.info(request, _("Two-step sign-in is already on for your account."))
        return redirect("accounts:profile")
    device = second_factor.start_enrolment(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            second_factor.confirm(user=request.user, device=device, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            otp_login(request, device)
            messages.success(request, _("Two-step sign-in is on. Keep your phone with you."))
            return redirect(_next_url(request))
    context = {
        "form": form,
        "qr": _qr_svg(device),
        "secret": second_factor.secret_text(device),
        "required": second_factor.required_for(request.user),
        "next": _next_url(request),
    }
    return render(request, "accounts/second_factor_setup.html", context)


def second_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in."""
    if request.user.is_verified() or not second_factor.in_use(request.user):
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = second_factor.check_code(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            otp_login(request, device)
            return redirect(_next_url(request))
    return render(
        request, "accounts/second_factor.html", {"form": form, "next": _next_url(request)}
    )


@require_POST
def second_factor_off(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            second_factor.turn_off(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Two-step sign-in is off."))
    else:
        messages.error(request, _("Type the 6 digits your authenticator app shows."))
    return redirect("accounts:profile")
