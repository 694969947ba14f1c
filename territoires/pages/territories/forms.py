"""Forms of the territory page: the plan's filters, the programme stage."""

from django import forms

from territoires.core.forms import DsfrForm
from territoires.plans.models import Status


class StageForm(DsfrForm):
    """The territory's new stage among its programme's, and why."""

    stage = forms.ModelChoiceField(label="Nouvelle étape", queryset=None)
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
