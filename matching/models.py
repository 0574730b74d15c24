"""Matching: companies' technology needs, proposed matches and the job's runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.constants import PREFECTURE_CHOICES
from accounts.models import Organization
from listings.models import Listing


class BudgetBand(models.TextChoices):
    UNDECIDED = "undecided", _("Undecided")
    UNDER_1M = "under_1m", _("Under ¥1M")
    FROM_1M = "1m_10m", _("¥1M–¥10M")
    FROM_10M = "10m_50m", _("¥10M–¥50M")
    OVER_50M = "over_50m", _("Over ¥50M")


class Timeline(models.TextChoices):
    UNDECIDED = "undecided", _("Undecided")
    WITHIN_6M = "within_6m", _("Within 6 months")
    WITHIN_1Y = "within_1y", _("Within a year")
    WITHIN_3Y = "within_3y", _("Within 3 years")
    LONGER = "longer", _("Longer term")


class NeedVisibility(models.TextChoices):
    PRIVATE = "private", _("Private (coordinators only)")
    PLATFORM = "platform", _("Visible to listing owners")


class NeedStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SENT = "sent", _("Sent")
    VIEWED = "viewed", _("Viewed")
    INTERESTED = "interested", _("Interested")
    NOT_INTERESTED = "not_interested", _("Not interested")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MatchReason(models.TextChoices):
    """Why a match was rejected or declined (Inpart's taxonomy, extended)."""

    TOO_EARLY = "too_early", _("Too early")
    BENEFIT_UNCLEAR = "benefit_unclear", _("Benefit unclear")
    COMMERCIAL_ROUTE_UNCLEAR = (
        "commercial_route_unclear",
        _("Commercial route unclear"),
    )
    DESCRIPTION_UNCLEAR = "description_unclear", _("Description unclear")
    NOT_STRATEGIC_FIT = "not_strategic_fit", _("Not a strategic fit")
    PRICE_TERMS = "price_terms", _("Price / terms")
    ALREADY_SOLVED = "already_solved", _("Already solved")
    OTHER = "other", _("Other")


# The Match state machine of DESIGN.md (withdrawn: the job took back a pending
# proposal because the listing left the market or the need closed).
MATCH_TRANSITIONS: dict[str, set[str]] = {
    MatchStatus.PROPOSED: {
        MatchStatus.APPROVED,
        MatchStatus.REJECTED,
        MatchStatus.WITHDRAWN,
    },
    MatchStatus.APPROVED: {MatchStatus.SENT, MatchStatus.WITHDRAWN},
    MatchStatus.SENT: {
        MatchStatus.VIEWED,
        MatchStatus.INTERESTED,
        MatchStatus.NOT_INTERESTED,
    },
    MatchStatus.VIEWED: {MatchStatus.INTERESTED, MatchStatus.NOT_INTERESTED},
    MatchStatus.REJECTED: {MatchStatus.PROPOSED},
    MatchStatus.WITHDRAWN: {MatchStatus.PROPOSED},
    MatchStatus.INTERESTED: set(),
    MatchStatus.NOT_INTERESTED: set(),
}


class Need(models.Model):
    """A company's technology need (課題): what the matching job matches listings to."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="needs",
    )
    external_id = models.CharField(
        _("external id"),
        max_length=100,
        blank=True,
        help_text=_("The need's id in an imported file, kept for re-imports."),
    )
    title = models.CharField(_("title"), max_length=300)
    problem = models.TextField(_("problem (課題)"), blank=True)
    desired_fields = models.JSONField(
        _("desired technical fields"), default=list, blank=True
    )
    ipc_codes = models.JSONField(_("IPC codes"), default=list, blank=True)
    region = models.CharField(
        _("region (prefecture)"), max_length=2, choices=PREFECTURE_CHOICES, blank=True
    )
    license_types = models.JSONField(
        _("acceptable license types"), default=list, blank=True
    )
    budget_band = models.CharField(
        _("budget band"),
        max_length=16,
        choices=BudgetBand.choices,
        default=BudgetBand.UNDECIDED,
    )
    timeline = models.CharField(
        _("timeline"),
        max_length=16,
        choices=Timeline.choices,
        default=Timeline.UNDECIDED,
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=NeedVisibility.choices,
        default=NeedVisibility.PRIVATE,
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=NeedStatus.choices,
        default=NeedStatus.ACTIVE,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    # Bumped when the text or IPC change: a rejected pair is proposed again
    # only when either side's content changed after the rejection.
    content_changed_at = models.DateTimeField(
        _("content changed at"), default=timezone.now
    )
    # The effective fields: those the rules give for the IPC codes and text,
    # plus those the company chose on the form (kept apart in
    # chosen_strategic_fields so a re-tag never drops a choice).
    strategic_fields = models.ManyToManyField(
        "listings.StrategicField",
        verbose_name=_("strategic fields"),
        related_name="needs",
        blank=True,
    )
    chosen_strategic_fields = models.ManyToManyField(
        "listings.StrategicField",
        verbose_name=_("strategic fields chosen by the company"),
        related_name="chosen_by_needs",
        blank=True,
    )

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "external_id"],
                condition=~models.Q(external_id=""),
                name="uniq_need_external_id_per_org",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def match_text(self) -> str:
        """The text the engine matches: title, problem and desired fields."""
        parts = [self.title, self.problem, " ".join(self.desired_fields or [])]
        return "\n".join(p for p in parts if p)


class Match(models.Model):
    """A proposed pairing of a listing and a need, with its score and explanation."""

    listing = models.ForeignKey(
        Listing,
        verbose_name=_("listing"),
        on_delete=models.CASCADE,
        related_name="matches",
    )
    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="matches"
    )
    score = models.FloatField(_("score"), db_index=True)
    rank = models.PositiveIntegerField(_("rank for the need"), default=0)
    components = models.JSONField(_("score components"), default=dict, blank=True)
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)
    engine_version = models.CharField(_("engine version"), max_length=40)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MatchStatus.choices,
        default=MatchStatus.PROPOSED,
        db_index=True,
    )
    # The per-listing cap keeps a listing from flooding the review queue;
    # capped pairs are stored (the export ranks every stored pair) but hidden.
    in_queue = models.BooleanField(_("in the review queue"), default=True)
    reason = models.CharField(
        _("reason"), max_length=32, choices=MatchReason.choices, blank=True
    )
    note = models.TextField(_("internal note"), blank=True)
    note_to_company = models.TextField(_("note to the company"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    listing_content_at = models.DateTimeField(
        _("listing content at decision"), null=True, blank=True
    )
    need_content_at = models.DateTimeField(
        _("need content at decision"), null=True, blank=True
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["listing", "need"], name="uniq_match_pair")
        ]
        indexes = [
            models.Index(fields=["status", "-score"]),
            models.Index(fields=["need", "-score"]),
        ]

    def __str__(self) -> str:
        return f"{self.need} ↔ {self.listing} ({self.score:.3f})"


class MatchRunKind(models.TextChoices):
    FULL = "full", _("Full batch")
    INCREMENTAL = "incremental", _("Incremental")


class MatchRunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    ABANDONED = "abandoned", _("Abandoned (stale)")


class MatchRun(models.Model):
    """One full batch: its progress, counts, and the single-flight lock.

    At most one run is ``running`` at a time (a partial unique constraint);
    a run whose heartbeat is older than the stale timeout may be taken over.
    """

    kind = models.CharField(
        _("kind"),
        max_length=12,
        choices=MatchRunKind.choices,
        default=MatchRunKind.FULL,
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MatchRunStatus.choices,
        default=MatchRunStatus.RUNNING,
        db_index=True,
    )
    engine_version = models.CharField(_("engine version"), max_length=40)
    total_chunks = models.PositiveIntegerField(_("chunks"), default=0)
    processed_chunks = models.PositiveIntegerField(_("chunks done"), default=0)
    needs_count = models.PositiveIntegerField(_("needs"), default=0)
    listings_count = models.PositiveIntegerField(_("listings"), default=0)
    created_count = models.PositiveIntegerField(_("proposals created"), default=0)
    updated_count = models.PositiveIntegerField(_("proposals updated"), default=0)
    withdrawn_count = models.PositiveIntegerField(_("proposals withdrawn"), default=0)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    heartbeat_at = models.DateTimeField(_("heartbeat at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="running"),
                name="single_running_match_run",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d %H:%M}"


class MatchRunChunk(models.Model):
    """A slice of the needs of a run; workers claim pending chunks one at a time."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField(_("number"))
    need_ids = models.JSONField(_("need ids"), default=list)
    state = models.CharField(
        _("state"), max_length=8, choices=State.choices, default=State.PENDING
    )
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("matching run chunk")
        verbose_name_plural = _("matching run chunks")
        ordering = ["run", "number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="uniq_run_chunk")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}#{self.number}"
