"""The filters of the public catalogue of actions (GET). An unknown choice is ignored,
never an error; the text is accepted whatever it holds (the search cuts it)."""

from django import forms

from territoires.core.forms import DsfrForm
from territoires.core.text import alphabetical
from territoires.plans.models import Status
from territoires.programmes.models import Axis
from territoires.referential.models import Region


class CatalogueSearchForm(DsfrForm):
    q = forms.CharField(
        label="Rechercher une action",
        required=False,
        help_text="Mots du titre, du contexte ou des objectifs, par exemple foncier",
    )
    region = forms.ChoiceField(label="Région", required=False)
    territory = forms.CharField(label="Code du territoire", required=False, max_length=10)
    axis = forms.ChoiceField(label="Axe", required=False)
    status = forms.ChoiceField(
        label="Statut", required=False, choices=[("", "Tous les statuts"), *Status.choices]
    )
    financer = forms.ChoiceField(
        label="Financeur",
        required=False,
        help_text="Fiches ayant une ligne de financement de ce financeur (plans de "
        "financement que vous lisez)",
    )

    def __init__(self, *args, financers=(), **kwargs):
        """`financers`: the organisations offered by the financer filter; none hides it."""
        super().__init__(*args, **kwargs)
        self.fields["financer"].choices = [("", "Tous les financeurs")] + [
            (str(organisation.pk), organisation.name) for organisation in financers
        ]
        regions = Region.objects.filter(territories__isnull=False).distinct().order_by("name")
        self.fields["region"].choices = [("", "Toutes les régions")] + [
            (region.code, region.name) for region in alphabetical(regions)
        ]
        axes = Axis.objects.filter(programme__is_active=True).order_by("position", "code")
        self.fields["axis"].choices = [("", "Tous les axes")] + [
            (code, name) for code, name in axes.values_list("code", "name")
        ]

    def filters(self):
        """The valid filters as search_catalogue's keywords; an invalid one is left out."""
        self.is_valid()
        names = ("q", "region", "territory", "axis", "status")
        return {name: (self.cleaned_data.get(name) or "").strip() for name in names}

    def chosen_financer(self):
        """The chosen financer's id, or None."""
        self.is_valid()
        value = self.cleaned_data.get("financer") or ""
        return int(value) if value else None
