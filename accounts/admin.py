from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import (
    AuditEvent,
    Invitation,
    Membership,
    Notification,
    Organization,
    TaskOutbox,
    User,
)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "display_name",
        "is_staff",
        "is_active",
        "preferred_language",
        "date_joined",
    ]
    list_filter = ["is_staff", "is_superuser", "is_active", "preferred_language"]
    search_fields = ["email", "display_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("display_name", "preferred_language")}),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),
    )


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = [
        "name_ja",
        "name_en",
        "kind",
        "prefecture",
        "is_verified",
        "can_publish_directly",
        "created_at",
    ]
    list_filter = [
        "is_verified",
        "kind",
        "can_publish_directly",
        "prefecture",
        "size_band",
    ]
    search_fields = ["name_ja", "name_en", "slug"]
    prepopulated_fields = {"slug": ("name_en",)}
    readonly_fields = [
        "is_verified",
        "verified_at",
        "verified_by",
        "created_at",
        "updated_at",
    ]
    inlines = [MembershipInline]
    actions = ["verify", "unverify"]
    date_hierarchy = "created_at"

    @admin.action(description=_("Verify the selected organisations"))
    def verify(self, request, queryset):
        count = 0
        for organization in queryset.filter(is_verified=False):
            services.organization_verify(organization=organization, by=request.user)
            count += 1
        self.message_user(
            request,
            _("%(count)d organisation(s) verified.") % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Withdraw verification"))
    def unverify(self, request, queryset):
        count = 0
        for organization in queryset.filter(is_verified=True):
            services.organization_unverify(organization=organization, by=request.user)
            count += 1
        self.message_user(
            request,
            _("%(count)d organisation(s) unverified.") % {"count": count},
            messages.WARNING,
        )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "status", "created_at"]
    list_filter = ["role", "status", "organization__kind"]
    search_fields = ["user__email", "organization__name_ja", "organization__name_en"]
    autocomplete_fields = ["user", "organization"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "organization",
        "role",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["role"]
    search_fields = ["email", "organization__name_ja"]
    readonly_fields = ["token", "accepted_at", "accepted_by"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "actor",
        "action",
        "target_type",
        "target_id",
        "from_state",
        "to_state",
    ]
    list_filter = ["action", "target_type"]
    search_fields = ["target_id", "actor__email", "reason"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "verb", "title", "read_at"]
    list_filter = ["verb"]
    search_fields = ["recipient__email", "title"]


@admin.register(TaskOutbox)
class TaskOutboxAdmin(admin.ModelAdmin):
    """Tasks waiting for the broker (read-only; beat replays them every minute)."""

    list_display = ["created_at", "task_name", "attempts", "claimed_at", "last_error"]
    list_filter = ["task_name"]
    readonly_fields = [f.name for f in TaskOutbox._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
