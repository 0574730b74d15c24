"""Writes for the marketplace: license requests, their thread, reminders, analytics.

Every change of a request's state goes through :func:`license_request_transition`,
which checks the (from, to, role) table in ``constants.TRANSITIONS``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

import jpholiday
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import OrganizationKind
from accounts.selectors import (
    WRITE_ROLES,
    user_can_act_for,
    user_has_role,
    user_is_platform_admin,
)
from accounts.services import audit_record, notification_send
from listings.constants import ListingStatus
from listings.models import Listing
from listings.services import listing_mark_assigned, listing_mark_licensed

from .constants import (
    EXCLUSIVE_TYPES,
    OPEN_STATUSES,
    REASONS_FOR,
    TRANSITIONS,
    WAITING_FOR_TLO,
    RequestLicenseType,
    RequestReason,
    RequestStatus,
    Role,
)
from .models import (
    LicenseRequest,
    ListingImpressionDaily,
    RequestAttachment,
    RequestMessage,
)
from .selectors import (
    license_request_roles,
    request_requester_recipients,
    request_tlo_recipients,
)

S = RequestStatus


class InvalidTransition(Exception):
    """A state change the table does not allow for this actor (nothing changed)."""

    def __init__(self, message: str, *, from_state: str = "", to_state: str = ""):
        super().__init__(message)
        self.message = message
        self.from_state = from_state
        self.to_state = to_state


# --- creation -----------------------------------------------------------------------

REQUEST_FIELDS = (
    "license_type",
    "field_of_use",
    "territory",
    "intended_product",
    "development_plan",
    "is_sme",
    "source",
    "source_match_id",
    "message",
)


# What a listing owner needs before a request reaches them.
SUBMIT_REQUIRED = ("field_of_use", "intended_product")


def _status_label(value: str) -> str:
    return str(RequestStatus(value).label) if value else ""


@transaction.atomic
def license_request_create(
    *, listing: Listing, by, organization, data: dict
) -> LicenseRequest:
    """Create a draft request of ``organization`` for a published listing.

    Raises PermissionDenied unless ``by`` may act for a verified company, and
    ValidationError when the listing is not on offer, the fields are invalid or
    the organisation already has an open request for this listing.
    """
    if organization is None or organization.kind != OrganizationKind.COMPANY:
        raise PermissionDenied(_("Only companies can request a license."))
    if not organization.is_verified:
        raise PermissionDenied(
            _(
                "Your organisation is not verified yet. A license can be requested "
                "once the platform team has verified it."
            )
        )
    if not user_can_act_for(user=by, organization=organization):
        raise PermissionDenied(_("You may not act for this organisation."))
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.status != ListingStatus.PUBLISHED or not listing.owner.is_verified:
        raise ValidationError(_("This listing is not on offer."))
    if LicenseRequest.objects.filter(
        listing=listing, organization=organization, status__in=OPEN_STATUSES
    ).exists():
        raise ValidationError(
            _("Your organisation already has an open request for this listing.")
        )
    now = timezone.now()
    request = LicenseRequest(
        listing=listing,
        organization=organization,
        created_by=by,
        created_at=now,
        status_changed_at=now,
        last_activity_at=now,
        **{key: data[key] for key in REQUEST_FIELDS if key in data},
    )
    request.full_clean()
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError as exc:  # a concurrent create won the race
        raise ValidationError(
            _("Your organisation already has an open request for this listing.")
        ) from exc
    audit_record(
        actor=by,
        action="license_request.create",
        target=request,
        organization=organization,
        to_state=S.DRAFT,
    )
    return request


@transaction.atomic
def license_request_update(
    *, request: LicenseRequest, by, data: dict
) -> LicenseRequest:
    """Change the fields of a draft request (requester only)."""
    request = LicenseRequest.objects.select_for_update().get(pk=request.pk)
    if Role.REQUESTER not in license_request_roles(user=by, request=request):
        raise PermissionDenied(_("You may not change this request."))
    if request.status != S.DRAFT:
        raise InvalidTransition(
            _("Only a draft can be edited."), from_state=request.status
        )
    for key in REQUEST_FIELDS:
        if key in data:
            setattr(request, key, data[key])
    request.full_clean()
    request.save()
    return request


def license_request_submit(*, request: LicenseRequest, by) -> LicenseRequest:
    """Submit a draft to the listing owner (requester only)."""
    return license_request_transition(request=request, by=by, to=S.SUBMITTED)


# --- transitions --------------------------------------------------------------------


def _acting_role(roles: set[str], allowed: frozenset[str]) -> str | None:
    for role in (Role.REQUESTER, Role.TLO, Role.ADMIN, Role.SYSTEM):
        if role in roles and role in allowed:
            return role
    return None


def _listing_actor(request: LicenseRequest, by):
    """The listing owner's user the listing services run as."""
    if by is not None and (
        user_is_platform_admin(by)
        or user_has_role(user=by, organization=request.listing.owner, roles=WRITE_ROLES)
    ):
        return by
    candidates = request_tlo_recipients(request=request)
    return candidates[0] if candidates else None


