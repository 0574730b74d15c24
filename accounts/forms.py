from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .constants import (
    JSIC_CHOICES,
    PREFECTURE_CHOICES,
    OrganizationKind,
    Role,
    SizeBand,
)
from .models import Organization
from .selectors import organization_list_joinable


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class SignUpForm(forms.Form):
    MODE_NEW = "new"
    MODE_JOIN = "join"

    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    display_name = forms.CharField(label=_("Your name"), max_length=150)
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language"), choices=settings.LANGUAGES, initial="ja"
    )
    mode = forms.ChoiceField(
        label=_("Organisation"),
        choices=[
            (MODE_NEW, _("Register a new organisation")),
            (MODE_JOIN, _("Ask to join an existing organisation")),
        ],
        widget=forms.RadioSelect,
        initial=MODE_NEW,
    )
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=[
            (OrganizationKind.UNIVERSITY, OrganizationKind.UNIVERSITY.label),
            (OrganizationKind.COMPANY, OrganizationKind.COMPANY.label),
        ],
        required=False,
    )
    name_ja = forms.CharField(
        label=_("Organisation name (Japanese)"), max_length=200, required=False
    )
    name_en = forms.CharField(
        label=_("Organisation name (English)"), max_length=200, required=False
    )
    prefecture = forms.ChoiceField(
        label=_("Prefecture"), choices=[("", "—")] + PREFECTURE_CHOICES, required=False
    )
    size_band = forms.ChoiceField(
        label=_("Size"),
        choices=SizeBand.choices,
        required=False,
        initial=SizeBand.SMALL,
    )
    jsic_industry = forms.ChoiceField(
        label=_("Industry (JSIC)"), choices=[("", "—")] + JSIC_CHOICES, required=False
    )
    organization = forms.ModelChoiceField(
        label=_("Organisation to join"),
        queryset=Organization.objects.none(),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organization_list_joinable()

    def clean(self):
        data = super().clean()
        if data.get("mode") == self.MODE_NEW:
            if not data.get("kind"):
                self.add_error("kind", _("Choose the kind of organisation."))
            if not data.get("name_ja"):
                self.add_error("name_ja", _("Enter the organisation's name."))
        elif data.get("mode") == self.MODE_JOIN and not data.get("organization"):
            self.add_error("organization", _("Choose the organisation to join."))
        return data


class InvitationSignUpForm(forms.Form):
    display_name = forms.CharField(label=_("Your name"), max_length=150)
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language"), choices=settings.LANGUAGES, initial="ja"
    )


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Your name"), max_length=150, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Language"), choices=settings.LANGUAGES
    )


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name_ja",
            "name_en",
            "prefecture",
            "size_band",
            "jsic_industry",
            "website",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.STAFF)


class MembershipDecisionForm(forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=Role.choices, initial=Role.STAFF, required=False
    )


class MembershipRoleForm(forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
