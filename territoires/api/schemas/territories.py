"""Input and output shapes of the territories endpoints."""

from datetime import date

from ninja import Field, Schema

from .common import CodeName


class EpciOut(Schema):
    siren: str
    name: str
    kind: str
    is_partial: bool = Field(..., description="Une partie seulement des communes de l'EPCI.")


class TerritorySummary(Schema):
    code: str
    name: str
    programme: str = Field(..., description="Identifiant du programme.")
    region: CodeName
    phase: str
    labelled_on: date | None
    stage: CodeName | None
    is_example: bool
    epcis: list[EpciOut]
    action_sheet_count: int = Field(..., description="Fiches action visibles par l'appelant.")

    @staticmethod
    def resolve_programme(obj):
        return obj.programme.slug

    @staticmethod
    def resolve_epcis(obj):
        return [
            {
                "siren": link.epci.siren,
                "name": link.epci.name,
                "kind": link.epci.kind,
                "is_partial": link.is_partial,
            }
            for link in obj.epci_links.all()
        ]


class GovernanceOut(Schema):
    name: str
    role: str
    role_label: str
    organisation: str | None
    note: str
    since: date | None
    until: date | None


class AxisCount(Schema):
    code: str
    name: str
    action_sheet_count: int


class TerritoryDetail(TerritorySummary):
    description: str
    departments: list[CodeName]
    governance: list[GovernanceOut]
    partners: list[str]
    axes: list[AxisCount]

    @staticmethod
    def resolve_departments(obj):
        return [{"code": d.code, "name": d.name} for d in obj.departments.all()]

    @staticmethod
    def resolve_governance(obj):
        return [
            {
                "name": seat.person.full_name,
                "role": seat.role,
                "role_label": seat.get_role_display(),
                "organisation": seat.organisation.name if seat.organisation else None,
                "note": seat.note,
                "since": seat.since,
                "until": seat.until,
            }
            for seat in obj.governance.all()
        ]

    @staticmethod
    def resolve_partners(obj):
        return [p.organisation.name for p in obj.partnerships.all()]

    @staticmethod
    def resolve_axes(obj):
        return obj.axis_counts  # computed by the endpoint with the caller's policy


class TerritoryFilters(Schema):
    region: str | None = Field(None, description="Code INSEE de la région.")
    programme: str | None = Field(None, description="Identifiant du programme.")
