"""Questions about the programme's figures (dashboards, their lists and CSV files).

- Anyone reads the public version of a dashboard: the published fiches only, the
  territories and their stages, no money and no fragility.
- Whoever reads the restricted content of every territory of a dashboard's perimeter
  (the national team and the operators everywhere; a Région or State scope on its
  region or department; a territory's members on their territory) reads its complete
  version: every fiche, the financial commitments by financer, the fragile territories
  (a financing plan and the fragility are not published, `funding.py`, `territory.py`).
"""

from .roles import ScopeKind


class SteeringRules:
    def reads_whole_perimeter(self, territory_ids) -> bool:
        """Reads the complete figures of the territories `territory_ids` (an iterable of
        ids; None: every territory of the programme)."""
        if self.reads_everything:
            return True
        if territory_ids is None:
            return False
        ids = frozenset(territory_ids)
        if not ids:
            return False
        return ids <= (frozenset(self.roles) | self.scoped_territory_ids)

    def dashboard_regions(self) -> frozenset:
        """The ids of the regions whose complete dashboard the user is offered from the
        national one (their Région or State scope)."""
        return frozenset(
            scope.region_id
            for scope in self.scopes
            if scope.region_id is not None and scope.kind in (ScopeKind.REGION, ScopeKind.STATE)
        )

    def dashboard_departments(self) -> frozenset:
        """The ids of the departments of the user's State scopes (a préfecture de
        département), whose complete figures the national dashboard filters to."""
        return frozenset(
            scope.department_id
            for scope in self.scopes
            if scope.department_id is not None and scope.kind == ScopeKind.STATE
        )