def _apply_listing_effects(request: LicenseRequest, by) -> None:
    """Update the listing after a won deal; close the others for exclusive ones."""
    listing = Listing.objects.select_for_update().get(pk=request.listing_id)
    if listing.status != ListingStatus.PUBLISHED:
        return
    actor = _listing_actor(request, by)
    if actor is None:
        return
    reason = f"license_request#{request.pk}"
    takes_off_market = request.license_type in (
        *EXCLUSIVE_TYPES,
        RequestLicenseType.ASSIGNMENT,
    )
    if request.license_type == RequestLicenseType.ASSIGNMENT:
        listing_mark_assigned(listing=listing, by=actor, reason=reason)
    elif request.license_type in EXCLUSIVE_TYPES:
        listing_mark_licensed(listing=listing, by=actor, exclusive=True, reason=reason)
    elif request.license_type == RequestLicenseType.NON_EXCLUSIVE:
        listing_mark_licensed(listing=listing, by=actor, exclusive=False, reason=reason)
    if takes_off_market:
        others = LicenseRequest.objects.filter(
            listing=listing, status__in=OPEN_STATUSES
        ).exclude(pk=request.pk)
        for other in others:
            _transition(
                request=other,
                by=None,
                to=S.CLOSED_LOST,
                reason=RequestReason.LISTING_UNAVAILABLE,
                note=_("The listing is no longer available."),
                role=Role.SYSTEM,
            )


def _notify_transition(request: LicenseRequest, *, by, role: str, frm: str, to: str):
    if frm == S.DRAFT and to != S.SUBMITTED:
        # The listing owner never saw the draft: only the requester hears of it.
        recipients = (
            request_requester_recipients(request=request)
            if role != Role.REQUESTER
            else []
        )
    elif role == Role.REQUESTER:
        recipients = request_tlo_recipients(request=request)
    elif role == Role.TLO or request.reason == RequestReason.LISTING_UNAVAILABLE:
        # The listing owner closed the deal that made this one moot: they know.
        recipients = request_requester_recipients(request=request)
    else:
        recipients = [
            *request_tlo_recipients(request=request),
            *request_requester_recipients(request=request),
        ]
    recipients = [user for user in recipients if by is None or user.pk != by.pk]
    if not recipients:
        return
    notification_send(
        recipients=recipients,
        verb="license_request.transition",
        template="marketplace/email/request_transition",
        context={
            "request": request,
            "listing": request.listing,
            "actor": by,
            "role": role,
            "from_state": frm,
            "to_state": to,
            "reason": request.reason if to in REASONS_FOR else "",
            "reason_note": request.reason_note if to in REASONS_FOR else "",
        },
        url=request.get_absolute_url(),
    )


def _transition(
    *,
    request: LicenseRequest,
    by,
    to: str,
    reason: str = "",
    note: str = "",
    role: str,
) -> LicenseRequest:
    """Apply an already-authorised transition to a locked request."""
    now = timezone.now()
    frm = request.status
    request.status = to
    request.status_changed_at = now
    request.last_activity_at = now
    if to in REASONS_FOR:
        request.reason = reason
        request.reason_note = note
    if to == S.SUBMITTED:
        request.submitted_at = now
    if role == Role.TLO and request.first_response_at is None:
        request.first_response_at = now
    if to not in OPEN_STATUSES:
        request.closed_at = now
    request.save()
    audit_record(
        actor=by,
        action=f"license_request.{to}",
        target=request,
        organization=request.organization,
        from_state=frm,
        to_state=to,
        reason=reason or "",
        data={"role": str(role), "note": note} if note else {"role": str(role)},
    )
    _notify_transition(request, by=by, role=role, frm=frm, to=to)
    if to == S.CLOSED_WON:
        _apply_listing_effects(request, by)
    return request


