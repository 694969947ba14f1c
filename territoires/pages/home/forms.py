"""The territory search of the home page (GET)."""

from django import forms

from territoires.core.forms import DsfrForm


class TerritorySearchForm(DsfrForm):
    q = forms.CharField(label="Rechercher un territoire", required=False, max_length=100)
    region = forms.ChoiceField(label="Région", required=False)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "Toutes les régions")] + [
            (region.code, region.name) for region in regions
        ]
        self.fields["region"].error_messages["invalid_choice"] = "Région inconnue, filtre ignoré."

    def value(self, name):
        """The cleaned value of a filter, or "" when missing or invalid."""
        self.is_valid()
        return (self.cleaned_data.get(name, "") or "").strip()
