"""Admin of organisations and people: the national team keeps the organisations' and
people's details here, through the services (validated, recorded in the audit log). A
territory's governance roles and partners change on the territory's directory pages
(the services check who may): the admin only shows them. So are a territory's company
contacts, their consent steps and their lists read here: they change on the contacts'
pages, where consent is recorded and a person's data exported or erased; a list may be
deleted here, through the service (audit-logged)."""

from django.contrib import admin, messages

from territoires.core.admin import ReadOnlyAdmin, ReadOnlyInline, ServiceErrorsAdmin

from . import contacts, services
from .models import (
    Consent,
    Contact,
    ContactList,
    ContactTag,
    GovernanceRole,
    Organisation,
    Partnership,
    Person,
)


class ThroughServicesAdmin(ServiceErrorsAdmin):
    """Saves through a service (`save`); a refusal is shown as form errors, nothing is
    written (core.admin.ServiceErrorsAdmin)."""

    save_service = None

    def save_model(self, request, obj, form, change):
        type(self).save_service(obj, acting_user=request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # rows named by fiches and directories stay


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


class ConsentInline(ReadOnlyInline):
    model = Consent
    fields = ("purpose", "given", "on", "source", "note", "recorded_at", "recorded_by")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recorded_by")


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdmin):
    list_display = ("person", "organisation", "territory", "added_at")
    list_filter = ("territory__region",)
    list_select_related = ("person__organisation", "territory")
    search_fields = (
        "person__last_name",
        "person__first_name",
        "person__email",
        "person__organisation__name",
        "territory__code",
        "territory__name",
    )
    fields = ("territory", "person", "tags", "added_at", "added_by")
    readonly_fields = fields
    inlines = [ConsentInline]
    show_full_result_count = False

    @admin.display(description="organisation", ordering="person__organisation__name")
    def organisation(self, obj):
        return obj.person.organisation or "—"


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    """Each step of a contact's consent (given, withdrawn), as recorded: never changed."""

    list_display = ("contact", "territory", "purpose", "given", "on", "source", "recorded_at")
    list_filter = ("purpose", "given", "source")
    list_select_related = ("contact__person", "contact__territory")
    search_fields = ("contact__person__last_name", "contact__person__email")
    date_hierarchy = "on"
    show_full_result_count = False

    @admin.display(description="territoire", ordering="contact__territory__code")
    def territory(self, obj):
        return obj.contact.territory


@admin.register(ContactTag)
class ContactTagAdmin(ReadOnlyAdmin):
    list_display = ("name", "territory")
    list_select_related = ("territory",)
    search_fields = ("name", "territory__code", "territory__name")


@admin.register(ContactList)
class ContactListAdmin(ReadOnlyAdmin):
    """A territory's saved lists; deleting one goes through the service (audit-logged)."""

    list_display = ("name", "territory", "naf_section", "naf_division", "tag", "with_consent")
    list_filter = ("with_consent",)
    list_select_related = ("territory", "tag")
    search_fields = ("name", "territory__code", "territory__name")
    actions = ["delete_lists"]

    def get_actions(self, request):
        # Django's bulk delete would bypass the service: ours replaces it.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description="Supprimer les listes sélectionnées (les contacts restent)")
    def delete_lists(self, request, queryset):
        lists = list(queryset.order_by("pk"))
        for contact_list in lists:
            contacts.delete_contact_list(contact_list, acting_user=request.user)
        self.message_user(request, f"Listes supprimées : {len(lists)}.", messages.SUCCESS)
