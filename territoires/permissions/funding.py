"""Questions about funding: the catalogue of schemes, a fiche's financing plan.

- The catalogue is kept by the national team.
- A fiche's financing plan is read by those who read the territory's restricted content
  (amounts and financers are not published with a public fiche).
- Whoever edits the fiche adds lines, sets the self-funding, and changes or removes a
  line still "envisagé" (the territory's draft: the financer has no say on it yet).
- A line's status (sollicité, accordé, versé, refusé), and the line once it has left
  "envisagé", are changed only by the territory's éditeurs and administrateurs, the
  national team, and the users who represent the line's financer (a scope whose
  organisation is the financer: an operator, a Région, a State service) on territories
  they read.

The rules read the objects given: `sheet.territory_id`, `sheet.deleted_at`, prefetched
`sheet.pilots`, `line.financer_id`, `line.status`, and the user's scopes."""

# A line in this status is still a draft of the territory's own (LineStatus.CONSIDERED;
# the vocabulary lives in funding.models, which this package may not import).
DRAFT_LINE_STATUS = "considered"


class FundingRules:
    def can_manage_schemes(self) -> bool:
        """The catalogue is kept by the national team (imports, corrections)."""
        return self.is_national

    def can_view_funding(self, sheet) -> bool:
        return self.can_view_sheet(sheet) and self.can_read_restricted(sheet.territory_id)

    def can_edit_funding(self, sheet) -> bool:
        """Add lines, set the self-funding, change or remove a line still envisagé."""
        return self.can_edit_sheet(sheet)

    def represents(self, organisation_id) -> bool:
        """The user holds a scope on behalf of this organisation."""
        return organisation_id is not None and any(
            scope.organisation_id == organisation_id for scope in self.scopes
        )

    def can_change_line_status(self, line, sheet) -> bool:
        if sheet.deleted_at is not None:
            return False
        if self.can_create_sheet(sheet.territory_id):  # éditeurs, administrateurs, national
            return True
        return self.represents(line.financer_id) and self.can_read_restricted(sheet.territory_id)

    def can_edit_line(self, line, sheet) -> bool:
        """Change a line's amount, financer, scheme, nature, note, or remove it."""
        if line.status == DRAFT_LINE_STATUS:
            return self.can_edit_funding(sheet)
        return self.can_change_line_status(line, sheet)

    def readable_funding_territories(self):
        """The ids of the territories whose financing plans the user reads; None: all."""
        if self.reads_everything:
            return None
        return frozenset(self.roles) | self.scoped_territory_ids

    def can_view_national_money(self) -> bool:
        return self.reads_everything
