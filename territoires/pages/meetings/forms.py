"""Forms of the meeting pages. They validate input; the services write."""

from django import forms
from django.db.models import Q

from territoires.core.forms import DateInput, DsfrForm, PromptSelect, dsfr_widgets, with_prompt
from territoires.meetings import invitations
from territoires.meetings.models import Commitment, FollowUpKind, Interest, Meeting, Need
from territoires.meetings.services import EDITABLE_FIELDS
from territoires.organisations.contacts import list_members
from territoires.organisations.models import ContactList, Organisation, Person
from territoires.organisations.services import directory_organisations, directory_people
from territoires.plans.models import ActionSheet


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class MeetingForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = Meeting
        fields = [*EDITABLE_FIELDS, "co_organisers"]
        widgets = {
            "date": DateInput,
            "start_time": TimeInput,
            "end_time": TimeInput,
            "invitation_text": forms.Textarea(attrs={"rows": 6}),
            "co_organisers": forms.CheckboxSelectMultiple,  # filtered: core/checklist.js
        }
        help_texts = {
            "host_organisation": "L'organisation qui accueille la rencontre.",
            "co_organisers": "Organisations de l'annuaire du territoire : cochez-en une ou "
            "plusieurs.",
            "visibility": "Une rencontre publiée a sa page publique et son inscription en ligne.",
        }

    def __init__(self, *args, territory, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = self.instance
        offered = Q(pk__in=directory_organisations(territory).values("pk"))
        if meeting.pk:
            through = Meeting.co_organisers.through.objects.filter(meeting_id=meeting.pk)
            offered |= Q(pk__in=through.values("organisation_id"))
            self.fields["version"].required = True
            if not self.is_bound:
                self.initial["version"] = meeting.version
        if meeting.host_organisation_id:
            offered |= Q(pk=meeting.host_organisation_id)
        organisations = Organisation.objects.filter(offered).order_by("name")
        self.fields["host_organisation"].queryset = organisations
        self.fields["co_organisers"].queryset = organisations
        self.fields["kind"].choices = self.fields["kind"].choices[1:]  # no empty choice
        dsfr_widgets(self)

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}


class StatusForm(DsfrForm):
    """The moves the workflow allows from the meeting's status, none chosen in advance."""

    target = forms.ChoiceField(
        label="Nouveau statut",
        widget=PromptSelect,
        error_messages={"required": "Choisissez le nouveau statut de la rencontre."},
    )
    comment = forms.CharField(
        label="Motif",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Obligatoire pour annuler, rétablir ou revenir à « prévue ».",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, transitions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = with_prompt(
            [(t.target, t.label) for t in transitions], "Choisir un changement de statut"
        )


class RegistrationForm(DsfrForm):
    """The public registration form. The SIRET and the address are checked again by the
    service (the model's validators), so that every door shares one rule."""

    first_name = forms.CharField(label="Prénom", max_length=100)
    last_name = forms.CharField(label="Nom", max_length=100)
    email = forms.EmailField(
        label="Adresse électronique",
        max_length=254,
        help_text="La confirmation et votre lien personnel d'annulation y sont envoyés.",
    )
    organisation_name = forms.CharField(label="Entreprise ou organisation", max_length=200)
    job_title = forms.CharField(label="Fonction", max_length=200, required=False)
    siret = forms.CharField(
        label="SIRET de l'établissement",
        max_length=20,
        required=False,
        help_text="Facultatif : 14 chiffres.",
    )


class WalkInForm(DsfrForm):
    """Someone who came without registering: a name is enough."""

    first_name = forms.CharField(label="Prénom", max_length=100)
    last_name = forms.CharField(label="Nom", max_length=100)
    organisation_name = forms.CharField(label="Organisation", max_length=200, required=False)
    email = forms.EmailField(label="Adresse électronique", max_length=254, required=False)


