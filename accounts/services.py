"""Writes for accounts: sign-up, organisations, memberships, invitations, notices."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from config.tasks import enqueue

from .constants import MembershipStatus, OrganizationKind, Role
from .models import (
    AuditEvent,
    Invitation,
    Membership,
    Notification,
    Organization,
    TaskOutbox,
    User,
)
from .selectors import (
    membership_get_active,
    organization_owner_users,
    user_can_manage_organization,
    user_is_platform_admin,
)

# --- audit and notifications ------------------------------------------------------


def audit_record(
    *,
    actor,
    action: str,
    target,
    organization: Organization | None = None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict | None = None,
) -> AuditEvent:
    """Append an audit event for ``target`` (any model instance)."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        organization=organization,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        from_state=from_state or "",
        to_state=to_state or "",
        reason=reason or "",
        data=data or {},
    )


def _render_message(template: str, context: dict, language: str) -> tuple[str, str]:
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context).strip()
    return " ".join(subject.split()), body


def email_send(
    *, to: Iterable[str], template: str, context: dict, language: str = "ja"
) -> None:
    """Render ``<template>_subject.txt``/``_body.txt`` and queue the e-mail on commit."""
    from .tasks import send_email

    subject, body = _render_message(
        template, {"SITE_URL": settings.SITE_URL, **context}, language
    )
    recipients = [address for address in to if address]
    if recipients:
        enqueue(send_email, subject=subject, body=body, to=recipients)


def notification_send(
    *,
    recipients: Iterable[User],
    verb: str,
    template: str,
    context: dict,
    url: str = "",
    email: bool = True,
) -> list[Notification]:
    """Notify each recipient in-app and by e-mail, in the recipient's own language.

    ``template`` names a pair ``<template>_subject.txt`` / ``<template>_body.txt``.
    E-mails are queued with ``config.tasks.enqueue``: nothing is sent for a
    rolled-back write, and a broker outage keeps them in the outbox.
    """
    created = []
    full_context = {"SITE_URL": settings.SITE_URL, "url": url, **context}
    for user in {u.pk: u for u in recipients if u and u.is_active}.values():
        language = user.preferred_language or settings.LANGUAGE_CODE
        subject, body = _render_message(
            template, {**full_context, "recipient": user}, language
        )
        created.append(
            Notification.objects.create(
                recipient=user, verb=verb, title=subject[:300], body=body, url=url
            )
        )
        if email:
            from .tasks import send_email

            enqueue(send_email, subject=subject, body=body, to=[user.email])
    return created


def notification_mark_read(
    *, user, notification_ids: Iterable[int] | None = None
) -> int:
    """Mark the user's notifications read (all of them when no ids are given)."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())


# --- organisations ------------------------------------------------------------------


def _unique_slug(base: str) -> str:
    base = slugify(base)[:60] or "org"
    slug, n = base, 2
    while Organization.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def organization_create(
    *, by: User, kind: str, name_ja: str, name_en: str = "", **fields
) -> Organization:
    """Create an unverified organisation with ``by`` as its owner."""
    if kind == OrganizationKind.PLATFORM and not user_is_platform_admin(by):
        raise PermissionDenied(
            _("Only platform admins can create platform organisations.")
        )
    slug = fields.pop("slug", "") or _unique_slug(name_en or name_ja)
    organization = Organization(
        kind=kind, name_ja=name_ja, name_en=name_en, slug=slug, **fields
    )
    organization.full_clean()
    organization.save()
    Membership.objects.create(
        user=by,
        organization=organization,
        role=Role.OWNER,
        status=MembershipStatus.ACTIVE,
    )
    audit_record(
        actor=by,
        action="organization.create",
        target=organization,
        organization=organization,
    )
    admins = User.objects.filter(is_staff=True, is_active=True)
    notification_send(
        recipients=admins,
        verb="organization.pending_verification",
        template="accounts/email/organization_pending",
        context={"organization": organization},
        url=f"/admin/accounts/organization/{organization.pk}/change/",
    )
    return organization


ORGANIZATION_EDITABLE_FIELDS = (
    "name_ja", "name_en", "prefecture", "size_band", "jsic_industry", "website", "description",
)  # fmt: skip


def organization_update(
    *, organization: Organization, by: User, data: dict
) -> Organization:
    """Update the organisation's public profile; owners and admins only."""
    if not user_can_manage_organization(user=by, organization=organization):
        raise PermissionDenied(
            _("Only the organisation's owners can change its settings.")
        )
    changed = {}
    for field in ORGANIZATION_EDITABLE_FIELDS:
        if field in data and getattr(organization, field) != data[field]:
            changed[field] = data[field]
            setattr(organization, field, data[field])
    organization.full_clean()
    organization.save()
    if changed:
        audit_record(
            actor=by,
            action="organization.update",
            target=organization,
            organization=organization,
            data={"fields": sorted(changed)},
        )
    return organization


