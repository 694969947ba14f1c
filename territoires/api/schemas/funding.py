"""Shapes of the funding part of API v1: schemes of the catalogue, a fiche's financing
plan and its lines, the suggested schemes. Every scheme carries its source address."""

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from territoires.funding.models import Beneficiary, LineStatus, Nature, Recurrence

from .common import CodeName, Named


class SchemeFilters(Schema):
    q: str | None = Field(
        None, max_length=200, description="Mots à chercher dans le nom et la description."
    )
    axis: str | None = Field(None, description="Code de l'axe servi : attirer, recruter…")
    beneficiary: Beneficiary | None = Field(
        None, description="Bénéficiaire éligible : epci, commune…"
    )
    region: str | None = Field(
        None,
        max_length=3,
        description="Code INSEE d'une région : les dispositifs nationaux et ceux de la région "
        "ou de l'un de ses départements.",
    )
    open: bool | None = Field(
        None, description="true : ouverts seulement ; false : clos seulement."
    )


class SchemeRef(Schema):
    id: int
    name: str
    source_url: str


class SchemeSummary(Schema):
    id: int
    name: str
    source_url: str = Field(..., description="La fiche du dispositif à sa source.")
    financers: list[Named]
    aid_types: list[str]
    beneficiaries: list[str]
    axes: list[CodeName]
    perimeter: str
    places: list[str] = Field(
        ..., description="r44 : région ; d52 : département ; vide : national."
    )
    deadline: date | None
    recurrence: Recurrence | None
    is_call_for_projects: bool
    is_open: bool

    @staticmethod
    def resolve_recurrence(obj):
        return obj.recurrence or None

    @staticmethod
    def resolve_is_open(obj):
        return obj.is_open()


class SchemeDetail(SchemeSummary):
    short_title: str
    description: str
    eligibility: str
    instructors: list[Named]
    start_date: date | None
    rate_min: Decimal | None
    rate_max: Decimal | None
    amount_min: Decimal | None
    amount_max: Decimal | None
    application_url: str
    source_id: str


class FundingLineOut(Schema):
    id: int
    financer: Named
    scheme: SchemeRef | None
    amount: Decimal
    nature: Nature
    status: LineStatus
    requested_on: date | None
    decided_on: date | None
    paid_on: date | None
    decision_reference: str
    note: str
    is_example: bool
    version: int


class FundingLineIn(Schema):
    financer_id: int | None = Field(
        None, description="Organisation qui finance ; par défaut le financeur du dispositif."
    )
    scheme_id: int | None = None
    amount: Decimal | int | str = Field(..., description="Montant en euros, positif ou nul.")
    nature: Nature = Nature.INVESTMENT
    note: str = Field("", max_length=2000)


class FundingPlanOut(Schema):
    budget: Decimal | None = Field(..., description="Budget total de la fiche (le besoin).")
    self_funding: Decimal
    committed: Decimal = Field(..., description="Accordé ou versé.")
    paid: Decimal
    pending: Decimal = Field(..., description="Envisagé ou sollicité.")
    remaining: Decimal | None = Field(..., description="Reste à financer.")
    excess: Decimal = Field(..., description="Dépassement du budget (0 sinon).")
    lines: list[FundingLineOut]


class SuggestedScheme(Schema):
    id: int
    name: str
    source_url: str
    score: float
    reasons: list[str]
