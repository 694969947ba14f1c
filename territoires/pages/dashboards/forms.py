"""The dashboards' filters (GET): region, department, phase, axis, period."""

from django import forms

from territoires.core.forms import DateInput, DsfrForm
from territoires.steering.figures import Filters

UNKNOWN = "Valeur inconnue, filtre ignoré."


class DashboardFilterForm(DsfrForm):
    region = forms.ChoiceField(label="Région", required=False)
    department = forms.ChoiceField(label="Département", required=False)
    phase = forms.ChoiceField(label="Phase", required=False)
    axis = forms.ChoiceField(label="Axe", required=False)
    since = forms.DateField(
        label="Fiches créées depuis le",
        required=False,
        widget=DateInput,
        error_messages={"invalid": "Date invalide, filtre ignoré."},
    )
    until = forms.DateField(
        label="jusqu'au",
        required=False,
        widget=DateInput,
        error_messages={"invalid": "Date invalide, filtre ignoré."},
    )

    def __init__(self, *args, regions, departments, phases, axes, fixed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "Toutes les régions")] + [
            (r.code, r.name) for r in regions
        ]
        self.fields["department"].choices = [("", "Tous les départements")] + [
            (d.code, f"{d.code} {d.name}") for d in departments
        ]
        self.fields["phase"].choices = [("", "Toutes les phases")] + [(p, p) for p in phases]
        self.fields["axis"].choices = [("", "Tous les axes")] + [(a.code, a.name) for a in axes]
        for name in ("region", "department", "phase", "axis"):
            self.fields[name].error_messages["invalid_choice"] = UNKNOWN
        # The regional dashboard's region, the territorial one's geography: not offered.
        for name in fixed:
            del self.fields[name]

    def value(self, name):
        """The cleaned value of a filter, or its empty value when missing or invalid."""
        self.is_valid()
        empty = None if name in ("since", "until") else ""
        return self.cleaned_data.get(name) or empty

    def filters(self, **fixed):
        """The Filters asked (an invalid value is ignored), with the page's fixed ones."""
        names = ("region", "department", "phase", "axis", "since", "until")
        values = {name: self.value(name) for name in names if name in self.fields}
        since, until = values.get("since"), values.get("until")
        if since and until and until < since:
            self.add_error("until", "La fin de la période précède son début, filtre ignoré.")
            values["until"] = None
        return Filters(**{**values, **fixed})