class FeedbackForm(DsfrForm):
    """A company's feedback on one fiche. The codes, the "Autre" texts and the sanitising
    are the service's rules; the form only shows and types the choices."""

    interest = forms.ChoiceField(
        label="Votre intérêt pour cette fiche", choices=Interest.choices, widget=forms.RadioSelect
    )
    needs = forms.MultipleChoiceField(
        label="Vos besoins",
        choices=Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    needs_other = forms.CharField(label="Autre besoin (précisez)", max_length=300, required=False)
    commitments = forms.MultipleChoiceField(
        label="Ce que votre entreprise peut apporter",
        choices=Commitment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    commitments_other = forms.CharField(
        label="Autre engagement (précisez)", max_length=300, required=False
    )
    comment = forms.CharField(
        label="Commentaire",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    forgotten_topic = forms.CharField(
        label="Un sujet que le plan d'action a oublié ?",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Une action qui manque au plan : l'équipe du territoire pourra en faire une "
        "nouvelle fiche.",
    )
    first_name = forms.CharField(label="Prénom", max_length=100)
    last_name = forms.CharField(label="Nom", max_length=100)
    email = forms.EmailField(
        label="Adresse électronique",
        max_length=254,
        help_text="Un seul avis par adresse et par fiche.",
    )
    organisation_name = forms.CharField(label="Entreprise", max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:  # an answer's address does not change
            self.fields["email"].disabled = True
            self.fields["email"].help_text = "L'adresse de votre avis ne se change pas."
            self.fields["version"].required = True


class AgendaItemForm(DsfrForm):
    """One item of the agenda: its time, duration, title and speakers. The fiches presented
    come with it in `PresentedSheetFormSet`. The directory rule is the service's; the
    lists only offer the territory's people (and those already on the agenda)."""

    start_time = forms.TimeField(label="Heure", required=False, widget=TimeInput)
    duration_minutes = forms.IntegerField(
        label="Durée (minutes)", required=False, min_value=1, max_value=24 * 60
    )
    title = forms.CharField(label="Titre", max_length=300)
    speakers = forms.ModelMultipleChoiceField(
        label="Intervenants",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,  # filtered: core/checklist.js
        help_text="Personnes de l'annuaire du territoire : cochez-en une ou plusieurs.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speakers"].queryset = people
        self.fields["speakers"].label_from_instance = person_label


def person_label(person):
    if person.organisation_id:
        return f"{person.full_name} ({person.organisation.name})"
    return person.full_name


class PresentedSheetForm(DsfrForm):
    sheet = forms.ModelChoiceField(
        label="Fiche présentée", queryset=ActionSheet.objects.none(), required=False
    )
    presenter = forms.ModelChoiceField(
        label="Présentateur", queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args, sheets, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sheet"].queryset = sheets
        self.fields["presenter"].queryset = people
        self.fields["presenter"].label_from_instance = person_label

    def clean(self):
        data = super().clean()
        if data.get("presenter") and not data.get("sheet"):
            self.add_error("sheet", "Choisissez la fiche que cette personne présente.")
        return data


class _PresentedSheets(forms.BaseFormSet):
    def presented(self):
        """(fiche, presenter or None) pairs in the rows' order, empty rows left out."""
        return [
            (form.cleaned_data["sheet"], form.cleaned_data.get("presenter"))
            for form in self.forms
            if form.cleaned_data.get("sheet")
        ]


PresentedSheetFormSet = forms.formset_factory(
    PresentedSheetForm, formset=_PresentedSheets, extra=2, max_num=40, validate_max=True
)


def agenda_people(meeting):
    """The people an agenda item may name: the territory's directory, and those already on
    the meeting's agenda (so that an edit keeps them)."""
    on_agenda = Q(agenda_items_spoken__meeting=meeting) | Q(
        pk__in=meeting.agenda_items.filter(presented_sheets__presenter__isnull=False).values(
            "presented_sheets__presenter"
        )
    )
    offered = Q(pk__in=directory_people(meeting.territory).values("pk")) | on_agenda
    return (
        Person.objects.filter(offered)
        .distinct()
        .select_related("organisation")
        .order_by("last_name", "first_name", "id")
    )


def agenda_sheets(meeting):
    """The fiches an agenda item may present: the territory's, outside the bin."""
    return meeting.territory.action_sheets.alive().order_by("sort_key", "id")


class FollowUpForm(DsfrForm):
    """A decision or a next date of the compte rendu, with its owner and due date."""

    kind = forms.ChoiceField(label="Nature", choices=FollowUpKind.choices)
    text = forms.CharField(
        label="Intitulé",
        max_length=500,
        help_text="La décision prise, ou la prochaine échéance annoncée.",
    )
    owner = forms.ModelChoiceField(
        label="Responsable",
        queryset=Person.objects.none(),
        help_text="Une personne de l'annuaire du territoire.",
    )
    due_date = forms.DateField(label="Échéance", widget=DateInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["owner"].label_from_instance = person_label

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in ("kind", "text", "owner", "due_date")}


def follow_up_people(meeting, follow_up=None):
    """The people a follow-up may name: the territory's directory, and its current owner."""
    offered = Q(pk__in=directory_people(meeting.territory).values("pk"))
    if follow_up is not None and follow_up.owner_id:
        offered |= Q(pk=follow_up.owner_id)
    return (
        Person.objects.filter(offered)
        .select_related("organisation")
        .order_by("last_name", "first_name", "id")
    )


class ChosenContacts(forms.MultipleChoiceField):
    """The contacts shown on this page of the invitable ones, as checkboxes; the ids sent
    back are checked against every invitable contact by the form (a contact shown on
    another page, or invited meanwhile, is refused there by name)."""

    def valid_value(self, value):
        return True


class InviteForm(DsfrForm):
    """Whom to invite: a saved list of the territory's contacts (all its members with
    consent, whatever the page), and/or contacts ticked on the page shown (those who may
    be invited: consent given, not invited yet), a page at a time."""

    contact_list = forms.ModelChoiceField(
        label="Une liste de contacts entière",
        queryset=ContactList.objects.none(),
        required=False,
        empty_label="Aucune",
        help_text="Tous ses contacts ayant consenti aux invitations, au-delà de cette page.",
    )
    contacts = ChosenContacts(
        label="Ou des contacts cochés sur cette page",
        required=False,
        widget=forms.CheckboxSelectMultiple,  # filtered: core/checklist.js
        help_text=(
            "Contacts ayant consenti aux invitations et pas encore invités. Seuls ceux "
            "cochés sur cette page sont invités : envoyez avant de changer de page."
        ),
    )

    def __init__(self, *args, meeting, shown=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["contact_list"].queryset = ContactList.objects.filter(
            territory=meeting.territory_id
        ).order_by("name")
        self.fields["contacts"].choices = [(c.pk, _contact_label(c)) for c in shown]

    def clean_contacts(self):
        ids = set()
        for value in self.cleaned_data.get("contacts") or []:
            try:
                ids.add(int(value))
            except (TypeError, ValueError):
                raise forms.ValidationError("Ce choix de contacts n'est pas valide.") from None
        if not ids:
            return []
        found = list(
            invitations.invitable_contacts(self.meeting).filter(pk__in=sorted(ids)).order_by("pk")
        )
        if len(found) != len(ids):
            raise forms.ValidationError(
                "Un des contacts cochés ne peut plus être invité (déjà invité, ou sans "
                "consentement) : vérifiez la liste et recommencez."
            )
        return found

    def clean(self):
        cleaned = super().clean()
        chose = cleaned.get("contact_list") or cleaned.get("contacts")
        if not chose and "contacts" not in self.errors:
            raise forms.ValidationError("Choisissez une liste ou des contacts à inviter.")
        return cleaned

    def chosen(self):
        chosen = list(self.cleaned_data["contacts"])
        if self.cleaned_data["contact_list"]:
            chosen += list(list_members(self.cleaned_data["contact_list"]))
        return chosen


def _contact_label(contact):
    person = contact.person
    organisation = f" ({person.organisation.name})" if person.organisation_id else ""
    return f"{person.full_name}{organisation}"
