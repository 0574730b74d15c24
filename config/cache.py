"""The Redis cache backend, with one client object per connection pool.

Django's backend builds a new ``redis.Redis`` for every cache operation, and
building one fills its table of response callbacks (a few hundred entries):
with the API throttles, the search engine cache and the page cache, that was
about a tenth of an API request's CPU. A client over a connection pool is
thread-safe and the pool survives a fork (redis-py resets it), so one client
per pool is kept. Selected in ``config/settings/base.py`` for redis:// URLs.
"""

from __future__ import annotations

import functools
import logging

import redis
from django.core.cache.backends import redis as django_redis

logger = logging.getLogger(__name__)


class RedisCacheClient(django_redis.RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = clients[index] = self._client(connection_pool=self._pools[index])
        return client


# A cache outage must not take pages down: what is kept here (rate-limit
# counters, rendered pages, search answers, the landscape) can be recomputed
# or, for rate limits, goes unenforced until Redis is back. Reads answer a
# miss, writes are dropped, and each is logged.
OUTAGE_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)

# Without timeouts a stopped Redis can hold a request for the OS's TCP
# timeout; these apply unless the URL's OPTIONS set their own.
DEFAULT_POOL_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}


def _degrade(default):
    def wrap(method):
        @functools.wraps(method)
        def call(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except OUTAGE_ERRORS:
                logger.warning("Cache unavailable: %s skipped.", method.__name__)
                return default() if callable(default) else default

        return call

    return wrap


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        params = {
            **params,
            "OPTIONS": {**DEFAULT_POOL_OPTIONS, **params.get("OPTIONS", {})},
        }
        super().__init__(server, params)
        self._class = RedisCacheClient

    get_many = _degrade(dict)(django_redis.RedisCache.get_many)
    has_key = _degrade(False)(django_redis.RedisCache.has_key)
    add = _degrade(False)(django_redis.RedisCache.add)
    set = _degrade(None)(django_redis.RedisCache.set)
    set_many = _degrade(list)(django_redis.RedisCache.set_many)
    touch = _degrade(False)(django_redis.RedisCache.touch)
    delete = _degrade(False)(django_redis.RedisCache.delete)
    delete_many = _degrade(None)(django_redis.RedisCache.delete_many)
    clear = _degrade(False)(django_redis.RedisCache.clear)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except OUTAGE_ERRORS:
            logger.warning("Cache unavailable: get skipped.")
            return default

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except OUTAGE_ERRORS:
            # Callers treat a missing key as ValueError (Django's contract).
            logger.warning("Cache unavailable: incr skipped.")
            raise ValueError("cache unavailable") from None
