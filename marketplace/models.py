"""License requests between a company and a listing's owner, with their thread."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from listings.models import Listing

from .constants import (
    OPEN_STATUSES,
    RequestLicenseType,
    RequestReason,
    RequestSource,
    RequestStatus,
)


class PrivateMediaStorage(FileSystemStorage):
    """Files under settings.PRIVATE_MEDIA_ROOT, never served by the web server.

    The location is read on use (not at import) so tests and deployments that
    change the setting are honoured.
    """

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @cached_property
    def base_url(self):
        return None


def private_storage() -> PrivateMediaStorage:
    return PrivateMediaStorage()


class LicenseRequest(models.Model):
    """A company's request to license (or acquire) one listing."""

    listing = models.ForeignKey(
        Listing,
        verbose_name=_("listing"),
        on_delete=models.PROTECT,
        related_name="license_requests",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("requesting organisation"),
        on_delete=models.PROTECT,
        related_name="license_requests",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee (listing owner side)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_license_requests",
    )
    license_type = models.CharField(
        _("license type wanted"), max_length=24, choices=RequestLicenseType.choices
    )
    # Blank is allowed for drafts (e.g. one created from a match); submitting
    # requires the field of use and the intended product.
    field_of_use = models.CharField(_("field of use"), max_length=300, blank=True)
    territory = models.CharField(_("territory"), max_length=200, default="日本")
    intended_product = models.TextField(_("intended product or service"), blank=True)
    development_plan = models.TextField(_("development plan and timeline"), blank=True)
    is_sme = models.BooleanField(_("small or medium-sized enterprise"), default=False)
    source = models.CharField(
        _("how you found it"),
        max_length=8,
        choices=RequestSource.choices,
        default=RequestSource.SEARCH,
    )
    # A plain id, not a FK: the matching app is independent of this one.
    source_match_id = models.PositiveIntegerField(_("match id"), null=True, blank=True)
    message = models.TextField(_("message to the listing owner"), blank=True)

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RequestStatus.choices,
        default=RequestStatus.DRAFT,
        db_index=True,
    )
    reason = models.CharField(
        _("reason"), max_length=24, choices=RequestReason.choices, blank=True
    )
    reason_note = models.TextField(_("reason (details)"), blank=True)

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    status_changed_at = models.DateTimeField(
        _("status changed at"), default=timezone.now
    )
    last_activity_at = models.DateTimeField(
        _("last activity at"), default=timezone.now, db_index=True
    )
    first_response_at = models.DateTimeField(
        _("first response at"), null=True, blank=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Reminder/warning bookkeeping: a reminder or warning is sent once for
    # each waiting period (it is due again only after a newer change).
    reminder_sent_at = models.DateTimeField(
        _("reminder sent at"), null=True, blank=True
    )
    expiry_warning_sent_at = models.DateTimeField(
        _("expiry warning sent at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("license request")
        verbose_name_plural = _("license requests")
        ordering = ["-last_activity_at", "-id"]
        indexes = [
            models.Index(fields=["listing", "status"]),
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["status", "last_activity_at"]),
        ]
        constraints = [
            # One open request per (listing, organisation) at a time.
            models.UniqueConstraint(
                fields=["listing", "organization"],
                condition=models.Q(status__in=[str(s) for s in OPEN_STATUSES]),
                name="uniq_open_request_per_listing_org",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.listing} ← {self.organization}"

    def get_absolute_url(self) -> str:
        return reverse("marketplace:request_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class RequestMessage(models.Model):
    """One message in a request's thread (between the two parties and admins)."""

    request = models.ForeignKey(
        LicenseRequest,
        verbose_name=_("license request"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("request message")
        verbose_name_plural = _("request messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


def _attachment_path(instance, filename: str) -> str:
    # The stored name never uses the uploaded name (kept in original_name).
    ext = os.path.splitext(filename)[1].lower()[:8]
    stamp = timezone.now().strftime("%Y/%m")
    return f"requests/{stamp}/{os.urandom(12).hex()}{ext}"


class RequestAttachment(models.Model):
    """A file attached to a message, stored privately, served only to the parties."""

    message = models.ForeignKey(
        RequestMessage,
        verbose_name=_("message"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(
        _("file"), upload_to=_attachment_path, storage=private_storage, max_length=200
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("marketplace:request_attachment", kwargs={"pk": self.pk})


class ListingImpressionDaily(models.Model):
    """How many times a listing appeared in search results on one day."""

    listing = models.ForeignKey(
        Listing,
        verbose_name=_("listing"),
        on_delete=models.CASCADE,
        related_name="impressions_daily",
    )
    date = models.DateField(_("date"))
    count = models.PositiveIntegerField(_("impressions"), default=0)

    class Meta:
        verbose_name = _("search impressions (daily)")
        verbose_name_plural = _("search impressions (daily)")
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "date"], name="uniq_listing_impression_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.listing_id} {self.date}: {self.count}"
