"""The desk's sign-in pages: two-factor set-up and verification in the admin, and the answer
to a locked-out sign-in (django-axes)."""

import base64
import io
from base64 import b32encode

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.qr import write_qrcode_image

from . import two_factor
from .forms import DeskLoginForm


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _qr_code(device):
    """The app's set-up address as an SVG QR code, in a data: address (the CSP allows those
    for images; no script, no request elsewhere)."""
    buffer = io.BytesIO()
    write_qrcode_image(device.config_url, buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _secret(device):
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def two_factor_page(request):
    """Set up two-factor sign-in (an authenticator app, then recovery codes), confirm this
    session with a code, or make new recovery codes. Editors and superusers are sent here
    until they have done it when NEWSROOM_REQUIRE_2FA is on."""
    user = request.user
    context = {
        **admin.site.each_context(request),
        "title": "Two-factor sign-in",
        "required": two_factor.required_for(user),
        "next": _next(request),
        "form": CodeForm(request.POST or None),
    }
    action = request.POST.get("action") if request.method == "POST" else None

    if not two_factor.has_second_factor(user):
        device = two_factor.pending_app(user)
        if action == "confirm" and context["form"].is_valid():
            codes = two_factor.confirm_app(device, context["form"].cleaned_data["code"])
            if codes is not None:
                otp_login(request, device)
                context.update(step="codes", codes=codes)
                return TemplateResponse(request, "admin/security/two_factor.html", context)
            context["form"].add_error("code", "That code is wrong or has expired: try the newest.")
        context.update(step="set_up", qr_code=_qr_code(device), secret=_secret(device))
        return TemplateResponse(request, "admin/security/two_factor.html", context)

    if not user.is_verified():
        if action == "verify" and context["form"].is_valid():
            device = two_factor.verify(user, context["form"].cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                return redirect(_next(request))
            context["form"].add_error("code", "That code is wrong or has expired: try the newest.")
        context["step"] = "verify"
        return TemplateResponse(request, "admin/security/two_factor.html", context)

    if action == "new_codes":
        context.update(step="codes", codes=two_factor.new_recovery_codes(user))
        messages.success(request, "New recovery codes made; the old ones no longer work.")
        return TemplateResponse(request, "admin/security/two_factor.html", context)
    context.update(step="on", codes_left=two_factor.recovery_codes_left(user))
    return TemplateResponse(request, "admin/security/two_factor.html", context)


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes' answer to a locked-out sign-in: the login page again, saying why and what
    to do, with status 429."""
    minutes = int(getattr(settings, "NEWSROOM_LOGIN_LOCKOUT_MINUTES", 15))
    wait = f"in {minutes} minutes" if minutes else "once an administrator has unlocked it"
    context = {
        **admin.site.each_context(request),
        "title": "Log in",
        "app_path": request.get_full_path(),
        "form": DeskLoginForm(request),
        "lockout": (
            "Too many failed sign-ins for this account or from this address: signing in is "
            f"locked. Try again {wait}, or ask an administrator to unlock it."
        ),
        "next": request.GET.get("next", ""),
    }
    # Rendered at once: django-axes' middleware hands this back in place of the view's answer.
    return render(request, "admin/login.html", context, status=429)
