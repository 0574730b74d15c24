"""Reads for the marketplace: health, home page, dashboards and license requests."""

from __future__ import annotations

from datetime import timedelta
from statistics import median

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, FieldError
from django.db import connection
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditEvent
from accounts.selectors import (
    WRITE_ROLES,
    membership_get_active,
    organization_active_users,
    organization_list_for_user,
    user_can_act_for,
    user_has_role,
    user_is_platform_admin,
)
from listings.models import Listing

from .constants import OPEN_STATUSES, RequestReason, RequestStatus, Role
from .models import LicenseRequest, ListingImpressionDaily, RequestAttachment


def _database_health() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True, "detail": connection.vendor}
    except Exception as exc:
        return {"ok": False, "detail": exc.__class__.__name__}


def _broker_health() -> dict:
    url = settings.CELERY_BROKER_URL
    if not url:
        return {"ok": True, "detail": "embedded (tasks run in-process)"}
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
        return {"ok": True, "detail": "redis"}
    except Exception as exc:
        return {"ok": False, "detail": exc.__class__.__name__}


def health_report() -> dict:
    """Check the database, the broker and the search backend; never raises."""
    from search.selectors import search_backend_health

    report = {
        "database": _database_health(),
        "broker": _broker_health(),
        "search": search_backend_health(),
    }
    report["ok"] = all(part["ok"] for part in report.values() if isinstance(part, dict))
    return report


# --- license requests ---------------------------------------------------------------


def license_request_roles(*, user, request) -> set[str]:
    """The roles ``user`` holds on ``request``: requester, tlo and/or admin.

    Acting for the requester needs a write role in a verified organisation
    (accounts.selectors.user_can_act_for); acting for the listing owner needs a
    write role in the owning organisation.
    """
    roles: set[str] = set()
    if not (user and user.is_authenticated and user.is_active):
        return roles
    if user_can_act_for(user=user, organization=request.organization):
        roles.add(Role.REQUESTER)
    if user_has_role(user=user, organization=request.listing.owner, roles=WRITE_ROLES):
        roles.add(Role.TLO)
    if user_is_platform_admin(user):
        roles.add(Role.ADMIN)
    return roles


def license_request_list_visible(*, user):
    """Requests the user may open: their organisations' own and received ones.

    The listing owner never sees a requester's drafts. Admins see everything.
    """
    qs = LicenseRequest.objects.select_related(
        "listing", "listing__owner", "organization", "assignee", "created_by"
    )
    if user_is_platform_admin(user):
        return qs
    if not (user and user.is_authenticated):
        return qs.none()
    own = organization_list_for_user(user=user).values("pk")
    return qs.filter(
        Q(organization__in=own)
        | (Q(listing__owner__in=own) & ~Q(status=RequestStatus.DRAFT))
    )


