"""System checks for the account security settings."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

from .ratelimit import parse_rate

_PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.security)
def check_rate_limits(app_configs, **kwargs):
    """Every ACCOUNT_RATE_LIMITS entry must parse."""
    errors = []
    for scope, rate in getattr(settings, "ACCOUNT_RATE_LIMITS", {}).items():
        try:
            parse_rate(rate)
        except ImproperlyConfigured as exc:
            errors.append(Error(f"{scope}: {exc}", id="accounts.E001"))
    return errors


@register(Tags.security, deploy=True)
def check_rate_limit_cache(app_configs, **kwargs):
    """Rate limits need a cache every web process shares (checked by --deploy)."""
    limits = getattr(settings, "ACCOUNT_RATE_LIMITS", {})
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if any(limits.values()) and backend in _PROCESS_LOCAL_CACHES:
        return [
            Warning(
                "The default cache is local to each process, so login, sign-up "
                "and password-reset rate limits are counted per process.",
                hint="Set CACHE_URL to a shared cache, e.g. redis://127.0.0.1:6379/1.",
                id="accounts.W001",
            )
        ]
    return []
