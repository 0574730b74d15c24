"""Forms of the company's need pages (parse input; the services validate)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.constants import PREFECTURE_CHOICES
from listings.constants import LicenseType
from listings.models import StrategicField
from listings.selectors import strategic_field_list_active

from .models import (
    BudgetBand,
    Match,
    MatchReason,
    MatchStatus,
    NeedVisibility,
    Timeline,
)


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,、\n;]+", text or "") if part.strip()]


class NeedForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    problem = forms.CharField(
        label=_("Problem (課題)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("What should the technology solve? Japanese or English."),
    )
    desired_fields = forms.CharField(
        label=_("Desired technical fields"),
        required=False,
        help_text=_("Separate with commas."),
    )
    ipc_codes = forms.CharField(
        label=_("IPC codes"),
        required=False,
        help_text=_("e.g. H01M 10/0562, G01N 33/12 (separate with commas)."),
    )
    region = forms.ChoiceField(
        label=_("Region (prefecture)"),
        choices=[("", "—"), *PREFECTURE_CHOICES],
        required=False,
    )
    license_types = forms.MultipleChoiceField(
        label=_("Acceptable license types"),
        choices=LicenseType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    budget_band = forms.ChoiceField(label=_("Budget band"), choices=BudgetBand.choices)
    timeline = forms.ChoiceField(label=_("Timeline"), choices=Timeline.choices)
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=NeedVisibility.choices
    )
    strategic_fields = forms.ModelMultipleChoiceField(
        label=_("Strategic fields"),
        queryset=StrategicField.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Optional. Fields are also assigned from the IPC codes and the text; "
            "the ones you tick are always kept."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["strategic_fields"].queryset = strategic_field_list_active()

    @classmethod
    def initial_for(cls, need) -> dict:
        return {
            "title": need.title,
            "problem": need.problem,
            "desired_fields": ", ".join(need.desired_fields or []),
            "ipc_codes": ", ".join(need.ipc_codes or []),
            "region": need.region,
            "license_types": need.license_types,
            "budget_band": need.budget_band,
            "timeline": need.timeline,
            "visibility": need.visibility,
            "strategic_fields": list(
                need.chosen_strategic_fields.values_list("pk", flat=True)
            ),
        }

    def service_arguments(self) -> tuple[dict, list[str]]:
        data = dict(self.cleaned_data)
        data.pop("strategic_fields", None)
        ipc = _split(data.pop("ipc_codes", ""))
        data["desired_fields"] = _split(data.get("desired_fields", ""))
        return data, ipc

    def chosen_field_ids(self) -> list[int]:
        return [f.pk for f in self.cleaned_data.get("strategic_fields") or []]


class NotInterestedForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=MatchReason.choices)
    note = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# --- the admins' review page -----------------------------------------------------------

IPC_LEVEL_CHOICES = [
    ("section", _("Section")),
    ("class", _("Class")),
    ("subclass", _("Subclass")),
    ("main_group", _("Main group")),
    ("subgroup", _("Subgroup")),
]
COMPONENT_CHOICES = [
    ("lexical", _("Lexical")),
    ("ipc", _("IPC")),
    ("bm25", _("BM25")),
    ("feedback", _("Feedback (expanded query)")),
]


class ReviewFilterForm(forms.Form):
    """GET filters of the review page; an absent status means “proposed”."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *MatchStatus.choices],
        required=False,
    )
    min_score = forms.FloatField(label=_("Minimum score"), required=False)
    organization = forms.SlugField(
        label=_("Organisation (slug)"),
        required=False,
        help_text=_("The need's company or the listing's owner."),
    )
    ipc_level = forms.ChoiceField(
        label=_("Shared IPC level (or deeper)"),
        choices=[("", _("Any")), *IPC_LEVEL_CHOICES],
        required=False,
    )
    component = forms.ChoiceField(
        label=_("Score component"),
        choices=[("", "—"), *COMPONENT_CHOICES],
        required=False,
    )
    min_component = forms.FloatField(label=_("Component at least"), required=False)

    def __init__(self, data=None, **kwargs):
        if data is not None and "status" not in data:
            data = data.copy()
            data["status"] = MatchStatus.PROPOSED
        super().__init__(data, **kwargs)

    def filters(self) -> dict:
        """Keyword arguments of ``ReviewFilters`` (the default queue if invalid)."""
        if not self.is_valid():
            return {}
        data = {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}
        data["status"] = self.cleaned_data["status"]  # "" means every status
        return data


class ReviewApproveForm(forms.Form):
    note_to_company = forms.CharField(
        label=_("Note to the company"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReviewRejectForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", "—"), *MatchReason.choices]
    )
    note = forms.CharField(
        label=_("Internal note (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReviewBulkForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )
    matches = forms.ModelMultipleChoiceField(
        queryset=Match.objects.select_related("listing", "need").order_by(
            "-score", "id"
        ),
        error_messages={"required": _("Select at least one proposal.")},
    )
    reason = forms.ChoiceField(
        label=_("Reason for rejecting"),
        choices=[("", "—"), *MatchReason.choices],
        required=False,
    )
