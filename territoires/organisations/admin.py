"""Admin of organisations and people: the national team keeps the organisations' and
people's details here, through the services (validated, recorded in the audit log). A
territory's governance roles and partners change on the territory's directory pages
(the services check who may): the admin only shows them."""

from django.contrib import admin

from territoires.core.admin import ServiceErrorsAdmin

from . import services
from .models import GovernanceRole, Organisation, Partnership, Person


class ThroughServicesAdmin(ServiceErrorsAdmin):
    """Saves through a service (`save`); a refusal is shown as form errors, nothing is
    written (core.admin.ServiceErrorsAdmin)."""

    save_service = None

    def save_model(self, request, obj, form, change):
        type(self).save_service(obj, acting_user=request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # rows named by fiches and directories stay


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(ThroughServicesAdmin):
    save_service = staticmethod(services.save_organisation)
    list_display = (
        "name",
        "kind",
        "siren",
        "naf_code",
        "size_band",
        "city",
        "region",
        "is_example",
    )
    list_filter = ("kind", "size_band", "region", "is_example")
    list_select_related = ("region",)
    search_fields = ("name", "siren", "siret", "city")
    autocomplete_fields = ("epci", "region", "commune")


@admin.register(Person)
class PersonAdmin(ThroughServicesAdmin):
    save_service = staticmethod(services.save_person)
    list_display = ("last_name", "first_name", "job_title", "organisation", "email", "user")
    list_filter = ("is_example",)
    list_select_related = ("organisation", "user")
    search_fields = ("last_name", "first_name", "email", "organisation__name")
    autocomplete_fields = ("organisation", "user")


@admin.register(GovernanceRole)
class GovernanceRoleAdmin(ReadOnlyAdmin):
    list_display = ("person", "role", "territory", "organisation", "since", "until")
    list_filter = ("role", "territory__programme", "territory__region")
    list_select_related = ("person", "territory", "organisation")
    search_fields = (
        "person__last_name",
        "person__first_name",
        "territory__code",
        "territory__name",
    )


@admin.register(Partnership)
class PartnershipAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "territory", "description")
    list_filter = ("territory__region", "organisation__kind")
    list_select_related = ("organisation", "territory")
    search_fields = ("organisation__name", "territory__code", "territory__name")
