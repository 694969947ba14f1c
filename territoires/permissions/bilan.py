"""Questions about the bilan of the programme (national or regional, as of a date).

Everyone reads the public bilan: published fiches only, no money. The full bilan (every
fiche, the financial commitments) is read by the national team and the operators for the
programme and for any region, and by the Région's and the State's regional scopes for
their region."""

from .roles import ScopeKind


class BilanRules:
    def reads_full_bilan(self, region=None) -> bool:
        """`region`: a Region row or its id; None for the national bilan."""
        if self.reads_everything:
            return True
        if region is None:
            return False
        region_id = region if isinstance(region, int) else region.pk
        return any(
            scope.kind in (ScopeKind.REGION, ScopeKind.STATE) and scope.region_id == region_id
            for scope in self.scopes
        )
