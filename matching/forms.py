"""Forms of the company's need pages (parse input; the services validate)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.constants import PREFECTURE_CHOICES
from listings.constants import LicenseType

from .models import BudgetBand, MatchReason, NeedVisibility, Timeline


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
        }

    def service_arguments(self) -> tuple[dict, list[str]]:
        data = dict(self.cleaned_data)
        ipc = _split(data.pop("ipc_codes", ""))
        data["desired_fields"] = _split(data.get("desired_fields", ""))
        return data, ipc


class NotInterestedForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=MatchReason.choices)
    note = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
