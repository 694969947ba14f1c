"""Forms of the referential pages."""

from django import forms

from territoires.core.forms import DsfrForm


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
