"""Reads for accounts: who belongs where, and who may do what."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from .constants import MembershipStatus, OrganizationKind, Role
from .models import Invitation, Membership, Notification, Organization, User

WRITE_ROLES = (Role.OWNER, Role.STAFF)


def user_is_platform_admin(user) -> bool:
    """Platform coordinators are active Django staff users."""
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def membership_list_active(*, user) -> QuerySet[Membership]:
    if not (user and user.is_authenticated):
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE)
        .select_related("organization")
        .order_by("created_at")
    )


def membership_get_active(*, user, organization) -> Membership | None:
    if not (user and user.is_authenticated):
        return None
    return Membership.objects.filter(
        user=user, organization=organization, status=MembershipStatus.ACTIVE
    ).first()


def organization_list_for_user(*, user) -> QuerySet[Organization]:
    """Organisations where the user is an active member."""
    if not (user and user.is_authenticated):
        return Organization.objects.none()
    return Organization.objects.filter(
        memberships__user=user, memberships__status=MembershipStatus.ACTIVE
    ).distinct()


def organization_get_primary(*, user) -> Organization | None:
    """The user's first organisation (the one the navigation acts for)."""
    membership = membership_list_active(user=user).first()
    return membership.organization if membership else None


def user_has_role(*, user, organization, roles=WRITE_ROLES) -> bool:
    membership = membership_get_active(user=user, organization=organization)
    return bool(membership and membership.role in roles)


def organization_is_verified(*, organization) -> bool:
    """Unverified organisations may not publish or request anything."""
    return bool(organization and organization.is_verified)


def user_can_act_for(*, user, organization) -> bool:
    """True when the user may write on behalf of the organisation.

    Requires an active owner/staff membership and a verified organisation:
    this is the check every publishing and requesting service relies on.
    """
    return organization_is_verified(organization=organization) and user_has_role(
        user=user, organization=organization, roles=WRITE_ROLES
    )


def user_can_manage_organization(*, user, organization) -> bool:
    """Owners manage their organisation; platform admins manage all."""
    return user_is_platform_admin(user) or user_has_role(
        user=user, organization=organization, roles=(Role.OWNER,)
    )


def organization_get_for_member(*, user, slug: str) -> Organization:
    """Return the organisation if the user belongs to it (or is an admin), else 404."""
    qs = Organization.objects.all()
    if not user_is_platform_admin(user):
        qs = organization_list_for_user(user=user)
    try:
        return qs.get(slug=slug)
    except Organization.DoesNotExist as exc:
        raise Http404("No such organisation.") from exc


def organization_list_public(*, kind: str | None = None) -> QuerySet[Organization]:
    qs = Organization.objects.filter(is_verified=True).exclude(
        kind=OrganizationKind.PLATFORM
    )
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("name_ja")


def organization_list_joinable() -> QuerySet[Organization]:
    """Organisations a new user may ask to join at sign-up."""
    return Organization.objects.exclude(kind=OrganizationKind.PLATFORM).order_by(
        "name_ja"
    )


def membership_list_for_organization(*, organization) -> QuerySet[Membership]:
    return organization.memberships.select_related("user").order_by(
        "status", "role", "user__email"
    )


def invitation_list_open(*, organization) -> QuerySet[Invitation]:
    return organization.invitations.filter(
        accepted_at__isnull=True, revoked_at__isnull=True
    )


def invitation_get_by_token(*, token: str) -> Invitation:
    try:
        return Invitation.objects.select_related("organization").get(token=token)
    except Invitation.DoesNotExist as exc:
        raise Http404("No such invitation.") from exc


def organization_owner_users(*, organization) -> QuerySet[User]:
    return User.objects.filter(
        memberships__organization=organization,
        memberships__role=Role.OWNER,
        memberships__status=MembershipStatus.ACTIVE,
        is_active=True,
    )


def organization_active_users(*, organization, roles=None) -> QuerySet[User]:
    qs = User.objects.filter(
        memberships__organization=organization,
        memberships__status=MembershipStatus.ACTIVE,
        is_active=True,
    )
    if roles:
        qs = qs.filter(memberships__role__in=roles)
    return qs.distinct()


def notification_list_for_user(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def notification_unread_count(*, user) -> int:
    if not (user and user.is_authenticated):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def user_nav_context(user) -> dict:
    """Flags the navigation uses to show each role its own entry points."""
    if not (user and user.is_authenticated):
        return {
            "nav_org": None,
            "nav_is_tlo": False,
            "nav_is_company": False,
            "nav_is_admin": False,
            "nav_unread": 0,
            "nav_memberships": [],
        }
    memberships = list(membership_list_active(user=user))
    org = memberships[0].organization if memberships else None
    return {
        "nav_org": org,
        "nav_memberships": memberships,
        "nav_is_tlo": any(
            m.organization.kind == OrganizationKind.UNIVERSITY for m in memberships
        ),
        "nav_is_company": any(
            m.organization.kind == OrganizationKind.COMPANY for m in memberships
        ),
        "nav_is_admin": user_is_platform_admin(user),
        "nav_unread": notification_unread_count(user=user),
    }
