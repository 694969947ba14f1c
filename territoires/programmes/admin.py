from django.contrib import admin

from .models import Axis, Programme, Stage, Target


class AxisInline(admin.TabularInline):
    model = Axis
    extra = 0
    fields = ("position", "code", "name", "description")
    prepopulated_fields = {"code": ("name",)}


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ("position", "code", "name", "description")
    prepopulated_fields = {"code": ("name",)}


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ("label", "metric", "stage", "value", "due_on")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("stage")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Offer only the stages of the programme being edited."""
        if db_field.name == "stage":
            programme_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Stage.objects.filter(programme_id=programme_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "launched_on", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [AxisInline, StageInline, TargetInline]


@admin.register(Axis)
class AxisAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "programme", "position")
    list_filter = ("programme",)
    list_select_related = ("programme",)
    search_fields = ("name", "code")


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "programme", "position")
    list_filter = ("programme",)
    list_select_related = ("programme",)
    search_fields = ("name", "code")
