"""Operators' admin for license requests (read-mostly; changes go through services)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditEvent

from . import services
from .constants import RequestReason, RequestStatus
from .models import (
    LicenseRequest,
    ListingImpressionDaily,
    RequestAttachment,
    RequestMessage,
)


class RequestMessageInline(admin.TabularInline):
    model = RequestMessage
    extra = 0
    can_delete = False
    fields = ["created_at", "author", "body", "files"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("attachments"))
    def files(self, obj) -> str:
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((a.get_absolute_url(), a.original_name) for a in obj.attachments.all()),
        )


def _close(modeladmin, request, queryset, *, to: str, reason: str = "") -> None:
    done = refused = 0
    for lr in queryset:
        try:
            services.license_request_transition(
                request=lr, by=request.user, to=to, reason=reason
            )
            done += 1
        except (services.InvalidTransition, ValidationError):
            refused += 1
    modeladmin.message_user(request, _("%(n)d request(s) closed.") % {"n": done})
    if refused:
        modeladmin.message_user(
            request,
            _("%(n)d request(s) could not be closed from their state.")
            % {"n": refused},
            level=messages.WARNING,
        )


@admin.register(LicenseRequest)
class LicenseRequestAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "listing",
        "listing_owner",
        "organization",
        "license_type",
        "status",
        "assignee",
        "last_activity_at",
    ]
    list_filter = [
        "status",
        "license_type",
        ("listing__owner", admin.RelatedOnlyFieldListFilter),
        ("organization", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["listing__title", "organization__name_ja", "organization__name_en"]
    list_select_related = ["listing", "listing__owner", "organization", "assignee"]
    date_hierarchy = "created_at"
    inlines = [RequestMessageInline]
    actions = ["close_stalled", "mark_expired"]
    readonly_fields = [
        f.name for f in LicenseRequest._meta.fields if f.name != "id"
    ] + ["audit_trail"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("listing owner"), ordering="listing__owner__name_ja")
    def listing_owner(self, obj) -> str:
        return str(obj.listing.owner)

    @admin.display(description=_("audit trail"))
    def audit_trail(self, obj) -> str:
        events = (
            AuditEvent.objects.filter(
                target_type="marketplace.licenserequest", target_id=str(obj.pk)
            )
            .select_related("actor")
            .order_by("created_at", "id")
        )
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} → {}</td><td>{}</td></tr>",
            (
                (
                    e.created_at.strftime("%Y-%m-%d %H:%M"),
                    e.actor or "—",
                    e.action,
                    e.from_state,
                    e.to_state,
                    e.reason,
                )
                for e in events
            ),
        )
        return format_html("<table>{}</table>", rows)

    @admin.action(description=_("Close selected stalled requests (no deal)"))
    def close_stalled(self, request, queryset):
        _close(
            self,
            request,
            queryset,
            to=RequestStatus.CLOSED_LOST,
            reason=RequestReason.STALLED,
        )

    @admin.action(description=_("Mark selected requests expired"))
    def mark_expired(self, request, queryset):
        _close(self, request, queryset, to=RequestStatus.EXPIRED)


@admin.register(RequestAttachment)
class RequestAttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "content_type", "size", "created_at"]
    readonly_fields = [
        "message",
        "file",
        "original_name",
        "content_type",
        "size",
        "created_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ListingImpressionDaily)
class ListingImpressionDailyAdmin(admin.ModelAdmin):
    list_display = ["listing", "date", "count"]
    list_filter = ["date"]
    raw_id_fields = ["listing"]
