from django.contrib import admin
from django.db.models import Count

from .models import Commune, Department, Epci, Region, StageChange, Territory, TerritoryEpci


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")
    ordering = ("code",)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "region")
    list_filter = ("region",)
    list_select_related = ("region",)
    search_fields = ("code", "name")
    autocomplete_fields = ("region",)


@admin.register(Epci)
class EpciAdmin(admin.ModelAdmin):
    list_display = ("siren", "name", "kind", "commune_count")
    list_filter = ("kind",)
    search_fields = ("siren", "name")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(commune_count=Count("communes"))

    @admin.display(description="communes", ordering="commune_count")
    def commune_count(self, obj):
        return obj.commune_count


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ("code_insee", "name", "department", "epci", "population")
    list_filter = ("department__region",)
    list_select_related = ("department", "epci")
    search_fields = ("code_insee", "name", "epci__name", "epci__siren")
    autocomplete_fields = ("department", "epci")
    show_full_result_count = False


class TerritoryEpciInline(admin.TabularInline):
    model = TerritoryEpci
    extra = 0
    autocomplete_fields = ("epci",)
    fields = ("epci", "communes_in_territory", "communes_in_epci", "partial")
    readonly_fields = ("partial",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("epci", "territory")

    @admin.display(description="EPCI partiellement inclus", boolean=True)
    def partial(self, obj):
        return obj.is_partial


class StageChangeInline(admin.TabularInline):
    """The recorded stage moves, read-only: stages change through the territory page."""

    model = StageChange
    extra = 0
    can_delete = False
    fields = ("at", "from_stage", "to_stage", "by", "comment")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "programme", "region", "stage", "phase", "is_example")
    list_filter = ("programme", "region", "stage", "phase", "is_example")
    list_select_related = ("programme", "region", "stage")
    search_fields = ("code", "name")
    autocomplete_fields = ("programme", "region", "departments", "communes")
    readonly_fields = ("stage",)
    inlines = [TerritoryEpciInline, StageChangeInline]