def license_request_get_visible(*, user, pk):
    """Return the request if the user may open it, else raise Http404."""
    try:
        return license_request_list_visible(user=user).get(pk=pk)
    except (LicenseRequest.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such request.") from exc


def license_request_list_for_requester(*, user):
    """Requests made by the user's organisations (newest activity first)."""
    return license_request_list_visible(user=user).filter(
        organization__in=organization_list_for_user(user=user).values("pk")
    )


def license_request_list_inbox(
    *, organizations, status: str = "", assignee_id: int | None = None
):
    """Submitted requests received for the listings of ``organizations``."""
    qs = (
        LicenseRequest.objects.filter(listing__owner__in=organizations)
        .exclude(status=RequestStatus.DRAFT)
        .select_related("listing", "organization", "assignee")
    )
    if status:
        qs = qs.filter(status=status)
    if assignee_id == 0:
        qs = qs.filter(assignee__isnull=True)
    elif assignee_id:
        qs = qs.filter(assignee_id=assignee_id)
    return qs


def license_request_status_counts(*, queryset) -> dict[str, int]:
    """Counts per status of ``queryset`` (every status present, zeros included)."""
    counts = dict.fromkeys(RequestStatus.values, 0)
    for row in queryset.order_by().values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts


def license_request_list_stalled(*, days: int, status: str = "", now=None):
    """Open, submitted requests with no activity for more than ``days`` days."""
    now = now or timezone.now()
    qs = LicenseRequest.objects.filter(
        status__in=[s for s in OPEN_STATUSES if s != RequestStatus.DRAFT],
        last_activity_at__lt=now - timedelta(days=days),
    ).select_related("listing", "listing__owner", "organization", "assignee")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("last_activity_at")


def license_request_timeline(*, request) -> list[dict]:
    """Audit events and messages of a request, oldest first."""
    events = AuditEvent.objects.filter(
        target_type="marketplace.licenserequest", target_id=str(request.pk)
    ).select_related("actor")

    other_labels = {
        "license_request.create": _("Draft created"),
        "license_request.reassign": _("Assignee changed"),
        "license_request.reminder": _("Reminder sent to the listing owner"),
        "license_request.expiry_warning": _("Expiry warning sent"),
    }
    items = []
    for e in events:
        if e.action == "license_request.create":
            label = other_labels[e.action]
        elif e.to_state in RequestStatus.values:
            label = RequestStatus(e.to_state).label
        else:
            label = other_labels.get(e.action, e.action)
        reason = (
            RequestReason(e.reason).label if e.reason in RequestReason.values else ""
        )
        items.append(
            {
                "kind": "event",
                "at": e.created_at,
                "event": e,
                "actor": e.actor,
                "label": label,
                "is_status": bool(e.to_state) and e.action != "license_request.create",
                "reason": reason,
            }
        )
    for m in request.messages.select_related("author").prefetch_related("attachments"):
        items.append(
            {"kind": "message", "at": m.created_at, "message": m, "actor": m.author}
        )
    items.sort(key=lambda item: (item["at"], 0 if item["kind"] == "event" else 1))
    return items


def request_attachment_get_visible(*, user, pk):
    """Return the attachment if the user may open its request, else Http404."""
    try:
        attachment = RequestAttachment.objects.select_related("message").get(pk=pk)
    except (RequestAttachment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such attachment.") from exc
    license_request_get_visible(user=user, pk=attachment.message.request_id)
    return attachment


def request_tlo_recipients(*, request):
    """Users on the listing owner's side who hear about a request."""
    if request.assignee_id and request.assignee.is_active:
        return [request.assignee]
    return list(
        organization_active_users(organization=request.listing.owner, roles=WRITE_ROLES)
    )


def request_requester_recipients(*, request):
    """Users on the requesting side who hear about a request."""
    creator = request.created_by
    if (
        creator
        and creator.is_active
        and membership_get_active(user=creator, organization=request.organization)
    ):
        return [creator]
    return list(
        organization_active_users(organization=request.organization, roles=WRITE_ROLES)
    )


# --- TLO analytics ------------------------------------------------------------------


def user_can_view_analytics(*, user, organization) -> bool:
    """Active members of the organisation see its analytics; admins see any."""
    return user_is_platform_admin(user) or (
        membership_get_active(user=user, organization=organization) is not None
    )


def _match_model():
    """matching.Match when that app provides it, else None (built independently)."""
    try:
        return apps.get_model("matching", "Match")
    except LookupError:
        return None


def _median_days(pairs) -> float | None:
    days = [
        (answered - submitted).total_seconds() / 86400
        for submitted, answered in pairs
        if submitted and answered and answered >= submitted
    ]
    return round(median(days), 1) if days else None


def _match_figures(listing_ids) -> dict:
    """Match proposals / approvals / interest per listing, and not-interested reasons."""
    empty = {"per_listing": {}, "not_interested_reasons": {}, "available": False}
    Match = _match_model()
    if Match is None:
        return empty
    approved_like = ["approved", "sent", "viewed", "interested", "not_interested"]
    try:
        rows = (
            Match.objects.filter(listing_id__in=listing_ids)
            .order_by()
            .values("listing_id")
            .annotate(
                proposals=Count("id"),
                approvals=Count("id", filter=Q(status__in=approved_like)),
                interest=Count("id", filter=Q(status="interested")),
            )
        )
        per_listing = {row["listing_id"]: row for row in rows}
        reasons = dict(
            Match.objects.filter(listing_id__in=listing_ids, status="not_interested")
            .exclude(reason="")
            .order_by()
            .values_list("reason")
            .annotate(n=Count("id"))
        )
    except FieldError:  # the matching app changed its fields: report nothing
        return empty
    return {
        "per_listing": per_listing,
        "not_interested_reasons": reasons,
        "available": True,
    }


def analytics_report(*, organization, listing=None) -> dict:
    """Figures of one organisation's listings (or of one of them) for the TLO.

    Views, search impressions, match proposals/approvals/interest, requests by
    state, median days to first response, decline and not-interested reasons.
    """
    listings = Listing.objects.filter(owner=organization).order_by("-view_count", "id")
    if listing is not None:
        listings = listings.filter(pk=listing.pk)
    listings = list(listings.only("id", "title", "status", "view_count"))
    ids = [item.pk for item in listings]
    impressions = dict(
        ListingImpressionDaily.objects.filter(listing_id__in=ids)
        .order_by()
        .values_list("listing_id")
        .annotate(total=Sum("count"))
    )
    requests = LicenseRequest.objects.filter(listing_id__in=ids).exclude(
        status=RequestStatus.DRAFT
    )
    per_listing_requests: dict[int, int] = dict(
        requests.order_by().values_list("listing_id").annotate(n=Count("id"))
    )
    matches = _match_figures(ids)
    rows = []
    for item in listings:
        m = matches["per_listing"].get(item.pk, {})
        rows.append(
            {
                "listing": item,
                "views": item.view_count,
                "impressions": impressions.get(item.pk) or 0,
                "proposals": m.get("proposals", 0),
                "approvals": m.get("approvals", 0),
                "interest": m.get("interest", 0),
                "requests": per_listing_requests.get(item.pk, 0),
            }
        )
    by_state = license_request_status_counts(queryset=requests)
    by_state.pop(RequestStatus.DRAFT, None)
    reasons = dict(
        requests.filter(status__in=[RequestStatus.DECLINED, RequestStatus.CLOSED_LOST])
        .exclude(reason="")
        .order_by()
        .values_list("reason")
        .annotate(n=Count("id"))
    )
    match_reason_labels = {}
    Match = _match_model()
    if Match is not None:
        try:
            match_reason_labels = dict(Match._meta.get_field("reason").choices or [])
        except FieldDoesNotExist:
            match_reason_labels = {}
    return {
        "organization": organization,
        "listing": listing,
        "rows": rows,
        "totals": {
            key: sum(row[key] for row in rows)
            for key in (
                "views",
                "impressions",
                "proposals",
                "approvals",
                "interest",
                "requests",
            )
        },
        "by_state": [
            (RequestStatus(value).label, value, n) for value, n in by_state.items()
        ],
        "median_first_response_days": _median_days(
            requests.values_list("submitted_at", "first_response_at")
        ),
        "decline_reasons": [
            (RequestReason(value).label if value in RequestReason.values else value, n)
            for value, n in sorted(reasons.items(), key=lambda kv: -kv[1])
        ],
        "not_interested_reasons": [
            (match_reason_labels.get(value, value), n)
            for value, n in sorted(
                matches["not_interested_reasons"].items(), key=lambda kv: -kv[1]
            )
        ],
        "matching_available": matches["available"],
    }


def license_request_open_for(*, listing, organization):
    """The organisation's open request for the listing, or None."""
    return (
        LicenseRequest.objects.filter(
            listing=listing, organization=organization, status__in=OPEN_STATUSES
        )
        .order_by("-created_at")
        .first()
    )
