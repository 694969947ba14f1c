"""The audit log in the admin: read only (events are written by the services alone)."""

from django.contrib import admin
from django.utils.html import format_html_join

from territoires.core.admin import ReadOnlyAdmin

from .models import AuditEvent
from .registry import verbs
from .render import describe


class VerbFilter(admin.SimpleListFilter):
    """The registered verbs: no SELECT DISTINCT over the whole log (125,000 rows at ten
    times the national scale) to draw the filter."""

    title = "action"
    parameter_name = "verb"

    def lookups(self, request, model_admin):
        return verbs()

    def queryset(self, request, queryset):
        return queryset.filter(verb=self.value()) if self.value() else queryset


def changes_html(event):
    rendered = describe(event)
    rows = [(change.label, change.old, change.new) for change in rendered.changes]
    return format_html_join("", "<div>{} : « {} » → « {} »</div>", rows)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "verb", "object_label", "territory", "actor", "version")
    list_filter = (VerbFilter,)
    list_select_related = ("territory", "actor")
    search_fields = ("object_label", "comment", "actor__email")
    show_full_result_count = False
    # 50 rows a page: the admin's rendering, not the SQL, is the cost of a changelist.
    list_per_page = 50
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
