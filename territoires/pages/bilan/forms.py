"""The day of the bilan (GET): a real day between the programme's first years and today
(the rule: `steering.bilan.check_day`)."""

from django import forms
from django.utils import timezone

from territoires.core.forms import DateInput, DsfrForm
from territoires.steering.bilan import check_day


class BilanDateForm(DsfrForm):
    date = forms.DateField(
        label="Bilan au",
        required=False,
        widget=DateInput(),
        help_text="Les chiffres tels qu'ils étaient connus à la fin de ce jour.",
        error_messages={"invalid": "Date invalide : saisissez une date au format JJ/MM/AAAA."},
    )

    def clean_date(self):
        day = self.cleaned_data.get("date")
        return timezone.localdate() if day is None else check_day(day)
