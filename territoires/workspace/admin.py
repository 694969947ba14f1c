"""Admin of Mon espace: who follows which fiche, the notifications and the notification
settings, read here. Following, marking read and the settings change from Mon espace,
through the services (audit-logged), by the person concerned."""

from django.contrib import admin

from territoires.core.admin import ReadOnlyAdmin

from .models import Follow, Notification, NotificationSettings


@admin.register(Follow)
class FollowAdmin(ReadOnlyAdmin):
    list_display = ("user", "sheet", "territory", "created_at")
    list_select_related = ("user", "sheet__territory")
    search_fields = ("user__email", "user__last_name", "sheet__code", "sheet__territory__code")
    show_full_result_count = False

    @admin.display(description="territoire", ordering="sheet__territory__code")
    def territory(self, obj):
        return obj.sheet.territory


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("recipient", "kind", "sheet", "created_at", "read_at", "emailed_at")
    list_filter = ("kind",)
    list_select_related = ("recipient", "sheet__territory")
    search_fields = ("recipient__email", "recipient__last_name", "sheet__code")
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(ReadOnlyAdmin):
    list_display = ("user", "frequency", "last_digest_at")
    list_filter = ("frequency",)
    list_select_related = ("user",)
    search_fields = ("user__email", "user__last_name")
