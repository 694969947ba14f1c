"""Forms of the directory pages. They parse input; the services check and write."""

from django import forms
from django.db.models import Q

from territoires.core.forms import DateInput, DsfrForm, dsfr_widgets
from territoires.organisations import services
from territoires.organisations.models import GovernanceRole, Organisation

ROLE_CHOICES = [("", "Choisir un rôle")] + list(GovernanceRole.Role.choices)
KIND_CHOICES = [("", "Choisir un type")] + list(Organisation.Kind.choices)


def _organisations(territory, *current):
    """The territory's organisations, plus the ones already chosen."""
    ids = [o.pk for o in current if o is not None]
    condition = Q(pk__in=services.directory_organisations(territory).values("pk"))
    if ids:
        condition |= Q(pk__in=ids)
    return Organisation.objects.filter(condition).order_by("name")


def _role_field():
    field = forms.ChoiceField(label="Rôle", choices=ROLE_CHOICES)
    field.error_messages["invalid_choice"] = "Choisissez un rôle dans la liste."
    return field


class NewOrganisationMixin:
    """An organisation picked among the territory's, or a new one typed on the fly."""

    def add_organisation_fields(self, territory, *current):
        self.fields["organisation"] = forms.ModelChoiceField(
            label="Organisation",
            queryset=_organisations(territory, *current),
            required=False,
            empty_label="Aucune, ou nouvelle organisation ci-dessous",
            help_text="Parmi les organisations du territoire (partenaires et organisations "
            "des personnes de l'annuaire).",
        )
        self.fields["new_organisation_name"] = forms.CharField(
            label="Ou nouvelle organisation : nom", required=False, max_length=200
        )
        self.fields["new_organisation_kind"] = forms.ChoiceField(
            label="Type de la nouvelle organisation", choices=KIND_CHOICES, required=False
        )
        self.fields["new_organisation_siren"] = forms.CharField(
            label="SIREN de la nouvelle organisation",
            required=False,
            max_length=20,
            help_text="Facultatif : 9 chiffres.",
            widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        )

    def clean_new_organisation(self, cleaned):
        if not cleaned.get("new_organisation_name"):
            return
        if cleaned.get("organisation"):
            self.add_error(
                "organisation",
                "Choisissez une organisation dans la liste ou créez-en une nouvelle, pas les deux.",
            )
        if not cleaned.get("new_organisation_kind"):
            self.add_error(
                "new_organisation_kind", "Choisissez le type de la nouvelle organisation."
            )

    def new_organisation(self):
        name = self.cleaned_data.get("new_organisation_name")
        if not name:
            return None
        return {
            "name": name,
            "kind": self.cleaned_data["new_organisation_kind"],
            "siren": self.cleaned_data.get("new_organisation_siren", ""),
        }


class PersonFieldsMixin:
    """A person's own fields: names, job, email, phone."""

    def add_person_fields(self):
        self.fields["first_name"] = forms.CharField(label="Prénom", required=False, max_length=100)
        self.fields["last_name"] = forms.CharField(label="Nom", required=False, max_length=100)
        self.fields["job_title"] = forms.CharField(label="Fonction", required=False, max_length=200)
        self.fields["email"] = forms.EmailField(
            label="Adresse électronique", required=False, max_length=254
        )
        self.fields["phone"] = forms.CharField(
            label="Téléphone",
            required=False,
            max_length=30,
            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        )

    def clean_names(self, cleaned):
        if (
            not (cleaned.get("first_name") or "").strip()
            and not (cleaned.get("last_name") or "").strip()
        ):
            self.add_error("last_name", "Indiquez au moins le nom ou le prénom.")

    def person_fields(self):
        names = ("first_name", "last_name", "job_title", "email", "phone")
        return {name: self.cleaned_data.get(name, "") for name in names}


class _PersonAndOrganisationForm(PersonFieldsMixin, NewOrganisationMixin, DsfrForm):
    """A person's fields and their organisation, picked or new."""

    def clean(self):
        cleaned = super().clean()
        self.clean_names(cleaned)
        self.clean_new_organisation(cleaned)
        return cleaned


class AddPersonForm(_PersonAndOrganisationForm):
    """A new person of the directory with their role."""

    def __init__(self, *args, territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_person_fields()
        self.add_organisation_fields(territory)
        self.fields["role"] = _role_field()
        self.fields["role"].help_text = "« Contact » pour une personne hors de la gouvernance."
        self.fields["note"] = forms.CharField(
            label="Précision",
            required=False,
            max_length=300,
            help_text="Par exemple : « vice-président en charge de l'économie ».",
        )
        self.fields["since"] = forms.DateField(label="Depuis le", required=False, widget=DateInput)
        self.order_fields(
            ["first_name", "last_name", "job_title", "role", "note", "since", "organisation"]
        )
        dsfr_widgets(self)


class GiveRoleForm(DsfrForm):
    """Another role for a person already in the directory."""

    person = forms.ModelChoiceField(label="Personne de l'annuaire", queryset=None)
    role = _role_field()
    note = forms.CharField(label="Précision", required=False, max_length=300)
    since = forms.DateField(label="Depuis le", required=False, widget=DateInput)

    def __init__(self, *args, territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = services.directory_people(territory, include_ended=True)
        self.fields["person"].empty_label = "Choisir une personne"


class RoleForm(DsfrForm):
    """Change a seat: role, organisation it is held for, note, start date."""

    role = _role_field()
    organisation = forms.ModelChoiceField(
        label="Au titre de",
        queryset=None,
        required=False,
        empty_label="Son organisation",
    )
    note = forms.CharField(label="Précision", required=False, max_length=300)
    since = forms.DateField(label="Depuis le", required=False, widget=DateInput)

    def __init__(self, *args, governance_role, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations(
            governance_role.territory,
            governance_role.organisation,
            governance_role.person.organisation,
        )


class EndRoleForm(DsfrForm):
    until = forms.DateField(
        label="Fin le",
        required=False,
        widget=DateInput,
        help_text="Aujourd'hui si vide.",
    )


class PersonForm(_PersonAndOrganisationForm):
    """A person's details."""

    def __init__(self, *args, territory, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_person_fields()
        self.add_organisation_fields(territory, person.organisation)
        dsfr_widgets(self)


class PartnerSearchForm(DsfrForm):
    q = forms.CharField(
        label="Rechercher une organisation",
        required=False,
        max_length=200,
        help_text="Nom, SIREN ou SIRET (2 caractères au moins).",
    )


class ExistingPartnerForm(DsfrForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), widget=forms.HiddenInput
    )
    description = forms.CharField(label="Rôle dans la démarche", required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].error_messages["invalid_choice"] = (
            "Organisation introuvable : relancez la recherche."
        )


class NewPartnerForm(DsfrForm):
    name = forms.CharField(label="Nom", max_length=200)
    kind = forms.ChoiceField(label="Type", choices=KIND_CHOICES)
    siren = forms.CharField(
        label="SIREN",
        required=False,
        max_length=20,
        help_text="9 chiffres, vérifiés avec leur clé de contrôle.",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    siret = forms.CharField(
        label="SIRET",
        required=False,
        max_length=25,
        help_text="Facultatif : 14 chiffres, pour un établissement.",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    city = forms.CharField(label="Commune", required=False, max_length=100)
    description = forms.CharField(label="Rôle dans la démarche", required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["invalid_choice"] = "Choisissez un type dans la liste."
