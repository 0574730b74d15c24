"""Operators' admin for the strategic fields (日本成長戦略17分野 etc.).

Saving a field goes through ``services.strategic_field_save``: prefixes are
checked and stored canonical, and a change to the rules queues a re-tag of
every listing and need once the transaction commits.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import IPCCode, StrategicField
from .selectors import strategic_field_list_with_counts

RULE_HELP = _(
    "One per line (or separated by commas). A prefix is an IPC section (G), "
    "class (G06), subclass (G06N), main group (G06N 10: the group and all its "
    "subgroups) or subgroup (H04B 10/70: that subgroup and those whose number "
    "extends it, 10/701…). A listing or need belongs to the field when any of "
    "its IPC symbols falls under a prefix or a keyword occurs in its text."
)
KEYWORD_HELP = _(
    "One per line. Case-insensitive; full-width letters count as half-width. "
    "Words in Latin letters match whole words only (AI does not match "
    "“maintain”); Japanese keywords match anywhere in the text. Prefer "
    "specific terms: 量子化 (quantisation) contains 量子."
)


def _lines(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[\n,、;]+", text or "") if p.strip()]


class StrategicFieldForm(forms.ModelForm):
    ipc_prefixes_text = forms.CharField(
        label=_("IPC prefixes"),
        widget=forms.Textarea(attrs={"rows": 8, "cols": 30}),
        required=False,
        help_text=RULE_HELP,
    )
    keywords_text = forms.CharField(
        label=_("keywords"),
        widget=forms.Textarea(attrs={"rows": 8, "cols": 40}),
        required=False,
        help_text=KEYWORD_HELP,
    )

    class Meta:
        model = StrategicField
        fields = ["slug", "name_ja", "name_en", "description", "position", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["ipc_prefixes_text"].initial = "\n".join(
                self.instance.ipc_prefixes or []
            )
            self.fields["keywords_text"].initial = "\n".join(
                self.instance.keywords or []
            )

    def clean_ipc_prefixes_text(self) -> list[str]:
        raw = _lines(self.cleaned_data.get("ipc_prefixes_text", ""))
        try:
            return services.strategic_field_clean_prefixes(raw)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["ipc_prefixes"]) from exc

    def clean_keywords_text(self) -> list[str]:
        return list(dict.fromkeys(_lines(self.cleaned_data.get("keywords_text", ""))))

    def clean(self):
        cleaned = super().clean()
        if (
            "ipc_prefixes_text" in cleaned
            and "keywords_text" in cleaned
            and not cleaned["ipc_prefixes_text"]
            and not cleaned["keywords_text"]
        ):
            raise ValidationError(
                _("Give at least one IPC prefix or keyword, or nothing is tagged.")
            )
        return cleaned

    def changed_rules(self) -> list[str]:
        """The model fields whose value the form changes (rules included)."""
        changed = [f for f in self.changed_data if f in self.Meta.fields]
        if self.cleaned_data["ipc_prefixes_text"] != (self.instance.ipc_prefixes or []):
            changed.append("ipc_prefixes")
        if self.cleaned_data["keywords_text"] != (self.instance.keywords or []):
            changed.append("keywords")
        return changed


@admin.register(StrategicField)
class StrategicFieldAdmin(admin.ModelAdmin):
    form = StrategicFieldForm
    list_display = [
        "position",
        "name_ja",
        "name_en",
        "slug",
        "is_active",
        "listing_count",
        "need_count",
        "rule_summary",
        "rules_changed_at",
    ]
    list_display_links = ["name_ja"]
    list_editable = ["position"]
    list_filter = ["is_active"]
    search_fields = ["slug", "name_ja", "name_en", "description"]
    ordering = ["position", "id"]
    readonly_fields = ["rules_changed_at", "listing_count", "need_count"]
    actions = ["retag_now"]
    fieldsets = [
        (None, {"fields": ["slug", ("name_ja", "name_en"), "position", "is_active"]}),
        (_("Rules"), {"fields": ["ipc_prefixes_text", "keywords_text"]}),
        (
            _("Why these rules"),
            {"fields": ["description", "rules_changed_at"]},
        ),
        (_("Tagged"), {"fields": [("listing_count", "need_count")]}),
    ]

    def get_queryset(self, request):
        return strategic_field_list_with_counts()

    @admin.display(description=_("listings"), ordering="listing_count")
    def listing_count(self, obj):
        return getattr(obj, "listing_count", obj.listings.count())

    @admin.display(description=_("needs"), ordering="need_count")
    def need_count(self, obj):
        return getattr(obj, "need_count", obj.needs.count())

    @admin.display(description=_("rules"))
    def rule_summary(self, obj):
        prefixes = obj.ipc_prefixes or []
        shown = ", ".join(p.removesuffix("/00") for p in prefixes[:6])
        more = len(prefixes) - 6
        return format_html(
            "{}{} <small>({})</small>",
            shown,
            f" +{more}" if more > 0 else "",
            ngettext("%(n)d keyword", "%(n)d keywords", len(obj.keywords or []))
            % {"n": len(obj.keywords or [])},
        )

    def save_model(self, request, obj, form, change):
        changed = form.changed_rules()
        obj.ipc_prefixes = form.cleaned_data["ipc_prefixes_text"]
        obj.keywords = form.cleaned_data["keywords_text"]
        services.strategic_field_save(field=obj, by=request.user, changed=changed)
        if {"ipc_prefixes", "keywords", "is_active"} & set(changed) or not change:
            self.message_user(
                request,
                _(
                    "The rules changed: listings and needs are being re-tagged "
                    "in the background."
                ),
                messages.INFO,
            )
        self._warn_unknown_prefixes(request, obj.ipc_prefixes)

    def _warn_unknown_prefixes(self, request, prefixes: list[str]) -> None:
        # A syntactically valid prefix absent from the loaded scheme may be a
        # typo, or a symbol newer than the loaded edition (H10B since 2023).
        if not prefixes or not IPCCode.objects.exists():
            return
        known = set(
            IPCCode.objects.filter(code__in=prefixes).values_list("code", flat=True)
        )
        unknown = [p for p in prefixes if p not in known]
        if unknown:
            self.message_user(
                request,
                _(
                    "Not in the loaded IPC scheme (a typo, or a symbol newer "
                    "than the loaded edition?): %(codes)s"
                )
                % {"codes": ", ".join(unknown)},
                messages.WARNING,
            )

    def delete_model(self, request, obj):
        services.strategic_field_delete(field=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for field in queryset:
            services.strategic_field_delete(field=field, by=request.user)

    @admin.action(description=_("Re-tag all listings and needs now"))
    def retag_now(self, request, queryset):
        counts = services.strategic_fields_retag(
            field_ids=list(queryset.values_list("pk", flat=True))
        )
        self.message_user(
            request,
            _(
                "Re-tagged %(listings)d listings (%(listings_changed)d changed) "
                "and %(needs)d needs (%(needs_changed)d changed); changed "
                "listings are being reindexed."
            )
            % counts,
            messages.SUCCESS,
        )
