from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import ratelimit, selectors, services
from .forms import (
    EmailAuthenticationForm,
    InvitationForm,
    InvitationSignUpForm,
    MembershipDecisionForm,
    MembershipRoleForm,
    OrganizationForm,
    ProfileForm,
    SignUpForm,
)
from .models import Membership


def _apply_validation_error(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _set_language(response, language: str):
    from django.conf import settings

    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        samesite="Lax",
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
    )
    return response


def _rate_limited(request, template, context, message: str, minutes: int):
    """Render ``template`` again with ``message`` on top, as HTTP 429."""
    messages.error(request, message % {"minutes": minutes})
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


class LoginView(auth_views.LoginView):
    """Log in by e-mail; limited per address and per account (HTTP 429 when hit)."""

    authentication_form = EmailAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        ip = ratelimit.client_ip(request)
        email = (request.POST.get("username") or "").strip().lower()
        if ratelimit.is_limited(scope="login_ip", ident=ip) or ratelimit.is_limited(
            scope="login_account", ident=email
        ):
            return _rate_limited(
                request,
                self.template_name,
                # Unbound: a bound AuthenticationForm would check the password.
                self.get_context_data(
                    form=self.get_form_class()(request, initial={"username": email})
                ),
                _(
                    "Too many login attempts. Please wait %(minutes)s minutes "
                    "and try again."
                ),
                ratelimit.wait_minutes("login_ip", "login_account"),
            )
        ratelimit.record(scope="login_ip", ident=ip)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        email = (self.request.POST.get("username") or "").strip().lower()
        ratelimit.record(scope="login_account", ident=email)
        return super().form_invalid(form)

    def form_valid(self, form):
        ratelimit.clear(scope="login_account", ident=form.get_user().email)
        response = super().form_valid(form)
        return _set_language(response, form.get_user().preferred_language)


