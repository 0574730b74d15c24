"""The Redis cache backend, with one client object per connection pool.

Django's backend builds a new ``redis.Redis`` for every cache operation, and
building one fills its table of response callbacks (a few hundred entries):
with the API throttles, the search engine cache and the page cache, that was
about a tenth of an API request's CPU. A client over a connection pool is
thread-safe and the pool survives a fork (redis-py resets it), so one client
per pool is kept. Selected in ``config/settings/base.py`` for redis:// URLs.
"""

from __future__ import annotations

from django.core.cache.backends import redis as django_redis


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


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
