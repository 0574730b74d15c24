"""Rate limits for logging in, signing up and password resets.

Fixed-window counters in the default cache: in production that cache must be
shared by every web process (Redis via ``CACHE_URL``), or each process counts
on its own. Limits come from ``settings.ACCOUNT_RATE_LIMITS`` (scope ->
``"<count>/<period>"``, e.g. ``"5/15m"``; empty or None = no limit) and are
read on every call, never at import time.

Scopes used by the project:

- ``login_ip``: every login attempt (page and API token) from one address;
- ``login_account``: failed attempts for one e-mail address, from anywhere
  (cleared by a successful login);
- ``signup_ip`` and ``password_reset_ip``: submissions from one address.
"""

from __future__ import annotations

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])[a-z]*\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str | None) -> tuple[int, int] | None:
    """Turn ``"5/15m"`` into ``(5, 900)`` (count, window in seconds).

    Accepts DRF's spelling too (``"10/min"``, ``"100/hour"``). None or an
    empty string means no limit.
    """
    if not rate:
        return None
    match = _RATE.match(rate)
    if not match:
        raise ImproperlyConfigured(
            f"Invalid rate {rate!r}: use '<count>/<period>', e.g. '5/15m'."
        )
    count, multiplier, unit = match.groups()
    return int(count), int(multiplier or 1) * _UNITS[unit]


def _rate(scope: str) -> tuple[int, int] | None:
    return parse_rate(getattr(settings, "ACCOUNT_RATE_LIMITS", {}).get(scope))


def _key(scope: str, ident: str, window: int) -> str:
    # Hash the identifier: e-mail addresses do not belong in cache keys.
    digest = hashlib.sha256(ident.strip().lower().encode()).hexdigest()[:40]
    return f"ratelimit:{scope}:{digest}:{int(time.time()) // window}"


def is_limited(*, scope: str, ident: str) -> bool:
    """Whether ``ident`` has used up ``scope``'s allowance in this window."""
    rate = _rate(scope)
    if rate is None or not ident:
        return False
    count, window = rate
    return (cache.get(_key(scope, ident, window)) or 0) >= count


def record(*, scope: str, ident: str) -> None:
    """Count one attempt for ``ident`` in ``scope``'s current window."""
    rate = _rate(scope)
    if rate is None or not ident:
        return
    _count, window = rate
    key = _key(scope, ident, window)
    # add() is atomic: only the first attempt of a window creates the counter.
    cache.add(key, 0, timeout=window + 1)
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window + 1)


def clear(*, scope: str, ident: str) -> None:
    """Forget ``ident``'s attempts in ``scope`` (e.g. after a good login)."""
    rate = _rate(scope)
    if rate is None or not ident:
        return
    cache.delete(_key(scope, ident, rate[1]))


def wait_minutes(*scopes: str) -> int:
    """Minutes until the longest of ``scopes``' current windows ends (at least 1)."""
    now = int(time.time())
    seconds = 0
    for scope in scopes:
        rate = _rate(scope)
        if rate is not None:
            seconds = max(seconds, rate[1] - now % rate[1])
    return max(1, -(-seconds // 60))


def client_ip(request) -> str:
    """The client's address, as DRF's throttles see it (``NUM_PROXIES`` aware)."""
    from rest_framework.throttling import BaseThrottle

    return BaseThrottle().get_ident(request)
