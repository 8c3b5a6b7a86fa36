"""Who may read the API, and how much: partners' keys (hash-only), the per-key rate limit,
a key's restriction to sections, and anonymous access when NEWSROOM_API_PUBLIC is on.

A key is sent as `X-API-Key: nr_…` (or `Authorization: Bearer nr_…`). A revoked or unknown
key is refused (401) even when the API is public, so a partner learns at once that theirs
has stopped working. Over its limit a request answers 429 with Retry-After; the counters
live in the cache, and a cache that fails lets the request through (never a reason to
refuse a partner).
"""

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from ninja.security import APIKeyHeader

from articles.models import Section

from .models import ApiKey, hash_key

log = logging.getLogger(__name__)
WINDOW_SECONDS = 60
# "last used" is written at most this often per key, not on every request.
LAST_USED_EVERY_SECONDS = 300


class NotAllowed(Exception):
    """No key, or a key that does not open the API (401)."""


class RateLimited(Exception):
    """Too many requests this minute (429)."""

    def __init__(self, retry_after):
        self.retry_after = retry_after
        super().__init__(f"Too many requests: try again in {retry_after} seconds.")


@dataclass(frozen=True)
class Access:
    """What one request may see: `section_ids` None for everything readers may see, else the
    ids of the key's sections and their subsections."""

    key: ApiKey | None = None
    section_ids: frozenset | None = None

    @property
    def restricted(self):
        return self.section_ids is not None


def _count(who, limit):
    """Count this request against `who`'s limit for the current minute; raise RateLimited."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"api-rate:{who}:{window}"
    try:
        try:
            used = cache.incr(key)  # one round trip, except for the minute's first request
        except ValueError:
            cache.add(key, 0, WINDOW_SECONDS + 5)
            used = cache.incr(key)
    except Exception:  # the cache is never required
        log.warning("API rate limit not counted: the cache did not answer", exc_info=True)
        return
    if used > limit:
        raise RateLimited(max(1, int((window + 1) * WINDOW_SECONDS - now) + 1))


def _sections(api_key):
    chosen = list(api_key.sections.values_list("pk", flat=True))
    if not chosen:
        return None
    children = Section.objects.filter(Q(pk__in=chosen) | Q(parent__in=chosen))
    return frozenset(children.values_list("pk", flat=True))


def for_key(key):
    """The Access a key gives, or NotAllowed."""
    api_key = ApiKey.objects.filter(key_hash=hash_key(key)).first()
    if api_key is None:
        raise NotAllowed("This API key is not known. Ask the newsroom for a key.")
    if api_key.is_revoked:
        raise NotAllowed("This API key has been revoked. Ask the newsroom for a new one.")
    _count(f"key:{api_key.pk}", api_key.rate_limit)
    _note_use(api_key)
    return Access(api_key, _sections(api_key))


def _note_use(api_key):
    try:
        first = cache.add(f"api-used:{api_key.pk}", 1, LAST_USED_EVERY_SECONDS)
    except Exception:
        first = False
    if first:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=timezone.now())


def anonymous(request):
    _count(f"addr:{request.META.get('REMOTE_ADDR', '')}", settings.NEWSROOM_API_PUBLIC_RATE_LIMIT)
    return Access()


class PartnerKey(APIKeyHeader):
    """The API's one authentication: a key in X-API-Key or as a Bearer token, or nothing at
    all when the API is public."""

    param_name = "X-API-Key"

    def _get_key(self, request):
        key = request.headers.get(self.param_name)
        if not key:
            scheme, _, token = request.headers.get("Authorization", "").partition(" ")
            key = token.strip() if scheme.lower() == "bearer" else None
        return key

    def authenticate(self, request, key):
        if key:
            return for_key(key)
        if settings.NEWSROOM_API_PUBLIC:
            return anonymous(request)
        raise NotAllowed(
            "The content API needs a key: send it as X-API-Key (or Authorization: Bearer)."
        )
