"""What each domain tells the audit log at start-up (in its AppConfig.ready): the French
labels of its fields and of its verbs. An unregistered field is named after the model's
verbose name, an unregistered verb after itself."""

from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist


@dataclass(frozen=True)
class Column:
    """A column of a "rows" value (a step's title, due date...)."""

    name: str
    label: str
    kind: str = "text"
    choices: dict = field(default_factory=dict)


@dataclass(frozen=True)
class FieldInfo:
    label: str
    choices: dict = field(default_factory=dict)
    columns: tuple[Column, ...] = ()


@dataclass(frozen=True)
class Related:
    """Events of `object_type` that belong to the history of the object their data names
    under `key` ({"sheet": {"id": 12, ...}}); `subject` says, in French, which of them an
    event is about (a financing line: "Région Grand Est, 40 000,00 €")."""

    object_type: str
    key: str
    subject: object = None  # callable(event) -> str


_FIELDS: dict[str, dict[str, FieldInfo]] = {}
_VERBS: dict[str, str] = {}
_RELATED: dict[str, dict[str, Related]] = {}


def register(object_type=None, *, fields=None, verbs=None):
    """Record the labels of verbs ({"sheet.created": "Création"}) and of an object type's
    fields ({name: FieldInfo}; `object_type` is a model label, "plans.actionsheet")."""
    if fields:
        _FIELDS.setdefault(object_type.lower(), {}).update(fields)
    _VERBS.update(verbs or {})


def register_related(owner_type, related):
    """Show the events of `related` (a Related) in the history of objects of `owner_type`
    (a model label, "plans.actionsheet")."""
    _RELATED.setdefault(owner_type.lower(), {})[related.object_type.lower()] = related


def related_of(owner_type):
    """The Related registered for an owner type, by object type."""
    return _RELATED.get(owner_type.lower(), {})


def verb_label(verb):
    return _VERBS.get(verb, verb)


def verbs():
    """The registered verbs and their labels, by label (the admin's filter)."""
    return sorted(_VERBS.items(), key=lambda item: (item[1], item[0]))


def field_info(object_type, name):
    """The registered FieldInfo, else one read from the model's field."""
    info = _FIELDS.get(object_type, {}).get(name)
    if info is not None:
        return info
    model_field = _model_field(object_type, name)
    if model_field is None:
        return FieldInfo(label=name.replace("_", " ").capitalize())
    choices = dict(getattr(model_field, "flatchoices", None) or [])
    label = str(getattr(model_field, "verbose_name", name))
    return FieldInfo(label=label[:1].upper() + label[1:], choices=choices)


def _model_field(object_type, name):
    try:
        model = apps.get_model(object_type)
        return model._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None
