"""Forms of the contact pages. They parse input; the services check and write."""

import base64
import binascii

from django import forms

from territoires.core.forms import DateInput, DsfrForm, dsfr_widgets
from territoires.organisations import contacts
from territoires.organisations.models import (
    Consent,
    ConsentPurpose,
    ContactList,
    ContactTag,
)


class ContactFilterForm(DsfrForm):
    """The filters of the contacts' list (GET): sector, tag, consent, a saved list."""

    secteur = forms.ChoiceField(label="Secteur (section NAF)", required=False)
    division = forms.RegexField(
        label="Division NAF",
        regex=r"^\d{2}$",
        required=False,
        max_length=2,
        help_text="Deux chiffres (ex. 25).",
        error_messages={"invalid": "Deux chiffres (ex. 25)."},
    )
    etiquette = forms.ModelChoiceField(
        label="Étiquette", queryset=ContactTag.objects.none(), required=False
    )
    consentement = forms.ChoiceField(
        label="Consentement",
        required=False,
        choices=[("", "Tous les contacts"), *ConsentPurpose.choices],
    )

    def __init__(self, *args, territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["secteur"].choices = [("", "Tous les secteurs"), *contacts.sections()]
        self.fields["etiquette"].queryset = ContactTag.objects.filter(territory=territory)
        self.fields["etiquette"].empty_label = "Toutes les étiquettes"


class ContactForm(DsfrForm):
    first_name = forms.CharField(label="Prénom", max_length=100, required=False)
    last_name = forms.CharField(label="Nom", max_length=100, required=False)
    email = forms.EmailField(
        label="Courriel",
        max_length=254,
        help_text="Un contact connu à cette adresse est mis à jour.",
    )
    job_title = forms.CharField(label="Fonction", max_length=200, required=False)
    phone = forms.CharField(label="Téléphone", max_length=30, required=False)
    organisation_name = forms.CharField(label="Entreprise", max_length=200, required=False)
    siret = forms.CharField(
        label="SIRET de l'entreprise",
        max_length=20,
        required=False,
        help_text="Facultatif : 14 chiffres. Une entreprise déjà connue est retrouvée par "
        "son SIRET ou son nom.",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class TagsForm(DsfrForm):
    tags = forms.CharField(
        label="Étiquettes",
        required=False,
        max_length=600,
        help_text="Séparées par des virgules (ex. métallurgie, apprentissage).",
    )

    def clean_tags(self):
        try:
            return contacts.clean_tag_names(self.cleaned_data["tags"])
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["tags"]) from exc


class ConsentForm(forms.ModelForm):
    given = forms.TypedChoiceField(
        label="Consentement",
        choices=[("1", "Donné"), ("0", "Retiré")],
        coerce=lambda value: value == "1",
    )

    class Meta:
        model = Consent
        fields = ["purpose", "given", "on", "source", "note"]
        widgets = {"on": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        dsfr_widgets(self)


class ContactListForm(forms.ModelForm):
    class Meta:
        model = ContactList
        fields = ["name", "naf_section", "naf_division", "tag", "with_consent"]
        help_texts = {
            "with_consent": "Seuls les contacts ayant aujourd'hui donné ce consentement.",
        }

    def __init__(self, *args, territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.territory = territory
        self.fields["tag"].queryset = ContactTag.objects.filter(territory=territory)
        dsfr_widgets(self)


class ImportUploadForm(DsfrForm):
    file = forms.FileField(
        label="Fichier CSV",
        help_text="UTF-8, cellules séparées par des virgules ou des points-virgules, 1 Mo au "
        "plus. Première ligne : Prénom, Nom, Courriel, Fonction, Téléphone, Entreprise, "
        "SIRET, Étiquettes, Consentement invitations, Date du consentement.",
        error_messages={
            "required": "Choisissez le fichier CSV à importer.",
            "empty": "Le fichier est vide.",
        },
    )


class ImportConfirmForm(forms.Form):
    """The file previewed, sent back to be imported (base64), so that what is written is
    what was shown: the preview is computed again before writing."""

    content = forms.CharField(widget=forms.HiddenInput, max_length=1_400_000)

    def clean_content(self):
        try:
            return base64.b64decode(self.cleaned_data["content"], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise forms.ValidationError("Fichier illisible : recommencez l'import.") from exc
