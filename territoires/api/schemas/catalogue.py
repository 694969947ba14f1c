"""Output and filters of the public catalogue of actions."""

from ninja import Field, Schema

from territoires.plans.models import Status

from .action_sheets import TerritoryRef
from .common import CodeName


class CatalogueFilters(Schema):
    q: str | None = Field(
        None,
        description="Recherche en français dans le code, le titre, le contexte et les "
        "objectifs ; toute chaîne est acceptée (coupée à 300 caractères).",
    )
    region: str | None = Field(None, description="Code de la région, par exemple 44.")
    territory: str | None = Field(None, description="Code du territoire, par exemple 4403.")
    axis: str | None = Field(None, description="Code de l'axe : attirer, recruter…")
    status: Status | None = None
    financer: int | None = Field(
        None,
        ge=1,
        le=2**31 - 1,
        description="Identifiant d'une organisation : les fiches ayant une ligne de "
        "financement (non refusée) de ce financeur, parmi les plans de financement que "
        "l'appelant lit (aucune pour un appel anonyme).",
    )


class CatalogueEntry(Schema):
    id: int
    code: str
    title: str
    title_html: str = Field(..., description="Le titre échappé, mots cherchés dans <mark>.")
    excerpt_html: str = Field(
        ..., description="Un passage du contexte ou des objectifs, échappé, mots dans <mark>."
    )
    territory: TerritoryRef
    region: CodeName
    axis: CodeName
    status: Status
    status_label: str
    is_example: bool
    url: str = Field(..., description="Adresse de la fiche sur la plateforme.")


class SimilarEntry(Schema):
    id: int
    code: str
    title: str
    territory: TerritoryRef
    region: CodeName
    axis: CodeName
    status: Status
    status_label: str
    score: float = Field(..., description="Similarité : mots communs, titre compté double, axe.")
    reason: str = Field(..., description="Pourquoi cette action est proposée, en français.")
    url: str
