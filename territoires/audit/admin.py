"""The audit log in the admin: read only (events are written by the services alone)."""

from django.contrib import admin
from django.utils.html import format_html_join

from .models import AuditEvent
from .render import describe


def changes_html(event):
    rendered = describe(event)
    rows = [(change.label, change.old, change.new) for change in rendered.changes]
    return format_html_join("", "<div>{} : « {} » → « {} »</div>", rows)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "verb", "object_label", "territory", "actor", "version")
    list_filter = ("verb",)
    list_select_related = ("territory", "actor")
    search_fields = ("object_label", "comment", "actor__email")
    show_full_result_count = False
    fields = (
        "at",
        "actor",
        "verb",
        "object_type",
        "object_id",
        "object_label",
        "territory",
        "version",
        "changes_display",
        "data",
        "comment",
    )
    readonly_fields = fields

    @admin.display(description="changements")
    def changes_display(self, obj):
        return changes_html(obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