def signup(request):
    if request.user.is_authenticated:
        return redirect("marketplace:dashboard")
    form = SignUpForm(
        request.POST or None, initial={"preferred_language": translation.get_language()}
    )
    if request.method == "POST":
        ip = ratelimit.client_ip(request)
        if ratelimit.is_limited(scope="signup_ip", ident=ip):
            return _rate_limited(
                request,
                "accounts/signup.html",
                {"form": form},
                _(
                    "Too many sign-ups from your network. Please wait %(minutes)s "
                    "minutes and try again."
                ),
                ratelimit.wait_minutes("signup_ip"),
            )
        ratelimit.record(scope="signup_ip", ident=ip)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new_org = None
        if data["mode"] == SignUpForm.MODE_NEW:
            new_org = {
                k: data[k]
                for k in (
                    "kind",
                    "name_ja",
                    "name_en",
                    "prefecture",
                    "size_band",
                    "jsic_industry",
                )
            }
            new_org["size_band"] = new_org["size_band"] or "n/a"
        try:
            user = services.user_sign_up(
                email=data["email"],
                password=data["password"],
                display_name=data["display_name"],
                preferred_language=data["preferred_language"],
                new_organization=new_org,
                join_organization=data["organization"]
                if data["mode"] == SignUpForm.MODE_JOIN
                else None,
            )
        except ValidationError as exc:
            _apply_validation_error(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            if new_org:
                messages.success(
                    request,
                    _(
                        "Welcome! Your organisation has been registered and is waiting for verification by the platform team."
                    ),
                )
            else:
                messages.success(
                    request,
                    _(
                        "Welcome! Your request to join has been sent to the organisation's owners."
                    ),
                )
            return _set_language(
                redirect("marketplace:dashboard"), user.preferred_language
            )
    return render(request, "accounts/signup.html", {"form": form})


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={
            "display_name": user.display_name,
            "preferred_language": user.preferred_language,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(user=user, **form.cleaned_data)
        translation.activate(user.preferred_language)
        messages.success(request, _("Your profile has been saved."))
        return _set_language(redirect("accounts:profile"), user.preferred_language)
    memberships = Membership.objects.filter(user=user).select_related("organization")
    return render(
        request, "accounts/profile.html", {"form": form, "memberships": memberships}
    )


@login_required
def organization_settings(request, slug):
    organization = selectors.organization_get_for_member(user=request.user, slug=slug)
    can_manage = selectors.user_can_manage_organization(
        user=request.user, organization=organization
    )
    form = OrganizationForm(instance=organization)
    invite_form = InvitationForm()
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "profile":
                form = OrganizationForm(request.POST, instance=organization)
                if form.is_valid():
                    services.organization_update(
                        organization=organization,
                        by=request.user,
                        data=form.cleaned_data,
                    )
                    messages.success(request, _("Organisation settings saved."))
                    return redirect("accounts:organization", slug=organization.slug)
                organization.refresh_from_db()
            elif action == "invite":
                invite_form = InvitationForm(request.POST)
                if invite_form.is_valid():
                    services.invitation_create(
                        organization=organization,
                        by=request.user,
                        **invite_form.cleaned_data,
                    )
                    messages.success(
                        request,
                        _("Invitation sent to %(email)s.") % invite_form.cleaned_data,
                    )
                    return redirect("accounts:organization", slug=organization.slug)
            elif action == "decide":
                decision = MembershipDecisionForm(request.POST)
                if decision.is_valid():
                    membership = _membership_of(
                        organization, decision.cleaned_data["membership"]
                    )
                    services.membership_decide(
                        membership=membership,
                        by=request.user,
                        approve=decision.cleaned_data["decision"] == "approve",
                        role=decision.cleaned_data.get("role") or "staff",
                    )
                    messages.success(request, _("Request decided."))
                return redirect("accounts:organization", slug=organization.slug)
            elif action == "role":
                role_form = MembershipRoleForm(request.POST)
                if role_form.is_valid():
                    membership = _membership_of(
                        organization, role_form.cleaned_data["membership"]
                    )
                    services.membership_change_role(
                        membership=membership,
                        by=request.user,
                        role=role_form.cleaned_data["role"],
                    )
                    messages.success(request, _("Role changed."))
                return redirect("accounts:organization", slug=organization.slug)
            elif action == "remove":
                membership = _membership_of(
                    organization, request.POST.get("membership")
                )
                services.membership_remove(membership=membership, by=request.user)
                messages.success(request, _("Member removed."))
                return redirect("accounts:organization", slug=organization.slug)
            elif action == "revoke":
                invitation = organization.invitations.filter(
                    pk=request.POST.get("invitation")
                ).first()
                if invitation is None:
                    raise Http404
                services.invitation_revoke(invitation=invitation, by=request.user)
                messages.success(request, _("Invitation revoked."))
                return redirect("accounts:organization", slug=organization.slug)
        except ValidationError as exc:
            for msg in exc.messages:
                messages.error(request, msg)
            if action == "invite":
                _apply_validation_error(invite_form, exc)
    return render(
        request,
        "accounts/organization_settings.html",
        {
            "organization": organization,
            "form": form,
            "invite_form": invite_form,
            "can_manage": can_manage,
            "memberships": selectors.membership_list_for_organization(
                organization=organization
            ),
            "invitations": selectors.invitation_list_open(organization=organization),
            "roles": MembershipRoleForm.base_fields["role"].choices,
        },
    )


def _membership_of(organization, membership_id) -> Membership:
    try:
        return organization.memberships.get(pk=int(membership_id))
    except (Membership.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


def invitation_accept(request, token):
    invitation = selectors.invitation_get_by_token(token=token)
    if not invitation.is_open:
        return render(
            request,
            "accounts/invitation_closed.html",
            {"invitation": invitation},
            status=410,
        )
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                services.invitation_accept(invitation=invitation, user=request.user)
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
                return redirect("accounts:invitation", token=token)
            messages.success(
                request,
                _("You have joined %(org)s.") % {"org": invitation.organization},
            )
            return redirect("accounts:organization", slug=invitation.organization.slug)
        return render(
            request,
            "accounts/invitation_accept.html",
            {
                "invitation": invitation,
                "email_matches": invitation.email.lower() == request.user.email.lower(),
            },
        )
    form = InvitationSignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_sign_up_with_invitation(
                invitation=invitation, **form.cleaned_data
            )
        except ValidationError as exc:
            _apply_validation_error(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("You have joined %(org)s.") % {"org": invitation.organization},
            )
            return redirect("accounts:organization", slug=invitation.organization.slug)
    return render(
        request,
        "accounts/invitation_accept.html",
        {"invitation": invitation, "form": form},
    )


@login_required
def notifications(request):
    page = Paginator(
        selectors.notification_list_for_user(user=request.user), 25
    ).get_page(request.GET.get("page"))
    return render(request, "accounts/notifications.html", {"page": page})


@login_required
@require_POST
def notifications_mark_read(request):
    services.notification_mark_read(user=request.user)
    return redirect(request.POST.get("next") or reverse("accounts:notifications"))


class PasswordResetView(auth_views.PasswordResetView):
    """Send a reset link; limited per address (HTTP 429 when hit)."""

    def post(self, request, *args, **kwargs):
        ip = ratelimit.client_ip(request)
        if ratelimit.is_limited(scope="password_reset_ip", ident=ip):
            return _rate_limited(
                request,
                self.template_name,
                self.get_context_data(form=self.get_form()),
                _(
                    "Too many password reset requests. Please wait %(minutes)s "
                    "minutes and try again."
                ),
                ratelimit.wait_minutes("password_reset_ip"),
            )
        ratelimit.record(scope="password_reset_ip", ident=ip)
        return super().post(request, *args, **kwargs)


password_reset = PasswordResetView.as_view(
    template_name="registration/password_reset_form.html",
    email_template_name="registration/password_reset_email.txt",
    subject_template_name="registration/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="registration/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="registration/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="registration/password_reset_complete.html"
)
password_change = auth_views.PasswordChangeView.as_view(
    template_name="registration/password_change_form.html",
    success_url=reverse_lazy("accounts:profile"),
)
