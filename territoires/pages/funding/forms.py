"""Forms of the financing plan. They only collect input: amounts are read and checked by
the services (`funding.financing.parse_amount`, the model's validators), so that the
pages, the API and the admin share one rule."""

from django import forms

from territoires.core.forms import DateInput, DsfrForm, PromptSelect, with_prompt
from territoires.funding.models import LineStatus, Nature
from territoires.organisations.models import Organisation


class LineForm(DsfrForm):
    financer = forms.ModelChoiceField(
        label="Financeur",
        queryset=Organisation.objects.order_by("name", "pk"),
        required=False,
        empty_label="Le financeur du dispositif",
        error_messages={"invalid_choice": "Financeur inconnu."},
    )
    scheme = forms.IntegerField(widget=forms.HiddenInput, required=False)
    amount = forms.CharField(
        label="Montant (€)", max_length=30, help_text="Par exemple 12500 ou 12 500,50."
    )
    nature = forms.ChoiceField(label="Nature", choices=Nature.choices)
    note = forms.CharField(
        label="Note", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class LineStatusForm(DsfrForm):
    """The moves the workflow allows from the line's status, none chosen in advance."""

    target = forms.ChoiceField(
        label="Nouveau statut",
        widget=PromptSelect,
        error_messages={"required": "Choisissez le nouveau statut de la ligne."},
    )
    on = forms.DateField(label="Date", required=False, widget=DateInput())
    decision_reference = forms.CharField(
        label="Référence de la décision", required=False, max_length=200
    )
    comment = forms.CharField(label="Commentaire", required=False, max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, transitions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = with_prompt(
            [(t.target, f"{LineStatus(t.target).label} — {t.label}") for t in transitions],
            "Choisir un changement de statut",
        )
        self.fields["target"].error_messages["invalid_choice"] = (
            "Ce changement de statut n'est pas possible pour cette ligne."
        )


class SelfFundingForm(DsfrForm):
    self_funding = forms.CharField(label="Autofinancement (€)", max_length=30)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class RemoveLineForm(DsfrForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class LineEditForm(DsfrForm):
    """A line's amount, nature, dates and decision reference, corrected without moving it
    along its workflow."""

    amount = forms.CharField(label="Montant (€)", max_length=30)
    nature = forms.ChoiceField(label="Nature", choices=Nature.choices)
    requested_on = forms.DateField(label="Sollicitée le", required=False, widget=DateInput())
    decided_on = forms.DateField(label="Décision le", required=False, widget=DateInput())
    paid_on = forms.DateField(label="Versée le", required=False, widget=DateInput())
    decision_reference = forms.CharField(
        label="Référence de la décision", required=False, max_length=200
    )
    note = forms.CharField(
        label="Note", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
