"""Rendered listing pages and API answers for anonymous visitors, kept briefly.

Every anonymous visitor sees the same listing page, so its rendering can be
shared. Visibility is never cached: the views read the listing (or the page
of listings) with the visitor's visibility rules on every request, and only
then look here. Each entry is keyed by what it shows, down to each listing's
``updated_at`` (the services stamp every change of a listing, its rights, its
IPC codes and its status), so an edited listing is rendered afresh at once.
What a listing does not stamp (its owner's display name, IPC titles) may lag
only until the next change of a label: saving an organisation, an IPC title
or a strategic field replaces a "labels version" kept in the default cache,
which is part of every key (:func:`labels_changed`). Entries expire after
``ANONYMOUS_CACHE_SECONDS`` (600 s by default; 0 turns this off), which also
bounds how long a label change could lag if the default cache is not shared
between processes (locmem with several processes). Entries live in the
``answers`` cache (per process unless ANSWER_CACHE_URL points to a shared
Redis).

Signed-in users, and anonymous visitors with a message waiting, always get a
fresh rendering. HTML entries are stored without their CSRF token; each
answer gets the visitor's own.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_CSRF_MARK = "\x00csrf\x00"
LABELS_KEY = "page-cache:labels"


def _seconds() -> int:
    return int(getattr(settings, "ANONYMOUS_CACHE_SECONDS", 60))


def applies(request) -> bool:
    """Whether ``request`` may be answered from (and stored in) the cache."""
    user = getattr(request, "user", None)
    if _seconds() <= 0 or request.method not in ("GET", "HEAD"):
        return False
    if user is not None and user.is_authenticated:
        return False
    # A waiting message is rendered into the page (len() does not consume it).
    return not len(get_messages(request))


def stamp(listings: Iterable) -> tuple:
    """What the rendering of these listings depends on: ids and change times."""
    return tuple(
        (listing.pk, listing.updated_at.isoformat() if listing.updated_at else "")
        for listing in listings
    )


# The version as this process last read it: (token, monotonic time). A page
# asks for it several times; other processes see a change within a second.
_LABELS_LOCAL_SECONDS = 1.0
_labels_local: tuple[str, float] = ("", -1e9)


def labels_version() -> str:
    """The current labels version (a random token; a new one if none is kept)."""
    global _labels_local
    token, read_at = _labels_local
    if token and time.monotonic() - read_at < _LABELS_LOCAL_SECONDS:
        return token
    cache = caches["default"]
    try:
        version = cache.get(LABELS_KEY)
        if version is None:
            cache.add(LABELS_KEY, secrets.token_hex(8), None)
            version = cache.get(LABELS_KEY)
    except Exception:  # pages still expire with their timeout
        logger.warning("Labels version unavailable.", exc_info=True)
        version = None
    if version:
        _labels_local = (version, time.monotonic())
    return version or ""


def labels_changed(**_signal_kwargs) -> None:
    """Retire every cached page: a name, IPC title or field label changed.

    Runs once the change is committed, so a page rendered meanwhile is never
    stored under the new version with the old label. A random token, not a
    counter: an evicted key can never bring an old version back.
    """

    def bump() -> None:
        global _labels_local
        _labels_local = ("", -1e9)
        try:
            caches["default"].set(LABELS_KEY, secrets.token_hex(8), None)
        except Exception:  # the entries still expire with their timeout
            logger.warning("Could not retire cached pages.", exc_info=True)

    transaction.on_commit(bump)


def _key(kind: str, parts: tuple) -> str:
    shape = (kind, get_language(), labels_version(), parts)
    return f"page:{kind}:" + hashlib.sha1(repr(shape).encode()).hexdigest()


def _get(key: str):
    try:
        return caches["answers"].get(key)
    except Exception:  # an optimisation only: render instead
        logger.warning("Page cache unavailable.", exc_info=True)
        return None


def _set(key: str, value) -> None:
    try:
        caches["answers"].set(key, value, _seconds())
    except Exception:  # an optimisation only
        logger.warning("Page cache unavailable.", exc_info=True)


def data(kind: str, parts: tuple, build: Callable[[], object]):
    """The value ``build()`` returns for ``parts`` (JSON-like API data)."""
    key = _key(kind, parts)
    value = _get(key)
    if value is None:
        value = build()
        _set(key, value)
    return value


def html(request, kind: str, parts: tuple, build: Callable[[], HttpResponse]):
    """The page ``build()`` renders for ``parts``, with this visitor's CSRF token."""
    key = _key(kind, parts)
    stored = _get(key)
    if stored is not None:
        content_type, body = stored
        token = get_token(request)
        return HttpResponse(body.replace(_CSRF_MARK, token), content_type=content_type)
    response = build()
    if response.status_code == 200 and not response.streaming:
        charset = response.charset or "utf-8"
        body = _CSRF_INPUT.sub(
            lambda m: m.group(1) + _CSRF_MARK + m.group(2),
            response.content.decode(charset),
        )
        _set(key, (response["Content-Type"], body))
    return response
