"""Admin of the catalogue: the national team reads schemes there and corrects their
details through the service (validated, recorded in the audit log). The relations
(financers, axes, geography) are set by the imports and shown read-only here."""

from django.contrib import admin

from territoires.core.admin import ReadOnlyAdmin
from territoires.organisations.admin import ThroughServicesAdmin

from . import services
from .models import FundingLine, Scheme

RELATIONS = ["financers", "instructors", "axes", "regions", "departments", "territories"]


@admin.register(Scheme)
class SchemeAdmin(ThroughServicesAdmin):
    save_service = staticmethod(services.save_scheme)
    list_display = ["name", "recurrence", "deadline", "is_call_for_projects", "is_published"]
    list_filter = ["recurrence", "is_call_for_projects", "is_published"]
    search_fields = ["name", "source_id", "source_url"]
    fields = [*services.SCHEME_FIELDS, *RELATIONS, "created_at", "updated_at"]
    readonly_fields = [*RELATIONS, "created_at", "updated_at"]
    ordering = ["name", "id"]

    def save_related(self, request, form, formsets, change):
        """The relations are read-only here: nothing else to save."""


@admin.register(FundingLine)
class FundingLineAdmin(ReadOnlyAdmin):
    """Lines change on their fiche's financing page (the services check who may)."""

    list_display = ["sheet", "financer", "amount", "nature", "status", "is_example"]
    list_filter = ["status", "nature", "is_example"]
    list_select_related = ["sheet", "financer"]
    ordering = ["sheet", "created_at", "id"]
