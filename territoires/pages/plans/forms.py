"""Forms of the action plan pages. They validate input; the services write."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import formset_factory
from django.urls import reverse
from django.utils.html import format_html

from territoires.core import uploads
from territoires.core.forms import DateInput, DsfrForm, PromptSelect, dsfr_widgets, with_prompt
from territoires.organisations.models import Organisation, Person
from territoires.organisations.services import directory_organisations, directory_people
from territoires.plans.fields import (
    BY_NAME,
    CHILD_FIELDS,
    EDITABLE,
    M2M_FIELDS,
    MAX_ROWS,
    SCALAR_FIELDS,
)
from territoires.plans.models import ActionSheet, Document, Indicator, Link, Status, Step
from territoires.plans.services import clean_tag_names


class AmountField(forms.DecimalField):
    """A decimal typed the French way: "150 000,50" as well as "150000.50"."""

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split()).replace("\u202f", "").replace(",", ".")
            value = value.removesuffix("€")
        return super().to_python(value)


def _amount(label, help_text=""):
    return AmountField(
        label=label,
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=0,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class SheetForm(forms.ModelForm):
    """The fiche's own fields and its lists (pilots, partners, tags, linked fiches)."""

    tags_text = forms.CharField(
        label="Mots-clés",
        required=False,
        max_length=600,
        help_text="Séparés par des virgules, par exemple : foncier, friche, apprentissage.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    budget_total = _amount("Budget total (€)", "En euros, par exemple 150000 ou 150 000,50.")
    budget_investment = _amount("Dont investissement (€)")
    budget_operating = _amount("Dont fonctionnement (€)")

    class Meta:
        model = ActionSheet
        # Every editable field but the rows (formsets below) and the tags (`tags_text`).
        fields = [
            f.name for f in EDITABLE if f.name in SCALAR_FIELDS + M2M_FIELDS and f.name != "tags"
        ]
        widgets = {
            "context": forms.Textarea(attrs={"rows": 5}),
            "objectives": forms.Textarea(attrs={"rows": 5}),
            "beneficiaries": forms.Textarea(attrs={"rows": 3}),
            "expected_results": forms.Textarea(attrs={"rows": 3}),
            "start_date": DateInput,
            "end_date": DateInput,
            # Lists of checkboxes, filtered as one types (core/checklist.js): no
            # modifier key to hold, and they work without JavaScript.
            "pilots": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
            "related_sheets": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "pilots": "Les personnes en charge de l'action : cochez-en une ou plusieurs.",
            "presenter": "La personne qui présente la fiche aux entreprises.",
            "related_sheets": "Fiches du même territoire.",
        }

    def __init__(self, *args, territory, can_change_visibility, **kwargs):
        super().__init__(*args, **kwargs)
        self.territory = territory
        self.fields["axis"].queryset = territory.programme.axes.all()
        self.fields["axis"].empty_label = "Choisir un axe"
        self._restrict_actors(territory)
        related = ActionSheet.objects.alive().filter(territory=territory).order_by("sort_key")
        if self.instance.pk:
            related = related.exclude(pk=self.instance.pk)
            self.fields["version"].required = True
            if not self.is_bound:
                self.initial["version"] = self.instance.version
                self.initial["tags_text"] = ", ".join(t.name for t in self.instance.tags.all())
        self.fields["related_sheets"].queryset = related
        if not can_change_visibility:
            del self.fields["visibility"]
        dsfr_widgets(self)

    def _restrict_actors(self, territory):
        """Pilots and presenter among the people of the territory's directory, porteur and
        partners among its organisations; the fiche's current ones stay offered."""
        sheet = self.instance
        people = Q(pk__in=directory_people(territory).values("pk"))
        organisations = Q(pk__in=directory_organisations(territory).values("pk"))
        if sheet.pk:
            pilots = ActionSheet.pilots.through.objects.filter(actionsheet_id=sheet.pk)
            partners = ActionSheet.partners.through.objects.filter(actionsheet_id=sheet.pk)
            people |= Q(pk__in=pilots.values("person_id"))
            organisations |= Q(pk__in=partners.values("organisation_id"))
        if sheet.presenter_id:
            people |= Q(pk=sheet.presenter_id)
        if sheet.lead_organisation_id:
            organisations |= Q(pk=sheet.lead_organisation_id)
        people = (
            Person.objects.filter(people)
            .select_related("organisation")
            .order_by("last_name", "first_name")
        )
        organisations = Organisation.objects.filter(organisations).order_by("name")
        self.fields["pilots"].queryset = people
        self.fields["presenter"].queryset = people
        self.fields["lead_organisation"].queryset = organisations
        self.fields["partners"].queryset = organisations
        directory = reverse("directory:index", args=[territory.code])
        missing_person = format_html(
            'Personne absente de la liste ? <a href="{}">Ajoutez-la à l\'annuaire du '
            "territoire</a>.",
            directory,
        )
        missing_organisation = format_html(
            'Organisation absente de la liste ? <a href="{}#partenaires">Ajoutez-la aux '
            "partenaires du territoire</a>.",
            directory,
        )
        for names, missing in (
            (("pilots", "presenter"), missing_person),
            (("lead_organisation", "partners"), missing_organisation),
        ):
            for name in names:
                field = self.fields[name]
                if field.help_text:
                    field.help_text = format_html("{} {}", field.help_text, missing)
                else:
                    field.help_text = missing

    def clean_tags_text(self):
        try:
            return clean_tag_names(self.cleaned_data.get("tags_text", "").split(","))
        except ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["tags"]) from exc

    # What the services receive ------------------------------------------------------

    def scalar_fields(self):
        return {name: self.cleaned_data[name] for name in SCALAR_FIELDS if name in self.fields}

    def m2m(self, tags):
        """The lists of the fiche (plans.fields), the tags named by `tags_text`."""
        lists = {name: list(self.cleaned_data[name]) for name in M2M_FIELDS if name != "tags"}
        return {**lists, "tags": tags}


