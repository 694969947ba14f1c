"""Output of the programme's figures as of a day (the bilan, `steering.bilan`)."""

import datetime
from decimal import Decimal

from ninja import Field, Schema

from .common import CodeName


class StatsQuery(Schema):
    date: datetime.date | None = Field(
        None,
        description="Le jour du bilan (AAAA-MM-JJ) : les chiffres tels qu'ils étaient connus "
        "à la fin de ce jour, reconstitués depuis l'historique ; aujourd'hui par défaut.",
    )


class StatsRow(Schema):
    code: str = Field(..., description="Code de la région, de l'axe ou du statut ; vide : total.")
    label: str
    territories: int
    validated_territories: int = Field(
        ..., description="Territoires ayant défini leur gouvernance et validé leur plan."
    )
    signed_territories: int = Field(..., description="Territoires au protocole ou au contrat.")
    actions: int = Field(..., description="Fiches existant ce jour-là, sauf abandonnées.")
    funded_actions: int | None = Field(
        None, description="Fiches avec un engagement (accordé ou versé) ; absent en public."
    )
    committed: Decimal | None = Field(None, description="Engagé (€) ; absent en public.")
    requested: Decimal | None = Field(None, description="Demandé (€) ; absent en public.")
    paid: Decimal | None = Field(None, description="Versé (€) ; absent en public.")


class StatsTarget(Schema):
    label: str
    metric: str
    due_on: datetime.date
    value: Decimal
    reached: Decimal
    percent: int | None


class SignedTerritory(Schema):
    code: str
    name: str
    region: str
    stage: str
    signed_on: datetime.date | None = Field(
        None, description="Jour où il a atteint pour la première fois une étape signée."
    )


class Stats(Schema):
    date: datetime.date
    region: CodeName | None = Field(None, description="La région ; absente : national.")
    public: bool = Field(
        ...,
        description="Version publique : fiches publiées seulement, sans les financements "
        "(l'équipe nationale, les opérateurs et les périmètres Région ou État de la région "
        "lisent la version complète).",
    )
    headline: str = Field(..., description="La phrase du bilan, en français.")
    total: StatsRow
    by_region: list[StatsRow]
    by_axis: list[StatsRow]
    by_status: list[StatsRow]
    by_financer: list[StatsRow]
    targets: list[StatsTarget]
    signed: list[SignedTerritory]
