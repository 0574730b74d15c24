from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .constants import (
    JSIC_CHOICES,
    PREFECTURE_CHOICES,
    MembershipStatus,
    OrganizationKind,
    Role,
    SizeBand,
    prefecture_label,
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("The e-mail address must be set.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError(
                "A superuser must have is_staff=True and is_superuser=True."
            )
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in with their e-mail address."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="ja"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def is_platform_admin(self) -> bool:
        """Platform coordinators: Django staff users."""
        return bool(self.is_active and self.is_staff)


class Organization(models.Model):
    """A university/TLO, a company or the platform operator."""

    kind = models.CharField(_("kind"), max_length=16, choices=OrganizationKind.choices)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    prefecture = models.CharField(
        _("prefecture"), max_length=2, choices=PREFECTURE_CHOICES, blank=True
    )
    size_band = models.CharField(
        _("size band"),
        max_length=8,
        choices=SizeBand.choices,
        default=SizeBand.NOT_APPLICABLE,
    )
    jsic_industry = models.CharField(
        _("industry (JSIC)"), max_length=2, choices=JSIC_CHOICES, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_verified = models.BooleanField(_("verified"), default=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    can_publish_directly = models.BooleanField(
        _("may publish without review"),
        default=False,
        help_text=_(
            "Set by admins: listings of this organisation skip the review queue."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organizations"
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_ja"]
        indexes = [models.Index(fields=["kind", "is_verified"])]

    def __str__(self) -> str:
        return self.name_ja

    @property
    def display_name(self) -> str:
        if (get_language() or "ja").startswith("en") and self.name_en:
            return self.name_en
        return self.name_ja

    @property
    def prefecture_name(self) -> str:
        return prefecture_label(self.prefecture, get_language() or "ja")

    @property
    def is_university(self) -> bool:
        return self.kind == OrganizationKind.UNIVERSITY

    @property
    def is_company(self) -> bool:
        return self.kind == OrganizationKind.COMPANY


class Membership(models.Model):
    """A user's role in an organisation; pending rows are requests to join."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(
        _("role"), max_length=8, choices=Role.choices, default=Role.STAFF
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="unique_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.role})"


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An e-mailed invitation to join an organisation with a given role."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"), max_length=8, choices=Role.choices, default=Role.STAFF
    )
    token = models.CharField(
        max_length=64, unique=True, default=_invitation_token, editable=False
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class AuditEvent(models.Model):
    """An append-only record of who did what to which object, and when.

    Lives in `accounts` (the bottom of the dependency graph) so every app's
    services can write one without importing the apps above it.
    """

    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    action = models.CharField(_("action"), max_length=64)
    target_type = models.CharField(_("target type"), max_length=64)
    target_id = models.CharField(_("target id"), max_length=64)
    from_state = models.CharField(_("from"), max_length=32, blank=True)
    to_state = models.CharField(_("to"), max_length=32, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_type}#{self.target_id}"


class Notification(models.Model):
    """An in-app notification for one user (e-mail is sent alongside)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    verb = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(
        _("created at"), default=timezone.now, db_index=True
    )
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title


class TaskOutbox(models.Model):
    """A background task the broker could not take, kept until it can be handed over.

    ``config.tasks.enqueue`` records a row when publishing fails (Redis down);
    ``accounts.replay_task_outbox`` hands rows back to the broker once it is
    reachable again. It lives in accounts, the root of the app dependency
    chain, so every app may record into it without an import cycle.
    """

    task_name = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("positional arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    # sha256 of the task name and its arguments: the same pending work is kept once.
    dedup_key = models.CharField(_("de-duplication key"), max_length=64)
    created_at = models.DateTimeField(
        _("created at"), default=timezone.now, db_index=True
    )
    # Set while a replayer hands the row to the broker (compare-and-set claim).
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("replay attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("queued task awaiting the broker")
        verbose_name_plural = _("queued tasks awaiting the broker")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dedup_key"],
                condition=models.Q(claimed_at__isnull=True),
                name="uniq_unclaimed_task_outbox",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_name} ({self.created_at:%Y-%m-%d %H:%M})"
