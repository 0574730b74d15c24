"""The Redis cache backend keeps one client per pool (config/cache.py)."""

from __future__ import annotations

import threading

import pytest

from config.cache import RedisCache

REDIS_URL = "redis://127.0.0.1:6379/9"


@pytest.fixture
def backend():
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": "h9-cache-backend-test"})
    yield cache
    cache.clear()


def test_it_is_a_working_cache(backend):
    backend.set("k", {"a": [1, 2]}, 30)
    assert backend.get("k") == {"a": [1, 2]}
    assert backend.add("n", 1) and not backend.add("n", 5)
    assert backend.incr("n") == 2
    backend.delete("k")
    assert backend.get("k") is None


def test_one_client_serves_every_operation_and_thread(backend):
    client = backend._cache.get_client()
    assert backend._cache.get_client(write=True) is client
    seen = []

    def work():
        for i in range(50):
            backend.set(f"t{i}", i, 30)
            seen.append(backend.get(f"t{i}") == i)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 200 and all(seen)
    assert backend._cache.get_client() is client
