"""Forms of the territory page: the plan's filters, the programme stage, the fragility."""

from django import forms

from territoires.core import uploads
from territoires.core.forms import DateInput, DsfrForm
from territoires.plans.models import Status


class StageForm(DsfrForm):
    """The territory's new stage among its programme's, and why."""

    stage = forms.ModelChoiceField(label="Nouvelle étape", queryset=None)
    reached_on = forms.DateField(
        label="Date de l'étape",
        required=False,
        widget=DateInput,
        help_text="Le jour où l'étape a été franchie (signature…) ; aujourd'hui par défaut.",
        error_messages={"invalid": "Saisissez une date valide, par exemple 14/02/2020."},
    )
    document = forms.FileField(
        label="Document (public)",
        required=False,
        help_text="Le protocole d'accord ou le contrat signé, par exemple.",
    )
    comment = forms.CharField(
        label="Commentaire",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Obligatoire pour revenir à une étape précédente (correction).",
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = programme.stages.order_by("position")
        self.fields["stage"].empty_label = "Choisir une étape"
        self.fields["stage"].error_messages["invalid_choice"] = (
            "Choisissez une étape du programme dans la liste."
        )
        self.fields["document"].help_text += " " + uploads.document_help_text()
        self.fields["document"].widget.attrs["accept"] = uploads.document_accept()


class FragilityForm(DsfrForm):
    """Whether the territory needs engineering support, and why."""

    is_fragile = forms.BooleanField(
        label="Territoire fragile : il a besoin d'un appui en ingénierie", required=False
    )
    fragile_reason = forms.CharField(
        label="Raison",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Obligatoire pour un territoire fragile. Visible des seuls partenaires "
        "habilités (Région, État, équipe nationale, membres du territoire).",
    )


class PlanFilterForm(DsfrForm):
    """The filters of a territory's plan table (GET)."""

    q = forms.CharField(label="Rechercher", required=False, max_length=200)
    axis = forms.ChoiceField(label="Axe", required=False)
    status = forms.ChoiceField(label="Statut", required=False)

    def __init__(self, *args, axes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["axis"].choices = [("", "Tous les axes")] + [(a.code, a.name) for a in axes]
        self.fields["status"].choices = [("", "Tous les statuts")] + list(Status.choices)
        for name in ("axis", "status"):
            self.fields[name].error_messages["invalid_choice"] = "Valeur inconnue, filtre ignoré."

    def value(self, name):
        """The cleaned value of a filter, or "" when missing or invalid."""
        self.is_valid()
        return self.cleaned_data.get(name, "") or ""


class StageDocumentForm(DsfrForm):
    """The document of a step already recorded (added or replaced)."""

    document = forms.FileField(
        label="Document (public)",
        error_messages={"required": "Choisissez le fichier du document."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = uploads.document_help_text()
        self.fields["document"].widget.attrs["accept"] = uploads.document_accept()