@transaction.atomic
def license_request_transition(
    *, request: LicenseRequest, by, to: str, reason: str = "", note: str = ""
) -> LicenseRequest:
    """Move ``request`` to state ``to`` on behalf of ``by`` (None = the system).

    The (from, to, role) table decides; the request row is locked first so two
    concurrent moves cannot both pass the check. Writes an audit event, notifies
    the other side (in-app and e-mail in each recipient's language) and, for a
    won deal, updates the listing and closes its other open requests when the
    deal was exclusive or an assignment.

    Raises InvalidTransition (nothing changed) when the move is not allowed, and
    ValidationError when the target needs a reason that is missing or unknown.
    """
    request = (
        LicenseRequest.objects.select_for_update()
        .select_related("listing", "listing__owner", "organization")
        .get(pk=request.pk)
    )
    frm = request.status
    roles = (
        {Role.SYSTEM} if by is None else license_request_roles(user=by, request=request)
    )
    allowed = TRANSITIONS.get((frm, to), frozenset())
    role = _acting_role(roles, allowed)
    if role is None:
        raise InvalidTransition(
            _("This request cannot move from “%(from)s” to “%(to)s” by you.")
            % {
                "from": _status_label(frm),
                "to": _status_label(to) if to in S.values else to,
            },
            from_state=frm,
            to_state=to,
        )
    if to == S.SUBMITTED:
        missing = {
            name: _("Fill this in before submitting.")
            for name in SUBMIT_REQUIRED
            if not str(getattr(request, name) or "").strip()
        }
        if missing:
            raise ValidationError(missing)
    if to in REASONS_FOR:
        if reason not in REASONS_FOR[to]:
            raise ValidationError({"reason": _("Choose a reason.")})
        if reason == RequestReason.OTHER and not note.strip():
            raise ValidationError({"note": _("Explain the reason.")})
    return _transition(
        request=request, by=by, to=to, reason=reason, note=note, role=role
    )


@transaction.atomic
def license_request_reassign(
    *, request: LicenseRequest, by, assignee
) -> LicenseRequest:
    """Admin or listing-owner staff: hand the request to another staff member."""
    request = LicenseRequest.objects.select_for_update().get(pk=request.pk)
    roles = license_request_roles(user=by, request=request)
    if not roles & {Role.ADMIN, Role.TLO}:
        raise PermissionDenied(_("You may not reassign this request."))
    if assignee is not None and not user_has_role(
        user=assignee, organization=request.listing.owner, roles=WRITE_ROLES
    ):
        raise ValidationError(
            {"assignee": _("The assignee must be staff of the listing owner.")}
        )
    previous = request.assignee
    request.assignee = assignee
    request.save(update_fields=["assignee"])
    audit_record(
        actor=by,
        action="license_request.reassign",
        target=request,
        organization=request.organization,
        data={
            "from_assignee": previous.pk if previous else None,
            "to_assignee": assignee.pk if assignee else None,
        },
    )
    if assignee is not None and assignee != by:
        notification_send(
            recipients=[assignee],
            verb="license_request.assigned",
            template="marketplace/email/request_assigned",
            context={"request": request, "listing": request.listing, "actor": by},
            url=request.get_absolute_url(),
        )
    return request


# --- messages and attachments -------------------------------------------------------

# Extension -> (content type, magic-byte prefixes; empty = any text).
ATTACHMENT_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (b"PK\x03\x04",),
    ),
    ".zip": ("application/zip", (b"PK\x03\x04", b"PK\x05\x06")),
    ".txt": ("text/plain", ()),
    ".csv": ("text/csv", ()),
}


