"""The Redis cache backend keeps one client per pool (config/cache.py)."""

from __future__ import annotations

import threading

import pytest

from config.cache import RedisCache
from tests.factories.accounts import PASSWORD

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


# --- Redis down: the cache degrades, pages keep working -------------------------


def _closed_port_url() -> str:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"  # nothing listens there now


def test_an_unreachable_redis_reads_as_misses_and_drops_writes():
    cache = RedisCache(_closed_port_url(), {})
    assert cache.get("k") is None and cache.get("k", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set("k", 1, 30) is None and cache.add("k", 1) is False
    assert cache.has_key("k") is False and cache.delete("k") is False
    with pytest.raises(ValueError):  # Django's contract for a missing key
        cache.incr("k")


@pytest.mark.django_db
def test_pages_login_and_rate_limits_work_while_the_cache_redis_is_down(
    client, settings, company_staff
):
    from django.core.cache import caches

    url = _closed_port_url()
    settings.CACHES = {
        "default": {"BACKEND": "config.cache.RedisCache", "LOCATION": url},
        "answers": {"BACKEND": "config.cache.RedisCache", "LOCATION": url},
    }
    for alias in ("default", "answers"):
        caches[alias].close()
        del caches[alias]
    try:
        for path in ("/", "/search/?q=電池", "/listings/", "/landscape/"):
            assert client.get(path).status_code == 200, path
        response = client.post(
            "/accounts/login/",
            {"username": company_staff.email, "password": PASSWORD},
        )
        assert response.status_code == 302
        assert client.get("/api/v1/me/").status_code == 200
    finally:
        for alias in ("default", "answers"):
            caches[alias].close()
            del caches[alias]
