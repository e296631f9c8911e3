"""Platform staff administration: authorities, people and memberships. No case content is registered here.

Changes made here bypass the services' role checks (platform staff act above authorities) but still go through
the services so they are audited.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts import services
from accounts.models import ApiToken, Authority, Membership, Team, User


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region", "prevent_priority_area"]
    search_fields = ["name", "code"]
    fields = ["name", "code", "region", "prevent_priority_area"]

    def save_model(self, request, obj, form, change):
        # Through the services, so that creating or changing an authority is audited like everything else.
        data = {field: form.cleaned_data[field] for field in self.fields}
        if change:
            saved = services.authority_update(authority=obj, changes=data, actor=request.user)
        else:
            saved = services.authority_create(**data, actor=request.user)
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "authority"]
    list_filter = ["authority"]


@admin.register(User)
class ThresholdUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "is_active", "is_staff", "is_demo"]
    fieldsets = UserAdmin.fieldsets + (("Threshold", {"fields": ["is_demo"]}),)
    readonly_fields = ["is_demo", "last_login", "date_joined"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "authority", "role", "team", "is_active"]
    list_filter = ["authority", "role", "is_active"]
    readonly_fields = ["user", "authority", "role", "team", "is_active"]

    def has_add_permission(self, request):
        # Memberships are given and changed in Threshold itself (People and teams), where they are audited.
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "expires_at", "revoked_at", "last_used_at"]
    readonly_fields = ["user", "membership", "name", "prefix", "token_hash", "expires_at", "revoked_at",
                       "last_used_at"]

    def has_add_permission(self, request):
        return False