class RowForm(forms.ModelForm):
    """A row of one of a fiche's lists (steps, indicators, links). A row left blank, or
    emptied, is no row: nothing in it is required, it is not validated and not kept
    (an emptied existing row is removed). A row with anything in it is validated."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_permitted = True
        self.use_required_attribute = False
        dsfr_widgets(self)

    def is_blank(self):
        for name, field in self.fields.items():
            if name == "DELETE":
                continue
            value = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            if value not in (None, "", [], False):
                return False
        return True

    def has_changed(self):
        # Django skips the validation of an `empty_permitted` form that has not changed:
        # here, of a blank row, whatever it held before.
        return not self.is_blank() if self.is_bound else super().has_changed()


class StepForm(RowForm):
    class Meta:
        model = Step
        fields = CHILD_FIELDS["steps"]
        widgets = {"due_on": DateInput}


class IndicatorForm(RowForm):
    baseline = AmountField(
        label="Valeur initiale", required=False, max_digits=14, decimal_places=2, localize=True
    )
    target = AmountField(
        label="Cible", required=False, max_digits=14, decimal_places=2, localize=True
    )
    current_value = AmountField(
        label="Valeur actuelle", required=False, max_digits=14, decimal_places=2, localize=True
    )

    class Meta:
        model = Indicator
        fields = CHILD_FIELDS["indicators"]


class LinkForm(RowForm):
    url = forms.URLField(label="Adresse", max_length=500, assume_scheme="https")

    class Meta:
        model = Link
        fields = CHILD_FIELDS["links"]


def _rows(form, extra, name):
    # The most rows come from the fields spec (plans.fields.MAX_ROWS), as for the API.
    limit = MAX_ROWS[name]
    return formset_factory(
        form, extra=extra, can_delete=True, max_num=limit, validate_max=True, absolute_max=limit
    )


CHILD_FORMSETS = {
    "steps": _rows(StepForm, 2, "steps"),
    "indicators": _rows(IndicatorForm, 1, "indicators"),
    "links": _rows(LinkForm, 1, "links"),
}
CHILD_TITLES = {name: BY_NAME[name].label for name in CHILD_FORMSETS}


def child_formsets(data=None, sheet=None):
    """The three inline lists of the fiche form, filled from the fiche when not bound."""
    formsets = {}
    for name, factory in CHILD_FORMSETS.items():
        initial = None
        if data is None and sheet is not None and sheet.pk:
            initial = [
                {field: getattr(row, field) for field in CHILD_FIELDS[name]}
                for row in getattr(sheet, name).all()
            ]
        formsets[name] = factory(data=data, initial=initial, prefix=name)
    return formsets


def child_rows(formsets):
    """The kept rows of valid formsets, as the services expect them."""
    rows = {}
    for name, formset in formsets.items():
        rows[name] = [
            {field: form.cleaned_data.get(field) for field in CHILD_FIELDS[name]}
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        for row in rows[name]:
            if "done" in row:
                row["done"] = bool(row["done"])
    return rows


class DocumentForm(DsfrForm):
    title = forms.CharField(
        label="Titre", required=False, max_length=200, help_text="Le nom du fichier par défaut."
    )
    kind = forms.ChoiceField(label="Type", choices=Document.Kind.choices)
    file = forms.FileField(label="Fichier")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = uploads.document_help_text()
        self.fields["file"].widget.attrs["accept"] = uploads.document_accept()


class StatusForm(DsfrForm):
    """The moves the workflow allows from the fiche's status, none chosen in advance."""

    target = forms.ChoiceField(
        label="Nouveau statut",
        widget=PromptSelect,
        error_messages={"required": "Choisissez le nouveau statut de la fiche."},
    )
    comment = forms.CharField(
        label="Commentaire",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "La raison du changement, gardée dans l'historique : obligatoire pour renvoyer "
            "la fiche pour être retravaillée, facultative sinon."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, transitions, **kwargs):
        super().__init__(*args, **kwargs)
        self.transitions = {t.target: t for t in transitions}
        self.fields["target"].choices = with_prompt(
            [(t.target, f"{Status(t.target).label} — {t.label}") for t in transitions],
            "Choisir un changement de statut",
        )
        self.fields["target"].error_messages["invalid_choice"] = (
            "Ce changement de statut n'est pas possible pour cette fiche."
        )


class DeleteForm(DsfrForm):
    comment = forms.CharField(
        label="Motif",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InspireForm(DsfrForm):
    """« S'en inspirer »: where the copy goes, its code and its title."""

    territory = forms.ChoiceField(label="Territoire de la nouvelle fiche")
    code = forms.CharField(
        label="Code de la nouvelle fiche",
        max_length=20,
        help_text="Par exemple F14 : lettres sans accent, chiffres, « . », « - » ou « _ ».",
    )
    title = forms.CharField(label="Titre", max_length=300)

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].choices = [(t.code, str(t)) for t in territories]
