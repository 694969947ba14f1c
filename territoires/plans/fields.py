"""The one list of a fiche's fields that people edit, and how each reads in its history.

The services (what `update_sheet` accepts), the history (what a snapshot holds and the
labels the audit log shows), the fiche form (its field list), the admin form and the
API's PATCH schema all derive from `FIELDS`; add a field here and they follow.

Each field has a kind:
- scalar: a plain column (text, date, amount, choice);
- relation: a foreign key (axis, porteur, présentateur);
- many: a many-to-many list (pilots, partners, tags, related fiches);
- children: rows of their own (steps, indicators, links), replaced as a whole.

`value` says how a value is kept and read in the audit log (see audit.values); the
API's reference to a related row is its id unless `api_ref` says "code" or "name".
Two tracked fields are not edited through the fiche form: the status (moved by the
workflow) and the documents (added and removed one by one).
"""

from dataclasses import dataclass
from functools import cache

from territoires.audit import values
from territoires.audit.registry import Column, FieldInfo

SCALAR = "scalar"
RELATION = "relation"
MANY = "many"
CHILDREN = "children"


@dataclass(frozen=True)
class SheetField:
    name: str
    kind: str
    label: str
    value: str = values.TEXT
    editable: bool = True
    api_ref: str = "id"
    api_help: str = ""
    columns: tuple[Column, ...] = ()
    # The most rows (children) or items (many) the service takes; the form and the API's
    # schema derive their limits from it.
    max_rows: int | None = None


FIELDS = (
    SheetField("code", SCALAR, "Code"),
    SheetField("title", SCALAR, "Titre"),
    SheetField("axis", RELATION, "Axe", values.REF, api_ref="code", api_help="Code de l'axe."),
    SheetField("context", SCALAR, "Contexte"),
    SheetField("objectives", SCALAR, "Objectifs"),
    SheetField(
        "lead_organisation",
        RELATION,
        "Porteur",
        values.REF,
        api_help="Identifiant de l'organisation.",
    ),
    SheetField(
        "pilots",
        MANY,
        "Pilotes",
        values.REFS,
        api_help="Identifiants des personnes.",
        max_rows=30,
    ),
    SheetField(
        "presenter", RELATION, "Présentateur", values.REF, api_help="Identifiant de la personne."
    ),
    SheetField(
        "partners",
        MANY,
        "Partenaires",
        values.REFS,
        api_help="Identifiants des organisations.",
        max_rows=50,
    ),
    SheetField("beneficiaries", SCALAR, "Bénéficiaires visés"),
    SheetField("expected_results", SCALAR, "Résultats attendus"),
    SheetField("start_date", SCALAR, "Date de début", values.DATE),
    SheetField("end_date", SCALAR, "Date de fin", values.DATE),
    SheetField("budget_total", SCALAR, "Budget total", values.MONEY),
    SheetField("budget_investment", SCALAR, "Dont investissement", values.MONEY),
    SheetField("budget_operating", SCALAR, "Dont fonctionnement", values.MONEY),
    SheetField("priority", SCALAR, "Priorité", values.CHOICE),
    SheetField(
        "tags",
        MANY,
        "Mots-clés",
        values.REFS,
        api_ref="name",
        max_rows=30,
        api_help=(
            "Noms de mots-clés. Un nom qui correspond, sans tenir compte des majuscules, à "
            "un mot-clé d'une fiche que vous voyez reprend ce mot-clé ; un autre nom crée "
            "le mot-clé tel qu'écrit."
        ),
    ),
    SheetField(
        "related_sheets",
        MANY,
        "Fiches liées",
        values.REFS,
        api_ref="code",
        max_rows=50,
        api_help="Codes de fiches du territoire.",
    ),
    SheetField("visibility", SCALAR, "Visibilité", values.CHOICE),
    SheetField(
        "steps",
        CHILDREN,
        "Étapes",
        values.ROWS,
        max_rows=100,
        columns=(
            Column("title", "Étape"),
            Column("due_on", "Échéance", values.DATE),
            Column("done", "Faite", values.BOOL),
        ),
    ),
    SheetField(
        "indicators",
        CHILDREN,
        "Indicateurs",
        values.ROWS,
        max_rows=50,
        columns=(
            Column("name", "Indicateur"),
            Column("unit", "Unité"),
            Column("baseline", "Valeur initiale", values.DECIMAL),
            Column("target", "Cible", values.DECIMAL),
            Column("current_value", "Valeur actuelle", values.DECIMAL),
        ),
    ),
    SheetField(
        "links",
        CHILDREN,
        "Liens",
        values.ROWS,
        max_rows=50,
        columns=(Column("title", "Titre"), Column("url", "Adresse")),
    ),
    SheetField("status", SCALAR, "Statut", values.CHOICE, editable=False),
    SheetField(
        "documents",
        CHILDREN,
        "Documents",
        values.ROWS,
        editable=False,
        columns=(Column("title", "Titre"), Column("kind", "Type", values.CHOICE)),
    ),
)

BY_NAME = {field.name: field for field in FIELDS}
EDITABLE = tuple(field for field in FIELDS if field.editable)

# What update_sheet accepts, by kind.
SCALAR_FIELDS = [f.name for f in EDITABLE if f.kind in (SCALAR, RELATION)]
M2M_FIELDS = [f.name for f in EDITABLE if f.kind == MANY]
CHILD_FIELDS = {f.name: [c.name for c in f.columns] for f in EDITABLE if f.kind == CHILDREN}
MAX_ROWS = {f.name: f.max_rows for f in EDITABLE if f.kind in (CHILDREN, MANY)}


def child_model(name):
    """The model of a children field ("steps" → Step)."""
    from .models import ActionSheet

    return ActionSheet._meta.get_field(name).related_model


@cache
def audit_fields():
    """The labels the audit log shows for a fiche's fields, with the labels of the
    choices read from the models."""
    from .models import ActionSheet

    def choices_of(model, name):
        return {str(k): str(v) for k, v in model._meta.get_field(name).flatchoices}

    infos = {}
    for field in FIELDS:
        choices = choices_of(ActionSheet, field.name) if field.value == values.CHOICE else {}
        columns = field.columns
        if columns:
            model = child_model(field.name)
            columns = tuple(
                Column(c.name, c.label, c.kind, choices_of(model, c.name))
                if c.kind == values.CHOICE
                else c
                for c in columns
            )
        infos[field.name] = FieldInfo(label=field.label, choices=choices, columns=columns)
    return infos
