from django.contrib import admin

from .models import GovernanceRole, Organisation, Partnership, Person


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "siren", "city", "region", "is_example")
    list_filter = ("kind", "region", "is_example")
    list_select_related = ("region",)
    search_fields = ("name", "siren", "siret", "city")
    autocomplete_fields = ("epci", "region")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "job_title", "organisation", "email", "user")
    list_filter = ("is_example",)
    list_select_related = ("organisation", "user")
    search_fields = ("last_name", "first_name", "email", "organisation__name")
    autocomplete_fields = ("organisation", "user")


@admin.register(GovernanceRole)
class GovernanceRoleAdmin(admin.ModelAdmin):
    list_display = ("person", "role", "territory", "organisation", "since", "until")
    list_filter = ("role", "territory__programme", "territory__region")
    list_select_related = ("person", "territory", "organisation")
    search_fields = (
        "person__last_name",
        "person__first_name",
        "territory__code",
        "territory__name",
    )
    autocomplete_fields = ("territory", "person", "organisation")


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ("organisation", "territory", "description")
    list_filter = ("territory__region", "organisation__kind")
    list_select_related = ("organisation", "territory")
    search_fields = ("organisation__name", "territory__code", "territory__name")
    autocomplete_fields = ("territory", "organisation")