def organization_verify(*, organization: Organization, by: User) -> Organization:
    """Mark the organisation verified (platform admins only) and tell its owners."""
    if not user_is_platform_admin(by):
        raise PermissionDenied(_("Only platform admins can verify organisations."))
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        if organization.is_verified:
            return organization
        organization.is_verified = True
        organization.verified_at = timezone.now()
        organization.verified_by = by
        organization.save(
            update_fields=["is_verified", "verified_at", "verified_by", "updated_at"]
        )
        audit_record(
            actor=by,
            action="organization.verify",
            target=organization,
            organization=organization,
            from_state="unverified",
            to_state="verified",
        )
        notification_send(
            recipients=organization_owner_users(organization=organization),
            verb="organization.verified",
            template="accounts/email/organization_verified",
            context={"organization": organization},
            url=f"/accounts/organizations/{organization.slug}/",
        )
    return organization


def organization_unverify(
    *, organization: Organization, by: User, reason: str = ""
) -> Organization:
    """Withdraw verification (platform admins only)."""
    if not user_is_platform_admin(by):
        raise PermissionDenied(_("Only platform admins can verify organisations."))
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        if not organization.is_verified:
            return organization
        organization.is_verified = False
        organization.verified_at = None
        organization.save(update_fields=["is_verified", "verified_at", "updated_at"])
        audit_record(
            actor=by,
            action="organization.unverify",
            target=organization,
            organization=organization,
            from_state="verified",
            to_state="unverified",
            reason=reason,
        )
    return organization


# --- sign-up and memberships ----------------------------------------------------------


@transaction.atomic
def user_sign_up(
    *,
    email: str,
    password: str,
    display_name: str = "",
    preferred_language: str = "ja",
    new_organization: dict | None = None,
    join_organization: Organization | None = None,
) -> User:
    """Create a user and either a new (unverified) organisation or a request to join one.

    Raises ValidationError for a taken e-mail address or a bad password.
    """
    from django.contrib.auth.password_validation import validate_password

    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": _("An account with this e-mail address already exists.")}
        )
    if bool(new_organization) == bool(join_organization):
        raise ValidationError(
            _("Create a new organisation or ask to join an existing one.")
        )
    user = User(
        email=email, display_name=display_name, preferred_language=preferred_language
    )
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    if new_organization:
        organization_create(by=user, **new_organization)
    else:
        membership_request_join(user=user, organization=join_organization)
    return user


def membership_request_join(*, user: User, organization: Organization) -> Membership:
    """Ask to join an organisation; its owners approve or reject the request."""
    if organization.kind == OrganizationKind.PLATFORM:
        raise ValidationError(_("The platform organisation cannot be joined this way."))
    membership, created = Membership.objects.get_or_create(
        user=user,
        organization=organization,
        defaults={"role": Role.VIEWER, "status": MembershipStatus.PENDING},
    )
    if created:
        audit_record(
            actor=user,
            action="membership.request",
            target=membership,
            organization=organization,
        )
        notification_send(
            recipients=organization_owner_users(organization=organization),
            verb="membership.requested",
            template="accounts/email/join_requested",
            context={"organization": organization, "applicant": user},
            url=f"/accounts/organizations/{organization.slug}/",
        )
    return membership


