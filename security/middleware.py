"""Requests as the site believes them: forwarded headers only from the proxies we run,
malformed addresses refused before any view (or the database) sees them, and the desk open to
Editors and superusers only after their second factor when it is required."""

import ipaddress

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import two_factor

FORWARDED = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_HOST")


def trusted_networks():
    """NEWSROOM_TRUSTED_PROXIES as networks: addresses (127.0.0.1) or ranges (10.0.0.0/8)."""
    return [
        ipaddress.ip_network(entry, strict=False)
        for entry in getattr(settings, "NEWSROOM_TRUSTED_PROXIES", ["127.0.0.1", "::1"])
    ]


def _address(text):
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def is_trusted(text, networks):
    address = _address(text or "")
    return address is not None and any(address in network for network in networks)


class TrustedProxyMiddleware:
    """Believe X-Forwarded-Proto and X-Forwarded-For only when the request comes from a
    trusted proxy (NEWSROOM_TRUSTED_PROXIES, loopback by default); from anyone else they
    are dropped, so nobody can claim HTTPS or another address by sending a header.

    From a trusted proxy, the client's address (REMOTE_ADDR, which login throttling counts
    by) is the nearest address in X-Forwarded-For that is not itself a trusted proxy.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.networks = trusted_networks()

    def __call__(self, request):
        meta = request.META
        if not is_trusted(meta.get("REMOTE_ADDR"), self.networks):
            for header in FORWARDED:
                meta.pop(header, None)
            return self.get_response(request)
        hops = [hop.strip() for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        for hop in reversed(hops):
            if _address(hop) is None:
                break  # a garbled list: keep the proxy's own address
            if not is_trusted(hop, self.networks):
                meta["REMOTE_ADDR"] = str(_address(hop))
                break
        return self.get_response(request)


class RefuseNulBytesMiddleware:
    """A NUL byte in the address or its query is never a real reader's request: answer 400
    at once (PostgreSQL refuses NUL in text, so it would otherwise end as a 500)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.GET.lists()
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in query
        ):
            message = "Bad request: the address contains a NUL byte."
            if request.path.startswith("/api/"):  # the content API answers in JSON only
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)


class TwoFactorMiddleware:
    """When two-factor sign-in is required (NEWSROOM_REQUIRE_2FA) for this person (Editors and
    superusers) and this session has not given it: every admin page but the set-up page and
    logging out sends them to set it up, or to confirm the session with a code; elsewhere
    (staff previews of drafts) the session counts for nothing. Needs django-otp's
    OTPMiddleware before it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)  # nobody is signed in: readers pass untouched
        user = request.user
        if user.is_authenticated and two_factor.required_for(user) and not user.is_verified():
            if not request.path.startswith(reverse("admin:index")):
                request.user = AnonymousUser()
                return self.get_response(request)
            page = reverse("two_factor")
            open_to_all = (page, reverse("admin:logout"), reverse("admin:jsi18n"))
            if request.path not in open_to_all:
                return redirect(f"{page}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
