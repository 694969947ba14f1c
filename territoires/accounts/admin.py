"""Admin of accounts. A territory's members and the API tokens change through the
services (the audit log records them, the last administrator stays); the accounts
themselves and their scopes are the national team's configuration."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect

from territoires.core.admin import ServiceErrorsAdmin

from . import services
from .identity import normalize_email
from .models import ApiToken, Membership, Scope, User


def _clean_email(form):
    email = normalize_email(form.cleaned_data["email"])
    clash = User.objects.filter(email=email).exclude(pk=form.instance.pk)
    if clash.exists():
        raise ValidationError("Un compte utilise déjà cette adresse électronique.")
    return email


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)
        field_classes = {}

    def clean_email(self):
        return _clean_email(self)


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {}

    def clean_email(self):
        return _clean_email(self)


class MembershipInline(admin.TabularInline):
    """A user's roles, read here; they change in « Rôles sur les territoires » (through the
    services)."""

    model = Membership
    extra = 0
    fields = ("territory", "role", "created_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("territory")


class ScopeInline(admin.TabularInline):
    model = Scope
    extra = 0
    autocomplete_fields = ("region", "department", "organisation")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region", "department", "organisation")


class ApiTokenInline(admin.TabularInline):
    model = ApiToken
    extra = 0
    fields = ("name", "hint", "created_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Identité", {"fields": ("first_name", "last_name")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = ("email", "first_name", "last_name", "is_staff", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "scopes__kind")
    search_fields = ("email", "first_name", "last_name")
    ordering = ("email",)
    readonly_fields = ("last_login", "date_joined")
    inlines = [MembershipInline, ScopeInline, ApiTokenInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj else []


@admin.register(Membership)
class MembershipAdmin(ServiceErrorsAdmin):
    """Adding, changing and removing a member go through the accounts services; a refusal
    (the last administrator…) shows as the form's errors, nothing written."""

    list_display = ("user", "territory", "role", "created_at")
    list_filter = ("role", "territory__region")
    list_select_related = ("user", "territory")
    search_fields = ("user__email", "user__last_name", "territory__code", "territory__name")
    autocomplete_fields = ("user", "territory")

    def get_readonly_fields(self, request, obj=None):
        return ("user", "territory") if obj else ()

    def save_model(self, request, obj, form, change):
        if change:
            saved = services.change_member_role(
                Membership.objects.get(pk=obj.pk), obj.role, acting_user=request.user
            )
        else:
            saved, _ = services.add_member(
                obj.territory, email=obj.user.email, role=obj.role, acting_user=request.user
            )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.remove_member(obj, acting_user=request.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user", "territory").order_by("pk"):
            try:
                services.remove_member(membership, acting_user=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)

    def delete_view(self, request, *args, **kwargs):
        try:
            return super().delete_view(request, *args, **kwargs)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


@admin.register(Scope)
class ScopeAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "region", "department", "organisation")
    list_filter = ("kind", "region")
    list_select_related = ("user", "region", "department", "organisation")
    search_fields = ("user__email", "user__last_name", "organisation__name")
    autocomplete_fields = ("user", "region", "department", "organisation")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued by their owner, who alone sees the key once; here they are only
    read and revoked."""

    list_display = ("name", "user", "hint", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    list_select_related = ("user",)
    search_fields = ("name", "user__email", "hint")
    fields = ("user", "name", "hint", "key_hash", "created_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Révoquer les jetons sélectionnés")
    def revoke(self, request, queryset):
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            services.revoke_api_token(token, acting_user=request.user)
        self.message_user(request, f"Jetons révoqués : {len(tokens)}.", messages.SUCCESS)