def _require_manager(by: User, organization: Organization) -> None:
    if not user_can_manage_organization(user=by, organization=organization):
        raise PermissionDenied(_("Only the organisation's owners can manage members."))


def membership_decide(
    *, membership: Membership, by: User, approve: bool, role: str = Role.STAFF
) -> Membership:
    """Approve (with a role) or reject a pending request to join."""
    _require_manager(by, membership.organization)
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status != MembershipStatus.PENDING:
            raise ValidationError(_("This request has already been decided."))
        old = membership.status
        membership.status = (
            MembershipStatus.ACTIVE if approve else MembershipStatus.REJECTED
        )
        if approve:
            membership.role = role
        membership.full_clean()
        membership.save()
        audit_record(
            actor=by,
            action="membership.approve" if approve else "membership.reject",
            target=membership,
            organization=membership.organization,
            from_state=old,
            to_state=membership.status,
        )
        notification_send(
            recipients=[membership.user],
            verb="membership.decided",
            template="accounts/email/join_decided",
            context={"organization": membership.organization, "approved": approve},
            url=f"/accounts/organizations/{membership.organization.slug}/"
            if approve
            else "",
        )
    return membership


def membership_change_role(
    *, membership: Membership, by: User, role: str
) -> Membership:
    """Change a member's role; the last owner cannot be demoted."""
    _require_manager(by, membership.organization)
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.role == Role.OWNER and role != Role.OWNER:
            _ensure_not_last_owner(membership)
        old = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        audit_record(
            actor=by,
            action="membership.role",
            target=membership,
            organization=membership.organization,
            from_state=old,
            to_state=role,
        )
    return membership


def membership_remove(*, membership: Membership, by: User) -> None:
    """Remove a member (owners, admins, or the member themself); never the last owner."""
    if by.pk != membership.user_id:
        _require_manager(by, membership.organization)
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if (
            membership.role == Role.OWNER
            and membership.status == MembershipStatus.ACTIVE
        ):
            _ensure_not_last_owner(membership)
        audit_record(
            actor=by,
            action="membership.remove",
            target=membership,
            organization=membership.organization,
            from_state=membership.role,
        )
        membership.delete()


def _ensure_not_last_owner(membership: Membership) -> None:
    owners = Membership.objects.filter(
        organization=membership.organization,
        role=Role.OWNER,
        status=MembershipStatus.ACTIVE,
    ).exclude(pk=membership.pk)
    if not owners.exists():
        raise ValidationError(_("An organisation needs at least one owner."))


# --- invitations ----------------------------------------------------------------------------


