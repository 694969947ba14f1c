"""Input and output shapes of the fiches action endpoints."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, create_model

from territoires.audit import values
from territoires.plans import fields
from territoires.plans.models import ActionSheet, Status, Visibility

from .common import MAX_ID, CodeName, Id, Named


class TerritoryRef(Schema):
    code: str
    name: str


class PersonOut(Schema):
    id: int
    name: str
    job_title: str
    organisation: str | None


def _person(person):
    if person is None:
        return None
    return {
        "id": person.pk,
        "name": person.full_name,
        "job_title": person.job_title,
        "organisation": person.organisation.name if person.organisation else None,
    }


class ActionSheetSummary(Schema):
    id: int
    code: str
    title: str
    territory: TerritoryRef
    axis: CodeName
    status: Status
    status_label: str
    visibility: Visibility
    is_late: bool = Field(..., description="Date de fin passée, ni réalisée ni abandonnée.")
    version: int = Field(..., description="À renvoyer dans PATCH (ou en-tête If-Match).")
    priority: str
    lead_organisation: Named | None
    start_date: date | None
    end_date: date | None
    budget_total: Decimal | None
    tags: list[str]
    is_example: bool
    updated_at: datetime

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_lead_organisation(obj):
        org = obj.lead_organisation
        return {"id": org.pk, "name": org.name} if org else None

    @staticmethod
    def resolve_tags(obj):
        return [tag.name for tag in obj.tags.all()]


class StepOut(Schema):
    title: str
    due_on: date | None
    done: bool


class IndicatorOut(Schema):
    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    current_value: Decimal | None


class LinkOut(Schema):
    title: str
    url: str


class DocumentOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    filename: str
    size: int
    uploaded_at: datetime


class SheetRef(Schema):
    id: int
    code: str
    title: str


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str


class TransitionOut(Schema):
    status: Status
    label: str


class ActionSheetDetail(ActionSheetSummary):
    context: str
    objectives: str
    beneficiaries: str
    expected_results: str
    priority_label: str
    budget_investment: Decimal | None
    budget_operating: Decimal | None
    presenter: PersonOut | None
    pilots: list[PersonOut]
    partners: list[OrganisationOut]
    related_sheets: list[SheetRef] = Field(..., description="Seulement celles que l'appelant voit.")
    steps: list[StepOut]
    indicators: list[IndicatorOut]
    links: list[LinkOut]
    documents: list[DocumentOut] = Field(..., description="Métadonnées des documents joints.")
    created_at: datetime
    can_edit: bool = Field(..., description="L'appelant peut modifier la fiche.")
    transitions: list[TransitionOut] = Field(
        ..., description="Changements de statut que l'appelant peut effectuer."
    )

    @staticmethod
    def resolve_priority_label(obj):
        return obj.get_priority_display() if obj.priority else ""

    @staticmethod
    def resolve_presenter(obj):
        return _person(obj.presenter)

    @staticmethod
    def resolve_pilots(obj):
        return [_person(p) for p in obj.pilots.all()]

    @staticmethod
    def resolve_partners(obj):
        return [{"id": o.pk, "name": o.name, "kind": o.kind} for o in obj.partners.all()]

    @staticmethod
    def resolve_related_sheets(obj):
        return obj.visible_related  # filtered by the endpoint with the caller's policy

    @staticmethod
    def resolve_documents(obj):
        return [
            {
                "id": d.pk,
                "title": d.title,
                "kind": d.kind,
                "kind_label": d.get_kind_display(),
                "filename": d.file.name.rsplit("/", 1)[-1] if d.file else "",
                "size": d.size,
                "uploaded_at": d.uploaded_at,
            }
            for d in obj.documents.all()
        ]

    @staticmethod
    def resolve_can_edit(obj):
        return obj.caller_can_edit

    @staticmethod
    def resolve_transitions(obj):
        return obj.caller_transitions


class ChangeOut(Schema):
    field: str
    label: str
    old: str
    new: str


# The history's public shape predates the audit log: `action` keeps its values.
HISTORY_ACTIONS = {
    "sheet.created": "created",
    "sheet.updated": "updated",
    "sheet.status_changed": "status",
    "sheet.deleted": "deleted",
    "sheet.restored": "restored",
    "sheet.document_added": "updated",
    "sheet.document_removed": "updated",
}


class ChangeRecordOut(Schema):
    # One entry of a fiche's history: an audit event, its values in French (no docstring:
    # it would become the schema's OpenAPI description).

    id: int
    action: str
    action_label: str
    at: datetime
    version: int
    by: str | None = Field(..., description="Nom de l'auteur.")
    changes: list[ChangeOut]
    comment: str

    @staticmethod
    def resolve_id(obj):
        return obj.event.pk

    @staticmethod
    def resolve_action(obj):
        return HISTORY_ACTIONS.get(obj.verb, obj.action)

    @staticmethod
    def resolve_action_label(obj):
        return obj.label

    @staticmethod
    def resolve_version(obj):
        return obj.version or 0

    @staticmethod
    def resolve_by(obj):
        if obj.actor is None:
            return None
        return obj.actor.get_full_name() or "Utilisateur sans nom"

    @staticmethod
    def resolve_changes(obj):
        return [
            {"field": c.field, "label": c.label, "old": c.old, "new": c.new} for c in obj.changes
        ]


class SheetFilters(Schema):
    territory: str | None = Field(None, description="Code du territoire, par exemple 4403.")
    axis: str | None = Field(None, description="Code de l'axe : attirer, recruter…")
    status: Status | None = None
    q: str | None = Field(None, max_length=200, description="Recherche en texte libre.")
    tag: str | None = Field(
        None, max_length=60, description="Mot-clé (sans tenir compte des majuscules)."
    )


def _check_url(value: str) -> str:
    try:
        URLValidator(schemes=["http", "https"])(value)
    except DjangoValidationError as exc:
        raise ValueError("Adresse web invalide (http:// ou https://).") from exc
    return value


Amount = Annotated[Decimal, Field(max_digits=14, decimal_places=2)]


class StepIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(..., min_length=1, max_length=300)
    due_on: date | None = None
    done: bool = False


class IndicatorIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(..., min_length=1, max_length=200)
    unit: str = Field("", max_length=40)
    baseline: Amount | None = None
    target: Amount | None = None
    current_value: Amount | None = None


class LinkIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(..., min_length=1, max_length=200)
    url: Annotated[str, Field(max_length=500), AfterValidator(_check_url)]


class _PatchBase(Schema):
    model_config = ConfigDict(extra="forbid")

    version: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="Version lue avant la modification (sinon en-tête If-Match). "
        "Obligatoire : une version périmée donne 409.",
    )
    comment: str = Field("", max_length=2000, description="Motif, gardé dans l'historique.")
    status: str | None = Field(None, description="Nouveau statut (workflow de la fiche).")
    status_comment: str = Field("", max_length=2000)


# How each kind of field of the spec (plans.fields) travels in the API: the limits (text
# lengths, rows) are the model's and the spec's, so the API takes no more than the form.
CHILD_SCHEMAS = {"steps": StepIn, "indicators": IndicatorIn, "links": LinkIn}
SCALAR_TYPES = {values.DATE: date, values.MONEY: Amount}
REFERENCE_TYPES = {"id": Id, "code": str, "name": str}


def _model_field(field):
    return ActionSheet._meta.get_field(field.name)


def _patch_type(field):
    if field.kind == fields.CHILDREN:
        return Annotated[list[CHILD_SCHEMAS[field.name]], Field(max_length=field.max_rows)]
    if field.kind == fields.MANY:
        return Annotated[list[REFERENCE_TYPES[field.api_ref]], Field(max_length=field.max_rows)]
    if field.kind == fields.RELATION:
        return REFERENCE_TYPES[field.api_ref]
    if field.value in SCALAR_TYPES:
        return SCALAR_TYPES[field.value]
    max_length = _model_field(field).max_length
    return Annotated[str, Field(max_length=max_length)] if max_length else str


def _drop_default(schema):
    schema.pop("default", None)


def _patch_field(field):
    """(type, default) of the PATCH field: absent means unchanged; null is offered only
    where the fiche may hold no value (the model field is nullable)."""
    model_field = None if field.kind in (fields.MANY, fields.CHILDREN) else _model_field(field)
    nullable = model_field is not None and model_field.null
    kind = _patch_type(field) | None if nullable else _patch_type(field)
    extra = {} if nullable else {"json_schema_extra": _drop_default}
    return (kind, Field(None, description=field.api_help or None, **extra))


ActionSheetPatch = create_model(
    "ActionSheetPatch",
    __base__=_PatchBase,
    __doc__="Only the fields present are changed. Lists (pilots, steps…) replace the whole list.",
    __module__=__name__,
    **{f.name: _patch_field(f) for f in fields.EDITABLE},
)
