"""Purging the front caches by surrogate key: exactly the cached copies of what changed.

A change readers may see names the keys of what changed (reader/fragments.py `invalidate`);
each front cache named in NEWSROOM_FRONT_CACHES is told to drop the copies that carry them:

- `nginx`, the shipped front cache (deploy/nginx): nginx purges by address, one request to
  `/_purge/ADDRESS` per address (the cache-purge module), so the app keeps an *address index*: every
  public response's address filed under each of its keys, for as long as nginx may keep it.
  Purged at once, from the process that saved, so a correction shows within a second.
- `fastly`: by surrogate key (`Surrogate-Key`), up to 256 keys a request.
- `cloudflare`: by cache tag (`Cache-Tag`), up to 30 tags a request.
- `cloudfront`: by path, from the same address index (CloudFront has no keys), through
  boto3 (`pip install .[s3]`).

The CDNs are told by the background worker (reader/tasks.py), retried until they answer; so
is nginx when it did not answer at once. A purge is safe to repeat. Nothing here is required:
with no front cache configured (development, tests) nothing is indexed or sent.
"""

import http.client
import json
import logging
import time
import urllib.request
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

EVERYTHING = "*"  # the index entry every address is filed under too
FASTLY_BATCH = 256
CLOUDFLARE_BATCH = 30
CLOUDFRONT_BATCH = 3000
NGINX_BUDGET_SECONDS = 2.0  # beyond this, the rest goes to the worker


def configured():
    return list(getattr(settings, "NEWSROOM_FRONT_CACHES", ()))


def _by_address():
    return any(name in ("nginx", "cloudfront") for name in configured())


# The address index ------------------------------------------------------------------------


def _index_key(name):
    return f"purge-index:{name}"


def _index_seconds():
    # As long as a front cache may keep a copy, and a minute more.
    return max(int(settings.NEWSROOM_FRONT_CACHE_SECONDS), 0) + 60


def remember(address, names):
    """File a public response's address under each of its keys (only when a front cache
    purges by address)."""
    if not names or not _by_address():
        return
    sets = [_index_key(name) for name in (*names, EVERYTHING)]
    if hasattr(cache, "add_to_sets"):
        cache.add_to_sets([address], sets, _index_seconds())
        return
    for key in sets:  # one process's memory (no Redis): development only
        cache.set(key, (cache.get(key) or set()) | {address}, _index_seconds())


def addresses(names):
    """Every address filed under any of `names`."""
    sets = [_index_key(name) for name in names]
    if hasattr(cache, "members_of"):
        return cache.members_of(sets)
    found = set()
    for stored in cache.get_many(sets).values():
        found |= stored
    return found


# Asking for purges --------------------------------------------------------------------------


def keys(names):
    """Purge every front-cache copy that carries any of `names`."""
    if configured():
        _dispatch(sorted(names), everything=False)


def everything():
    """Purge every front-cache copy (a change every page shows)."""
    if configured():
        _dispatch([EVERYTHING], everything=True)


def _dispatch(names, everything):
    paths = sorted(addresses(names)) if _by_address() else []
    later = []
    for name in configured():
        if name == "nginx":
            try:
                left = Nginx().purge(names, paths, everything, budget=NGINX_BUDGET_SECONDS)
            except Exception:  # noqa: BLE001 - nginx away: the worker tries again
                logger.warning("nginx did not take the purge; the worker will retry.")
                left = paths
            if left:
                later.append(("nginx", left))
        else:
            later.append((name, paths))
    if later:
        from .tasks import purge_later

        for name, some_paths in later:
            purge_later.enqueue(name, names, some_paths, everything)


def run(name, names, paths, everything):
    """Purge one front cache now (the worker's task); raises if it did not answer."""
    ADAPTERS[name]().purge(names, paths, everything)


# The front caches ------------------------------------------------------------------------------


def _public_host():
    return urlsplit(settings.NEWSROOM_SITE_URL).netloc


class Nginx:
    """A request to `/_purge/ADDRESS` on each nginx in NEWSROOM_NGINX_PURGE_URLS, for each
    address, with the public host (the cache key is host and address, deploy/nginx/site.conf).
    Over one kept-alive connection per nginx."""

    def purge(self, names, paths, everything, budget=None):
        """Returns the addresses left unpurged when `budget` (seconds) ran out."""
        started = time.monotonic()
        for base in settings.NEWSROOM_NGINX_PURGE_URLS:
            parts = urlsplit(base)
            connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=2)
            try:
                for done, path in enumerate(paths):
                    if budget is not None and time.monotonic() - started > budget:
                        return paths[done:]
                    connection.request("GET", f"/_purge{path}", headers={"Host": _public_host()})
                    response = connection.getresponse()
                    response.read()
                    if response.status not in (200, 404):  # 404: it held no copy
                        raise RuntimeError(f"nginx answered {response.status} to purging {path}")
            finally:
                connection.close()
        return []


def _post(url, headers, body=b""):
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - https URL
        return json.loads(response.read() or b"{}")


class Fastly:
    """Fastly's purge by surrogate key (FASTLY_SERVICE_ID, FASTLY_API_TOKEN)."""

    def purge(self, names, paths, everything):
        base = f"{settings.NEWSROOM_FASTLY_API}/service/{settings.FASTLY_SERVICE_ID}"
        headers = {"Fastly-Key": settings.FASTLY_API_TOKEN, "Accept": "application/json"}
        if everything:
            _post(f"{base}/purge_all", headers)
            return
        for start in range(0, len(names), FASTLY_BATCH):
            batch = " ".join(names[start : start + FASTLY_BATCH])
            _post(f"{base}/purge", {**headers, "Surrogate-Key": batch})


class Cloudflare:
    """Cloudflare's purge by cache tag (CLOUDFLARE_ZONE_ID, CLOUDFLARE_API_TOKEN)."""

    def purge(self, names, paths, everything):
        url = f"{settings.NEWSROOM_CLOUDFLARE_API}/zones/{settings.CLOUDFLARE_ZONE_ID}/purge_cache"
        headers = {
            "Authorization": f"Bearer {settings.CLOUDFLARE_API_TOKEN}",
            "Content-Type": "application/json",
        }
        bodies = (
            [{"purge_everything": True}]
            if everything
            else [
                {"tags": names[start : start + CLOUDFLARE_BATCH]}
                for start in range(0, len(names), CLOUDFLARE_BATCH)
            ]
        )
        for body in bodies:
            answer = _post(url, headers, json.dumps(body).encode())
            if not answer.get("success", False):
                raise RuntimeError(f"Cloudflare refused the purge: {answer.get('errors')}")


class CloudFront:
    """CloudFront invalidations by path (CLOUDFRONT_DISTRIBUTION_ID; AWS credentials as boto3
    finds them). "Everything" is the path /*."""

    def client(self):
        import boto3  # the `s3` extra: pip install .[s3]

        return boto3.client("cloudfront")

    def purge(self, names, paths, everything):
        paths = ["/*"] if everything else list(paths)
        client = self.client()
        for start in range(0, len(paths), CLOUDFRONT_BATCH):
            batch = paths[start : start + CLOUDFRONT_BATCH]
            client.create_invalidation(
                DistributionId=settings.CLOUDFRONT_DISTRIBUTION_ID,
                InvalidationBatch={
                    "Paths": {"Quantity": len(batch), "Items": batch},
                    "CallerReference": uuid.uuid4().hex,
                },
            )


ADAPTERS = {"nginx": Nginx, "fastly": Fastly, "cloudflare": Cloudflare, "cloudfront": CloudFront}