def invitation_create(
    *, organization: Organization, by: User, email: str, role: str = Role.STAFF
) -> Invitation:
    """Invite someone by e-mail; sends a link valid for INVITATION_VALID_DAYS."""
    _require_manager(by, organization)
    email = User.objects.normalize_email(email).lower()
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    existing_user = User.objects.filter(email__iexact=email).first()
    if existing_user and membership_get_active(
        user=existing_user, organization=organization
    ):
        raise ValidationError({"email": _("This person is already a member.")})
    invitation = Invitation(
        organization=organization,
        email=email,
        role=role,
        invited_by=by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    audit_record(
        actor=by,
        action="invitation.create",
        target=invitation,
        organization=organization,
        data={"email": email, "role": role},
    )
    language = (
        existing_user.preferred_language if existing_user else settings.LANGUAGE_CODE
    )
    email_send(
        to=[email],
        template="accounts/email/invitation",
        context={
            "invitation": invitation,
            "organization": organization,
            "inviter": by,
            "url": f"{settings.SITE_URL}/accounts/invitations/{invitation.token}/",
        },
        language=language,
    )
    return invitation


def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    _require_manager(by, invitation.organization)
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_record(
            actor=by,
            action="invitation.revoke",
            target=invitation,
            organization=invitation.organization,
        )
    return invitation


def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Join the organisation through an open invitation addressed to the user's e-mail."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open:
            raise ValidationError(
                _("This invitation has expired or has already been used.")
            )
        if invitation.email.lower() != user.email.lower():
            raise PermissionDenied(
                _("This invitation was sent to a different e-mail address.")
            )
        membership, _created = Membership.objects.update_or_create(
            user=user,
            organization=invitation.organization,
            defaults={"role": invitation.role, "status": MembershipStatus.ACTIVE},
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        audit_record(
            actor=user,
            action="invitation.accept",
            target=invitation,
            organization=invitation.organization,
        )
    return membership


@transaction.atomic
def user_sign_up_with_invitation(
    *,
    invitation: Invitation,
    password: str,
    display_name: str = "",
    preferred_language: str = "ja",
) -> User:
    """Create the invited person's account and accept the invitation in one step."""
    from django.contrib.auth.password_validation import validate_password

    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(
            {
                "email": _(
                    "An account with this e-mail address already exists. Log in to accept."
                )
            }
        )
    user = User(
        email=invitation.email,
        display_name=display_name,
        preferred_language=preferred_language,
    )
    validate_password(password, user)
    user.set_password(password)
    user.save()
    invitation_accept(invitation=invitation, user=user)
    return user


def user_update_profile(
    *, user: User, display_name: str, preferred_language: str
) -> User:
    user.display_name = display_name
    user.preferred_language = preferred_language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name", "preferred_language"])
    return user


# --- the task outbox (tasks the broker could not take) ------------------------------

# A replayer that died holding a claim loses it after this long.
OUTBOX_CLAIM_STALE_SECONDS = 600


def task_outbox_record(
    *, name: str, args: list, kwargs: dict, error: str = ""
) -> TaskOutbox | None:
    """Keep a task the broker refused, to be replayed later.

    An identical task (same name and arguments) already waiting is kept once:
    returns None then. Called by ``config.tasks.enqueue`` after the write that
    queued the task has committed.
    """
    from config.tasks import dedup_key

    try:
        with transaction.atomic():
            return TaskOutbox.objects.create(
                task_name=name,
                args=list(args),
                kwargs=dict(kwargs),
                dedup_key=dedup_key(name, args, kwargs),
                last_error=error[:2000],
            )
    except IntegrityError:
        return None


def _task_outbox_release(pk: int, error: str) -> None:
    try:
        with transaction.atomic():
            TaskOutbox.objects.filter(pk=pk).update(
                claimed_at=None, attempts=F("attempts") + 1, last_error=error[:2000]
            )
    except IntegrityError:
        # The same task was recorded again meanwhile: that row stands for both.
        TaskOutbox.objects.filter(pk=pk).delete()


def task_outbox_replay(*, limit: int = 500) -> int:
    """Hand waiting tasks to the broker, oldest first; return how many were handed over.

    Each row is claimed (compare-and-set) before it is published and deleted
    after, so concurrent replayers never send the same row twice. Stops at the
    first broker error, leaving the rest for the next run. Safe to run any time.
    """
    from config.tasks import BROKER_ERRORS, publish

    sent = 0
    now = timezone.now()
    claimable = Q(claimed_at__isnull=True) | Q(
        claimed_at__lt=now - timedelta(seconds=OUTBOX_CLAIM_STALE_SECONDS)
    )
    ids = list(
        TaskOutbox.objects.filter(claimable)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        claimed_at = timezone.now()
        if not TaskOutbox.objects.filter(claimable, pk=pk).update(
            claimed_at=claimed_at
        ):
            continue  # another replayer has it
        row = TaskOutbox.objects.get(pk=pk)
        try:
            publish(row.task_name, row.args, row.kwargs)
        except BROKER_ERRORS as exc:
            _task_outbox_release(pk, repr(exc))
            break
        TaskOutbox.objects.filter(pk=pk, claimed_at=claimed_at).delete()
        sent += 1
    return sent
