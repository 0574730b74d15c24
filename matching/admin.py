"""Admin for needs, proposed matches and matching runs.

Approve / reject go through the services, so permissions, audit events and
notifications are the same as everywhere else.
"""

from __future__ import annotations

import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .models import Match, MatchReason, MatchRun, MatchRunChunk, Need
from .services import match_approve, match_reject


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ("title", "organization", "external_id", "status", "created_at")
    list_filter = ("status", "visibility", "budget_band", "timeline")
    search_fields = ("title", "problem", "external_id", "organization__name_ja")
    raw_id_fields = ("organization", "created_by")
    readonly_fields = ("created_at", "updated_at", "content_changed_at")


class ScoreBandFilter(admin.SimpleListFilter):
    title = _("score")
    parameter_name = "score_band"

    def lookups(self, request, model_admin):
        return [("high", "≥ 0.9"), ("mid", "0.5–0.9"), ("low", "< 0.5")]

    def queryset(self, request, queryset):
        if self.value() == "high":
            return queryset.filter(score__gte=0.9)
        if self.value() == "mid":
            return queryset.filter(score__gte=0.5, score__lt=0.9)
        if self.value() == "low":
            return queryset.filter(score__lt=0.5)
        return queryset


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = (
        "need",
        "listing",
        "score_display",
        "status",
        "in_queue",
        "shared_terms_display",
        "engine_version",
    )
    list_filter = (
        "status",
        "in_queue",
        ScoreBandFilter,
        "reason",
        "engine_version",
        "need__organization",
    )
    search_fields = ("need__title", "listing__title", "need__external_id")
    ordering = ("-score",)
    raw_id_fields = ("listing", "need", "decided_by", "responded_by")
    readonly_fields = (
        "score",
        "rank",
        "explanation_display",
        "components_display",
        "engine_version",
        "decided_by",
        "decided_at",
        "listing_content_at",
        "need_content_at",
        "responded_by",
        "responded_at",
        "created_at",
        "updated_at",
    )
    exclude = ("components", "explanation")
    actions = ["approve_selected"]

    @admin.display(description=_("score"), ordering="score")
    def score_display(self, obj):
        return f"{obj.score:.3f}"

    @admin.display(description=_("shared terms"))
    def shared_terms_display(self, obj):
        return ", ".join((obj.explanation or {}).get("shared_terms", [])[:5])

    @admin.display(description=_("score components"))
    def components_display(self, obj):
        return format_html(
            "<pre>{}</pre>", json.dumps(obj.components, ensure_ascii=False, indent=1)
        )

    @admin.display(description=_("explanation"))
    def explanation_display(self, obj):
        explanation = obj.explanation or {}
        ipc = format_html_join(
            "",
            "<li>{} ({}) {}</li>",
            (
                (item.get("code"), item.get("level"), item.get("title", ""))
                for item in explanation.get("shared_ipc", [])
            ),
        )
        pair = explanation.get("best_pair") or {}
        return format_html(
            "<p><strong>{}</strong> {}</p><p>{}</p><ul>{}</ul>"
            "<p><strong>{}</strong><br>{}<br>↔ {} ({})</p>",
            _("Shared terms:"),
            ", ".join(explanation.get("shared_terms", [])),
            ", ".join(explanation.get("translated_terms", [])),
            ipc,
            _("Best-matching sentences:"),
            pair.get("need_sentence", ""),
            pair.get("listing_sentence", ""),
            pair.get("similarity", ""),
        )

    def _decide(self, request, queryset, decide) -> None:
        done = 0
        for match in queryset:
            try:
                decide(match)
                done += 1
            except (PermissionDenied, ValidationError) as exc:
                self.message_user(request, f"{match}: {exc}", level=messages.WARNING)
        self.message_user(request, _("%(n)d match(es) updated.") % {"n": done})

    @admin.action(description=_("Approve and send to the company"))
    def approve_selected(self, request, queryset):
        self._decide(
            request, queryset, lambda m: match_approve(match=m, by=request.user)
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        for reason, label in MatchReason.choices:

            def reject(modeladmin, req, queryset, reason=reason):
                modeladmin._decide(
                    req,
                    queryset,
                    lambda m: match_reject(match=m, by=req.user, reason=reason),
                )

            name = f"reject_{reason}"
            description = _("Reject: %(reason)s") % {"reason": label}
            actions[name] = (reject, name, description)
        return actions


class MatchRunChunkInline(admin.TabularInline):
    model = MatchRunChunk
    extra = 0
    fields = ("number", "state", "claimed_at", "finished_at", "created_count")
    readonly_fields = fields
    can_delete = False


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin):
    list_display = (
        "started_at",
        "kind",
        "status",
        "progress",
        "needs_count",
        "listings_count",
        "created_count",
        "updated_count",
        "finished_at",
    )
    list_filter = ("status", "kind")
    inlines = [MatchRunChunkInline]

    @admin.display(description=_("progress"))
    def progress(self, obj):
        return f"{obj.processed_chunks}/{obj.total_chunks}"
