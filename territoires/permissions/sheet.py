"""Questions about a fiche action: seeing it, editing it, its history, its workflow, and
the filter of a queryset of fiches down to the visible ones.

The rules read the fiche they are given: `territory_id`, `visibility`, `deleted_at` and
its `pilots` (prefetch them when asking about many fiches)."""

from django.db.models import Q

from .roles import TerritoryRole
from .visibility import Visibility


class SheetRules:
    def can_view_sheet(self, sheet) -> bool:
        if sheet.deleted_at is not None:
            return self.can_manage_trash(sheet.territory_id)
        return sheet.visibility == Visibility.PUBLIC or self.can_read_restricted(sheet.territory_id)

    def can_edit_sheet(self, sheet) -> bool:
        if sheet.deleted_at is not None:
            return False
        if self.can_create_sheet(sheet.territory_id):
            return True
        if self.role_on(sheet.territory_id) == TerritoryRole.CONTRIBUTOR and self.person_ids:
            return not self.person_ids.isdisjoint(p.pk for p in sheet.pilots.all())
        return False

    def can_copy_sheet(self, source, territory) -> bool:
        """May copy the fiche `source` as a draft of `territory` ("s'en inspirer"): the
        user sees the live fiche and creates fiches in that territory."""
        return (
            source.deleted_at is None
            and self.can_view_sheet(source)
            and self.can_create_sheet(territory)
        )

    def can_view_history(self, sheet) -> bool:
        return self.can_view_sheet(sheet) and self.can_read_restricted(sheet.territory_id)

    def can_apply(self, sheet, transition) -> bool:
        """May move the fiche along this workflow transition (its `permission` is "edit"
        or "validate")."""
        if sheet.deleted_at is not None:
            return False
        if transition.permission == "validate":
            return self.can_validate(sheet.territory_id)
        return self.can_edit_sheet(sheet)

    def visible_sheets(self, queryset):
        """Filter a queryset of fiches down to those the user may see (deleted excluded)."""
        return self._visible(queryset, "")

    def visible_through(self, queryset, path):
        """Filter a queryset of rows pointing to a fiche (through the relation `path`, e.g.
        "sheet") down to those whose fiche the user may see (in the same query)."""
        return self._visible(queryset, f"{path}__")

    def _visible(self, queryset, prefix):
        queryset = queryset.filter(**{f"{prefix}deleted_at__isnull": True})
        if self.reads_everything:
            return queryset
        readable = set(self.roles) | set(self.scoped_territory_ids)
        return queryset.filter(
            Q(**{f"{prefix}visibility": Visibility.PUBLIC})
            | Q(**{f"{prefix}territory_id__in": readable})
        )
