"""How long the front cache (nginx, a CDN) may keep a reader's page, and what it shows.

A page a reader gets with no cookie set and no Cache-Control of its own is public for
NEWSROOM_FRONT_CACHE_SECONDS, and never past the moment the next scheduled or embargoed item
goes live, so a schedule holds in every cache layer. Staff (a session cookie) and the desk
are private; previews and the admin already say never-cache. A public page names what it
shows in `Surrogate-Key` and `Cache-Tag` (reader/keys.py), and its address is filed under
those keys for front caches that purge by address (reader/purge.py), so a change can purge
exactly the copies that show it.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control

from . import fragments, keys, purge

CACHEABLE_STATUSES = {200, 301, 404, 410}


class FrontCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with keys.collecting() as shown:
            response = self.get_response(request)
        seconds = settings.NEWSROOM_FRONT_CACHE_SECONDS
        if (
            seconds <= 0
            or request.method not in ("GET", "HEAD")
            or response.status_code not in CACHEABLE_STATUSES
            or response.has_header("Cache-Control")
            or response.cookies
            or request.path.startswith("/admin/")
        ):
            return response
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            patch_cache_control(response, private=True)
            return response
        go_live = fragments.seconds_to_next_go_live()
        if go_live is not None:
            seconds = min(seconds, go_live)
        patch_cache_control(response, public=True, max_age=seconds)
        if shown:
            names = sorted(shown)
            response["Surrogate-Key"] = " ".join(names)
            response["Cache-Tag"] = ",".join(names)
            purge.remember(request.get_full_path(), names)
        return response
