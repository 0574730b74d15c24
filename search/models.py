"""The database search index and saved searches.

``IndexedListing`` holds one row per published listing: normalised plain text
(for the one-character substring fallback and for exact checks), the tokens
(CJK bigrams + Latin words) the full-text index is built from, and the facet
values. The full-text index itself is vendor-specific and created by the
migration: an FTS5 table on SQLite, a ``tsvector`` column with a GIN index on
PostgreSQL.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from listings.models import Listing


class IndexedListing(models.Model):
    """One published listing as the database search backend sees it."""

    listing = models.OneToOneField(
        Listing,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_entry",
    )
    title_text = models.TextField(blank=True)
    body_text = models.TextField(blank=True)
    title_tokens = models.TextField(blank=True)
    body_tokens = models.TextField(blank=True)
    # facet name -> list of values (see search.backends.base.FACET_NAMES).
    facets = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    indexed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("indexed listing")
        verbose_name_plural = _("indexed listings")

    def __str__(self) -> str:
        return f"indexed listing {self.listing_id}"


class SearchIndexState(models.Model):
    """One row whose token changes on every index write (cache invalidation)."""

    token = models.CharField(max_length=32, default="")
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.token


def _unsubscribe_token() -> str:
    return secrets.token_urlsafe(24)


class SavedSearch(models.Model):
    """A user's saved query with a daily e-mail alert of new matching listings."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        NEVER = "never", _("No e-mail")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="saved_searches",
    )
    name = models.CharField(_("name"), max_length=120)
    query = models.CharField(_("query"), max_length=500, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    frequency = models.CharField(
        _("alert frequency"),
        max_length=8,
        choices=Frequency.choices,
        default=Frequency.DAILY,
    )
    last_notified_at = models.DateTimeField(
        _("last notified at"), null=True, blank=True
    )
    unsubscribe_token = models.CharField(
        max_length=64, unique=True, default=_unsubscribe_token
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class LandscapeSnapshot(models.Model):
    """One build of the IP landscape aggregates (see search/landscape.py)."""

    data = models.JSONField(_("data"), default=dict)
    built_at = models.DateTimeField(_("built at"), default=timezone.now, db_index=True)
    build_seconds = models.FloatField(_("build time (seconds)"), default=0.0)

    class Meta:
        verbose_name = _("landscape snapshot")
        verbose_name_plural = _("landscape snapshots")
        ordering = ["-built_at", "-id"]
        get_latest_by = "built_at"

    def __str__(self) -> str:
        return f"landscape {self.built_at:%Y-%m-%d %H:%M}"