def _max_attachment_bytes() -> int:
    return int(getattr(settings, "REQUEST_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))


def attachment_check(upload) -> str:
    """Return the content type of an allowed upload; ValidationError otherwise.

    Checks the size, the extension and the first bytes (so a renamed
    executable is refused whatever its name says).
    """
    name = os.path.basename(getattr(upload, "name", "") or "")
    ext = os.path.splitext(name)[1].lower()
    if ext not in ATTACHMENT_TYPES:
        raise ValidationError(
            _("%(name)s: this file type is not allowed.") % {"name": name}
        )
    if upload.size > _max_attachment_bytes():
        raise ValidationError(
            _("%(name)s is larger than %(mb)s MB.")
            % {"name": name, "mb": _max_attachment_bytes() // (1024 * 1024)}
        )
    content_type, magics = ATTACHMENT_TYPES[ext]
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if magics:
        ok = any(head.startswith(magic) for magic in magics)
    else:
        # Text files: no NUL bytes and decodable as UTF-8 (or Shift_JIS).
        ok = b"\x00" not in head and _decodes(head)
    if not ok:
        raise ValidationError(
            _("%(name)s: the content does not match its file type.") % {"name": name}
        )
    return content_type


def _decodes(head: bytes) -> bool:
    for encoding in ("utf-8", "cp932"):
        try:
            # The sample may cut a multi-byte character: ignore the tail.
            head[:-4].decode(encoding) if len(head) >= 2048 else head.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


@transaction.atomic
def request_message_post(
    *, request: LicenseRequest, by, body: str, files: Sequence = ()
) -> RequestMessage:
    """Post a message (with attachments) to the request's thread.

    Parties and admins only (PermissionDenied otherwise). A requester's answer
    while information is requested moves the request back to triage. Notifies
    the other side.
    """
    request = (
        LicenseRequest.objects.select_for_update()
        .select_related("listing", "listing__owner", "organization")
        .get(pk=request.pk)
    )
    roles = license_request_roles(user=by, request=request)
    if not roles:
        raise PermissionDenied(_("You may not write in this thread."))
    if request.status == S.DRAFT and Role.REQUESTER not in roles:
        raise PermissionDenied(_("You may not write in this thread."))
    body = (body or "").strip()
    if not body and not files:
        raise ValidationError({"body": _("Write a message or attach a file.")})
    if not request.is_open:
        raise InvalidTransition(
            _("This request is closed: no more messages can be posted."),
            from_state=request.status,
        )
    checked = [(upload, attachment_check(upload)) for upload in files]
    now = timezone.now()
    message = RequestMessage.objects.create(
        request=request, author=by, body=body, created_at=now
    )
    for upload, content_type in checked:
        RequestAttachment.objects.create(
            message=message,
            file=upload,
            original_name=os.path.basename(upload.name)[:255],
            content_type=content_type,
            size=upload.size,
        )
    role = _acting_role(roles, frozenset(roles))
    updates = {"last_activity_at": now}
    if (
        Role.TLO in roles
        and Role.REQUESTER not in roles
        and request.first_response_at is None
        and request.status != S.DRAFT
    ):
        updates["first_response_at"] = now
    LicenseRequest.objects.filter(pk=request.pk).update(**updates)
    for key, value in updates.items():
        setattr(request, key, value)
    if request.status == S.INFO_REQUESTED and Role.REQUESTER in roles:
        _transition(request=request, by=by, to=S.TRIAGE, role=Role.REQUESTER)
    elif request.status != S.DRAFT:
        if role == Role.REQUESTER:
            recipients = request_tlo_recipients(request=request)
        elif role == Role.TLO:
            recipients = request_requester_recipients(request=request)
        else:
            recipients = [
                *request_tlo_recipients(request=request),
                *request_requester_recipients(request=request),
            ]
        notification_send(
            recipients=[u for u in recipients if u.pk != by.pk],
            verb="license_request.message",
            template="marketplace/email/request_message",
            context={
                "request": request,
                "listing": request.listing,
                "message": message,
            },
            url=request.get_absolute_url(),
        )
    return message


# --- time: reminders and expiry -----------------------------------------------------


def is_business_day(day) -> bool:
    """Mon–Fri and not a Japanese public holiday (振替休日 included)."""
    return day.weekday() < 5 and not jpholiday.is_holiday(day)


def add_business_days(start: datetime, days: int) -> datetime:
    """``start`` moved forward by ``days`` business days (local time)."""
    current = timezone.localtime(start)
    added = 0
    while added < days:
        current += timedelta(days=1)
        if is_business_day(current.date()):
            added += 1
    return current


def license_request_send_reminders(*, now: datetime | None = None) -> int:
    """Remind the listing owner of requests waiting in submitted/triage too long.

    Sends once per waiting period (a newer status change makes it due again);
    safe to run twice. Returns how many reminders were sent.
    """
    now = now or timezone.now()
    days = int(getattr(settings, "REQUEST_REMINDER_BUSINESS_DAYS", 5))
    sent = 0
    candidates = LicenseRequest.objects.filter(status__in=WAITING_FOR_TLO).values_list(
        "pk", flat=True
    )
    for pk in list(candidates):
        with transaction.atomic():
            request = (
                LicenseRequest.objects.select_for_update()
                .select_related("listing", "listing__owner", "organization")
                .get(pk=pk)
            )
            if request.status not in WAITING_FOR_TLO:
                continue
            if (
                request.reminder_sent_at
                and request.reminder_sent_at > request.status_changed_at
            ):
                continue
            if add_business_days(request.status_changed_at, days) > now:
                continue
            request.reminder_sent_at = now
            request.save(update_fields=["reminder_sent_at"])
            audit_record(
                actor=None,
                action="license_request.reminder",
                target=request,
                organization=request.organization,
                data={"business_days": days},
            )
            notification_send(
                recipients=request_tlo_recipients(request=request),
                verb="license_request.reminder",
                template="marketplace/email/request_reminder",
                context={"request": request, "listing": request.listing, "days": days},
                url=request.get_absolute_url(),
            )
            sent += 1
    return sent


def license_request_expire_inactive(*, now: datetime | None = None) -> dict[str, int]:
    """Warn both sides of inactive requests, then expire them.

    A warning goes out once per period of inactivity (at
    REQUEST_EXPIRY_WARNING_DAYS); after REQUEST_EXPIRY_DAYS without activity the
    request moves to ``expired``. Drafts are left alone. Safe to run twice.
    """
    now = now or timezone.now()
    warn_days = int(getattr(settings, "REQUEST_EXPIRY_WARNING_DAYS", 30))
    expiry_days = int(getattr(settings, "REQUEST_EXPIRY_DAYS", 45))
    result = {"warned": 0, "expired": 0}
    active = [s for s in OPEN_STATUSES if s != S.DRAFT]
    pks = LicenseRequest.objects.filter(
        status__in=active, last_activity_at__lte=now - timedelta(days=warn_days)
    ).values_list("pk", flat=True)
    for pk in list(pks):
        with transaction.atomic():
            request = (
                LicenseRequest.objects.select_for_update()
                .select_related("listing", "listing__owner", "organization")
                .get(pk=pk)
            )
            if request.status not in active:
                continue
            idle = now - request.last_activity_at
            if idle >= timedelta(days=expiry_days):
                _transition(request=request, by=None, to=S.EXPIRED, role=Role.SYSTEM)
                result["expired"] += 1
            elif idle >= timedelta(days=warn_days) and not (
                request.expiry_warning_sent_at
                and request.expiry_warning_sent_at > request.last_activity_at
            ):
                request.expiry_warning_sent_at = now
                request.save(update_fields=["expiry_warning_sent_at"])
                audit_record(
                    actor=None,
                    action="license_request.expiry_warning",
                    target=request,
                    organization=request.organization,
                )
                expires_on = timezone.localtime(
                    request.last_activity_at + timedelta(days=expiry_days)
                ).date()
                notification_send(
                    recipients=[
                        *request_tlo_recipients(request=request),
                        *request_requester_recipients(request=request),
                    ],
                    verb="license_request.expiry_warning",
                    template="marketplace/email/request_expiry_warning",
                    context={
                        "request": request,
                        "listing": request.listing,
                        "expires_on": expires_on,
                    },
                    url=request.get_absolute_url(),
                )
                result["warned"] += 1
    return result


# --- analytics ----------------------------------------------------------------------


def listing_impressions_record(*, listing_ids: Iterable[int], day=None) -> None:
    """Count one search impression for each listing today.

    One statement whatever the page size (an upsert that adds one to the
    day's row or creates it), so a search stays fast and two searches at the
    same moment never lose a count. Ids in ascending order: concurrent
    searches lock the rows in the same order.
    """
    day = day or timezone.localdate()
    ids = sorted({int(pk) for pk in listing_ids})
    if not ids:
        return
    table = connection.ops.quote_name(ListingImpressionDaily._meta.db_table)
    rows = ", ".join(["(%s, %s, 1)"] * len(ids))
    params: list = []
    for pk in ids:
        params.extend((pk, day))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (listing_id, date, count) VALUES {rows} "
            "ON CONFLICT (listing_id, date) "
            f"DO UPDATE SET count = {table}.count + 1",
            params,
        )
