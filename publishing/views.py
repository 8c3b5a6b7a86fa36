"""Health checks for load balancers, and what a request gets while a part is away."""

import sys
import time

from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
@never_cache
def liveness(request):
    """The process answers: restart it only when this fails."""
    return JsonResponse({"status": "ok"})


def _cache_state():
    ping = getattr(cache, "ping", None)
    if ping is None:
        return "local"  # this process's memory: always there, never shared
    started = time.monotonic()
    if not ping():
        return "degraded"
    # Slower than a cache read may take is as good as away: pages treat it as a miss.
    return "ok" if time.monotonic() - started < 0.05 else "degraded"


@require_safe
@never_cache
def readiness(request):
    """Send readers here: 200 while the database answers, 503 when it does not. A degraded
    cache is reported but does not fail readiness, since pages render without it."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any database failure means not ready
        return JsonResponse(
            {"status": "database unreachable", "database": "down", "cache": _cache_state()},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok", "cache": _cache_state()})


def _typed(name, value):
    """A value someone typed or chose, as opposed to a form's bookkeeping."""
    bookkeeping = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
    return bool(value) and not name.startswith("_") and not name.endswith(bookkeeping)


def server_error(request):
    """The 500 handler, except when the database is away (restarting, failing over): readers
    get a 503 that asks them to reload, and an editor's form comes back with every typed
    value and a button to send it again, so a save in flight is never silently lost."""
    error = sys.exc_info()[1]
    if not isinstance(error, (OperationalError, InterfaceError)):
        return defaults.server_error(request)
    # Rendered without context processors: they would ask the database.
    if request.method == "POST" and request.path.startswith("/admin/"):
        fields = [
            (name, value)
            for name, values in request.POST.lists()
            if name != "csrfmiddlewaretoken"
            for value in values
        ]
        html = render_to_string(
            "publishing/not_saved.html",
            {
                "action": request.get_full_path(),
                "csrf_token": get_token(request),
                "fields": fields,
                "typed": [(name, value) for name, value in fields if _typed(name, value)],
                "files": [upload.name for upload in request.FILES.values()],
            },
        )
    else:
        html = render_to_string("503.html")
    response = HttpResponse(html, status=503)
    response["Retry-After"] = "5"
    add_never_cache_headers(response)
    return response
