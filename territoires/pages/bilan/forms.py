"""The day of the bilan (GET): a real day between the programme's first years and today."""

import datetime

from django import forms
from django.utils import timezone

from territoires.core.forms import DateInput, DsfrForm

EARLIEST = datetime.date(2018, 1, 1)


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
        today = timezone.localdate()
        if day is None:
            return today
        if day > today:
            raise forms.ValidationError("Le bilan d'une date future n'existe pas encore.")
        if day < EARLIEST:
            raise forms.ValidationError(
                f"Le programme n'avait pas commencé : choisissez une date après le "
                f"{EARLIEST:%d/%m/%Y}."
            )
        return day
