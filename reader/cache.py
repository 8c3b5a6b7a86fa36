"""The shared cache as readers need it: never required.

A cache that is stopped, unreachable or slow must cost a page nothing but the time to render
it from the database. `ResilientRedisCache` is Django's Redis backend with short socket
timeouts (NEWSROOM_CACHE_TIMEOUT_MS, 50 ms): any error or timeout is a miss for reads and a
no-op for writes, logged once per outage. After a failure the process leaves Redis alone for
NEWSROOM_CACHE_RETRY_SECONDS, so a dead cache does not add a timeout to every read.

Deletes that fail are invalidations readers depend on (a new fragment generation, a purged
page): they are kept and sent again as soon as Redis answers.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        timeout_ms = getattr(settings, "NEWSROOM_CACHE_TIMEOUT_MS", 50)
        options = params.setdefault("OPTIONS", {})
        options.setdefault("socket_timeout", timeout_ms / 1000)
        options.setdefault("socket_connect_timeout", timeout_ms / 1000)
        options.setdefault("retry_on_timeout", False)
        super().__init__(server, params)
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._pending_deletes = set()

    # Health ---------------------------------------------------------------------------------

    @property
    def degraded(self):
        """True while this process treats the cache as away."""
        return time.monotonic() < self._down_until

    def _failed(self, error):
        retry = getattr(settings, "NEWSROOM_CACHE_RETRY_SECONDS", 2)
        with self._lock:
            first = not self.degraded
            self._down_until = time.monotonic() + retry
        if first:
            logger.warning("Cache unavailable (%s); pages render from the database.", error)

    def _call(self, operation, fallback, *args, **kwargs):
        if self.degraded:
            return fallback
        try:
            if self._pending_deletes:
                self._send_pending_deletes()
            return operation(*args, **kwargs)
        except (RedisError, OSError) as error:  # stopped, unreachable, slow: a miss
            self._failed(error)
            return fallback

    def _send_pending_deletes(self):
        with self._lock:
            keys, self._pending_deletes = list(self._pending_deletes), set()
        try:
            self._delete(keys)
        except Exception:
            with self._lock:
                self._pending_deletes.update(keys)
            raise
        logger.info("Cache back; %d missed invalidations sent.", len(keys))

    def ping(self):
        """Whether Redis answers now (for /healthz); never raises."""
        try:
            return bool(self._cache.get_client(write=False).ping())
        except Exception:  # noqa: BLE001
            return False

    # Reads are misses, writes are no-ops ----------------------------------------------------

    def get(self, key, default=None, version=None):
        return self._call(super().get, default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._call(super().has_key, False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, False, key, timeout, version)

    def incr(self, key, delta=1, version=None):
        return self._call(super().incr, None, key, delta, version)

    def clear(self):
        return self._call(super().clear, None)

    # Deletes are kept until they reach Redis ------------------------------------------------

    def _delete(self, keys):
        return self._cache.get_client(None, write=True).delete(*keys)

    def _delete_or_keep(self, keys):
        deleted = self._call(self._delete, None, keys)
        if deleted is None:
            with self._lock:
                self._pending_deletes.update(keys)
        return deleted or 0

    def delete(self, key, version=None):
        return bool(self._delete_or_keep([self.make_and_validate_key(key, version=version)]))

    def delete_many(self, keys, version=None):
        made = [self.make_and_validate_key(key, version=version) for key in keys]
        if made:
            self._delete_or_keep(made)

    # Sets of members (the front cache's address index, reader/purge.py) ----------------------

    def add_to_sets(self, members, sets, timeout):
        """Add `members` to each of `sets` (names), each kept `timeout` seconds from now."""

        def add():
            pipe = self._cache.get_client(None, write=True).pipeline(transaction=False)
            for name in sets:
                key = self.make_and_validate_key(name)
                pipe.sadd(key, *members)
                pipe.expire(key, int(timeout))
            pipe.execute()

        return self._call(add, None)

    def members_of(self, sets):
        """Every member of any of `sets` (names), as strings; empty if the cache is away."""

        def union():
            keys = [self.make_and_validate_key(name) for name in sets]
            found = self._cache.get_client(None, write=False).sunion(keys)
            return {member.decode() for member in found}

        return self._call(union, set()) if sets else set()
