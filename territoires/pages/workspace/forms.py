"""The forms of Mon espace: the validation queue's filters (GET; an unknown choice is left
out, never an error) and the notification settings."""

from django import forms

from territoires.core.forms import DsfrForm, LongSelect
from territoires.core.text import alphabetical
from territoires.programmes.models import Axis
from territoires.referential.models import Territory
from territoires.workspace.models import DigestFrequency


class QueueFilterForm(DsfrForm):
    territory = forms.ChoiceField(label="Territoire", required=False, widget=LongSelect)
    axis = forms.ChoiceField(label="Axe", required=False)

    def __init__(self, *args, territory_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        territories = Territory.objects.order_by("name", "code")
        if territory_ids is not None:
            territories = territories.filter(pk__in=territory_ids)
        rows = alphabetical(territories.values_list("code", "name"), name=lambda row: row[1])
        self.fields["territory"].choices = [("", "Tous les territoires")] + [
            (code, f"{name} ({code})") for code, name in rows
        ]
        axes = Axis.objects.filter(programme__is_active=True).order_by("position", "code")
        self.fields["axis"].choices = [("", "Tous les axes")] + [
            (code, name) for code, name in axes.values_list("code", "name")
        ]

    def filters(self):
        """{"territory": code, "axis": code}, the valid ones only."""
        self.is_valid()
        return {
            name: self.cleaned_data[name]
            for name in ("territory", "axis")
            if self.cleaned_data.get(name)
        }


class NotificationSettingsForm(DsfrForm):
    frequency = forms.ChoiceField(
        label="Recevoir les notifications par courriel",
        choices=DigestFrequency.choices,
        widget=forms.RadioSelect,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
